import t from 'tap';
import { buildTestApp, client, fixture, uniqueCode } from '../helpers/app.js';
import {
  accountIdByCode,
  balances,
  expectProblem,
  expectUnchanged,
  expectWellFormedTransaction,
  getAccount,
  INVALID_AMOUNTS,
  issuanceAccountOf,
  legs,
  minor,
  MISSING_ACCOUNT_ID,
  openAccount,
  transactionIdsOf,
  type TransactionView,
  uniqueCategoryCode,
} from '../helpers/contract.js';

const app = await buildTestApp();
t.teardown(() => app.close());
const c = client(app);
const f = fixture(c);

const transfer = (body: Record<string, unknown>) => c.post('/v1/transfers', body);
const donationPool = await accountIdByCode(c, 'SYS-DONATION-POOL');

t.test('a gift between members', async (t) => {
  const a = await f.member('30');
  const b = await f.member('1');
  const res = await transfer({ fromAccountId: a.id, toAccountId: b.id, amount: '7.5', description: '送给邻居 a gift' });
  t.equal(res.statusCode, 201, '201');
  const txn = res.json() as TransactionView;
  expectWellFormedTransaction(t, txn);
  t.equal(txn.kind, 'transfer', 'kind');
  t.equal(txn.amount, '7.50', 'amount');
  t.equal(txn.category, null, 'no category');
  t.equal(txn.description, '送给邻居 a gift', 'description');
  t.same(legs(txn), { [a.id]: '-7.50', [b.id]: '7.50' }, 'from -7.50, to +7.50');
  t.same((await c.get(`/v1/transactions/${txn.id}`)).json(), txn, 'GET answers what POST answered');
  const after = await balances(c, [a.id, b.id]);
  t.same(after[a.id], { balance: '22.50', held: '0.00', available: '22.50' }, 'giver');
  t.same(after[b.id], { balance: '8.50', held: '0.00', available: '8.50' }, 'receiver');
  t.ok((await transactionIdsOf(c, a.id)).includes(txn.id), 'listed for the giver');
  t.ok((await transactionIdsOf(c, b.id)).includes(txn.id), 'listed for the receiver');
});

t.test('a donation to the system pool SYS-DONATION-POOL', async (t) => {
  const a = await f.member('10');
  const poolBefore = (await getAccount(c, donationPool)).balance;
  const res = await transfer({ fromAccountId: a.id, toAccountId: donationPool, amount: '2.25' });
  t.equal(res.statusCode, 201, '201');
  const txn = res.json() as TransactionView;
  expectWellFormedTransaction(t, txn);
  t.equal(txn.kind, 'transfer', 'kind');
  t.same(legs(txn), { [a.id]: '-2.25', [donationPool]: '2.25' }, 'member -2.25, pool +2.25');
  t.equal((await getAccount(c, a.id)).balance, '7.75', 'member balance');
  t.ok((await transactionIdsOf(c, donationPool)).includes(txn.id), 'listed for the pool');
  t.equal(minor((await getAccount(c, donationPool)).balance) - minor(poolBefore), 225n, 'the pool grew by 2.25');
});

t.test('a donation to a system pool of our own', async (t) => {
  const a = await f.member('10');
  const pool = await openAccount(c, 'system', uniqueCode('SYS-LIFT-FUND'));
  const res = await transfer({ fromAccountId: a.id, toAccountId: pool.id, amount: '10' });
  t.equal(res.statusCode, 201, '201');
  const after = await balances(c, [a.id, pool.id]);
  t.equal(after[a.id]?.balance, '0.00', 'member gave everything');
  t.equal(after[pool.id]?.balance, '10.00', 'the pool holds it');
});

t.test('points cannot be transferred into an issuance account', async (t) => {
  const a = await f.member('10');
  const code = uniqueCategoryCode('iss');
  const created = await c.post('/v1/categories', { code, name: 'own category' });
  t.equal(created.statusCode, 201, 'category created');
  const ownIssuance = created.json().issuanceAccountId as string;
  const before = await balances(c, [a.id, ownIssuance]);
  for (const issuance of [await issuanceAccountOf(c, 'public_labour'), await issuanceAccountOf(c, 'donation'), ownIssuance]) {
    const res = await transfer({ fromAccountId: a.id, toAccountId: issuance, amount: '1' });
    expectProblem(t, res, 400, 'validation_failed', { paths: ['toAccountId'] });
  }
  await expectUnchanged(t, c, before);
  t.same(await transactionIdsOf(c, ownIssuance), [], 'nothing was posted to the issuance account');
});

t.test('a transfer to oneself is refused', async (t) => {
  const a = await f.member('10');
  const before = await balances(c, [a.id]);
  const res = await transfer({ fromAccountId: a.id, toAccountId: a.id, amount: '1' });
  expectProblem(t, res, 400, 'validation_failed', { paths: ['toAccountId'] });
  await expectUnchanged(t, c, before);
  t.equal((await transactionIdsOf(c, a.id)).length, 1, 'only the opening earning is listed');
});

t.test('only members give; members and system pools receive', async (t) => {
  const a = await f.member('10');
  const s = await f.merchant();
  const m2 = await f.member('5');
  t.equal((await c.post('/v1/redemptions', { accountId: m2.id, merchantAccountId: s.id, amount: '5' })).statusCode, 201, 'merchant holds 5');
  const before = await balances(c, [a.id, s.id, m2.id]);
  expectProblem(t, await transfer({ fromAccountId: s.id, toAccountId: a.id, amount: '1' }), 400, 'validation_failed', {
    paths: ['fromAccountId'],
  });
  expectProblem(t, await transfer({ fromAccountId: a.id, toAccountId: s.id, amount: '1' }), 400, 'validation_failed', {
    paths: ['toAccountId'],
  });
  expectProblem(t, await transfer({ fromAccountId: donationPool, toAccountId: a.id, amount: '1' }), 400, 'validation_failed', {
    paths: ['fromAccountId'],
  });
  expectProblem(t, await transfer({ fromAccountId: a.id, toAccountId: MISSING_ACCOUNT_ID, amount: '1' }), 404, 'not_found');
  expectProblem(t, await transfer({ fromAccountId: MISSING_ACCOUNT_ID, toAccountId: a.id, amount: '1' }), 404, 'not_found');
  expectProblem(t, await transfer({ fromAccountId: a.id, amount: '1' }), 400, 'validation_failed', { paths: ['toAccountId'] });
  expectProblem(t, await transfer({ toAccountId: a.id, amount: '1' }), 400, 'validation_failed', { paths: ['fromAccountId'] });
  await expectUnchanged(t, c, before);
});

t.test('insufficient funds: refused, nothing changes', async (t) => {
  const a = await f.member('3');
  const b = await f.member();
  const before = await balances(c, [a.id, b.id]);
  expectProblem(t, await transfer({ fromAccountId: a.id, toAccountId: b.id, amount: '3.01' }), 422, 'insufficient_funds');
  expectProblem(t, await transfer({ fromAccountId: b.id, toAccountId: a.id, amount: '0.01' }), 422, 'insufficient_funds');
  expectProblem(t, await transfer({ fromAccountId: a.id, toAccountId: donationPool, amount: '4' }), 422, 'insufficient_funds');
  await expectUnchanged(t, c, before);
  t.equal((await transfer({ fromAccountId: a.id, toAccountId: b.id, amount: '3' })).statusCode, 201, 'the exact balance may be given');
  const after = await balances(c, [a.id, b.id]);
  t.equal(after[a.id]?.balance, '0.00', 'giver at zero');
  t.equal(after[b.id]?.balance, '3.00', 'receiver');
});

t.test('a closed member receives nothing', async (t) => {
  const a = await f.member('5');
  const closed = await f.member();
  t.equal((await c.patch(`/v1/accounts/${closed.id}`, { status: 'closed' })).statusCode, 200, 'closed');
  const before = await balances(c, [a.id, closed.id]);
  expectProblem(t, await transfer({ fromAccountId: a.id, toAccountId: closed.id, amount: '1' }), 422, 'account_not_active');
  expectProblem(t, await transfer({ fromAccountId: closed.id, toAccountId: a.id, amount: '1' }), 422, 'account_not_active');
  await expectUnchanged(t, c, before);
});

t.test('the invalid amount space is refused for transfers too', async (t) => {
  const a = await f.member('50');
  const b = await f.member();
  const before = await balances(c, [a.id, b.id]);
  for (const [label, amount] of INVALID_AMOUNTS) {
    const res = await transfer({ fromAccountId: a.id, toAccountId: b.id, amount });
    expectProblem(t, res, 400, 'validation_failed', { paths: ['amount'] });
    t.comment(label);
  }
  await expectUnchanged(t, c, before);
});

t.test('unknown fields are refused', async (t) => {
  const a = await f.member('5');
  const b = await f.member();
  const before = await balances(c, [a.id, b.id]);
  expectProblem(t, await transfer({ fromAccountId: a.id, toAccountId: b.id, amount: '1', category: 'donation' }), 400, 'validation_failed');
  expectProblem(t, await transfer({ fromAccountId: a.id, toAccountId: b.id, amount: '1', to: b.id }), 400, 'validation_failed');
  await expectUnchanged(t, c, before);
});
