import t from 'tap';
import { buildTestApp, client, fixture } from '../helpers/app.js';
import {
  accountIdByCode,
  balances,
  expectProblem,
  expectUnchanged,
  expectWellFormedTransaction,
  fromNow,
  getAccount,
  INVALID_AMOUNTS,
  legs,
  MISSING_ACCOUNT_ID,
  type TransactionView,
  VALID_AMOUNTS,
} from '../helpers/contract.js';

const app = await buildTestApp();
t.teardown(() => app.close());
const c = client(app);
const f = fixture(c);

const redeem = (body: Record<string, unknown>) => c.post('/v1/redemptions', body);

t.test('POST /v1/redemptions moves points from the member to the merchant', async (t) => {
  const m = await f.member('50');
  const s = await f.merchant();
  const res = await redeem({
    accountId: m.id,
    merchantAccountId: s.id,
    amount: '12.5',
    description: '爱心超市 basket',
    reference: 'POS-7-000123',
    metadata: { terminal: 'POS-7' },
  });
  t.equal(res.statusCode, 201, '201');
  const txn = res.json() as TransactionView;
  expectWellFormedTransaction(t, txn);
  t.equal(txn.kind, 'redemption', 'kind');
  t.equal(txn.amount, '12.50', 'amount');
  t.equal(txn.category, null, 'no category');
  t.equal(txn.description, '爱心超市 basket', 'description');
  t.equal(txn.reference, 'POS-7-000123', 'reference');
  t.same(txn.metadata, { terminal: 'POS-7' }, 'metadata');
  t.equal(txn.receipt, null, 'no receipt');
  t.same(legs(txn), { [m.id]: '-12.50', [s.id]: '12.50' }, 'member -12.50, merchant +12.50');
  t.same((await c.get(`/v1/transactions/${txn.id}`)).json(), txn, 'GET answers what POST answered');

  const after = await balances(c, [m.id, s.id]);
  t.same(after[m.id], { balance: '37.50', held: '0.00', available: '37.50' }, 'member balance, held, available');
  t.same(after[s.id], { balance: '12.50', held: '0.00', available: '12.50' }, 'merchant balance, held, available');
});

t.test('accepted amount spellings are answered in the "12.50" form', async (t) => {
  const m = await f.member('2000');
  const s = await f.merchant();
  for (const [sent, answered] of VALID_AMOUNTS) {
    const res = await redeem({ accountId: m.id, merchantAccountId: s.id, amount: sent });
    t.equal(res.statusCode, 201, `"${sent}" accepted`);
    t.equal(res.json().amount, answered, `answered as "${answered}"`);
    t.same(legs(res.json()), { [m.id]: `-${answered}`, [s.id]: answered }, `"${sent}": legs`);
  }
  // 2000 - (0.01 + 0.50 + 7 + 12.50 + 12.50 + 1234.05) = 733.44
  t.equal((await getAccount(c, m.id)).balance, '733.44', 'member balance');
  t.equal((await getAccount(c, s.id)).balance, '1266.56', 'merchant balance');
});

t.test('with receipt lines: amount equals the sum of quantity x unitPrice', async (t) => {
  const m = await f.member('100');
  const s = await f.merchant();
  const receipt = {
    number: 'A-0001',
    lines: [
      { name: '大米 rice 5kg', quantity: 2, unitPrice: '3.5', sku: '6901234567890' },
      { name: 'soap', quantity: 1, unitPrice: '5' },
      { name: 'eggs', quantity: 3, unitPrice: '0.33' },
    ],
  };
  const res = await redeem({ accountId: m.id, merchantAccountId: s.id, amount: '12.99', receipt });
  t.equal(res.statusCode, 201, '201');
  const txn = res.json() as TransactionView;
  expectWellFormedTransaction(t, txn);
  t.equal(txn.amount, '12.99', 'amount');
  t.same(
    txn.receipt,
    {
      number: 'A-0001',
      lines: [
        { name: '大米 rice 5kg', quantity: 2, unitPrice: '3.50', sku: '6901234567890' },
        { name: 'soap', quantity: 1, unitPrice: '5.00' },
        { name: 'eggs', quantity: 3, unitPrice: '0.33' },
      ],
    },
    'the receipt is kept, unit prices in the "12.50" form',
  );
  t.same((await c.get(`/v1/transactions/${txn.id}`)).json(), txn, 'GET answers what POST answered, receipt included');
  t.same(legs(txn), { [m.id]: '-12.99', [s.id]: '12.99' }, 'legs');
  t.equal((await getAccount(c, m.id)).balance, '87.01', 'member charged 12.99');
});

t.test('an amount that does not match the receipt lines is refused', async (t) => {
  const m = await f.member('100');
  const s = await f.merchant();
  const before = await balances(c, [m.id, s.id]);
  const receipt = { number: 'A-0002', lines: [{ name: 'oil', quantity: 3, unitPrice: '4.99' }] };
  for (const amount of ['15.00', '14.96', '4.99', '14.98']) {
    const res = await redeem({ accountId: m.id, merchantAccountId: s.id, amount, receipt });
    expectProblem(t, res, 400, 'validation_failed', { paths: ['amount'] });
  }
  await expectUnchanged(t, c, before);
  const exact = await redeem({ accountId: m.id, merchantAccountId: s.id, amount: '14.97', receipt });
  t.equal(exact.statusCode, 201, '3 x 4.99 = 14.97 is accepted');
});

t.test('receipt lines are validated', async (t) => {
  const m = await f.member('100');
  const s = await f.merchant();
  const before = await balances(c, [m.id, s.id]);
  const line = { name: 'tea', quantity: 1, unitPrice: '2.00' };
  const cases: [unknown, string[]][] = [
    [{ number: 'R1', lines: [] }, ['receipt.lines']],
    [{ number: 'R1' }, ['receipt.lines']],
    [{ lines: [line] }, ['receipt.number']],
    [{ number: '', lines: [line] }, ['receipt.number']],
    [{ number: 'R1', lines: [{ ...line, quantity: 0 }] }, ['receipt.lines.0.quantity']],
    [{ number: 'R1', lines: [{ ...line, quantity: -1 }] }, ['receipt.lines.0.quantity']],
    [{ number: 'R1', lines: [{ ...line, quantity: 1.5 }] }, ['receipt.lines.0.quantity']],
    [{ number: 'R1', lines: [{ ...line, quantity: '1' }] }, ['receipt.lines.0.quantity']],
    [{ number: 'R1', lines: [{ ...line, quantity: 100_001 }] }, ['receipt.lines.0.quantity']],
    [{ number: 'R1', lines: [line, { ...line, unitPrice: '2.005' }] }, ['receipt.lines.1.unitPrice']],
    [{ number: 'R1', lines: [{ ...line, unitPrice: '-2.00' }] }, ['receipt.lines.0.unitPrice']],
    [{ number: 'R1', lines: [{ ...line, unitPrice: 2 }] }, ['receipt.lines.0.unitPrice']],
    [{ number: 'R1', lines: [{ ...line, name: '' }] }, ['receipt.lines.0.name']],
    [{ number: 'R1', lines: [{ quantity: 1, unitPrice: '2.00' }] }, ['receipt.lines.0.name']],
    ['R1', ['receipt']],
  ];
  for (const [receipt, paths] of cases) {
    const res = await redeem({ accountId: m.id, merchantAccountId: s.id, amount: '2.00', receipt });
    expectProblem(t, res, 400, 'validation_failed', { paths });
  }
  const unknown = await redeem({ accountId: m.id, merchantAccountId: s.id, amount: '2.00', receipt: { number: 'R1', lines: [{ ...line, discount: '1.00' }] } });
  expectProblem(t, unknown, 400, 'validation_failed');
  await expectUnchanged(t, c, before);
});

t.test('insufficient funds: refused, nothing changes; the exact balance may be spent', async (t) => {
  const m = await f.member('10');
  const s = await f.merchant();
  const before = await balances(c, [m.id, s.id]);
  expectProblem(t, await redeem({ accountId: m.id, merchantAccountId: s.id, amount: '10.01' }), 422, 'insufficient_funds');
  expectProblem(t, await redeem({ accountId: m.id, merchantAccountId: s.id, amount: '100000000.00' }), 422, 'insufficient_funds');
  await expectUnchanged(t, c, before);

  const all = await redeem({ accountId: m.id, merchantAccountId: s.id, amount: '10' });
  t.equal(all.statusCode, 201, 'spending the whole balance is allowed');
  const empty = await balances(c, [m.id, s.id]);
  t.same(empty[m.id], { balance: '0.00', held: '0.00', available: '0.00' }, 'member at zero, never below');
  expectProblem(t, await redeem({ accountId: m.id, merchantAccountId: s.id, amount: '0.01' }), 422, 'insufficient_funds');
  await expectUnchanged(t, c, empty, 'the refused fen moved nothing');

  const fresh = await f.member();
  expectProblem(t, await redeem({ accountId: fresh.id, merchantAccountId: s.id, amount: '1' }), 422, 'insufficient_funds');
  t.equal((await getAccount(c, fresh.id)).balance, '0.00', 'a member with nothing stays at 0.00');
});

t.test('the largest amount, "100000000.00", can be redeemed', async (t) => {
  const m = await f.member('100000000.00');
  const s = await f.merchant();
  const res = await redeem({ accountId: m.id, merchantAccountId: s.id, amount: '100000000.00' });
  t.equal(res.statusCode, 201, '201');
  t.same(legs(res.json()), { [m.id]: '-100000000.00', [s.id]: '100000000.00' }, 'legs');
  t.equal((await getAccount(c, m.id)).balance, '0.00', 'member emptied');
  t.equal((await getAccount(c, s.id)).balance, '100000000.00', 'merchant credited');
});

t.test('the invalid amount space: 400 validation_failed at "amount", nothing changes', async (t) => {
  const m = await f.member('1000');
  const s = await f.merchant();
  const before = await balances(c, [m.id, s.id]);
  for (const [label, amount] of INVALID_AMOUNTS) {
    await t.test(`amount ${label}: ${JSON.stringify(amount)}`, async (t) => {
      const res = await redeem({ accountId: m.id, merchantAccountId: s.id, amount });
      expectProblem(t, res, 400, 'validation_failed', { paths: ['amount'] });
    });
  }
  await expectUnchanged(t, c, before);
});

t.test('only a member pays and only a merchant is paid', async (t) => {
  const m = await f.member('20');
  const other = await f.member('20');
  const s = await f.merchant();
  const pool = await accountIdByCode(c, 'SYS-DONATION-POOL');
  const before = await balances(c, [m.id, other.id, s.id]);
  expectProblem(t, await redeem({ accountId: m.id, merchantAccountId: other.id, amount: '1' }), 400, 'validation_failed', {
    paths: ['merchantAccountId'],
  });
  expectProblem(t, await redeem({ accountId: m.id, merchantAccountId: pool, amount: '1' }), 400, 'validation_failed', {
    paths: ['merchantAccountId'],
  });
  expectProblem(t, await redeem({ accountId: s.id, merchantAccountId: s.id, amount: '1' }), 400, 'validation_failed', {
    paths: ['accountId'],
  });
  expectProblem(t, await redeem({ accountId: m.id, merchantAccountId: MISSING_ACCOUNT_ID, amount: '1' }), 404, 'not_found');
  expectProblem(t, await redeem({ accountId: MISSING_ACCOUNT_ID, merchantAccountId: s.id, amount: '1' }), 404, 'not_found');
  expectProblem(t, await redeem({ accountId: m.id, amount: '1' }), 400, 'validation_failed', { paths: ['merchantAccountId'] });
  expectProblem(t, await redeem({ accountId: m.id, merchantAccountId: 'S-0001', amount: '1' }), 400, 'validation_failed', {
    paths: ['merchantAccountId'],
  });
  await expectUnchanged(t, c, before);
});

t.test('a frozen or closed merchant takes no redemption', async (t) => {
  const m = await f.member('20');
  const frozen = await f.merchant();
  const closed = await f.merchant();
  t.equal((await c.patch(`/v1/accounts/${frozen.id}`, { status: 'frozen' })).statusCode, 200, 'merchant frozen');
  t.equal((await c.patch(`/v1/accounts/${closed.id}`, { status: 'closed' })).statusCode, 200, 'merchant closed');
  const before = await balances(c, [m.id, frozen.id, closed.id]);
  expectProblem(t, await redeem({ accountId: m.id, merchantAccountId: frozen.id, amount: '1' }), 422, 'account_not_active');
  expectProblem(t, await redeem({ accountId: m.id, merchantAccountId: closed.id, amount: '1' }), 422, 'account_not_active');
  await expectUnchanged(t, c, before);
});

t.test('unknown fields and any occurredAt are refused: a sale takes effect when it is recorded', async (t) => {
  const m = await f.member('20');
  const s = await f.merchant();
  const before = await balances(c, [m.id, s.id]);
  expectProblem(t, await redeem({ accountId: m.id, merchantAccountId: s.id, amount: '1', category: 'public_labour' }), 400, 'validation_failed');
  expectProblem(t, await redeem({ accountId: m.id, merchantAccountId: s.id, amount: '1', occurredAt: fromNow(3_600_000) }), 400, 'validation_failed', {
    paths: ['occurredAt'],
  });
  // Dated back, it would lower balances as of every moment since, which nobody checked.
  for (const occurredAt of ['2025-06-01T12:00:00Z', fromNow(-60_000), fromNow(0)]) {
    expectProblem(t, await redeem({ accountId: m.id, merchantAccountId: s.id, amount: '1', occurredAt }), 400, 'validation_failed', {
      paths: ['occurredAt'],
    });
  }
  await expectUnchanged(t, c, before);
});
