import t from 'tap';
import { buildTestApp, client, engine } from '../helpers/app.js';
import { expectProblem } from '../helpers/contract.js';

const app = await buildTestApp();
t.teardown(() => app.close());
const c = client(app);

t.test('GET /healthz: the process is alive', async (t) => {
  const res = await c.get('/healthz');
  t.equal(res.statusCode, 200, '200');
  t.comment(`engine: ${engine}`);
  t.match(String(res.headers['content-type']), /^application\/json/, 'JSON');
  t.same(res.json(), { status: 'ok' }, 'body');
  t.ok(res.headers['x-request-id'], 'carries a request id');
});

t.test('GET /readyz: ready when the database answers', async (t) => {
  const res = await c.get('/readyz');
  t.equal(res.statusCode, 200, '200');
  t.same(res.json(), { status: 'ok' }, 'body');
});

t.test('GET /readyz: 503 problem when the database does not answer', async (t) => {
  const original = app.db.ping;
  (app.db as { ping: () => Promise<void> }).ping = async () => {
    throw new Error('connection refused');
  };
  try {
    const res = await c.get('/readyz');
    const body = expectProblem(t, res, 503, 'unavailable');
    t.notMatch(String(body.detail), /connection refused/, 'the driver error is not leaked');
  } finally {
    (app.db as { ping: () => Promise<void> }).ping = original;
  }
  t.equal((await c.get('/readyz')).statusCode, 200, 'ready again once the database answers');
});

t.test('an unknown route is a 404 problem', async (t) => {
  for (const [method, url] of [
    ['GET', '/v1/nothing-here'],
    ['GET', '/v2/accounts'],
    ['POST', '/v1/refunds'],
    ['DELETE', '/v1/accounts'],
    ['PUT', '/v1/categories'],
    ['GET', '/'],
  ] as const) {
    const res = await c.request(method, url, method === 'GET' || method === 'DELETE' ? undefined : {});
    const body = expectProblem(t, res, 404, 'not_found');
    t.match(String(body.detail), url.split('?')[0] as string, `${method} ${url}: the detail names the path`);
  }
  const withQuery = await c.get('/v1/nothing?secret=abc');
  const body = expectProblem(t, withQuery, 404, 'not_found');
  t.notMatch(String(body.detail), /secret=abc/, 'the query string is not echoed');
});

t.test('x-request-id: a sane caller id is kept, anything odd is replaced', async (t) => {
  const kept = await c.get('/v1/nothing', { 'x-request-id': 'pos-7.req:42_a-b' });
  t.equal(kept.headers['x-request-id'], 'pos-7.req:42_a-b', 'kept');
  t.equal(kept.json().instance, 'pos-7.req:42_a-b', 'and used as the problem instance');

  for (const odd of ['has space', 'x'.repeat(129), '<script>', '']) {
    const res = await c.get('/v1/nothing', { 'x-request-id': odd });
    const id = res.headers['x-request-id'];
    t.ok(typeof id === 'string' && id.length > 0, `${JSON.stringify(odd.slice(0, 20))}: a request id is answered`);
    t.not(id, odd, `${JSON.stringify(odd.slice(0, 20))}: replaced`);
    t.equal(res.json().instance, id, 'instance is the answered id');
  }
  const a = await c.get('/v1/nothing');
  const b = await c.get('/v1/nothing');
  t.not(a.headers['x-request-id'], b.headers['x-request-id'], 'generated ids differ per request');
});
