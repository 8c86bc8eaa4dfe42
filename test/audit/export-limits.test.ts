/**
 * Issue 13, finding 6: 60 concurrent journal exports took the service from 150 to 776 MB and
 * made an account read wait 6-8 s. Whole-journal reads (GET /v1/journal, GET /v1/audit/verify)
 * now take a slot: EXPORT_CONCURRENCY_PER_KEY_MAX per key (over it, 429) and
 * EXPORT_CONCURRENCY_MAX in all (over it, 503), both with Retry-After, before anything is
 * streamed; and together they hold at most a quarter of the connection pool.
 *
 * The exports here are made slow by a valve in front of the database's transactions: every
 * export first sequences the journal in one, and waits there until the test opens the valve.
 */
import type { LightMyRequestResponse } from 'fastify';
import t from 'tap';
import type { Database } from '../../src/db/client.js';
import { exportConnections } from '../../src/services/semaphore.js';
import { buildTestApp, client, fixture, sleep } from '../helpers/app.js';
import { bearer, createKey } from '../helpers/access.js';
import { expectProblem } from '../helpers/contract.js';

const base = await buildTestApp();
t.teardown(() => base.close());
const admin = client(base);
// Something to export, whatever else the database holds.
await fixture(admin).member('5');

/** The shared database, whose transactions wait until `open()`; `waiting()` counts them. */
function valved(database: Database) {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  let waiting = 0;
  const wrapped: Database = {
    ...database,
    async transaction(work, options) {
      waiting += 1;
      try {
        await opened;
      } finally {
        waiting -= 1;
      }
      return database.transaction(work, options);
    },
  };
  return { database: wrapped, open, waiting: () => waiting };
}

/** An app whose exports hang until the valve opens; no background jobs use the database. */
async function slowExports(env: Record<string, string>) {
  const valve = valved(base.db);
  const app = await buildTestApp({ ...env, DB_POOL_MAX: '8', CHECKPOINT_INTERVAL_MS: '0', SEQUENCER_INTERVAL_MS: '0' }, { database: valve.database });
  return { app, valve };
}

/** Waits until `condition` holds, or fails after `ms`. */
async function until(condition: () => boolean, ms = 5000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await sleep(10);
  }
  return true;
}

const exportAs = (key: string) => ({ method: 'GET' as const, url: '/v1/journal?format=jsonl', headers: bearer(key) });

t.test('over the per-key cap 429, over the overall cap 503, both with Retry-After, before streaming', async (t) => {
  const { app, valve } = await slowExports({ EXPORT_CONCURRENCY_MAX: '3', EXPORT_CONCURRENCY_PER_KEY_MAX: '2' });
  t.teardown(() => app.close());
  const [a, b, c] = [await createKey(admin, 'auditor'), await createKey(admin, 'auditor'), await createKey(admin, 'auditor')];

  const running: Promise<LightMyRequestResponse>[] = [app.inject(exportAs(a.key)), app.inject(exportAs(a.key))];
  t.ok(await until(() => valve.waiting() === 2), 'two exports of key A are running (held at the valve)');

  const third = await app.inject(exportAs(a.key));
  expectProblem(t, third, 429, 'rate_limited', { label: "key A's third export" });
  t.equal(third.headers['retry-after'], '5', 'with Retry-After');

  running.push(app.inject(exportAs(b.key)));
  // Key B's export is running, but the gate (a quarter of a pool of 8) lets only two reach the database.
  await sleep(100);
  t.equal(valve.waiting(), exportConnections(8), `${exportConnections(8)} exports hold connections; the third waits its turn in the service`);

  const fourth = await app.inject(exportAs(c.key));
  expectProblem(t, fourth, 503, 'unavailable', { label: 'an export over the overall cap' });
  t.equal(fourth.headers['retry-after'], '5', 'with Retry-After');
  const verify = await app.inject({ method: 'GET', url: '/v1/audit/verify', headers: bearer(c.key) });
  expectProblem(t, verify, 503, 'unavailable', { label: 'a verify over the overall cap' });

  const read = await app.inject({ method: 'GET', url: '/v1/categories', headers: bearer(c.key) });
  t.equal(read.statusCode, 200, 'other reads are served meanwhile');

  valve.open();
  const done = await Promise.all(running);
  t.same(
    done.map((r) => r.statusCode),
    [200, 200, 200],
    'the three running exports finish',
  );
  t.ok(done.every((r) => r.body.length > 0 && r.body.endsWith('\n')), 'each streamed its journal');

  // Their slots are free again.
  const again = await Promise.all([app.inject(exportAs(a.key)), app.inject(exportAs(a.key)), app.inject(exportAs(c.key))]);
  t.same(
    again.map((r) => r.statusCode),
    [200, 200, 200],
    'finished exports gave their slots back',
  );
});

t.test('a client that hangs up gives its slot back', async (t) => {
  const { app, valve } = await slowExports({ EXPORT_CONCURRENCY_MAX: '4', EXPORT_CONCURRENCY_PER_KEY_MAX: '1' });
  t.teardown(() => app.close());
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/v1/journal?format=jsonl`;
  const a = await createKey(admin, 'auditor');

  const hangUp = new AbortController();
  const first = fetch(url, { headers: bearer(a.key), signal: hangUp.signal }).catch((error: unknown) => error);
  t.ok(await until(() => valve.waiting() === 1), 'the export is running');
  const refused = await fetch(url, { headers: bearer(a.key) });
  t.equal(refused.status, 429, 'a second export of the key is refused');
  await refused.text();

  hangUp.abort();
  t.match(await first, { name: 'AbortError' }, 'the client hung up');
  // Admitted, the next export of the key runs up to the valve, beside the abandoned one.
  const next = new AbortController();
  const second = fetch(url, { headers: bearer(a.key), signal: next.signal }).then(
    (res) => res.status,
    (error: unknown) => error,
  );
  t.ok(await until(() => valve.waiting() === 2), "the key's slot came back when its client hung up: the next export runs");
  valve.open();
  t.equal(await second, 200, 'and is answered');
});
