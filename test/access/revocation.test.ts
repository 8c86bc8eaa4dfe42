/**
 * Issue 13, finding 7: a key revoked on one instance stayed valid for about 2 s on another,
 * which trusted its cache. The revoking instance now announces the revocation in the same
 * transaction (NOTIFY), and every instance listening drops the key at once; while an
 * instance's notifications connection is down, its cache's 2 s bound (KEY_CACHE_TTL_MS)
 * holds. Two app instances on one PostgreSQL database.
 */
import pg from 'pg';
import t, { type Test } from 'tap';
import { KEY_CACHE_TTL_MS } from '../../src/services/keys.js';
import { buildTestApp, client, sleep } from '../helpers/app.js';
import { bearer, createKey, revokeKey } from '../helpers/access.js';
import { testDatabaseUrl } from '../helpers/database.js';

/** Well inside the cache's bound: a refusal this quick did not wait for the cache to expire. */
const IMMEDIATE_MS = 500;

const a = await buildTestApp();
const b = await buildTestApp();
t.teardown(async () => {
  await a.close();
  await b.close();
});
const adminOnA = client(a);

/** Milliseconds until B answers 401 for the key, polling every 10 ms; undefined past `giveUpMs`. */
async function refusedOnBWithin(key: string, giveUpMs: number): Promise<number | undefined> {
  const started = performance.now();
  while (performance.now() - started < giveUpMs) {
    const res = await b.inject({ method: 'GET', url: '/v1/categories', headers: bearer(key) });
    if (res.statusCode === 401) return performance.now() - started;
    await sleep(10);
  }
  return undefined;
}

/** Caches the key on B: it answers 200 there. */
async function usedOnB(t: Test, key: string): Promise<void> {
  const res = await b.inject({ method: 'GET', url: '/v1/categories', headers: bearer(key) });
  t.equal(res.statusCode, 200, 'the key works on B (and B caches it)');
}

t.test('a key revoked on A is refused on B at once', async (t) => {
  const key = await createKey(adminOnA, 'auditor');
  await usedOnB(t, key.key);
  await revokeKey(adminOnA, key.id);
  const after = await refusedOnBWithin(key.key, KEY_CACHE_TTL_MS + 1000);
  t.ok(after !== undefined && after <= IMMEDIATE_MS, `B refused it ${after?.toFixed(0)} ms after the revocation (cache bound ${KEY_CACHE_TTL_MS} ms)`);
  t.equal((await a.inject({ method: 'GET', url: '/v1/categories', headers: bearer(key.key) })).statusCode, 401, 'and A, of course');
});

t.test('with its notifications connection down, B keeps the cache bound, and listens again', async (t) => {
  // The database both instances share: this test file's own.
  const admin = new pg.Client({ connectionString: await testDatabaseUrl() });
  await admin.connect();
  t.teardown(() => admin.end());
  const name = `timebank-ledger key revocations (pid ${process.pid})`;
  const listeners = async () =>
    (
      await admin.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1 AND query ILIKE 'LISTEN%'`,
        [name],
      )
    ).rows[0]?.n ?? 0;
  t.equal(await listeners(), 2, 'A and B each listen on a connection of their own');

  const key = await createKey(adminOnA, 'auditor');
  await usedOnB(t, key.key);
  const cut = await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`, [name]);
  t.equal(cut.rowCount, 2, 'both notifications connections were cut');
  await revokeKey(adminOnA, key.id);
  const after = await refusedOnBWithin(key.key, KEY_CACHE_TTL_MS + 1000);
  t.ok(after !== undefined && after <= KEY_CACHE_TTL_MS + 200, `B refused it within the cache bound: ${after?.toFixed(0)} ms`);

  const deadline = Date.now() + 10_000;
  while ((await listeners()) < 2 && Date.now() < deadline) await sleep(50);
  t.equal(await listeners(), 2, 'both listen again');
  const next = await createKey(adminOnA, 'auditor');
  await usedOnB(t, next.key);
  await revokeKey(adminOnA, next.id);
  const again = await refusedOnBWithin(next.key, KEY_CACHE_TTL_MS + 1000);
  t.ok(again !== undefined && again <= IMMEDIATE_MS, `and a revocation reaches B at once again: ${again?.toFixed(0)} ms`);
});
