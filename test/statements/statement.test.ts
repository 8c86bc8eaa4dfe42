import { sql } from 'drizzle-orm';
import t from 'tap';
import { buildTestApp, client, fixture, HISTORY_ENV, openedAt, uniqueCode } from '../helpers/app.js';
import { csvRecords, post201, seededRandom, seedFromEnv } from '../helpers/audit.js';
import { expectProblem, minor, money, type T } from '../helpers/contract.js';

/**
 * The passbook (statement): every page balances, pages join exactly, `from`/`to`/`asOf`
 * boundaries are exact, CSV says what JSON says, and balance checkpoints change nothing.
 * History is earnings dated back into accounts opened back then; spending takes effect when
 * it is recorded.
 */

// Checkpoints only when this file writes them (other files' apps on PostgreSQL may still do).
const app = await buildTestApp({ CHECKPOINT_INTERVAL_MS: '0', ...HISTORY_ENV });
t.teardown(() => app.close());
const c = client(app);
const f = fixture(c);
const seed = seedFromEnv();
const random = seededRandom(seed);
t.comment(`AUDIT_SEED=${seed}`);

interface Line {
  transactionId: string;
  occurredAt: string;
  kind: string;
  description: string | null;
  category: string | null;
  reference: string | null;
  amount: string;
  balanceAfter: string;
}

interface Statement {
  accountId: string;
  code: string;
  name: string;
  from: string | null;
  to: string;
  openingBalance: string;
  closingBalance: string;
  totalIn: string;
  totalOut: string;
  lines: Line[];
  nextCursor: string | null;
}

interface Txn {
  id: string;
  kind: string;
  occurredAt: string;
  entries: { accountId: string; amount: string }[];
}

function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

async function statement(accountId: string, params: Record<string, string | number | undefined> = {}): Promise<Statement> {
  const res = await c.get(`/v1/accounts/${accountId}/statement${query(params)}`);
  if (res.statusCode !== 200) throw new Error(`statement ${JSON.stringify(params)} -> ${res.statusCode} ${res.body}`);
  return res.json() as Statement;
}

async function balanceAsOf(accountId: string, asOf: string): Promise<string> {
  const res = await c.get(`/v1/accounts/${accountId}/balance?asOf=${encodeURIComponent(asOf)}`);
  if (res.statusCode !== 200) throw new Error(`balance asOf ${asOf} -> ${res.statusCode} ${res.body}`);
  return res.json().balance as string;
}

const PAGE_KEYS = ['accountId', 'code', 'name', 'from', 'to', 'openingBalance', 'closingBalance', 'totalIn', 'totalOut', 'lines', 'nextCursor'];
const LINE_KEYS = ['transactionId', 'occurredAt', 'kind', 'description', 'category', 'reference', 'amount', 'balanceAfter'];

/**
 * The page says exactly what the documented Statement schema says, no field more or less
 * (the service writes this answer itself, not through the schema).
 */
/** Whether a page is the last of its statement (no nextCursor) or has more after it. */
type Next = 'last' | 'more';

function checkShape(t: T, p: Statement, label: string, next: Next): boolean {
  const stray = p.lines.flatMap((l) => {
    const bad: string[] = [];
    if (JSON.stringify(Object.keys(l)) !== JSON.stringify(LINE_KEYS)) bad.push(`keys ${Object.keys(l).join(',')}`);
    if (!/^txn_[0-9A-HJKMNP-TV-Z]{26}$/.test(l.transactionId)) bad.push(`transactionId ${l.transactionId}`);
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(l.occurredAt)) bad.push(`occurredAt ${l.occurredAt}`);
    for (const k of ['description', 'category', 'reference'] as const) if (l[k] !== null && typeof l[k] !== 'string') bad.push(`${k} ${String(l[k])}`);
    if (typeof l.kind !== 'string') bad.push(`kind ${String(l.kind)}`);
    minor(l.amount);
    minor(l.balanceAfter);
    return bad.map((b) => `${l.transactionId}: ${b}`);
  });
  for (const k of ['openingBalance', 'closingBalance', 'totalIn', 'totalOut'] as const) minor(p[k]);
  return (
    t.same(Object.keys(p), PAGE_KEYS, `${label}: the page has the documented fields`) &&
    t.same(stray, [], `${label}: every line has the documented fields, well formed`) &&
    (next === 'last'
      ? t.equal(p.nextCursor, null, `${label}: the last page: nextCursor is null`)
      : t.ok(typeof p.nextCursor === 'string' && p.nextCursor.length > 0, `${label}: more pages follow: nextCursor is a cursor`))
  );
}

/** Every page's own arithmetic: opening + in - out = closing, each line = previous + amount. */
function checkPage(t: T, p: Statement, label: string, next: Next): boolean {
  const shaped = checkShape(t, p, label, next);
  let running = minor(p.openingBalance);
  let totalIn = 0n;
  let totalOut = 0n;
  const bad: string[] = [];
  for (const l of p.lines) {
    const a = minor(l.amount);
    running += a;
    if (a > 0n) totalIn += a;
    else totalOut -= a;
    if (money(running) !== l.balanceAfter) bad.push(`${l.transactionId}: ${l.balanceAfter}, expected ${money(running)}`);
  }
  const ok =
    t.same(bad, [], `${label}: each balanceAfter is the previous one plus the amount`) &&
    t.equal(p.totalIn, money(totalIn), `${label}: totalIn is the sum of credits`) &&
    t.equal(p.totalOut, money(totalOut), `${label}: totalOut is the sum of debits`) &&
    t.equal(minor(p.openingBalance) + minor(p.totalIn) - minor(p.totalOut), minor(p.closingBalance), `${label}: opening + in - out = closing`) &&
    t.equal(p.closingBalance, p.lines.length > 0 ? p.lines[p.lines.length - 1]?.balanceAfter : p.openingBalance, `${label}: closing is the last balance`);
  const times = p.lines.map((l) => l.occurredAt);
  return t.same(times, [...times].sort(), `${label}: oldest first`) && ok && shaped;
}

/** The statement walked page by page with `limit`, checking each page and each join. */
async function walk(t: T, accountId: string, params: Record<string, string | undefined>, limit: number): Promise<{ pages: Statement[]; lines: Line[] }> {
  const pages: Statement[] = [];
  let cursor: string | undefined;
  let bad = 0;
  do {
    const p = await statement(accountId, { ...params, limit, cursor });
    // Quiet per page; one assertion per kind of failure below.
    let running = minor(p.openingBalance);
    for (const l of p.lines) running += minor(l.amount);
    if (money(running) !== p.closingBalance || (p.lines.length > 0 && p.lines[p.lines.length - 1]?.balanceAfter !== p.closingBalance)) bad += 1;
    if (p.lines.length > limit) bad += 1;
    const prev = pages[pages.length - 1];
    if (prev && prev.closingBalance !== p.openingBalance) bad += 1;
    pages.push(p);
    cursor = p.nextCursor ?? undefined;
    if (pages.length > 5000) throw new Error('too many pages');
  } while (cursor);
  t.equal(bad, 0, `limit=${limit}: ${pages.length} pages, each balances and opens where the one before closed`);
  return { pages, lines: pages.flatMap((p) => p.lines) };
}

function sameStatement(t: T, got: Statement, want: Statement, label: string) {
  t.same(
    { ...got, lines: got.lines.length },
    { ...want, lines: want.lines.length },
    `${label}: same opening, totals, closing, period`,
  );
  t.same(got.lines, want.lines, `${label}: same lines, order and balances`);
}

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** A random ms instant of a random day in a year nobody else posts to. */
function randomBase(year: number): number {
  return Date.UTC(year, Math.floor(random() * 10), 1 + Math.floor(random() * 20), Math.floor(random() * 12));
}

t.test('a small passbook: every page balances, pages of 1 join to the whole, CSV says the same', async (t) => {
  const a = await f.member();
  const b = await f.member('100');
  const shop = await f.merchant();
  const base = randomBase(2023);
  await openedAt(app, base - DAY, a.id);
  const posted: Txn[] = [];
  const earn = async (amount: string, at: number, description?: string) =>
    posted.push(await post201<Txn>(c, '/v1/earnings', { accountId: a.id, amount, category: 'public_labour', occurredAt: iso(at), description }));
  await earn('50', base);
  await earn('20.5', base + DAY, '扫雪, "east" gate');
  await earn('3.25', base + DAY, 'same instant as the one before');
  await earn('1', base + 5 * DAY, '-1 looks like a number but is text');
  // What takes points out takes effect now, after the history.
  posted.push(await post201<Txn>(c, '/v1/transfers', { fromAccountId: a.id, toAccountId: b.id, amount: '7.75', description: 'gift\nwith a line break' }));
  posted.push(await post201<Txn>(c, '/v1/redemptions', { accountId: a.id, merchantAccountId: shop.id, amount: '12', description: '=SUM(A1:A9)' }));
  posted.push(await post201<Txn>(c, '/v1/transfers', { fromAccountId: b.id, toAccountId: a.id, amount: '30' }));
  posted.push(await post201<Txn>(c, `/v1/transactions/${(posted[1] as Txn).id}/reversals`, { amount: '0.5', reason: '冲正 part' }));
  const hold = await post201<{ id: string }>(c, '/v1/holds', { accountId: a.id, merchantAccountId: shop.id, amount: '9' });
  posted.push(await post201<Txn>(c, `/v1/holds/${hold.id}/capture`, { amount: '4.4' }));
  const to = iso(Date.now() + 1);

  const full = await statement(a.id, { to, limit: 200 });
  checkPage(t, full, 'whole statement', 'last');
  t.equal(full.lines.length, posted.length, `one line per entry (${posted.length})`);
  t.equal(full.openingBalance, '0.00', 'opens at zero without from');
  t.equal(full.from, null, 'from is null when not given');
  t.equal(full.to, to, 'to as given');
  t.equal(full.nextCursor, null, 'one page');
  t.equal(full.closingBalance, (await c.get(`/v1/accounts/${a.id}`)).json().balance, 'closes at the account balance');
  t.same(
    full.lines.map((l) => `${l.transactionId} ${l.amount}`).sort(),
    posted.map((p) => `${p.id} ${p.entries.find((e) => e.accountId === a.id)?.amount}`).sort(),
    'the lines are our postings with their signed amounts',
  );
  const sameInstant = full.lines.filter((l) => l.occurredAt === iso(base + DAY));
  t.equal(sameInstant.length, 2, 'two lines at the same instant');
  t.same(
    [full.code, full.name, full.accountId],
    [a.code, `member ${a.code}`, a.id],
    'account code, name and id',
  );

  const ones = await walk(t, a.id, { to }, 1);
  t.equal(ones.pages.length, posted.length, 'one page per line');
  t.same(ones.lines, full.lines, 'pages of 1 joined: the same lines, order and balances');
  t.equal(ones.pages[0]?.openingBalance, full.openingBalance, 'the first page opens as the statement does');
  t.equal(ones.pages[ones.pages.length - 1]?.closingBalance, full.closingBalance, 'the last page closes as the statement does');
  t.equal(ones.pages[ones.pages.length - 1]?.nextCursor, null, 'the last page has no next cursor');

  const threes = await walk(t, a.id, { to, from: iso(base + DAY) }, 3);
  const window = await statement(a.id, { to, from: iso(base + DAY), limit: 200 });
  checkPage(t, window, 'from the second day', 'last');
  t.same(threes.lines, window.lines, 'pages of 3 from the second day join to that statement');
  t.equal(window.openingBalance, '50.00', 'which opens with the first day');

  // CSV, parsed properly (quoted fields, line breaks inside quotes).
  const res = await c.get(`/v1/accounts/${a.id}/statement?to=${encodeURIComponent(to)}`, { accept: 'text/csv' });
  t.equal(res.statusCode, 200, 'CSV: 200');
  t.match(String(res.headers['content-type']), /^text\/csv; charset=utf-8/i, 'CSV: text/csv in UTF-8');
  t.match(String(res.headers['content-disposition'] ?? ''), /attachment; filename=".*\.csv"/, 'CSV: an attachment with a file name');
  t.equal(res.rawPayload.subarray(0, 3).toString('hex'), 'efbbbf', 'CSV: starts with the UTF-8 BOM bytes');
  const { header, records } = csvRecords(res.body.replace(/^\uFEFF/, ''));
  t.same(header, ['account_code', 'account_name', 'occurred_at', 'transaction_id', 'kind', 'category', 'description', 'amount', 'in', 'out', 'balance_after'], 'CSV header');
  t.equal(records.length, full.lines.length, 'CSV: one line per entry');
  const guarded = (d: string | null) => (d === null ? '' : /^[=+\-@]/.test(d) && !/^-?[0-9]+(\.[0-9]+)?$/.test(d) ? `'${d}` : d);
  t.same(
    records,
    full.lines.map((l) => ({
      account_code: a.code,
      account_name: `member ${a.code}`,
      occurred_at: l.occurredAt,
      transaction_id: l.transactionId,
      kind: l.kind,
      category: l.category ?? '',
      description: guarded(l.description),
      amount: l.amount,
      in: minor(l.amount) > 0n ? l.amount : '',
      out: minor(l.amount) < 0n ? money(-minor(l.amount)) : '',
      balance_after: l.balanceAfter,
    })),
    'CSV: every figure equals the JSON (a text starting with = is neutralised for spreadsheets)',
  );
  t.ok(records.some((r) => r.description === '扫雪, "east" gate'), 'CSV: comma and quotes survive quoting');
  t.ok(records.some((r) => r.description === 'gift\nwith a line break'), 'CSV: a line break survives quoting');
});

t.test('from and to are exact; opening counts everything before from; balance asOf agrees with the statement', async (t) => {
  const m = await f.member();
  const from = randomBase(2022);
  const to = from + 3 * DAY;
  await openedAt(app, from - DAY, m.id);
  const at = [from - 1, from, from + 5_000, to - 1, to, to + 1];
  const amounts = ['1.00', '2.00', '4.00', '8.00', '16.00', '32.00'];
  for (const [i, ms] of at.entries()) {
    await post201(c, '/v1/earnings', { accountId: m.id, amount: amounts[i], category: 'duty_shift', occurredAt: iso(ms) });
  }
  const s = await statement(m.id, { from: iso(from), to: iso(to) });
  checkPage(t, s, '[from, to)', 'last');
  t.equal(s.openingBalance, '1.00', 'opening: the entry 1 ms before from');
  t.same(
    s.lines.map((l) => [l.occurredAt, l.amount]),
    [
      [iso(from), '2.00'],
      [iso(from + 5_000), '4.00'],
      [iso(to - 1), '8.00'],
    ],
    'the entry exactly at from is in, the one exactly at to is out',
  );
  t.equal(s.closingBalance, '15.00', 'closing');
  t.same([s.from, s.to], [iso(from), iso(to)], 'the period as asked');

  const shifted = await statement(m.id, { from: iso(from + 1), to: iso(to + 1) });
  t.equal(shifted.openingBalance, '3.00', 'from 1 ms later: the entry at from moves to the opening');
  t.same(shifted.lines.map((l) => l.amount), ['4.00', '8.00', '16.00'], 'and the entry at the old to comes in');

  const points = [from - 2, ...at.flatMap((ms) => [ms - 1, ms, ms + 1]), to + 10];
  const mismatches: string[] = [];
  for (const x of points) {
    const asOf = await balanceAsOf(m.id, iso(x));
    const closing = (await statement(m.id, { to: iso(x + 1) })).closingBalance;
    const expected = money(at.reduce((sum, ms, i) => (ms <= x ? sum + minor(amounts[i] as string) : sum), 0n));
    if (asOf !== closing || asOf !== expected) mismatches.push(`${iso(x)}: asOf ${asOf}, statement closing ${closing}, expected ${expected}`);
  }
  t.same(mismatches, [], `balance?asOf=X equals the statement closing for to=X+1ms, at ${points.length} instants around every entry`);

  const past = await statement(m.id, { to: iso(from - 1) });
  t.same([past.openingBalance, past.lines.length, past.closingBalance], ['0.00', 0, '0.00'], 'to exactly at the first entry: empty');

  const total = money(amounts.reduce((sum, a) => sum + minor(a), 0n));
  const later = await statement(m.id, { from: iso(to + 100), to: iso(to + 200) });
  checkPage(t, later, 'a period after the last entry', 'last');
  t.same([later.openingBalance, later.lines.length, later.closingBalance, later.nextCursor], [total, 0, total, null], 'a period after the last entry: no lines, opening and closing at the whole balance');
});

t.test('bounds finer than a millisecond are refused, never rounded; at the millisecond they are exact', async (t) => {
  const m = await f.member();
  const from = randomBase(2022);
  const to = from + DAY;
  await openedAt(app, from - DAY, m.id);
  for (const [ms, amount] of [
    [from - 1, '1'],
    [from, '2'],
    [from + 5_000, '4'],
    [to - 1, '8'],
  ] as const) {
    await post201(c, '/v1/earnings', { accountId: m.id, amount, category: 'duty_shift', occurredAt: iso(ms) });
  }
  // Entries are stored to the millisecond: a bound of from + 0.5 ms, rounded either way,
  // would move the entry at `from` in or out of the period. The contract (TimestampInput)
  // allows at most three fractional digits, so such a bound is refused, whichever bound it is.
  const subMs = iso(from).replace('Z', '5Z');
  expectProblem(t, await c.get(`/v1/accounts/${m.id}/statement${query({ from: subMs, to: iso(to) })}`), 400, 'validation_failed', {
    paths: ['from'],
    label: `from=${subMs}`,
  });
  expectProblem(t, await c.get(`/v1/accounts/${m.id}/statement${query({ from: iso(from - 1), to: subMs })}`), 400, 'validation_failed', {
    paths: ['to'],
    label: `to=${subMs}`,
  });
  const exact = await statement(m.id, { from: iso(from), to: iso(to) });
  t.same(
    exact.lines.map((l) => l.occurredAt),
    [iso(from), iso(from + 5_000), iso(to - 1)],
    `from=${iso(from)}: the entry 1 ms before is out, the one at from is in, the one at to - 1 ms is in`,
  );
});

t.test('invalid cursors and periods are refused with 400', async (t) => {
  const m = await f.member('5');
  const expect400 = async (params: Record<string, string>, label: string) => {
    expectProblem(t, await c.get(`/v1/accounts/${m.id}/statement${query(params)}`), 400, 'validation_failed', { label });
  };
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  await expect400({ cursor: 'not a cursor at all' }, 'garbage cursor');
  await expect400({ cursor: b64({}) }, 'a cursor of nothing');
  await expect400({ cursor: b64({ t: '2024-01-01T00:00:00.000Z', e: 'x' }) }, 'a cursor with a non-numeric position');
  await expect400({ cursor: b64({ t: 'yesterday', e: '12' }) }, 'a cursor with a bad time');
  await expect400({ cursor: b64([1, 2]) }, 'a cursor of an array');
  await expect400({ from: '2024-01-02T00:00:00.000Z', to: '2024-01-02T00:00:00.000Z' }, 'from = to');
  await expect400({ from: '2024-01-03T00:00:00.000Z', to: '2024-01-02T00:00:00.000Z' }, 'from > to');
  await expect400({ from: 'last tuesday' }, 'from not a timestamp');
  await expect400({ limit: '0' }, 'limit 0');
  await expect400({ limit: '201' }, 'limit 201');
  const csv = await c.get(`/v1/accounts/${m.id}/statement?from=2024-01-03T00:00:00.000Z&to=2024-01-02T00:00:00.000Z`, { accept: 'text/csv' });
  t.equal(csv.statusCode, 400, 'CSV with from > to: 400, before any byte of CSV');
});

t.test('balance checkpoints change no statement; a backdated entry moves every later opening', async (t) => {
  const big = await f.member();
  const start = randomBase(2020);
  await openedAt(app, start - DAY, big.id);
  const SPAN = 40 * DAY;
  const instants: number[] = [];
  const items = Array.from({ length: 1100 }, () => {
    // A third of the entries share an instant with an earlier one: checkpoints and page
    // boundaries then fall inside instants.
    const at = instants.length > 0 && random() < 0.35 ? (instants[Math.floor(random() * instants.length)] as number) : start + Math.floor(random() * SPAN);
    instants.push(at);
    return { accountId: big.id, amount: money(1n + BigInt(Math.floor(random() * 2000))), category: 'public_labour', occurredAt: iso(at), description: `shift ${instants.length}` };
  });
  const model = items.map((i) => ({ at: Date.parse(i.occurredAt), amount: minor(i.amount) }));
  for (const chunk of [items.slice(0, 1000), items.slice(1000)]) {
    const res = await c.post('/v1/earnings/batch', { items: chunk });
    t.equal(res.statusCode, 201, `batch of ${chunk.length} earnings posted`);
  }
  const to = iso(start + SPAN + DAY);
  const modelAsOf = (x: number) => model.reduce((s, e) => (e.at <= x ? s + e.amount : s), 0n);
  const checkpointsOf = async (id: string) =>
    Number(((await app.db.db.execute(sql`SELECT count(*)::int AS n FROM balance_checkpoints WHERE account_id = ${id}`)) as unknown as { rows: { n: number }[] }).rows[0]?.n);

  t.equal(await checkpointsOf(big.id), 0, 'no checkpoint yet');

  // Before checkpoints: the whole statement in pages of 200, a page from the middle, a window, balances.
  const before = await walk(t, big.id, { to }, 200);
  t.equal(before.lines.length, 1100, '1100 lines');
  const middleCursor = before.pages[2]?.nextCursor ?? undefined;
  const mid = Date.parse(before.lines[550]?.occurredAt as string);
  const probes = Array.from({ length: 25 }, () => start + Math.floor(random() * SPAN)).concat(instants.slice(0, 10));
  const snapshot = async () => ({
    middle: await statement(big.id, { to, limit: 7, cursor: middleCursor }),
    window: await statement(big.id, { from: iso(mid), to: iso(mid + 5 * DAY), limit: 200 }),
    balances: await Promise.all(probes.map((x) => balanceAsOf(big.id, iso(x)))),
  });
  const beforeSnap = await snapshot();
  checkPage(t, beforeSnap.middle, 'the middle page', 'more');
  t.same(
    beforeSnap.balances,
    probes.map((x) => money(modelAsOf(x))),
    'balances asOf equal the sums of what was posted',
  );

  const written = await app.services.jobs.checkpoints();
  t.comment(`runCheckpoints wrote ${written} checkpoints`);
  const count = await checkpointsOf(big.id);
  t.ok(count >= 4, `the account has checkpoints now (${count}; one per 256 entries)`);

  const afterSnap = await snapshot();
  sameStatement(t, afterSnap.middle, beforeSnap.middle, 'a page in the middle, after checkpoints');
  sameStatement(t, afterSnap.window, beforeSnap.window, 'a window in the middle, after checkpoints');
  t.same(afterSnap.balances, beforeSnap.balances, 'balances asOf, after checkpoints');
  const after = await walk(t, big.id, { to }, 200);
  t.same(after.lines, before.lines, 'the whole statement, after checkpoints');

  // Every instant's last line carries the balance as of that instant.
  const lastOfInstant = after.lines.filter((l, i) => after.lines[i + 1]?.occurredAt !== l.occurredAt);
  t.same(
    lastOfInstant.filter((l) => l.balanceAfter !== money(modelAsOf(Date.parse(l.occurredAt)))).map((l) => l.occurredAt),
    [],
    `the balance after each of ${lastOfInstant.length} instants is the sum of everything up to it`,
  );

  // Pages of 1 across the checkpoint whose instant holds the most entries.
  const checkpoints = (
    (await app.db.db.execute(
      sql`SELECT to_char(cp.as_of AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "asOf",
                 (SELECT count(*)::int FROM entries e WHERE e.account_id = cp.account_id AND e.occurred_at = cp.as_of) AS n
            FROM balance_checkpoints cp WHERE cp.account_id = ${big.id} ORDER BY n DESC, cp.as_of`,
    )) as unknown as { rows: { asOf: string; n: number }[] }
  ).rows;
  const cp = checkpoints[0];
  if (!cp) {
    t.fail('no checkpoint to page across');
  } else {
    t.comment(`paging across the checkpoint at ${cp.asOf}, an instant with ${cp.n} entries`);
    const around = { from: iso(Date.parse(cp.asOf) - DAY / 3), to: iso(Date.parse(cp.asOf) + DAY / 3) };
    const whole = await statement(big.id, { ...around, limit: 200 });
    t.equal(whole.lines.filter((l) => l.occurredAt === cp.asOf).length, cp.n, `the window holds the checkpoint instant ${cp.asOf}`);
    const ones = await walk(t, big.id, around, 1);
    t.same(ones.lines, whole.lines, `pages of 1 across the checkpoint join to the window (${whole.lines.length} lines)`);
    const twos = await walk(t, big.id, around, 2);
    t.same(twos.lines, whole.lines, 'and so do pages of 2');
    const edges = checkpoints.flatMap((k) => [Date.parse(k.asOf) - 1, Date.parse(k.asOf), Date.parse(k.asOf) + 1]);
    t.same(
      await Promise.all(edges.map((x) => balanceAsOf(big.id, iso(x)))),
      edges.map((x) => money(modelAsOf(x))),
      `balance asOf at, just before and just after each of the ${checkpoints.length} checkpoints`,
    );
  }

  // CSV over more than one internal page (the export reads 1000 lines at a time).
  const csv = await c.get(`/v1/accounts/${big.id}/statement?to=${encodeURIComponent(to)}`, { accept: 'text/csv' });
  const { records } = csvRecords(csv.body.replace(/^\uFEFF/, ''));
  t.equal(records.length, 1100, 'CSV: 1100 lines');
  t.same(
    records.map((r) => `${r.transaction_id} ${r.amount} ${r.balance_after}`),
    after.lines.map((l) => `${l.transactionId} ${l.amount} ${l.balanceAfter}`),
    'CSV: the same lines and balances as the JSON pages',
  );

  // The printable passbook reads the same pages: its totals and last balance agree.
  const html = await c.get(`/v1/accounts/${big.id}/statement?to=${encodeURIComponent(to)}`, { accept: 'text/html' });
  t.equal(html.statusCode, 200, 'HTML passbook of 1100 lines: 200');
  const foot = /<tfoot>([\s\S]*?)<\/tfoot>/.exec(html.body)?.[1] ?? '';
  const whole = after.pages[after.pages.length - 1] as Statement;
  t.same(
    [...foot.matchAll(/>(-?[0-9]+\.[0-9]{2})</g)].map((m) => m[1]),
    [
      money(after.pages.reduce((s, p) => s + minor(p.totalIn), 0n)),
      money(after.pages.reduce((s, p) => s + minor(p.totalOut), 0n)),
      whole.closingBalance,
    ],
    'HTML passbook: totals over all pages and the closing balance',
  );
  t.equal((html.body.match(/<tr data-transaction-id=/g) ?? []).length, 1100, 'HTML passbook: 1100 rows');

  // A backdated entry (before the middle) moves every later opening by its amount.
  const backdated = start + Math.floor(SPAN / 10);
  await post201(c, '/v1/earnings', { accountId: big.id, amount: '5.55', category: 'duty_shift', occurredAt: iso(backdated), description: 'late paperwork' });
  const moved = await snapshot();
  t.equal(minor(moved.middle.openingBalance) - minor(beforeSnap.middle.openingBalance), 555n, 'the middle page opens 5.55 higher');
  t.same(moved.middle.lines.map((l) => l.transactionId), beforeSnap.middle.lines.map((l) => l.transactionId), 'with the same lines');
  t.equal(minor(moved.middle.closingBalance) - minor(beforeSnap.middle.closingBalance), 555n, 'and closes 5.55 higher');
  t.equal(minor(moved.window.openingBalance) - minor(beforeSnap.window.openingBalance), 555n, 'the window opens 5.55 higher');
  t.same(
    moved.balances,
    probes.map((x) => money(modelAsOf(x) + (x >= backdated ? 555n : 0n))),
    'balances asOf move from the backdated instant on, and not before',
  );
  await app.services.jobs.checkpoints();
  const again = await snapshot();
  sameStatement(t, again.middle, moved.middle, 'the middle page after checkpoints are rewritten');
  t.same(again.balances, moved.balances, 'balances after checkpoints are rewritten');
});

t.test('a statement of an account that does not exist is a 404; the CSV of a custom-named account', async (t) => {
  const res = await c.get('/v1/accounts/acct_ZZZZZZZZZZ0000000000000000/statement');
  t.equal(res.statusCode, 404, '404');
  const code = uniqueCode('R');
  const created = await c.post('/v1/accounts', { code, name: '王, "小明"', kind: 'member' });
  t.equal(created.statusCode, 201, 'member with a comma and quotes in the name');
  const id = created.json().id as string;
  await post201(c, '/v1/earnings', { accountId: id, amount: '1', category: 'donation' });
  const csv = await c.get(`/v1/accounts/${id}/statement`, { accept: 'text/csv' });
  const { records } = csvRecords(csv.body.replace(/^\uFEFF/, ''));
  t.same(
    records.map((r) => [r.account_code, r.account_name, r.amount, r.balance_after]),
    [[code, '王, "小明"', '1.00', '1.00']],
    'the name survives quoting',
  );
});
