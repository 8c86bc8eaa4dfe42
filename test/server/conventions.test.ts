import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import t from 'tap';
import { loadConfig } from '../../src/config.js';
import { ADMIN_KEY, buildTestApp, client, fixture } from '../helpers/app.js';
import { expectProblem } from '../helpers/contract.js';

/** HTTP conventions (issue 17): HOST, CORS, compression, RateLimit-* headers. */

t.test('HOST is loopback unless set; CORS_ORIGINS is a checked list', async (t) => {
  t.equal(loadConfig({}).host, '127.0.0.1', 'npm start listens on loopback only');
  t.same(loadConfig({}).corsOrigins, [], 'no CORS unless origins are listed');
  t.same(loadConfig({ CORS_ORIGINS: 'https://app.example, http://localhost:5173' }).corsOrigins, ['https://app.example', 'http://localhost:5173'], 'a list');
  t.same(loadConfig({ CORS_ORIGINS: '*' }).corsOrigins, ['*'], '* alone');
  for (const bad of ['app.example', 'https://app.example/path', '*,https://app.example', 'ftp://x']) {
    t.throws(() => loadConfig({ CORS_ORIGINS: bad }), { message: /CORS_ORIGINS/ }, `refused: ${bad}`);
  }
});

const preflight = (origin: string) => ({
  method: 'OPTIONS' as const,
  url: '/v1/accounts/acct_00000000000000000000000000',
  headers: { origin, 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'authorization, content-type, if-match' },
});

t.test('CORS is off by default: a preflight is a 404 without CORS headers', async (t) => {
  const app = await buildTestApp();
  t.teardown(() => app.close());
  const res = await app.inject(preflight('https://app.example'));
  expectProblem(t, res, 404, 'not_found');
  t.equal(res.headers['access-control-allow-origin'], undefined, 'no allow-origin');
});

t.test('CORS with listed origins', async (t) => {
  const app = await buildTestApp({ CORS_ORIGINS: 'https://app.example' });
  t.teardown(() => app.close());
  const res = await app.inject(preflight('https://app.example'));
  t.equal(res.statusCode, 204, 'the preflight is answered, without a key');
  t.equal(res.headers['access-control-allow-origin'], 'https://app.example', 'the origin is allowed');
  t.match(String(res.headers['access-control-allow-methods']), /PATCH/, 'PATCH allowed');
  t.match(String(res.headers['access-control-allow-headers']).toLowerCase(), /if-match/, 'the requested headers allowed');
  t.equal(res.headers['access-control-max-age'], '600', 'cached ten minutes');
  t.equal(res.headers['access-control-allow-credentials'], undefined, 'no credentials: keys are headers, not cookies');

  const other = await app.inject(preflight('https://evil.example'));
  t.equal(other.headers['access-control-allow-origin'], undefined, 'an origin not listed gets no allow-origin');

  const read = await app.inject({ method: 'GET', url: '/v1/categories', headers: { origin: 'https://app.example', authorization: `Bearer ${ADMIN_KEY}` } });
  t.equal(read.statusCode, 200, 'a read');
  t.equal(read.headers['access-control-allow-origin'], 'https://app.example', 'allow-origin on the answer');
  const exposed = String(read.headers['access-control-expose-headers']).toLowerCase();
  for (const h of ['etag', 'idempotency-replayed', 'ratelimit-remaining', 'retry-after', 'x-request-id']) t.match(exposed, h, `${h} exposed`);
  const refused = await app.inject({ method: 'GET', url: '/v1/categories', headers: { origin: 'https://app.example' } });
  t.equal(refused.statusCode, 401, 'a refusal');
  t.equal(refused.headers['access-control-allow-origin'], 'https://app.example', 'a refusal is readable by the page too');
});

t.test('compression of large answers, not small ones', async (t) => {
  const app = await buildTestApp();
  t.teardown(() => app.close());
  const c = client(app);
  const plain = await c.get('/openapi.json');
  const gz = await c.get('/openapi.json', { 'accept-encoding': 'gzip' });
  t.equal(gz.headers['content-encoding'], 'gzip', 'the OpenAPI document is gzipped');
  t.match(String(gz.headers.vary), /accept-encoding/i, 'Vary: Accept-Encoding');
  t.ok(gz.rawPayload.length < plain.rawPayload.length / 3, `smaller: ${gz.rawPayload.length} of ${plain.rawPayload.length} bytes`);
  t.equal(gunzipSync(gz.rawPayload).toString(), plain.body, 'the same document');
  t.equal((await c.get('/openapi.json', { 'accept-encoding': 'br' })).headers['content-encoding'], 'br', 'brotli when asked');
  t.equal(plain.headers['content-encoding'], undefined, 'nothing asked, nothing coded');

  const small = await c.get('/v1/categories', { 'accept-encoding': 'gzip' });
  t.ok(small.rawPayload.length < 2048, 'a small answer');
  t.equal(small.headers['content-encoding'], undefined, 'under the threshold: as is');

  const f = fixture(c);
  const m = await f.member('1');
  for (let i = 0; i < 40; i += 1) await c.post('/v1/earnings', { accountId: m.id, amount: '1', category: 'public_labour', description: `shift ${i}` });
  const csv = await c.get(`/v1/accounts/${m.id}/statement`, { accept: 'text/csv', 'accept-encoding': 'gzip' });
  t.equal(csv.headers['content-encoding'], 'gzip', 'a CSV statement is gzipped');
  t.equal(gunzipSync(csv.rawPayload).toString(), (await c.get(`/v1/accounts/${m.id}/statement`, { accept: 'text/csv' })).body, 'the same CSV');
});

t.test('an idempotent replay is the same answer, compressed or not', async (t) => {
  const app = await buildTestApp({ COMPRESSION_THRESHOLD_BYTES: '0' });
  t.teardown(() => app.close());
  const c = client(app);
  const m = await fixture(c).member('5');
  const body = { accountId: m.id, amount: '1', category: 'public_labour' };
  const first = await c.post('/v1/earnings', body, { 'idempotency-key': `gz-${m.id}`, 'accept-encoding': 'gzip' });
  t.equal(first.statusCode, 201, 'posted');
  t.equal(first.headers['content-encoding'], 'gzip', 'gzipped');
  const replay = await c.post('/v1/earnings', body, { 'idempotency-key': `gz-${m.id}` });
  t.equal(replay.statusCode, 201, 'replayed');
  t.equal(replay.headers['idempotency-replayed'], 'true', 'marked as a replay');
  t.equal(replay.headers['content-encoding'], undefined, 'not coded: this client did not ask');
  t.same(replay.json(), JSON.parse(gunzipSync(first.rawPayload).toString()), 'the stored answer, not its compressed bytes');
  const again = await c.post('/v1/earnings', body, { 'idempotency-key': `gz-${m.id}`, 'accept-encoding': 'gzip' });
  t.same(JSON.parse(gunzipSync(again.rawPayload).toString()), replay.json(), 'a compressed replay decodes to the same');
});

t.test('a compressed export still streams', async (t) => {
  const app = await buildTestApp();
  t.teardown(() => app.close());
  const c = client(app);
  const m = await fixture(c).member('1');
  for (let i = 0; i < 60; i += 1) await c.post('/v1/earnings', { accountId: m.id, amount: '1', category: 'public_labour', description: `a fairly long description of shift ${i}, to fill the export` });
  const identity = (await c.get('/v1/journal?format=jsonl')).body;
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const { headers, chunks } = await new Promise<{ headers: Record<string, unknown>; chunks: Buffer[] }>((resolve, reject) => {
    const req = httpRequest({ port, host: '127.0.0.1', path: '/v1/journal?format=jsonl', headers: { authorization: `Bearer ${ADMIN_KEY}`, 'accept-encoding': 'gzip' } }, (res) => {
      const got: Buffer[] = [];
      res.on('data', (b: Buffer) => got.push(b));
      res.on('end', () => resolve({ headers: res.headers, chunks: got }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
  t.equal(headers['content-encoding'], 'gzip', 'gzipped');
  t.equal(headers['transfer-encoding'], 'chunked', 'chunked: sent as it is read, never buffered whole');
  t.equal(headers['content-length'], undefined, 'no length known up front');
  const decoded = gunzipSync(Buffer.concat(chunks)).toString();
  t.ok(decoded.split('\n').length > 60, 'every line');
  t.equal(decoded.slice(0, identity.length), identity, 'what the uncompressed export gives (and any transaction posted since)');
});

t.test('RateLimit-* headers from the per-key limit, and Retry-After on 429', async (t) => {
  const app = await buildTestApp({ RATE_LIMIT_PER_MINUTE: '3' });
  t.teardown(() => app.close());
  const c = client(app);
  for (const remaining of ['2', '1', '0']) {
    const res = await c.get('/v1/categories');
    t.equal(res.statusCode, 200, 'within the limit');
    t.equal(res.headers['ratelimit-limit'], '3', 'RateLimit-Limit');
    t.equal(res.headers['ratelimit-remaining'], remaining, `RateLimit-Remaining ${remaining}`);
    const reset = Number(res.headers['ratelimit-reset']);
    t.ok(Number.isInteger(reset) && reset >= 0 && reset <= 60, `RateLimit-Reset in seconds: ${String(res.headers['ratelimit-reset'])}`);
  }
  const over = await c.get('/v1/categories');
  expectProblem(t, over, 429, 'rate_limited');
  t.equal(over.headers['ratelimit-remaining'], '0', 'none remaining');
  t.ok(Number(over.headers['retry-after']) >= 1, 'Retry-After');
});

t.test('RateLimit-* headers from the per-address limit, for requests without a known key', async (t) => {
  const app = await buildTestApp({ RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '2' });
  t.teardown(() => app.close());
  const res = await app.inject({ method: 'GET', url: '/v1/categories', remoteAddress: '10.17.0.1' });
  expectProblem(t, res, 401, 'unauthorized');
  t.equal(res.headers['ratelimit-limit'], '2', 'the address limit');
  t.equal(res.headers['ratelimit-remaining'], '1', 'one left');
  const asAdmin = { method: 'GET' as const, url: '/v1/categories', remoteAddress: '10.17.0.1', headers: { authorization: `Bearer ${ADMIN_KEY}` } };
  const first = await app.inject(asAdmin);
  t.equal(first.statusCode, 200, 'a good key not seen yet');
  t.equal(first.headers['ratelimit-remaining'], '0', 'counted against its address');
  const known = await app.inject(asAdmin);
  t.equal(known.statusCode, 200, 'the key, known now');
  t.equal(known.headers['ratelimit-limit'], undefined, 'not counted by address; no per-key limit here (0, off): no headers');
});
