import t from 'tap';
import { buildTestApp, client, fixture, openedAt } from '../helpers/app.js';
import {
  accountIdByCode,
  balances,
  expectProblem,
  expectUnchanged,
  expectWellFormedTransaction,
  fromNow,
  getAccount,
  INVALID_AMOUNTS,
  issuanceAccountOf,
  legs,
  minor,
  MISSING_ACCOUNT_ID,
  type TransactionView,
  VALID_AMOUNTS,
} from '../helpers/contract.js';

const app = await buildTestApp();
t.teardown(() => app.close());
const c = client(app);
const f = fixture(c);

const publicLabour = await issuanceAccountOf(c, 'public_labour');
const earn = (body: Record<string, unknown>, headers?: Record<string, string>) => c.post('/v1/earnings', body, headers);

t.test('POST /v1/earnings credits a member from the category issuance account', async (t) => {
  const m = await f.member();
  const issuanceBefore = (await getAccount(c, publicLabour)).balance;
  const res = await earn({
    accountId: m.id,
    amount: '12.5',
    category: 'public_labour',
    description: '扫楼道 cleaned the stairwell',
    reference: 'rota-2026-w48',
    metadata: { estate: '3号院', hours: 2.5 },
  });
  t.equal(res.statusCode, 201, '201');
  t.match(String(res.headers['content-type']), /^application\/json/, 'JSON');
  t.notOk(res.headers['idempotency-replayed'], 'not a replay');
  const txn = res.json() as TransactionView;
  expectWellFormedTransaction(t, txn);
  t.equal(txn.kind, 'earning', 'kind');
  t.equal(txn.amount, '12.50', 'amount answered as "12.50"');
  t.equal(txn.category, 'public_labour', 'category');
  t.equal(txn.description, '扫楼道 cleaned the stairwell', 'description');
  t.equal(txn.reference, 'rota-2026-w48', 'reference');
  t.same(txn.metadata, { estate: '3号院', hours: 2.5 }, 'metadata');
  t.equal(txn.receipt, null, 'no receipt');
  t.same(legs(txn), { [publicLabour]: '-12.50', [m.id]: '12.50' }, 'issuance -12.50, member +12.50');
  t.equal(txn.entries.length, 2, 'two legs');
  const occurred = Date.parse(txn.occurredAt);
  t.ok(Math.abs(occurred - Date.now()) < 60_000, 'occurredAt defaults to now');
  t.ok(Math.abs(occurred - Date.parse(txn.recordedAt)) < 5_000, 'occurredAt is the recording time');

  const got = await c.get(`/v1/transactions/${txn.id}`);
  t.equal(got.statusCode, 200, 'GET 200');
  t.same(got.json(), txn, 'GET answers what POST answered');

  const a = await getAccount(c, m.id);
  t.equal(a.balance, '12.50', 'balance');
  t.equal(a.held, '0.00', 'held');
  t.equal(a.available, '12.50', 'available');
  // Only this file posts from the issuance account in its own database.
  t.equal(minor((await getAccount(c, publicLabour)).balance), minor(issuanceBefore) - 1250n, 'issuance moved by -12.50');
});

t.test('each seeded category draws from its own issuance account', async (t) => {
  const m = await f.member();
  let total = 0n;
  for (const category of ['public_labour', 'duty_shift', 'donation']) {
    const issuance = await issuanceAccountOf(c, category);
    const res = await earn({ accountId: m.id, amount: '1.25', category });
    t.equal(res.statusCode, 201, `${category}: 201`);
    const txn = res.json() as TransactionView;
    t.equal(txn.category, category, `${category}: recorded`);
    t.same(legs(txn), { [issuance]: '-1.25', [m.id]: '1.25' }, `${category}: from its issuance account`);
    total += 125n;
  }
  t.equal(minor((await getAccount(c, m.id)).balance), total, 'the member holds all three');
});

t.test('accepted amount spellings are answered in the "12.50" form', async (t) => {
  const m = await f.member();
  let expected = 0n;
  for (const [sent, answered] of VALID_AMOUNTS) {
    const res = await earn({ accountId: m.id, amount: sent, category: 'duty_shift' });
    t.equal(res.statusCode, 201, `"${sent}" accepted`);
    t.equal(res.json().amount, answered, `"${sent}" answered as "${answered}"`);
    t.equal(legs(res.json())[m.id], answered, `"${sent}": member leg is +${answered}`);
    expected += minor(answered);
    t.equal(minor((await getAccount(c, m.id)).balance), expected, `balance after "${sent}"`);
  }
});

t.test('the largest request amount, "100000000.00", is accepted', async (t) => {
  const m = await f.member();
  const res = await earn({ accountId: m.id, amount: '100000000.00', category: 'donation' });
  t.equal(res.statusCode, 201, '201');
  t.equal(res.json().amount, '100000000.00', 'amount');
  const a = await getAccount(c, m.id);
  t.equal(a.balance, '100000000.00', 'balance');
  t.equal(a.available, '100000000.00', 'available');
  const again = await earn({ accountId: m.id, amount: '100000000', category: 'donation' });
  t.equal(again.statusCode, 201, 'the same without decimals');
  t.equal((await getAccount(c, m.id)).balance, '200000000.00', 'a balance may exceed the per-request ceiling');
});

t.test('the invalid amount space: 400 validation_failed at "amount", nothing changes', async (t) => {
  const m = await f.member('10');
  const before = await balances(c, [m.id]);
  for (const [label, amount] of INVALID_AMOUNTS) {
    await t.test(`amount ${label}: ${JSON.stringify(amount)}`, async (t) => {
      const res = await earn({ accountId: m.id, amount, category: 'public_labour' });
      expectProblem(t, res, 400, 'validation_failed', { paths: ['amount'] });
    });
  }
  const missing = await earn({ accountId: m.id, category: 'public_labour' });
  expectProblem(t, missing, 400, 'validation_failed', { paths: ['amount'] });
  await expectUnchanged(t, c, before, 'no refused amount moved the balance');
  t.equal(
    ((await c.get(`/v1/transactions?accountId=${m.id}`)).json().data as unknown[]).length,
    1,
    'only the opening earning is in the journal',
  );
});

t.test('only members earn; unknown and malformed accounts are refused', async (t) => {
  const m = await f.member('1');
  const s = await f.merchant();
  const pool = await accountIdByCode(c, 'SYS-DONATION-POOL');
  const before = await balances(c, [m.id, s.id]);
  expectProblem(t, await earn({ accountId: s.id, amount: '5', category: 'public_labour' }), 400, 'validation_failed', {
    paths: ['accountId'],
  });
  expectProblem(t, await earn({ accountId: pool, amount: '5', category: 'public_labour' }), 400, 'validation_failed', {
    paths: ['accountId'],
  });
  expectProblem(t, await earn({ accountId: publicLabour, amount: '5', category: 'public_labour' }), 400, 'validation_failed', {
    paths: ['accountId'],
  });
  expectProblem(t, await earn({ accountId: MISSING_ACCOUNT_ID, amount: '5', category: 'public_labour' }), 404, 'not_found');
  expectProblem(t, await earn({ accountId: 'R-0001', amount: '5', category: 'public_labour' }), 400, 'validation_failed', {
    paths: ['accountId'],
  });
  expectProblem(t, await earn({ amount: '5', category: 'public_labour' }), 400, 'validation_failed', { paths: ['accountId'] });
  await expectUnchanged(t, c, before);
});

t.test('category, description, reference and metadata are validated', async (t) => {
  const m = await f.member('2');
  const before = await balances(c, [m.id]);
  const base = { accountId: m.id, amount: '1', category: 'public_labour' };
  const cases: [Record<string, unknown>, string[]][] = [
    [{ ...base, category: undefined }, ['category']],
    [{ ...base, category: 'Public_Labour' }, ['category']],
    [{ ...base, category: 7 }, ['category']],
    [{ ...base, description: '' }, ['description']],
    [{ ...base, description: '   ' }, ['description']],
    [{ ...base, description: 'd'.repeat(501) }, ['description']],
    [{ ...base, reference: '' }, ['reference']],
    [{ ...base, reference: 'r'.repeat(129) }, ['reference']],
    [{ ...base, metadata: { deep: { x: 1 } } }, ['metadata.deep']],
    [{ ...base, metadata: 'text' }, ['metadata']],
  ];
  for (const [body, paths] of cases) {
    expectProblem(t, await earn(body), 400, 'validation_failed', { paths });
  }
  await expectUnchanged(t, c, before);
  const longest = await earn({ ...base, description: 'd'.repeat(500), reference: 'r'.repeat(128) });
  t.equal(longest.statusCode, 201, 'description of 500 and reference of 128 characters are accepted');
});

t.test('unknown fields are refused and change nothing', async (t) => {
  const m = await f.member('2');
  const before = await balances(c, [m.id]);
  for (const extra of [{ amountMinor: 100 }, { fromAccountId: publicLabour }, { occured_at: '2024-01-01T00:00:00Z' }]) {
    expectProblem(t, await earn({ accountId: m.id, amount: '1', category: 'public_labour', ...extra }), 400, 'validation_failed');
  }
  await expectUnchanged(t, c, before);
});

t.test('an unknown field is named by its path in errors[]', async (t) => {
  const m = await f.member();
  const res = await earn({ accountId: m.id, amount: '1', category: 'public_labour', amountMinor: 100 });
  expectProblem(t, res, 400, 'validation_failed', { paths: ['amountMinor'] });
});

t.test('occurredAt: never in the future, a backdated one is kept', async (t) => {
  const m = await f.member('3');
  const DAY = 86_400_000;
  // Dated back within the window (31 days), into an account opened before.
  await openedAt(app, Date.now() - 20 * DAY, m.id);
  const tenDaysAgo = new Date(Date.now() - 10 * DAY).toISOString().slice(0, 10);
  const fiveDaysAgo = new Date(Date.now() - 5 * DAY).toISOString().slice(0, 10);
  const before = await balances(c, [m.id]);
  for (const occurredAt of [fromNow(60 * 60 * 1000), fromNow(24 * 60 * 60 * 1000), '2999-01-01T00:00:00Z']) {
    const res = await earn({ accountId: m.id, amount: '1', category: 'public_labour', occurredAt });
    expectProblem(t, res, 400, 'validation_failed', { paths: ['occurredAt'] });
  }
  for (const occurredAt of ['yesterday', '2024-01-01', '2024-01-01T10:00:00', '2024-13-01T00:00:00Z', 1700000000000]) {
    const res = await earn({ accountId: m.id, amount: '1', category: 'public_labour', occurredAt });
    expectProblem(t, res, 400, 'validation_failed', { paths: ['occurredAt'] });
  }
  await expectUnchanged(t, c, before, 'refused dates moved nothing');

  const res = await earn({ accountId: m.id, amount: '4', category: 'public_labour', occurredAt: `${tenDaysAgo}T08:00:00+08:00` });
  t.equal(res.statusCode, 201, 'a backdated earning is accepted');
  const txn = res.json() as TransactionView;
  t.equal(txn.occurredAt, `${tenDaysAgo}T00:00:00.000Z`, 'occurredAt kept, answered in UTC with milliseconds');
  t.ok(Math.abs(Date.parse(txn.recordedAt) - Date.now()) < 60_000, 'recordedAt is now');
  t.equal((await c.get(`/v1/transactions/${txn.id}`)).json().occurredAt, `${tenDaysAgo}T00:00:00.000Z`, 'stored as sent');
  t.equal((await getAccount(c, m.id)).balance, '7.00', 'a backdated earning counts in the balance');

  const ms = await earn({ accountId: m.id, amount: '1', category: 'public_labour', occurredAt: `${fiveDaysAgo}T23:59:59.999Z` });
  t.equal(ms.statusCode, 201, 'millisecond precision accepted');
  t.equal(ms.json().occurredAt, `${fiveDaysAgo}T23:59:59.999Z`, 'milliseconds kept');

  const recent = fromNow(-1000);
  const past = await earn({ accountId: m.id, amount: '1', category: 'public_labour', occurredAt: recent });
  t.equal(past.statusCode, 201, 'a second ago is accepted');
  t.equal(past.json().occurredAt, recent, 'and kept');
});

t.test('bodies that are not JSON objects are refused', async (t) => {
  const m = await f.member('1');
  const before = await balances(c, [m.id]);
  const form = await c.request('POST', '/v1/earnings', `accountId=${m.id}&amount=5&category=public_labour`, {
    'content-type': 'application/x-www-form-urlencoded',
  });
  expectProblem(t, form, 415, 'unsupported_media_type');
  const broken = await c.request('POST', '/v1/earnings', `{"accountId":"${m.id}","amount":"5"`, { 'content-type': 'application/json' });
  expectProblem(t, broken, 400, 'validation_failed', { paths: ['body'] });
  const nothing = await c.request('POST', '/v1/earnings', undefined, { 'content-type': 'application/json' });
  expectProblem(t, nothing, 400, 'validation_failed', { paths: ['body'] });
  const scalar = await c.request('POST', '/v1/earnings', '"5.00"', { 'content-type': 'application/json' });
  expectProblem(t, scalar, 400, 'validation_failed');
  await expectUnchanged(t, c, before);
});
