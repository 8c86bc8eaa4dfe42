import t from 'tap';
import { ADMIN_KEY, buildTestApp, client } from '../helpers/app.js';
import { expectProblem } from '../helpers/contract.js';

/** The Authorization scheme is case-insensitive (RFC 9110, 11.1): "bearer" is "Bearer". */
const app = await buildTestApp();
t.teardown(() => app.close());
const c = client(app);

t.test('the scheme is accepted in any case, and with more than one space', async (t) => {
  for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
    const res = await c.get('/v1/categories', { authorization: `${scheme} ${ADMIN_KEY}` });
    t.equal(res.statusCode, 200, `${scheme} <key>: 200`);
  }
  t.equal((await c.get('/v1/categories', { authorization: `Bearer  ${ADMIN_KEY}` })).statusCode, 200, 'Bearer, two spaces, <key>: 200');
});

t.test('anything else is still refused', async (t) => {
  for (const header of ['bearer', `bearer${ADMIN_KEY}`, `Bearerx ${ADMIN_KEY}`, `Basic ${ADMIN_KEY}`, `bearer ${ADMIN_KEY} x`, `bearer\t${ADMIN_KEY}`]) {
    expectProblem(t, await c.get('/v1/categories', { authorization: header }), 401, 'unauthorized');
  }
});
