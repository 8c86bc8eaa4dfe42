import { sql } from 'drizzle-orm';
import t from 'tap';
import { rows } from '../../src/db/client.js';
import { iso } from '../../src/db/sql.js';
import { engine, fixture, openedAt } from '../helpers/app.js';
import { buildWorkflowApp, mapLimit, postOk } from '../helpers/workflows.js';
import { expectProblem, getAccount, minor, money, type TransactionView } from '../helpers/contract.js';

// No background checkpoint writer: this file decides when checkpoints are written.
const { app, c } = await buildWorkflowApp({ CHECKPOINT_INTERVAL_MS: '0' });
t.teardown(() => app.close());
const f = fixture(c);

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const iso8601 = (ms: number) => new Date(ms).toISOString();
const balanceAt = async (id: string, asOf?: string) => {
  const res = await c.get(`/v1/accounts/${id}/balance${asOf === undefined ? '' : `?asOf=${encodeURIComponent(asOf)}`}`);
  if (res.statusCode !== 200) throw new Error(`balance of ${id} as of ${asOf}: ${res.statusCode} ${res.body}`);
  return res.json() as { accountId: string; asOf: string; balance: string };
};

/** The balance as of `at` from a list of entries: what the ledger must answer. */
const expectedAt = (entries: { at: number; minor: bigint }[], at: number) =>
  money(entries.reduce((sum, e) => (e.at <= at ? sum + e.minor : sum), 0n));

t.test('balances as of a moment follow occurredAt, inclusive', async (t) => {
  const m = await f.member();
  const s = await f.merchant();
  const t0 = Math.floor((Date.now() - 10 * DAY) / SECOND) * SECOND;
  const [t1, t2, t3] = [t0 + HOUR, t0 + 2 * HOUR, t0 + 3 * HOUR];
  await openedAt(app, t0, m.id);
  // Recorded out of effective order: the answers must follow occurredAt, not recordedAt.
  const e3 = await postOk<TransactionView>(c, '/v1/earnings', {
    accountId: m.id,
    amount: '0.25',
    category: 'donation',
    occurredAt: iso8601(t3),
  });
  const e1 = await postOk<TransactionView>(c, '/v1/earnings', {
    accountId: m.id,
    amount: '10.00',
    category: 'public_labour',
    occurredAt: iso8601(t1),
  });
  await postOk(c, '/v1/earnings', { accountId: m.id, amount: '5.50', category: 'duty_shift', occurredAt: iso8601(t2) });
  // A redemption takes effect when it is recorded.
  const r = await postOk<TransactionView>(c, '/v1/redemptions', { accountId: m.id, merchantAccountId: s.id, amount: '4.00' });
  t.equal(e1.occurredAt, iso8601(t1), 'occurredAt as supplied');
  t.ok(Math.abs(Date.parse(e1.recordedAt) - Date.now()) < 60 * SECOND, 'recordedAt is when the ledger wrote it');
  t.ok(Date.parse(e3.recordedAt) <= Date.parse(e1.recordedAt), 'e3 was recorded first');

  const cases: [string, string, string][] = [
    ['before the first entry', iso8601(t1 - 1), '0.00'],
    ['exactly at the first entry (inclusive)', iso8601(t1), '10.00'],
    ['between the first and second', iso8601(t1 + 30 * MINUTE), '10.00'],
    ['exactly at the second', iso8601(t2), '15.50'],
    ['one millisecond before the third', iso8601(t3 - 1), '15.50'],
    ['exactly at the third', iso8601(t3), '15.75'],
    ['one millisecond before the redemption', iso8601(Date.parse(r.occurredAt) - 1), '15.75'],
    ['exactly at the redemption', r.occurredAt, '11.75'],
    ['after everything', iso8601(Date.now()), '11.75'],
    ['the second, written in +08:00', new Date(t2 + 8 * HOUR).toISOString().replace('Z', '+08:00'), '15.50'],
    ['one millisecond before the second, in +08:00', new Date(t2 - 1 + 8 * HOUR).toISOString().replace('Z', '+08:00'), '10.00'],
  ];
  for (const [name, asOf, want] of cases) {
    const got = await balanceAt(m.id, asOf);
    t.equal(got.balance, want, `${name}: ${want}`);
    t.equal(Date.parse(got.asOf), Date.parse(asOf), `${name}: answers the moment asked`);
    t.equal(got.accountId, m.id);
  }

  const now = await balanceAt(m.id);
  const account = await getAccount(c, m.id);
  t.equal(now.balance, account.balance, 'without asOf: the same balance GET account answers');
  t.equal(now.balance, '11.75');
  t.match(now.asOf, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'asOf defaults to now, in UTC');
});

t.test('an occurredAt in the future is refused', async (t) => {
  const m = await f.member('20.00');
  const other = await f.member();
  const s = await f.merchant();
  const future = iso8601(Date.now() + HOUR);
  const soon = iso8601(Date.now() + 30 * SECOND);
  expectProblem(t, await c.post('/v1/earnings', { accountId: m.id, amount: '1.00', category: 'public_labour', occurredAt: future }), 400, 'validation_failed', { paths: ['occurredAt'] });
  expectProblem(t, await c.post('/v1/earnings', { accountId: m.id, amount: '1.00', category: 'public_labour', occurredAt: soon }), 400, 'validation_failed', { paths: ['occurredAt'] });
  expectProblem(t, await c.post('/v1/redemptions', { accountId: m.id, merchantAccountId: s.id, amount: '1.00', occurredAt: future }), 400, 'validation_failed', { paths: ['occurredAt'] });
  expectProblem(t, await c.post('/v1/transfers', { fromAccountId: m.id, toAccountId: other.id, amount: '1.00', occurredAt: future }), 400, 'validation_failed', { paths: ['occurredAt'] });
  t.equal((await getAccount(c, m.id)).balance, '20.00', 'nothing was posted');
  t.equal((await getAccount(c, other.id)).balance, '0.00');
  const list = await c.get(`/v1/transactions?accountId=${m.id}`);
  t.equal((list.json() as { data: unknown[] }).data.length, 1, 'only the opening earning is in the journal');
});

t.test('checkpoints change no answer, before or after a backdated entry', async (t) => {
  const m = await f.member();
  const checkpointsOf = async () =>
    rows<{ asOf: string; balance: string }>(
      app.db.db,
      sql`SELECT ${iso(sql`as_of`)} AS "asOf", balance::text AS balance FROM balance_checkpoints
           WHERE account_id = ${m.id} ORDER BY as_of`,
    );

  // 1,000 entries in groups of three that share an instant, a minute apart, days ago.
  const base = Math.floor((Date.now() - 5 * DAY) / SECOND) * SECOND;
  await openedAt(app, base - DAY, m.id);
  const instant = (k: number) => base + k * MINUTE;
  const amountOf = (i: number) => `${(i % 13) + 1}.${String(i % 100).padStart(2, '0')}`;
  const entries: { at: number; minor: bigint }[] = [];
  const items = Array.from({ length: 1000 }, (_, i) => {
    entries.push({ at: instant(Math.floor(i / 3)), minor: minor(amountOf(i)) });
    return { accountId: m.id, amount: amountOf(i), category: 'public_labour', occurredAt: iso8601(instant(Math.floor(i / 3))) };
  });
  const started = performance.now();
  const res = await c.post('/v1/earnings/batch', { items });
  t.equal(res.statusCode, 201, `a batch of exactly 1000 is accepted: ${res.statusCode}`);
  t.comment(`${engine}: a batch of 1000 earnings took ${(performance.now() - started).toFixed(0)} ms`);
  const instants = Math.ceil(1000 / 3);

  // Every sixth instant, the instants around each multiple of 256 entries (where checkpoints
  // fall), moments between instants, just before instants, and before/after everything.
  const points = (): number[] => {
    const out = new Set([base - 1, instant(instants) + HOUR]);
    for (let k = 0; k < instants; k++) {
      const nearCheckpoint = Math.abs(((3 * k) % 256) - 128) >= 124;
      if (k % 6 === 0 || nearCheckpoint) out.add(instant(k));
      if (k % 18 === 0 || nearCheckpoint) out.add(instant(k) + 30 * SECOND).add(instant(k) - 1);
    }
    for (const e of entries.slice(1000)) out.add(e.at).add(e.at - 1);
    return [...out];
  };
  const check = async (label: string) => {
    const asked = points();
    const found = await mapLimit(asked, 8, async (at) => (await balanceAt(m.id, iso8601(at))).balance);
    const wanted = asked.map((at) => expectedAt(entries, at));
    const wrong = asked.map((at, i) => [iso8601(at), found[i], wanted[i]]).filter(([, a, b]) => a !== b);
    t.same(wrong.slice(0, 5), [], `${label}: all ${asked.length} answers right (first wrong ones: [asOf, got, wanted])`);
    t.equal(wrong.length, 0, `${label}: ${wrong.length} wrong answers`);
    t.equal((await balanceAt(m.id)).balance, (await getAccount(c, m.id)).balance, `${label}: without asOf = GET account`);
    const stale = (await checkpointsOf()).filter((cp) => cp.balance !== String(minor(expectedAt(entries, Date.parse(cp.asOf)))));
    t.same(stale, [], `${label}: every checkpoint there is holds the balance as of its instant`);
  };

  const early = await checkpointsOf();
  t.same(early, [], 'no checkpoint yet: the background writer is off');
  await check('from entries only');

  const written = await app.services.jobs.checkpoints();
  t.comment(`runCheckpoints wrote ${written}`);
  const cps = await checkpointsOf();
  t.ok(cps.length >= 3, `checkpoints exist for the account (${cps.length}; one every 256 entries)`);
  await check('with checkpoints');

  // A backdated entry between instants 100 and 101: later checkpoints no longer hold.
  const xAt = instant(100) + 20 * SECOND;
  await postOk(c, '/v1/earnings', { accountId: m.id, amount: '1000.00', category: 'duty_shift', occurredAt: iso8601(xAt) });
  entries.push({ at: xAt, minor: 100_000n });
  const afterX = await checkpointsOf();
  t.same(afterX.filter((cp) => Date.parse(cp.asOf) >= xAt), [], 'checkpoints at or after the backdated entry are dropped');
  t.ok(afterX.some((cp) => Date.parse(cp.asOf) < xAt), 'checkpoints before it stay');
  t.equal((await balanceAt(m.id, iso8601(xAt - 1))).balance, expectedAt(entries, xAt - 1), 'just before it: unchanged');
  t.equal((await balanceAt(m.id, iso8601(xAt))).balance, expectedAt(entries, xAt), 'at it: included');
  await check('after a backdated entry, before new checkpoints');
  await app.services.jobs.checkpoints();
  t.ok((await checkpointsOf()).length >= 3, 'checkpoints written again');
  await check('after a backdated entry and new checkpoints');

  // A backdated entry at exactly a checkpoint's instant.
  const last = (await checkpointsOf()).at(-1);
  t.ok(last, 'there is a latest checkpoint');
  const yAt = Date.parse(last!.asOf);
  await postOk(c, '/v1/earnings', { accountId: m.id, amount: '0.07', category: 'donation', occurredAt: iso8601(yAt) });
  entries.push({ at: yAt, minor: 7n });
  t.notOk((await checkpointsOf()).some((cp) => Date.parse(cp.asOf) === yAt), 'the checkpoint it falsifies is dropped');
  t.equal((await balanceAt(m.id, iso8601(yAt))).balance, expectedAt(entries, yAt), "at the checkpoint's instant: included");
  t.equal((await balanceAt(m.id, iso8601(yAt - 1))).balance, expectedAt(entries, yAt - 1), 'a millisecond before: not');
  await check('after an entry at a checkpoint instant');
  await app.services.jobs.checkpoints();
  await check('after that and new checkpoints');
  t.equal((await getAccount(c, m.id)).balance, expectedAt(entries, Date.now()), 'the balance now counts all 1,002 entries');
});
