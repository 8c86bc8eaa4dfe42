/**
 * Issue 13, finding 7: a key sent in a query string (`?api_key=tbk_…`, which no route
 * accepts) reached the info log in the request line's `url`. Logged URLs keep their path and
 * lose their query string.
 */
import t from 'tap';
import { bearer, createKey, memoryLog, parsed } from '../helpers/access.js';
import { buildTestApp, client } from '../helpers/app.js';

const log = memoryLog();
const app = await buildTestApp({ LOG_LEVEL: 'info' }, { logger: { level: 'info', stream: log.stream } });
t.teardown(() => app.close());
const admin = client(app);
const auditor = await createKey(admin, 'auditor');

/** Lets pino write what it has buffered. */
const flushed = () => new Promise((resolve) => setImmediate(resolve));

t.test('a key in the query string never reaches a log line; the path does', async (t) => {
  const before = log.lines.length;
  const sent = [
    // The key alone, where a careless client puts it: refused, and logged without it.
    { url: `/v1/categories?api_key=${auditor.key}`, headers: {}, status: 401 },
    // With a valid header too, among other parameters, on a route that reads its query.
    { url: `/v1/transactions?limit=5&api_key=${encodeURIComponent(auditor.key)}&x=1`, headers: bearer(auditor.key), status: 400 },
    { url: `/v1/accounts?code=R-NOBODY&token=${auditor.key}`, headers: bearer(auditor.key), status: 400 },
    // A route that does not exist, and one outside /v1.
    { url: `/v1/nowhere?key=${auditor.key}`, headers: bearer(auditor.key), status: 404 },
    { url: `/healthz?secret=${auditor.key}`, headers: {}, status: 200 },
  ];
  const ids: string[] = [];
  for (const s of sent) {
    const res = await app.inject({ method: 'GET', url: s.url, headers: s.headers });
    ids.push(String(res.headers['x-request-id']));
    t.equal(res.statusCode, s.status, `${s.url.split('?')[0]}: ${s.status} (${res.body.slice(0, 120)})`);
  }
  await flushed();
  const lines = log.lines.slice(before);
  t.ok(lines.length >= sent.length, `the requests were logged (${lines.length} lines)`);
  const leaking = lines.filter((l) => l.includes(auditor.key) || l.includes(auditor.key.slice(4)) || l.includes(encodeURIComponent(auditor.key)));
  t.same(leaking, [], 'no log line carries the key');

  const urls = parsed(lines)
    .filter((l) => l.msg === 'incoming request')
    .map((l) => (l.req as { url?: string } | undefined)?.url);
  t.same(
    urls,
    ['/v1/categories?[redacted]', '/v1/transactions?[redacted]', '/v1/accounts?[redacted]', '/v1/nowhere?[redacted]', '/healthz?[redacted]'],
    'each request line keeps its path and marks the query string as removed',
  );
  t.ok(
    parsed(lines).some((l) => l.msg === 'incoming request' && ids.includes(String(l.requestId)) && (l.req as { method?: string }).method === 'GET'),
    'the request lines still carry the method and request id',
  );
});

t.test('a URL without a query string is logged as it is', async (t) => {
  const before = log.lines.length;
  const res = await app.inject({ method: 'GET', url: '/v1/categories', headers: bearer(auditor.key) });
  t.equal(res.statusCode, 200);
  await flushed();
  const urls = parsed(log.lines.slice(before))
    .filter((l) => l.msg === 'incoming request')
    .map((l) => (l.req as { url?: string }).url);
  t.same(urls, ['/v1/categories']);
});
