import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { ADMIN_KEY, buildTestApp, client } from '../helpers/app.js';
import { expectProblem } from '../helpers/contract.js';

/**
 * Refusals made before a route runs answer problem+json like every other error: a URL that
 * does not decode and an overlong path segment (fastify's router, reached with inject), and
 * headers or a request line past Node's limit or malformed HTTP (Node's parser, which only a
 * real connection reaches).
 */
const app = await buildTestApp();
t.teardown(() => app.close());
const c = client(app);

t.test('a URL that does not decode is a 400 problem', async (t) => {
  for (const url of ['/v1/accounts/%ZZ', '/v1/accounts/%ED%A0%80', '/v1/transactions/%/reversals']) {
    const res = await c.get(url);
    expectProblem(t, res, 400, 'validation_failed', { paths: ['url'] });
    t.equal(res.headers['x-content-type-options'], 'nosniff', `${url}: nosniff`);
  }
});

t.test('a path segment longer than any id is a 414 problem', async (t) => {
  const res = await c.get(`/v1/accounts/${'a'.repeat(500)}`);
  expectProblem(t, res, 414, 'uri_too_long');
  t.equal(res.headers['x-content-type-options'], 'nosniff', 'nosniff');
});

/** One raw HTTP exchange over a fresh connection: whatever the server writes before it closes. */
function exchange(port: number, request: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', (error) => (text ? undefined : reject(error)));
    socket.on('close', () => {
      const [head = '', body = ''] = text.split('\r\n\r\n', 2);
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    });
    socket.write(request);
  });
}

t.test('what Node refuses before fastify sees it is answered as problem+json', async (t) => {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  const cases: [string, string, number, string][] = [
    ['headers past the limit', `GET /v1/accounts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ADMIN_KEY}\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431, 'headers_too_large'],
    ['a request line past the limit', `GET /v1/accounts?code=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 431, 'headers_too_large'],
    ['malformed HTTP', 'NOT-HTTP\r\n\r\n', 400, 'validation_failed'],
  ];
  for (const [what, request, status, code] of cases) {
    const res = await exchange(port, request);
    t.equal(res.status, status, `${what}: ${status}`);
    t.match(res.headers['content-type'] ?? '', /^application\/problem\+json/, `${what}: problem+json`);
    t.equal(res.headers['x-content-type-options'], 'nosniff', `${what}: nosniff`);
    const body = JSON.parse(res.body) as Record<string, unknown>;
    t.equal(body.code, code, `${what}: code ${code}`);
    t.equal(body.status, status, `${what}: the status member`);
    t.equal(body.instance, res.headers['x-request-id'], `${what}: instance is the x-request-id`);
    t.equal(Buffer.byteLength(res.body), Number(res.headers['content-length']), `${what}: the whole body`);
  }
  const ok = await fetch(`http://127.0.0.1:${port}/v1/categories`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
  t.equal(ok.status, 200, 'the server still serves');
});

t.test('a request arriving while the instance closes is a 503 problem, and is not started', async (t) => {
  const closingApp = await buildTestApp({ BOOTSTRAP_ADMIN_KEY: 'tbk_closing-instance-admin-key-000000000001' });
  await closingApp.listen({ port: 0, host: '127.0.0.1' });
  const { port } = closingApp.server.address() as AddressInfo;
  // A client that has begun a request (its connection is not idle, so the close waits for
  // it) and finishes it once the close has begun.
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  const body = JSON.stringify({ code: 'R-CLOSING-1', name: 'x', kind: 'member' });
  socket.write(`POST /v1/accounts HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer tbk_closing-instance-admin-key-000000000001\r\n`);
  let answer = '';
  socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
  const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise((resolve) => setTimeout(resolve, 50));
  const closed = closingApp.close();
  await new Promise((resolve) => setTimeout(resolve, 100));
  socket.write(`Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  await ended;
  await closed;
  const [head = '', payload = ''] = answer.split('\r\n\r\n');
  t.match(head, /^HTTP\/1\.1 503 /, 'refused with 503');
  t.match(head, /content-type: application\/problem\+json/i, 'as problem+json');
  t.match(head, /retry-after: 1/i, 'saying when to retry');
  t.match(head, /connection: close/i, 'closing the connection');
  t.match(JSON.parse(payload) as object, { status: 503, code: 'shutting_down' });
  // Nothing of the refused write was started: the account does not exist (read on the suite's app).
  const found = await app.inject({ method: 'GET', url: '/v1/accounts?code=R-CLOSING-1', headers: { authorization: `Bearer ${ADMIN_KEY}` } });
  t.same((found.json() as { data: unknown[] }).data, [], 'the refused write left nothing');
});
