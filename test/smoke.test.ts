import t from 'tap';
import { buildTestApp, client, engine } from './helpers/app.js';

t.test('healthz answers', async (t) => {
  const app = await buildTestApp();
  t.teardown(() => app.close());
  const res = await client(app).get('/healthz');
  t.equal(res.statusCode, 200);
  t.comment(`engine: ${engine}`);
});
