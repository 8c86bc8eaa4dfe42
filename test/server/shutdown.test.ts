import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { ADMIN_KEY, engine, TEST_API_KEY_SECRET } from '../helpers/app.js';
import { testDatabaseUrl } from '../helpers/database.js';
import { type Server, startServer } from '../helpers/server.js';

/**
 * The real server process: it listens, serves, and on SIGTERM stops taking connections,
 * finishes the requests in flight, closes the database and exits 0.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'tbl-shutdown-'));
t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
// On a server, this file's database; else the embedded PostgreSQL in dataDir, as `npm start` runs.
const databaseUrl = process.env.DATABASE_URL ? await testDatabaseUrl() : undefined;

function start(): Promise<Server> {
  return startServer({
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    API_KEY_SECRET: TEST_API_KEY_SECRET,
    BOOTSTRAP_ADMIN_KEY: ADMIN_KEY,
    RATE_LIMIT_PER_MINUTE: '0',
    RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '0',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
}

t.test('SIGTERM lets in-flight requests finish, then the process exits 0', async (t) => {
  const server = await start();
  const base = `http://127.0.0.1:${server.port}`;
  const headers = { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' };
  const health = await fetch(`${base}/healthz`);
  t.equal(health.status, 200, 'it serves');
  const member = (await (
    await fetch(`${base}/v1/accounts`, { method: 'POST', headers, body: JSON.stringify({ code: `R-SHUT-${Date.now()}`, name: 'x', kind: 'member' }) })
  ).json()) as { id: string };

  const exited = new Promise<number | null>((resolve) => server.child.on('exit', (code) => resolve(code)));
  // Twenty postings in flight when the signal arrives.
  const inFlight = Array.from({ length: 20 }, () =>
    fetch(`${base}/v1/earnings`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ accountId: member.id, amount: '1.00', category: 'public_labour' }),
    }).then(
      (r) => r.status,
      () => 'refused',
    ),
  );
  await new Promise((resolve) => setTimeout(resolve, 20));
  server.child.kill('SIGTERM');
  const statuses = await Promise.all(inFlight);
  const code = await exited;

  t.equal(code, 0, 'the process exits 0', { output: server.output().slice(-3000) });
  const served = statuses.filter((s) => s === 201).length;
  t.ok(served > 0, `requests already accepted were answered (${served} of 20 got 201)`);
  t.ok(
    statuses.every((s) => s === 201 || s === 503 || s === 'refused'),
    `none failed half-way: ${JSON.stringify(statuses)}`,
  );
  t.match(server.output(), /shutting down: finishing in-flight requests/, 'it says it is draining');

  // What was answered 201 is durably there after a restart.
  const again = await start();
  t.teardown(() => again.child.kill('SIGTERM'));
  const account = (await (await fetch(`http://127.0.0.1:${again.port}/v1/accounts/${member.id}`, { headers })).json()) as { balance: string };
  t.equal(account.balance, `${served}.00`, 'every answered posting, and nothing else, is in the balance after a restart');
  t.comment(`engine: ${engine} (without DATABASE_URL, the server runs the embedded PostgreSQL in a temp folder)`);
});
