/**
 * Issue 13, finding 5: requests with made-up keys were never limited, and each cost an HMAC
 * and a database lookup. Now a request whose key this instance does not know counts against
 * its client address before any lookup (RATE_LIMIT_PER_ADDRESS_PER_MINUTE), a refused key is
 * refused again without asking the database for a while, and keys known to be good pass.
 */
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import t from 'tap';
import { createServices } from '../../src/services/index.js';
import type { Database, Executor } from '../../src/db/client.js';
import { ADMIN_KEY, buildTestApp, client } from '../helpers/app.js';
import { bearer, createKey, fakeKey } from '../helpers/access.js';
import { TestClock } from '../helpers/clock.js';
import { expectProblem } from '../helpers/contract.js';

const app = await buildTestApp();
t.teardown(() => app.close());
const boot = client(app);

/**
 * The shared database, with a count of the statements run through its pool-level executors
 * (key lookups go to the read pool's).
 */
function counting(database: Database): { database: Database; statements: () => number } {
  let statements = 0;
  const count = (executor: Executor) =>
    new Proxy(executor, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (property !== 'execute' || typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          statements += 1;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  return { database: { ...database, db: count(database.db), reads: count(database.reads) } as Database, statements: () => statements };
}

/** An app on the shared database with the per-address limit on, and no background jobs. */
async function limitedApp(perAddress: number, database: Database = app.db) {
  const limited = await buildTestApp(
    // No background job: only the key lookups reach the counted database.
    { RATE_LIMIT_PER_ADDRESS_PER_MINUTE: String(perAddress), CHECKPOINT_INTERVAL_MS: '0', SEQUENCER_INTERVAL_MS: '0', WEBHOOK_POLL_INTERVAL_MS: '0' },
    { database },
  );
  return limited;
}

const from = (remoteAddress: string, key?: string) => ({
  method: 'GET' as const,
  url: '/v1/categories',
  remoteAddress,
  headers: key ? bearer(key) : {},
});

t.test('made-up keys from one address meet 429 rate_limited with Retry-After, before any lookup', async (t) => {
  const limited = await limitedApp(5);
  t.teardown(() => limited.close());
  const fresh = await createKey(boot, 'auditor');

  for (let i = 1; i <= 5; i += 1) {
    const res = await limited.inject(from('10.13.5.1', fakeKey()));
    expectProblem(t, res, 401, 'unauthorized', { label: `made-up key ${i} of 5` });
  }
  const started = performance.now();
  const sixth = await limited.inject(from('10.13.5.1', fakeKey()));
  const waited = performance.now() - started;
  expectProblem(t, sixth, 429, 'rate_limited', { label: 'the 6th made-up key from the address' });
  const retryAfter = Number(sixth.headers['retry-after']);
  t.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `Retry-After in whole seconds: ${String(sixth.headers['retry-after'])}`);
  t.ok(waited >= 900, `the refusal was held back about a second (${waited.toFixed(0)} ms), slowing a flood over keep-alive connections`);

  // A good key this instance has not seen yet is a stranger too: refused without a lookup,
  // which would have found it.
  expectProblem(t, await limited.inject(from('10.13.5.1', fresh.key)), 429, 'rate_limited', { label: 'an unseen good key from the address' });
  expectProblem(t, await limited.inject(from('10.13.5.1')), 429, 'rate_limited', { label: 'no key at all from the address' });

  // Another address has its own count; there the good key authenticates and becomes known.
  t.equal((await limited.inject(from('10.13.5.2', fresh.key))).statusCode, 200, 'the good key from another address: 200');
  expectProblem(t, await limited.inject(from('10.13.5.2', fakeKey())), 401, 'unauthorized', { label: 'a made-up key from the other address: 401' });
  // Known now, the good key passes even from the address over its limit.
  const known = await limited.inject(from('10.13.5.1', fresh.key));
  t.equal(known.statusCode, 200, 'a known good key passes from the address over its limit');

  // A key made through this instance is known to it from the start.
  const made = await limited.inject({ method: 'POST', url: '/v1/api-keys', remoteAddress: '10.13.5.2', headers: bearer(ADMIN_KEY), payload: { name: 'made here', role: 'auditor' } });
  t.equal(made.statusCode, 201, 'the admin makes a key through this instance');
  const first = await limited.inject(from('10.13.5.1', (made.json() as { key: string }).key));
  t.equal(first.statusCode, 200, 'the new key passes from that address on its first request');
});

t.test('IPv6 addresses count by /64', async (t) => {
  const limited = await limitedApp(3);
  t.teardown(() => limited.close());
  for (const address of ['2001:db8:13:5::1', '2001:db8:13:5::2', '2001:db8:13:5:ffff::3']) {
    expectProblem(t, await limited.inject(from(address, fakeKey())), 401, 'unauthorized', { label: address });
  }
  expectProblem(t, await limited.inject(from('2001:db8:13:5:abcd::9', fakeKey())), 429, 'rate_limited', { label: 'the 4th address of the same /64' });
  expectProblem(t, await limited.inject(from('2001:db8:13:6::1', fakeKey())), 401, 'unauthorized', { label: 'another /64' });
});

t.test('a flood of made-up keys costs the database at most the limit in lookups', async (t) => {
  const counted = counting(app.db);
  const limited = await limitedApp(10, counted.database);
  t.teardown(() => limited.close());
  const before = counted.statements();
  const answers = await Promise.all(Array.from({ length: 60 }, () => limited.inject(from('10.13.5.3', fakeKey()))));
  const statuses = answers.map((r) => r.statusCode);
  t.equal(statuses.filter((s) => s === 401).length, 10, '10 answered 401');
  t.equal(statuses.filter((s) => s === 429).length, 50, 'the other 50 answered 429');
  t.equal(counted.statements() - before, 10, 'and only the 10 looked their key up');
});

t.test('a refused key is refused again without a lookup for a while', async (t) => {
  const counted = counting(app.db);
  const open = await limitedApp(0, counted.database);
  t.teardown(() => open.close());
  const dead = fakeKey();
  const before = counted.statements();
  for (let i = 0; i < 20; i += 1) expectProblem(t, await open.inject(from('10.13.5.4', dead)), 401, 'unauthorized', { label: `try ${i + 1}` });
  t.equal(counted.statements() - before, 1, 'twenty tries of one dead key, one lookup');
  const admin = await open.inject(from('10.13.5.4', ADMIN_KEY));
  t.equal(admin.statusCode, 200, 'a good key still passes');
});

/** A KeyService over a stand-in database that knows the given digests, counting lookups. */
function keyServiceOver(valid: Set<string>) {
  const dialect = new PgDialect();
  let lookups = 0;
  const db = {
    execute: async (query: SQL) => {
      lookups += 1;
      const digest = dialect.sqlToQuery(query).params.find((p) => typeof p === 'string' && valid.has(p)) as string | undefined;
      const row = digest
        ? { id: `key_${digest.slice(0, 26)}`, role: 'auditor', merchantAccountIds: [], secretHash: digest, expiresAt: null, usable: true }
        : undefined;
      return { rows: row ? [row] : [] };
    },
  } as unknown as Executor;
  // A clock that stands still: cache entries then live as long as the test runs.
  const { keys } = createServices({ engine: 'postgres', db, reads: db } as unknown as Database, {
    clock: new TestClock(),
    serverSecret: 'a-server-secret-for-this-test-only-000000',
    lockWaitMs: 1000,
    postingsPerAccountMax: 1,
    holdTtlMaxCashierMs: 60_000,
    backdateWindowMs: 0,
    displayTimeZone: 'UTC',
  });
  return { keys, lookups: () => lookups };
}

t.test('a full key cache forgets its least recently used keys, never all of them', async (t) => {
  const valid = new Set<string>();
  const { keys, lookups } = keyServiceOver(valid);
  const secrets = Array.from({ length: 12_000 }, (_, i) => `tbk_cache-test-${i}`);
  for (const s of secrets) valid.add(keys.hash(s));
  const busy = secrets[0] as string;
  t.ok(await keys.authenticate(busy), 'the busy key authenticates');
  // Twelve thousand other keys, while the busy one keeps calling: the cache (10,000) overflows.
  for (const [i, s] of secrets.slice(1).entries()) {
    await keys.authenticate(s);
    if (i % 1000 === 0) await keys.authenticate(busy);
  }
  const before = lookups();
  t.ok(await keys.authenticate(busy), 'the busy key still authenticates');
  t.equal(lookups() - before, 0, 'from the cache: a full cache did not empty itself');
  t.ok(keys.isKnown(keys.hash(busy)), 'it is known');
  t.notOk(keys.isKnown(keys.hash(secrets[1] as string)), 'the least recently used key was forgotten');
  t.ok(keys.isKnown(keys.hash(secrets[secrets.length - 1] as string)), 'the most recent one is known');
});

t.test('made-up keys never push a good key out of the cache', async (t) => {
  const valid = new Set<string>();
  const { keys, lookups } = keyServiceOver(valid);
  const good = 'tbk_the-good-key';
  valid.add(keys.hash(good));
  t.ok(await keys.authenticate(good));
  let refused = 0;
  for (let i = 0; i < 25_000; i += 1) if ((await keys.authenticate(fakeKey())) === null) refused += 1;
  t.equal(refused, 25_000, '25,000 made-up keys refused');
  const before = lookups();
  t.ok(await keys.authenticate(good), 'the good key authenticates');
  t.equal(lookups() - before, 0, 'from the cache');
  t.ok(keys.isKnown(keys.hash(good)), 'and it is known');
});
