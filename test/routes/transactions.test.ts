import t from 'tap';
import { buildTestApp, client, fixture, HISTORY_ENV, openedAt, uniqueCode } from '../helpers/app.js';
import {
  accountIdByCode,
  type AccountView,
  balances,
  expectProblem,
  expectUnchanged,
  expectWellFormedTransaction,
  fromNow,
  getAccount,
  legs,
  minor,
  MISSING_ACCOUNT_ID,
  MISSING_TRANSACTION_ID,
  openAccount,
  type TransactionView,
} from '../helpers/contract.js';

const app = await buildTestApp(HISTORY_ENV);
t.teardown(() => app.close());
const c = client(app);
const f = fixture(c);

const adjust = (body: Record<string, unknown>) => c.post('/v1/transactions', body);
/** A system account of this file's own, to balance adjustments against. */
const adj = (await openAccount(c, 'system', uniqueCode('SYS-ADJ'))).id;

type Page = { data: TransactionView[]; nextCursor: string | null };
const list = async (query: string): Promise<Page> => {
  const res = await c.get(`/v1/transactions?${query}`);
  if (res.statusCode !== 200) throw new Error(`GET /v1/transactions?${query}: ${res.statusCode} ${res.body}`);
  return res.json() as Page;
};

t.test('POST /v1/transactions posts a balanced opening balance', async (t) => {
  const m = await f.member();
  const res = await adjust({
    entries: [
      { accountId: m.id, amount: '25.5' },
      { accountId: adj, amount: '-25.50' },
    ],
    description: '期初余额 opening balance from the paper passbook',
    reference: 'passbook-0042',
    metadata: { approvedBy: 'committee' },
  });
  t.equal(res.statusCode, 201, '201');
  const txn = res.json() as TransactionView;
  expectWellFormedTransaction(t, txn);
  t.equal(txn.kind, 'adjustment', 'kind');
  t.equal(txn.amount, '25.50', 'amount');
  t.equal(txn.category, null, 'no category');
  t.equal(txn.description, '期初余额 opening balance from the paper passbook', 'description');
  t.equal(txn.reference, 'passbook-0042', 'reference');
  t.same(txn.metadata, { approvedBy: 'committee' }, 'metadata');
  t.same(legs(txn), { [m.id]: '25.50', [adj]: '-25.50' }, 'signed legs, answered in the "12.50" form');
  t.same((await c.get(`/v1/transactions/${txn.id}`)).json(), txn, 'GET answers what POST answered');
  const after = await balances(c, [m.id, adj]);
  t.same(after[m.id], { balance: '25.50', held: '0.00', available: '25.50' }, 'member');
  t.equal(after[adj]?.balance, '-25.50', 'a system account may go negative');
});

t.test('an adjustment with several legs, against the seeded SYS-ADJUSTMENTS', async (t) => {
  const a = await f.member('10');
  const b = await f.member();
  const s = await f.merchant();
  const seeded = await accountIdByCode(c, 'SYS-ADJUSTMENTS');
  const res = await adjust({
    entries: [
      { accountId: a.id, amount: '-10' },
      { accountId: b.id, amount: '4' },
      { accountId: s.id, amount: '5.99' },
      { accountId: seeded, amount: '0.01' },
    ],
    description: 'split a mistaken earning',
  });
  t.equal(res.statusCode, 201, '201');
  const txn = res.json() as TransactionView;
  expectWellFormedTransaction(t, txn);
  t.equal(txn.entries.length, 4, 'four legs');
  t.equal(txn.amount, '10.00', 'amount is the sum moved in');
  t.same(legs(txn), { [a.id]: '-10.00', [b.id]: '4.00', [s.id]: '5.99', [seeded]: '0.01' }, 'legs');
  const after = await balances(c, [a.id, b.id, s.id]);
  t.equal(after[a.id]?.balance, '0.00', 'a');
  t.equal(after[b.id]?.balance, '4.00', 'b');
  t.equal(after[s.id]?.balance, '5.99', 'merchant');
});

t.test('an unbalanced adjustment is refused', async (t) => {
  const m = await f.member('10');
  const before = await balances(c, [m.id, adj]);
  const cases = [
    [{ accountId: m.id, amount: '10' }, { accountId: adj, amount: '-9.99' }],
    [{ accountId: m.id, amount: '-1' }, { accountId: adj, amount: '-1' }],
    [{ accountId: m.id, amount: '0.01' }, { accountId: adj, amount: '0.01' }],
  ];
  for (const entries of cases) {
    expectProblem(t, await adjust({ entries, description: 'unbalanced' }), 400, 'validation_failed', { paths: ['entries'] });
  }
  await expectUnchanged(t, c, before);
});

t.test('an account may appear once in an adjustment', async (t) => {
  const m = await f.member('10');
  const other = await f.member();
  const before = await balances(c, [m.id, other.id, adj]);
  const twice = await adjust({
    entries: [
      { accountId: m.id, amount: '5' },
      { accountId: m.id, amount: '-5' },
    ],
    description: 'same account twice',
  });
  expectProblem(t, twice, 400, 'validation_failed', { paths: ['entries.1.accountId'] });
  const later = await adjust({
    entries: [
      { accountId: m.id, amount: '2' },
      { accountId: adj, amount: '-4' },
      { accountId: other.id, amount: '1' },
      { accountId: m.id, amount: '1' },
    ],
    description: 'repeat at the end',
  });
  expectProblem(t, later, 400, 'validation_failed', { paths: ['entries.3.accountId'] });
  await expectUnchanged(t, c, before);
});

t.test('adjustment bodies are validated', async (t) => {
  const m = await f.member('10');
  const before = await balances(c, [m.id, adj]);
  const pair = (x: unknown, y: unknown) => [
    { accountId: m.id, amount: x },
    { accountId: adj, amount: y },
  ];
  const cases: [Record<string, unknown>, string[]][] = [
    [{ entries: [{ accountId: m.id, amount: '1' }], description: 'one leg' }, ['entries']],
    [{ entries: [], description: 'no legs' }, ['entries']],
    [{ description: 'no entries' }, ['entries']],
    [{ entries: pair('1', '-1') }, ['description']],
    [{ entries: pair('1', '-1'), description: '   ' }, ['description']],
    [{ entries: pair('0.00', '0.00'), description: 'zero legs' }, ['entries.0.amount', 'entries.1.amount']],
    [{ entries: pair('1.005', '-1.005'), description: 'three decimals' }, ['entries.0.amount', 'entries.1.amount']],
    [{ entries: pair(1, -1), description: 'numbers' }, ['entries.0.amount', 'entries.1.amount']],
    [{ entries: pair('1e2', '-1e2'), description: 'exponent' }, ['entries.0.amount', 'entries.1.amount']],
    [{ entries: pair('-0', '0'), description: 'signed zero' }, ['entries.0.amount', 'entries.1.amount']],
    [{ entries: pair('100000000.01', '-100000000.01'), description: 'too large' }, ['entries.0.amount', 'entries.1.amount']],
    [{ entries: pair('--1', '1'), description: 'double sign' }, ['entries.0.amount']],
    [{ entries: [{ accountId: 'acct_bad', amount: '1' }, { accountId: adj, amount: '-1' }], description: 'bad id' }, ['entries.0.accountId']],
    [{ entries: [{ amount: '1' }, { accountId: adj, amount: '-1' }], description: 'no id' }, ['entries.0.accountId']],
  ];
  for (const [body, paths] of cases) {
    expectProblem(t, await adjust(body), 400, 'validation_failed', { paths });
  }
  const tooMany = Array.from({ length: 101 }, (_, i) => ({ accountId: adj, amount: i === 0 ? '-100' : '1' }));
  expectProblem(t, await adjust({ entries: tooMany, description: '101 legs' }), 400, 'validation_failed', { paths: ['entries'] });
  expectProblem(
    t,
    await adjust({ entries: [{ accountId: m.id, amount: '1', note: 'x' }, { accountId: adj, amount: '-1' }], description: 'unknown leg field' }),
    400,
    'validation_failed',
  );
  expectProblem(t, await adjust({ entries: pair('1', '-1'), description: 'unknown field', kind: 'earning' }), 400, 'validation_failed');
  expectProblem(t, await adjust({ entries: pair('1', '-1'), description: 'future', occurredAt: fromNow(3_600_000) }), 400, 'validation_failed', {
    paths: ['occurredAt'],
  });
  await expectUnchanged(t, c, before);
});

t.test('adjustments respect funds, status and existence', async (t) => {
  const m = await f.member('10');
  const s = await f.merchant();
  const frozen = await f.member('5');
  t.equal((await c.patch(`/v1/accounts/${frozen.id}`, { status: 'frozen' })).statusCode, 200, 'frozen');
  const before = await balances(c, [m.id, s.id, frozen.id, adj]);

  const overdraw = await adjust({
    entries: [
      { accountId: m.id, amount: '-10.01' },
      { accountId: adj, amount: '10.01' },
    ],
    description: 'would take a member below zero',
  });
  expectProblem(t, overdraw, 422, 'insufficient_funds');
  const merchantBelow = await adjust({
    entries: [
      { accountId: s.id, amount: '-1' },
      { accountId: adj, amount: '1' },
    ],
    description: 'would take a merchant below zero',
  });
  expectProblem(t, merchantBelow, 422, 'insufficient_funds');
  for (const amount of ['1', '-1']) {
    const res = await adjust({
      entries: [
        { accountId: frozen.id, amount },
        { accountId: adj, amount: amount.startsWith('-') ? '1' : '-1' },
      ],
      description: 'touches a frozen account',
    });
    expectProblem(t, res, 422, 'account_not_active');
  }
  const missing = await adjust({
    entries: [
      { accountId: MISSING_ACCOUNT_ID, amount: '1' },
      { accountId: adj, amount: '-1' },
    ],
    description: 'no such account',
  });
  expectProblem(t, missing, 404, 'not_found');
  await expectUnchanged(t, c, before);

  const exact = await adjust({
    entries: [
      { accountId: m.id, amount: '-10' },
      { accountId: adj, amount: '10' },
    ],
    description: 'takes the member to exactly zero',
  });
  t.equal(exact.statusCode, 201, 'down to zero is allowed');
  t.equal((await getAccount(c, m.id)).balance, '0.00', 'member at 0.00');
});

t.test('GET /v1/transactions/{id}: unknown and malformed ids', async (t) => {
  expectProblem(t, await c.get(`/v1/transactions/${MISSING_TRANSACTION_ID}`), 404, 'not_found');
  expectProblem(t, await c.get('/v1/transactions/txn_123'), 400, 'validation_failed', { paths: ['transactionId'] });
  expectProblem(t, await c.get(`/v1/transactions/${adj}`), 400, 'validation_failed', { paths: ['transactionId'] });
});

t.test('GET /v1/transactions filters by account, kind and occurredAt range', async (t) => {
  const m = await f.member();
  const other = await f.member('100');
  const s = await f.merchant();
  const post = async (url: string, body: Record<string, unknown>) => {
    const res = await c.post(url, body);
    if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json() as TransactionView;
  };
  // Earnings dated back into an account opened in 2020; spending takes effect now.
  await openedAt(app, '2020-01-01T00:00:00Z', m.id);
  const jan = await post('/v1/earnings', { accountId: m.id, amount: '10', category: 'public_labour', occurredAt: '2020-01-15T00:00:00Z' });
  const jun = await post('/v1/earnings', { accountId: m.id, amount: '20', category: 'duty_shift', occurredAt: '2020-06-15T00:00:00Z' });
  const newYear = await post('/v1/earnings', { accountId: m.id, amount: '3', category: 'donation', occurredAt: '2021-01-01T00:00:00Z' });
  const red = await post('/v1/redemptions', { accountId: m.id, merchantAccountId: s.id, amount: '5' });
  const gift = await post('/v1/transfers', { fromAccountId: m.id, toAccountId: other.id, amount: '1' });
  const fix = await post('/v1/transactions', {
    entries: [
      { accountId: m.id, amount: '0.5' },
      { accountId: adj, amount: '-0.5' },
    ],
    description: 'rounding',
  });
  const third = await f.member();
  const unrelated = await post('/v1/transfers', { fromAccountId: other.id, toAccountId: third.id, amount: '2' });
  const mine = [jan, jun, newYear, red, gift, fix];

  const all = await list(`accountId=${m.id}`);
  t.same(all.data.map((x) => x.id).sort(), mine.map((x) => x.id).sort(), 'accountId: exactly the account\'s transactions');
  t.equal(all.nextCursor, null, 'one page');
  t.notOk(all.data.some((x) => x.id === unrelated.id), 'another account\'s transfer is not listed');
  for (const x of all.data) {
    expectWellFormedTransaction(t, x);
    t.ok(x.entries.some((e) => e.accountId === m.id), `${x.kind} has a leg on the account`);
    t.same(x, mine.find((y) => y.id === x.id), `${x.kind} is listed as it was answered`);
  }
  // Newest first. Ids carry millisecond time, so two postings within one millisecond may
  // list either way round: allow that one millisecond, no more.
  for (let i = 1; i < all.data.length; i++) {
    const newer = Date.parse((all.data[i - 1] as TransactionView).recordedAt);
    const older = Date.parse((all.data[i] as TransactionView).recordedAt);
    t.ok(newer >= older - 1, 'newest first');
  }

  const ids = (p: Page) => p.data.map((x) => x.id).sort();
  t.same(ids(await list(`accountId=${m.id}&kind=earning`)), [jan.id, jun.id, newYear.id].sort(), 'kind=earning');
  t.same(ids(await list(`accountId=${m.id}&kind=redemption`)), [red.id], 'kind=redemption');
  t.same(ids(await list(`accountId=${m.id}&kind=transfer`)), [gift.id], 'kind=transfer');
  t.same(ids(await list(`accountId=${m.id}&kind=adjustment`)), [fix.id], 'kind=adjustment');
  t.same(ids(await list(`accountId=${m.id}&kind=reversal`)), [], 'kind=reversal: none');

  t.same(
    ids(await list(`accountId=${m.id}&from=2020-03-01T00:00:00Z&to=2021-01-01T00:00:00Z`)),
    [jun.id],
    'from inclusive .. to exclusive: the earning at exactly `to` is out',
  );
  t.same(
    ids(await list(`accountId=${m.id}&from=2021-01-01T00:00:00.000Z&to=${encodeURIComponent(fromNow(60_000))}`)),
    [newYear.id, red.id, gift.id, fix.id].sort(),
    'from is inclusive',
  );
  t.same(ids(await list(`accountId=${m.id}&to=2020-06-15T00:00:00Z`)), [jan.id], 'to is exclusive');
  t.same(
    ids(await list(`accountId=${m.id}&from=${encodeURIComponent('2020-06-15T08:00:00+08:00')}`)),
    [jun.id, newYear.id, red.id, gift.id, fix.id].sort(),
    'an offset in the query is honoured',
  );
  t.same(ids(await list(`accountId=${m.id}&kind=earning&from=2020-02-01T00:00:00Z`)), [jun.id, newYear.id].sort(), 'filters combine');
  t.same(await list(`accountId=${(await f.member()).id}`), { data: [], nextCursor: null }, 'an account with nothing: empty page');
});

t.test('GET /v1/transactions refuses invalid queries', async (t) => {
  const cases: [string, string[]][] = [
    ['kind=refund', ['kind']],
    ['from=yesterday', ['from']],
    ['to=2024-01-01', ['to']],
    ['accountId=R-0001', ['accountId']],
    ['limit=0', ['limit']],
    ['limit=201', ['limit']],
  ];
  for (const [query, paths] of cases) {
    expectProblem(t, await c.get(`/v1/transactions?${query}`), 400, 'validation_failed', { paths });
  }
  expectProblem(t, await c.get('/v1/transactions?account=x'), 400, 'validation_failed');
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
  for (const cursor of ['garbage!', b64('{"after":"txn_1"}'), b64('{"id":null}'), b64('42')]) {
    expectProblem(t, await c.get(`/v1/transactions?cursor=${encodeURIComponent(cursor)}`), 400, 'validation_failed', { paths: ['cursor'] });
  }
});

t.test('pagination: pages join without gap or overlap', async (t) => {
  const m = await f.member();
  const posted: string[] = [];
  for (let i = 1; i <= 7; i++) {
    const res = await c.post('/v1/earnings', { accountId: m.id, amount: `${i}`, category: 'public_labour' });
    posted.push(res.json().id);
  }
  const whole = await list(`accountId=${m.id}&limit=200`);
  t.equal(whole.data.length, 7, 'seven in one page');

  const pages: Page[] = [];
  let cursor: string | null = null;
  do {
    const page: Page = await list(`accountId=${m.id}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    pages.push(page);
    cursor = page.nextCursor;
  } while (cursor && pages.length < 10);
  t.same(pages.map((p) => p.data.length), [3, 3, 1], 'pages of 3, 3 and 1');
  t.equal(pages[2]?.nextCursor, null, 'the last page says so');
  t.ok(pages[0]?.nextCursor && pages[1]?.nextCursor, 'earlier pages carry a cursor');
  const joined = pages.flatMap((p) => p.data.map((x) => x.id));
  t.same(joined, whole.data.map((x) => x.id), 'the pages joined are the whole list, in order');
  t.equal(new Set(joined).size, 7, 'no overlap');
  t.same([...joined].sort(), [...posted].sort(), 'no gap');

  const exact = await list(`accountId=${m.id}&limit=7`);
  t.equal(exact.data.length, 7, 'limit equal to the count: one page');
  t.equal(exact.nextCursor, null, 'and no next cursor');

  // A cursor keeps working after newer transactions arrive: they do not shift older pages.
  const first = await list(`accountId=${m.id}&limit=3`);
  await c.post('/v1/earnings', { accountId: m.id, amount: '8', category: 'public_labour' });
  const second = await list(`accountId=${m.id}&limit=3&cursor=${encodeURIComponent(first.nextCursor ?? '')}`);
  t.same(second.data.map((x) => x.id), pages[1]?.data.map((x) => x.id), 'the second page is unchanged by a newer posting');
});

t.test('the books balance: every account listed sums to 0.00', async (t) => {
  // Only meaningful where the database is this file's own; on PostgreSQL other files post
  // at the same time, so there the closed system is the accounts this test made.
  const m = await f.member('12.34');
  const s = await f.merchant();
  t.equal((await c.post('/v1/redemptions', { accountId: m.id, merchantAccountId: s.id, amount: '2.34' })).statusCode, 201, 'redeemed');
  const txns = (await list(`accountId=${m.id}`)).data;
  for (const x of txns) t.equal(x.entries.reduce((sum, e) => sum + minor(e.amount), 0n), 0n, `${x.kind} sums to zero`);
  let total = 0n;
  let count = 0;
  let cursor: string | null = null;
  do {
    const res = await c.get(`/v1/accounts?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    const page = res.json() as { data: AccountView[]; nextCursor: string | null };
    for (const a of page.data) {
      total += minor(a.balance);
      count++;
      if (a.kind !== 'system') t.ok(minor(a.balance) >= 0n, `${a.code} is not negative`);
    }
    cursor = page.nextCursor;
  } while (cursor);
  t.ok(count > 5, 'walked every account');
  t.equal(total, 0n, 'the sum of all balances is 0.00');
  const both = await balances(c, [m.id, s.id]);
  t.equal(minor(both[m.id]?.balance ?? 'x') + minor(both[s.id]?.balance ?? 'x'), 1234n, 'member and merchant hold what was issued');
});
