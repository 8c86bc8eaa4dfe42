/**
 * Account reads share queries (src/db/read-batcher.ts): reads that wait while queries are
 * under way go together as one, and no read is ever answered by a query sent before it
 * arrived. The unit tests drive a loader the test answers by hand, so they pin that rule
 * exactly; the last test reads balances through the service while it is busy reading and
 * checks, end to end, that every read sees the posting answered before it was made (the
 * race it guards against is narrow there: it catches a cache, not every ordering slip).
 *
 * Runs on the embedded PostgreSQL (DATABASE_URL unset) and on a PostgreSQL server (DATABASE_URL set).
 */
import t from 'tap';
import { ReadBatcher } from '../../src/db/throughput/read-batcher.js';
import { buildTestApp, client, engine, fixture } from '../helpers/app.js';

t.comment(`engine: ${engine}`);

/** A loader whose queries the test finishes by hand, recording what each one asked for. */
function manualLoader() {
  const calls: { keys: string[]; finish: (values: Record<string, number>) => void; fail: (e: Error) => void }[] = [];
  const load = (keys: string[]) =>
    new Promise<Map<string, number>>((resolve, reject) => {
      calls.push({ keys, finish: (values) => resolve(new Map(Object.entries(values))), fail: reject });
    });
  return { calls, load };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** The n-th query sent; failing loudly (rather than hanging) when it was not sent. */
function call<C>(calls: C[], n: number): C {
  const found = calls[n];
  if (!found) throw new Error(`query ${n + 1} was never sent (${calls.length} sent)`);
  return found;
}

t.test('an idle batcher sends a read at once; reads that wait go together', async (t) => {
  const { calls, load } = manualLoader();
  const reads = new ReadBatcher(load, { maxBatch: 100, maxInFlight: 1 });
  const first = reads.get('a');
  t.same(calls.map((c) => c.keys), [['a']], 'the first read goes at once');
  const waiting = [reads.get('b'), reads.get('a'), reads.get('c'), reads.get('b')];
  t.equal(calls.length, 1, 'reads arriving while the one query is under way wait');
  call(calls, 0).finish({ a: 1 });
  t.equal(await first, 1, 'the first read gets its value');
  await tick();
  t.same(calls.map((c) => c.keys), [['a'], ['b', 'a', 'c']], 'the waiting reads go as one query, each key once');
  call(calls, 1).finish({ a: 2, b: 3 });
  t.same(await Promise.all(waiting), [3, 2, undefined, 3], 'each read gets its own key; a key not found reads as undefined');
});

t.test('a read is never answered by a query sent before it arrived', async (t) => {
  const { calls, load } = manualLoader();
  const reads = new ReadBatcher(load, { maxBatch: 100, maxInFlight: 2 });
  const early = reads.get('a');
  const alsoEarly = reads.get('a');
  t.equal(calls.length, 2, 'two queries may be under way');
  const late = reads.get('a');
  t.equal(calls.length, 2, 'a third read of the same key waits rather than joining a query already sent');
  call(calls, 0).finish({ a: 1 });
  call(calls, 1).finish({ a: 1 });
  t.same(await Promise.all([early, alsoEarly]), [1, 1], 'the early reads get the early value');
  await tick();
  t.same(calls[2]?.keys, ['a'], 'the late read gets a query of its own, sent after it arrived');
  call(calls, 2).finish({ a: 2 });
  t.equal(await late, 2, 'the late read gets the later value');
});

t.test('a batch holds at most maxBatch keys', async (t) => {
  const { calls, load } = manualLoader();
  const reads = new ReadBatcher(load, { maxBatch: 3, maxInFlight: 1 });
  const all = ['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6'].map((k) => reads.get(k));
  for (let i = 0; i < 3; i++) {
    const query = call(calls, i);
    query.finish(Object.fromEntries(query.keys.map((k) => [k, Number(k.slice(1))])));
    await tick();
  }
  t.same(calls.map((c) => c.keys), [['k0'], ['k1', 'k2', 'k3'], ['k4', 'k5', 'k6']], 'three keys a query at most, in arrival order');
  t.same(await Promise.all(all), [0, 1, 2, 3, 4, 5, 6], 'every read gets its value');
});

t.test('a failed query fails its own reads only', async (t) => {
  const { calls, load } = manualLoader();
  const reads = new ReadBatcher(load, { maxBatch: 100, maxInFlight: 1 });
  const failing = reads.get('a');
  const next = reads.get('b');
  call(calls, 0).fail(new Error('connection lost'));
  await t.rejects(failing, { message: 'connection lost' }, 'the read of the failed query fails');
  await tick();
  call(calls, 1).finish({ b: 7 });
  t.equal(await next, 7, 'the next query still answers');
});

t.test('a loader that throws at once fails its reads and frees its slot', async (t) => {
  let calls = 0;
  const reads = new ReadBatcher<number>(
    (keys) => {
      calls++;
      if (calls === 1) throw new Error('bad statement');
      return Promise.resolve(new Map(keys.map((k) => [k, 1])));
    },
    { maxBatch: 100, maxInFlight: 1 },
  );
  await t.rejects(reads.get('a'), { message: 'bad statement' }, 'the read fails with the loader\'s error');
  t.equal(await reads.get('a'), 1, 'the slot is free again: the next read is answered');
});

t.test('through the service: a read made after a posting was answered sees it, however busy the reads', async (t) => {
  const app = await buildTestApp();
  t.teardown(() => app.close());
  const c = client(app);
  const f = fixture(c);
  const member = await f.member('100');
  const merchant = await f.merchant();
  const balance = async () => {
    const res = await c.get(`/v1/accounts/${member.id}`);
    if (res.statusCode !== 200) throw new Error(`read ${res.statusCode} ${res.body}`);
    return res.json().balance as string;
  };

  // Keep the batcher busy: a stream of reads of the same account, so that every read below
  // arrives while queries are under way and has to wait for a later one.
  let stop = false;
  const background = Promise.all(
    Array.from({ length: 16 }, async () => {
      while (!stop) {
        await balance();
        // As a client across a network would: an injected request can otherwise be answered
        // within microtasks, and sixteen such loops would never let a timer or I/O run.
        await tick();
      }
    }),
  );
  const stale: string[] = [];
  let cents = 10_000;
  try {
    for (let i = 0; i < 40; i++) {
      const res = await c.post('/v1/redemptions', { accountId: member.id, merchantAccountId: merchant.id, amount: '0.01' });
      if (res.statusCode !== 201) throw new Error(`redemption ${res.statusCode} ${res.body}`);
      cents -= 1;
      const expected = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
      const seen = await Promise.all([balance(), balance(), balance()]);
      for (const s of seen) if (s !== expected) stale.push(`after redemption ${i + 1}: ${s}, expected ${expected}`);
    }
  } finally {
    stop = true;
    await background;
  }
  t.same(stale, [], 'no read made after a posting was answered shows the balance before it');
});
