import t from 'tap';
import { buildTestApp, client, fixture, HISTORY_ENV, openedAt } from '../helpers/app.js';
import { post201, seededRandom, seedFromEnv } from '../helpers/audit.js';
import { accountIdByCode, minor, money, type T } from '../helpers/contract.js';

/**
 * The trial balance (every account, total exactly "0.00", now and as of a past moment) and
 * the earnings report for notice boards (by category and by resident, ranked, net of
 * reversals, bounded by from/to). On PostgreSQL other files post at the same time: the
 * checks are scoped to this file's accounts, its own category, and instants in 2019 that
 * nobody else uses. History in 2019 is earnings dated back into accounts opened then; what
 * residents spend takes effect when it is recorded.
 */

const app = await buildTestApp(HISTORY_ENV);
t.teardown(() => app.close());
const c = client(app);
const f = fixture(c);
const seed = seedFromEnv();
const random = seededRandom(seed);
t.comment(`AUDIT_SEED=${seed}`);

interface TrialBalance {
  asOf: string;
  accounts: { accountId: string; code: string; name: string; kind: string; balance: string }[];
  total: string;
}

interface EarningsRow {
  rank: number;
  key: string;
  name: string;
  total: string;
  earnings: number;
  reversals: number;
  residents: number;
}

interface EarningsReport {
  from: string | null;
  to: string | null;
  groupBy: 'category' | 'account';
  rows: EarningsRow[];
  total: string;
}

async function trialBalance(asOf?: string): Promise<TrialBalance> {
  const res = await c.get(`/v1/reports/trial-balance${asOf ? `?asOf=${encodeURIComponent(asOf)}` : ''}`);
  if (res.statusCode !== 200) throw new Error(`trial balance -> ${res.statusCode} ${res.body}`);
  return res.json() as TrialBalance;
}

async function earnings(params: Record<string, string>): Promise<EarningsReport> {
  const res = await c.get(`/v1/reports/earnings?${new URLSearchParams(params).toString()}`);
  if (res.statusCode !== 200) throw new Error(`earnings report -> ${res.statusCode} ${res.body}`);
  return res.json() as EarningsReport;
}

async function newCategory(prefix: string): Promise<{ code: string; name: string }> {
  const code = `${prefix}_${process.pid.toString(36)}_${Date.now().toString(36)}_${Math.floor(random() * 1e4)}`.slice(0, 32);
  const name = `公益 ${code}`;
  await post201(c, '/v1/categories', { code, name });
  return { code, name };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();
/** A random instant (to the second) in a half of 2019: days of history no other test file writes. */
const in2019 = (half: 0 | 1) =>
  Date.UTC(2019, half * 6 + Math.floor(random() * 6), 1 + Math.floor(random() * 27), Math.floor(random() * 24), Math.floor(random() * 60), Math.floor(random() * 60));
/** For the trial balance as of a moment. */
const pastDay = in2019(0);
/** For the notice board's window. */
const boardDay = in2019(1);

function checkRanked(t: T, r: EarningsReport, label: string) {
  t.same(
    r.rows.map((row) => row.rank),
    r.rows.map((_, i) => i + 1),
    `${label}: ranks 1..${r.rows.length}`,
  );
  t.ok(
    r.rows.every((row, i) => i === 0 || minor((r.rows[i - 1] as EarningsRow).total) >= minor(row.total)),
    `${label}: highest total first`,
  );
  t.equal(r.total, money(r.rows.reduce((s, row) => s + minor(row.total), 0n)), `${label}: total is the sum of the rows`);
}

t.test('the trial balance now: every account once, total exactly "0.00", ours as GET answers', async (t) => {
  const a = await f.member('120');
  const b = await f.member('3.33');
  const shop = await f.merchant();
  await post201(c, '/v1/redemptions', { accountId: a.id, merchantAccountId: shop.id, amount: '17.89' });
  await post201(c, '/v1/transfers', { fromAccountId: a.id, toAccountId: b.id, amount: '0.01' });
  await post201(c, '/v1/transfers', { fromAccountId: b.id, toAccountId: await accountIdByCode(c, 'SYS-DONATION-POOL'), amount: '1' });

  const tb = await trialBalance();
  t.equal(tb.total, '0.00', 'total is exactly "0.00"');
  t.equal(tb.accounts.reduce((s, x) => s + minor(x.balance), 0n), 0n, 'and the balances listed do sum to zero');
  t.match(tb.asOf, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'asOf is a UTC timestamp');
  t.equal(new Set(tb.accounts.map((x) => x.accountId)).size, tb.accounts.length, 'each account once');
  for (const code of ['SYS-ISSUE-PUBLIC-LABOUR', 'SYS-ISSUE-DUTY-SHIFT', 'SYS-ISSUE-DONATION', 'SYS-DONATION-POOL', 'SYS-ADJUSTMENTS']) {
    t.ok(tb.accounts.some((x) => x.code === code && x.kind === 'system'), `lists ${code}`);
  }
  for (const [label, id, want] of [
    ['member a', a.id, '102.10'],
    ['member b', b.id, '2.34'],
    ['merchant', shop.id, '17.89'],
  ] as const) {
    const row = tb.accounts.find((x) => x.accountId === id);
    const api = (await c.get(`/v1/accounts/${id}`)).json() as { balance: string; code: string; kind: string };
    t.same(row && [row.balance, row.code, row.kind], [api.balance, api.code, api.kind], `${label}: as GET /v1/accounts/{id} answers`);
    t.equal(api.balance, want, `${label}: ${want}`);
  }
  // This database is ours alone: the issuance account is minus what was issued.
  const issued = tb.accounts.find((x) => x.code === 'SYS-ISSUE-PUBLIC-LABOUR');
  t.equal(issued?.balance, '-123.33', 'SYS-ISSUE-PUBLIC-LABOUR is minus the 123.33 issued');
});

t.test('the trial balance as of a past moment', async (t) => {
  const a = await f.member();
  const b = await f.member();
  const shop = await f.merchant();
  await openedAt(app, pastDay - DAY, a.id, b.id);
  const at = (h: number) => iso(pastDay + h * HOUR);
  const moves: { at: string; legs: [string, bigint][] }[] = [];
  const issuance = await accountIdByCode(c, 'SYS-ISSUE-DUTY-SHIFT');
  const earn = async (id: string, amount: string, h: number) => {
    await post201(c, '/v1/earnings', { accountId: id, amount, category: 'duty_shift', occurredAt: at(h) });
    moves.push({ at: at(h), legs: [[id, minor(amount)], [issuance, -minor(amount)]] });
  };
  await earn(a.id, '40.00', 1);
  await earn(b.id, '15.50', 2);
  // Spending takes effect now, after the history.
  const gift = await post201<{ occurredAt: string }>(c, '/v1/transfers', { fromAccountId: a.id, toAccountId: b.id, amount: '2.25' });
  moves.push({ at: gift.occurredAt, legs: [[a.id, -225n], [b.id, 225n]] });
  const sale = await post201<{ occurredAt: string }>(c, '/v1/redemptions', { accountId: b.id, merchantAccountId: shop.id, amount: '10' });
  moves.push({ at: sale.occurredAt, legs: [[b.id, -1000n], [shop.id, 1000n]] });
  await earn(a.id, '1.01', 5);

  const asOfModel = (asOf: string, id: string) => moves.filter((m) => m.at <= asOf).reduce((s, m) => s + m.legs.filter(([x]) => x === id).reduce((u, [, v]) => u + v, 0n), 0n);
  for (const asOf of [at(0), at(1), iso(pastDay + 2 * HOUR - 1), at(2), at(3), at(4), iso(pastDay + 4.5 * HOUR), at(5), gift.occurredAt, sale.occurredAt]) {
    const tb = await trialBalance(asOf);
    t.equal(tb.total, '0.00', `as of ${asOf}: total "0.00"`);
    t.equal(tb.asOf, asOf, `as of ${asOf}: says so`);
    t.equal(tb.accounts.reduce((s, x) => s + minor(x.balance), 0n), 0n, `as of ${asOf}: balances sum to zero`);
    for (const [label, id] of [
      ['a', a.id],
      ['b', b.id],
      ['merchant', shop.id],
    ] as const) {
      const row = tb.accounts.find((x) => x.accountId === id);
      const api = (await c.get(`/v1/accounts/${id}/balance?asOf=${encodeURIComponent(asOf)}`)).json() as { balance: string };
      t.same([row?.balance, api.balance], [money(asOfModel(asOf, id)), money(asOfModel(asOf, id))], `as of ${asOf}: ${label} as posted and as GET balance?asOf answers`);
    }
  }
  const now = await trialBalance();
  t.same(
    [a.id, b.id, shop.id].map((id) => now.accounts.find((x) => x.accountId === id)?.balance),
    ['38.76', '7.75', '10.00'],
    'now: the final balances',
  );
  const bad = await c.get('/v1/reports/trial-balance?asOf=not-a-time');
  t.equal(bad.statusCode, 400, 'asOf that is not a timestamp: 400');
});

t.test('earnings for the notice board: by category and by resident, ranked, within from/to', async (t) => {
  const own = await newCategory('board');
  const [m1, m2, m3, m4, m5] = await Promise.all([1, 2, 3, 4, 5].map(() => f.member()));
  if (!m1 || !m2 || !m3 || !m4 || !m5) throw new Error('members');
  const from = boardDay;
  const to = boardDay + DAY;
  await openedAt(app, from - DAY, m1.id, m2.id, m3.id, m4.id, m5.id);
  const earn = (id: string, amount: string, category: string, at: number) =>
    post201(c, '/v1/earnings', { accountId: id, amount, category, occurredAt: iso(at), description: 'board test' });
  await earn(m1.id, '10', 'public_labour', from); // exactly at from: in
  await earn(m2.id, '5.5', 'public_labour', from + HOUR);
  await earn(m1.id, '3', 'duty_shift', from + 2 * HOUR);
  await earn(m3.id, '7.25', 'duty_shift', from + 3 * HOUR);
  await earn(m2.id, '1', 'donation', from + 4 * HOUR);
  await earn(m4.id, '20', own.code, from + 5 * HOUR);
  await earn(m5.id, '6.5', own.code, to - 1); // the last millisecond: in
  await earn(m5.id, '100', own.code, to); // exactly at to: out
  await earn(m1.id, '100', 'public_labour', from - 1); // just before from: out
  // Not an earning: an adjustment in the window changes nothing (redemptions and gifts, which
  // take effect now, are in the next test's window).
  await post201(c, '/v1/transactions', {
    entries: [
      { accountId: m3.id, amount: '50' },
      { accountId: await accountIdByCode(c, 'SYS-ADJUSTMENTS'), amount: '-50' },
    ],
    description: 'opening balance',
    occurredAt: iso(from + 8 * HOUR),
  });

  const window = { from: iso(from), to: iso(to) };
  const byCategory = await earnings({ ...window, groupBy: 'category' });
  checkRanked(t, byCategory, 'by category');
  t.same([byCategory.from, byCategory.to, byCategory.groupBy], [window.from, window.to, 'category'], 'echoes the period and grouping');
  t.same(
    byCategory.rows.map((r) => [r.key, r.name, r.total, r.earnings, r.reversals, r.residents]),
    [
      [own.code, own.name, '26.50', 2, 0, 2],
      ['public_labour', '公益劳动', '15.50', 2, 0, 2],
      ['duty_shift', '管理责任', '10.25', 2, 0, 2],
      ['donation', '公益捐赠', '1.00', 1, 0, 1],
    ],
    'per category: total, earnings, reversals and residents, highest first; from is in, to is out',
  );
  t.equal(byCategory.total, '53.25', 'total of the window');

  const byAccount = await earnings({ ...window, groupBy: 'account' });
  checkRanked(t, byAccount, 'by resident');
  t.same(
    byAccount.rows.map((r) => [r.key, r.total, r.earnings, r.reversals, r.residents]),
    [
      [m4.id, '20.00', 1, 0, 1],
      [m1.id, '13.00', 2, 0, 1],
      [m3.id, '7.25', 1, 0, 1],
      ...[
        [m2.id, '6.50', 2, 0, 1],
        [m5.id, '6.50', 1, 0, 1],
      ].sort((x, y) => ((x[0] as string) < (y[0] as string) ? -1 : 1)),
    ],
    'per resident: ranked by total (ties in a stable order)',
  );
  t.ok(
    byAccount.rows.every((r) => [m1, m2, m3, m4, m5].some((m) => r.name.includes(m.code))),
    "each resident's row is named with the card number",
  );
  t.equal(byAccount.total, byCategory.total, 'both groupings add up to the same total');

  const narrower = await earnings({ from: iso(from + HOUR), to: iso(from + 3 * HOUR), groupBy: 'category' });
  t.same(
    narrower.rows.map((r) => [r.key, r.total]),
    [
      ['public_labour', '5.50'],
      ['duty_shift', '3.00'],
    ],
    'a narrower window: only what falls in it',
  );
  const defaulted = await earnings(window);
  t.equal(defaulted.groupBy, 'category', 'groupBy defaults to category');
  t.same(defaulted.rows, byCategory.rows, 'and says the same');

  const empty = await earnings({ from: iso(from - 2 * HOUR), to: iso(from - 1), groupBy: 'account' });
  t.same(
    empty.rows.map((r) => [r.key, r.total]),
    [],
    'an hour of 2019 with nothing in it',
  );
  const invalid: Record<string, string>[] = [{ groupBy: 'resident' }, { from: 'yesterday' }, { to: '2019-13-01T00:00:00Z' }];
  for (const bad of invalid) {
    const res = await c.get(`/v1/reports/earnings?${new URLSearchParams(bad).toString()}`);
    t.equal(res.statusCode, 400, `${JSON.stringify(bad)}: 400`);
  }
});

t.test('earnings totals are net of reversals', async (t) => {
  const own = await newCategory('rev');
  const r1 = await f.member();
  const r2 = await f.member();
  const shop = await f.merchant();
  const from = iso(Date.now() - 1000);
  const e1 = await post201<{ id: string }>(c, '/v1/earnings', { accountId: r1.id, amount: '30', category: own.code });
  const e2 = await post201<{ id: string }>(c, '/v1/earnings', { accountId: r1.id, amount: '12', category: own.code });
  await post201(c, '/v1/earnings', { accountId: r2.id, amount: '9.99', category: own.code });
  await post201(c, `/v1/transactions/${e1.id}/reversals`, { amount: '4.5', reason: 'half an hour too many' });
  await post201(c, `/v1/transactions/${e2.id}/reversals`, { reason: 'never happened' });
  // A reversed redemption is not an earning: it must not count.
  const sale = await post201<{ id: string }>(c, '/v1/redemptions', { accountId: r2.id, merchantAccountId: shop.id, amount: '5' });
  await post201(c, `/v1/transactions/${sale.id}/reversals`, { reason: 'returned' });
  // Nor is a gift.
  await post201(c, '/v1/transfers', { fromAccountId: r1.id, toAccountId: r2.id, amount: '1' });
  const to = iso(Date.now() + 1000);

  const byCategory = await earnings({ from, to, groupBy: 'category' });
  const row = byCategory.rows.find((r) => r.key === own.code);
  t.same(
    row && [row.total, row.earnings, row.reversals, row.residents],
    ['35.49', 3, 2, 2],
    'our category: 30 + 12 + 9.99 - 4.50 - 12.00, three earnings, two reversals, two residents',
  );
  checkRanked(t, byCategory, 'by category, net');
  const byAccount = await earnings({ from, to, groupBy: 'account' });
  t.same(
    [r1.id, r2.id].map((id) => {
      const r = byAccount.rows.find((x) => x.key === id);
      return r && [r.total, r.earnings, r.reversals];
    }),
    [
      ['25.50', 2, 2],
      ['9.99', 1, 0],
    ],
    'per resident, net of reversals',
  );
  checkRanked(t, byAccount, 'by resident, net');
  const r1Rank = byAccount.rows.find((x) => x.key === r1.id)?.rank ?? 0;
  const r2Rank = byAccount.rows.find((x) => x.key === r2.id)?.rank ?? 0;
  t.ok(r1Rank > 0 && r1Rank < r2Rank, 'r1 (25.50 net) ranks above r2 (9.99)');
});
