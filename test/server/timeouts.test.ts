/**
 * Issue 13, finding 7: with fastify's requestTimeout at 0, 1,449 connections trickling a body
 * stayed open for 75 s. A client now has REQUEST_TIMEOUT_MS for a whole request and
 * HEADERS_TIMEOUT_MS for its headers; Node looks every CONNECTIONS_CHECKING_INTERVAL_MS.
 * A real server on 127.0.0.1, and raw sockets that send slowly.
 */
import { connect, type Socket } from 'node:net';
import t from 'tap';
import { CONNECTIONS_CHECKING_INTERVAL_MS } from '../../src/app.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { ADMIN_KEY, buildTestApp } from '../helpers/app.js';

const REQUEST_TIMEOUT_MS = 2000;
const HEADERS_TIMEOUT_MS = 1000;
/** How long a test waits for the server to close before it gives up (and fails). */
const GIVE_UP_MS = 9000;

const app = await buildTestApp({ REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS), HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS) });
t.teardown(() => app.close());
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;

interface Trickle {
  /** Milliseconds from connecting until the server closed the socket; undefined if it did not. */
  closedAfterMs: number | undefined;
  /** What the server sent before closing. */
  received: string;
}

/**
 * Connects, sends `head` at once, then one byte of `drip` every 100 ms until the server
 * closes the socket or GIVE_UP_MS pass.
 */
function trickle(head: string, drip: string): Promise<Trickle> {
  return new Promise((resolve) => {
    const started = performance.now();
    let received = '';
    let timer: NodeJS.Timeout | undefined;
    const socket: Socket = connect(port, '127.0.0.1', () => {
      socket.write(head);
      timer = setInterval(() => {
        if (!socket.destroyed && socket.writable) socket.write(drip);
      }, 100);
    });
    const giveUp = setTimeout(() => {
      clearInterval(timer);
      socket.destroy();
      resolve({ closedAfterMs: undefined, received });
    }, GIVE_UP_MS);
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      resolve({ closedAfterMs: performance.now() - started, received });
    });
  });
}

const slack = 1000;

t.test('a body trickled byte by byte is cut off after REQUEST_TIMEOUT_MS', async (t) => {
  const head =
    'POST /v1/earnings HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n' +
    `authorization: Bearer ${ADMIN_KEY}\r\ncontent-length: 500\r\n\r\n{"a":"`;
  const r = await trickle(head, 'x');
  const bound = REQUEST_TIMEOUT_MS + CONNECTIONS_CHECKING_INTERVAL_MS + slack;
  t.ok(r.closedAfterMs !== undefined, `the server closed the connection (gave up waiting after ${GIVE_UP_MS} ms)`);
  t.ok((r.closedAfterMs ?? Infinity) <= bound, `within ${bound} ms: ${r.closedAfterMs?.toFixed(0)} ms`);
  t.ok((r.closedAfterMs ?? 0) >= REQUEST_TIMEOUT_MS - 100, `not before the timeout: ${r.closedAfterMs?.toFixed(0)} ms`);
  t.match(r.received, /^(HTTP\/1\.1 408 |$)/, `a 408 or a plain close: ${JSON.stringify(r.received.slice(0, 60))}`);
});

t.test('headers trickled byte by byte are cut off after HEADERS_TIMEOUT_MS', async (t) => {
  const r = await trickle('GET /v1/categories HTTP/1.1\r\nhost: 127.0.0.1\r\nx-slow: ', 'y');
  const bound = HEADERS_TIMEOUT_MS + CONNECTIONS_CHECKING_INTERVAL_MS + slack;
  t.ok(r.closedAfterMs !== undefined, `the server closed the connection (gave up waiting after ${GIVE_UP_MS} ms)`);
  t.ok((r.closedAfterMs ?? Infinity) <= bound, `within ${bound} ms: ${r.closedAfterMs?.toFixed(0)} ms`);
  t.match(r.received, /^(HTTP\/1\.1 408 |$)/, `a 408 or a plain close: ${JSON.stringify(r.received.slice(0, 60))}`);
});

t.test('a slow request that arrives within the bound is served', async (t) => {
  const body = JSON.stringify({ code: `R-SLOW-${process.pid}-${Date.now()}`, name: 'slow', kind: 'member' });
  const answer = await new Promise<string>((resolve, reject) => {
    let received = '';
    const socket = connect(port, '127.0.0.1', async () => {
      socket.write(
        'POST /v1/accounts HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\ncontent-type: application/json\r\n' +
          `authorization: Bearer ${ADMIN_KEY}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n`,
      );
      // About 600 ms for the body: slow, but well inside REQUEST_TIMEOUT_MS.
      const step = Math.ceil(body.length / 6);
      for (let i = 0; i < body.length; i += step) {
        socket.write(body.slice(i, i + step));
        await new Promise((r) => setTimeout(r, 100));
      }
    });
    socket.on('data', (chunk) => {
      received += chunk.toString('utf8');
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(received));
  });
  t.match(answer, /^HTTP\/1\.1 201 /, `201: ${answer.slice(0, 40)}`);
});

t.test('HEADERS_TIMEOUT_MS may not exceed REQUEST_TIMEOUT_MS', async (t) => {
  let refused: unknown;
  try {
    loadConfig({ REQUEST_TIMEOUT_MS: '5000', HEADERS_TIMEOUT_MS: '6000' });
  } catch (error) {
    refused = error;
  }
  t.ok(refused instanceof ConfigError, 'refused at start');
  t.match(String(refused), /HEADERS_TIMEOUT_MS: must not exceed REQUEST_TIMEOUT_MS/, 'naming the variable');
  const config = loadConfig({});
  t.same([config.requestTimeoutMs, config.headersTimeoutMs], [30_000, 10_000], 'the defaults');
});
