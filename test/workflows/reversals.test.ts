import t from 'tap';
import { fixture } from '../helpers/app.js';
import { buildWorkflowApp, getTransaction, postOk, snapshot } from '../helpers/workflows.js';
import { accountIdByCode, expectProblem, TRANSACTION_ID, type TransactionView } from '../helpers/contract.js';

const { app, c } = await buildWorkflowApp();
t.teardown(() => app.close());
const f = fixture(c);

const ISSUE_DUTY_SHIFT = await accountIdByCode(c, 'SYS-ISSUE-DUTY-SHIFT');
const ADJUSTMENTS = await accountIdByCode(c, 'SYS-ADJUSTMENTS');

const earn = (accountId: string, amount: string, category = 'duty_shift') =>
  postOk<TransactionView>(c, '/v1/earnings', { accountId, amount, category, description: 'rota' });
const reverse = (id: string, body: Record<string, unknown>) => c.post(`/v1/transactions/${id}/reversals`, body);
const byAccount = (txn: TransactionView) => Object.fromEntries(txn.entries.map((e) => [e.accountId, e.amount]));

t.test('a full reversal by default moves back all that is left, linked and in the same category', async (t) => {
  const m = await f.member();
  const original = await earn(m.id, '100.00');
  t.equal(original.category, 'duty_shift');
  const res = await reverse(original.id, { reason: 'shift was cancelled' });
  t.equal(res.statusCode, 201, `201: ${res.body}`);
  const rev = res.json() as TransactionView;
  t.match(rev.id, TRANSACTION_ID);
  t.not(rev.id, original.id, 'a new transaction');
  t.equal(rev.kind, 'reversal');
  t.equal(rev.amount, '100.00', 'all of it');
  t.equal(rev.reversesTransactionId, original.id, 'linked to the original');
  t.equal(rev.category, 'duty_shift', "keeps the earning's category");
  t.equal(rev.description, 'shift was cancelled', 'carries the reason');
  t.same(byAccount(rev), { [m.id]: '-100.00', [ISSUE_DUTY_SHIFT]: '100.00' }, 'legs mirror the original');
  t.same(await getTransaction(c, rev.id), rev, 'GET answers the reversal as posted');

  const after = await getTransaction(c, original.id);
  t.equal(after.reversedAmount, '100.00', 'the original shows reversedAmount');
  t.same(after.entries, original.entries, 'the original itself is unchanged');
  t.equal(await f.balance(m.id), '0.00');

  expectProblem(t, await reverse(original.id, { reason: 'again' }), 422, 'reversal_exceeds_original');
  expectProblem(t, await reverse(original.id, { reason: 'again', amount: '0.01' }), 422, 'reversal_exceeds_original');
  t.equal((await getTransaction(c, original.id)).reversedAmount, '100.00', 'still 100.00');
});

t.test('partial reversals add up and never exceed the original', async (t) => {
  const m = await f.member();
  const original = await earn(m.id, '100.00', 'public_labour');
  const r1 = await reverse(original.id, { reason: 'part 1', amount: '30.00' });
  t.equal(r1.statusCode, 201);
  t.equal((r1.json() as TransactionView).amount, '30.00');
  t.equal((r1.json() as TransactionView).category, 'public_labour');
  t.equal((await getTransaction(c, original.id)).reversedAmount, '30.00');
  const r2 = await reverse(original.id, { reason: 'part 2', amount: '50.25' });
  t.equal(r2.statusCode, 201);
  t.equal((await getTransaction(c, original.id)).reversedAmount, '80.25');
  t.equal(await f.balance(m.id), '19.75');

  expectProblem(t, await reverse(original.id, { reason: 'too much', amount: '19.76' }), 422, 'reversal_exceeds_original');
  t.equal((await getTransaction(c, original.id)).reversedAmount, '80.25', 'the refused reversal added nothing');
  t.equal(await f.balance(m.id), '19.75');

  const rest = await reverse(original.id, { reason: 'the rest' });
  t.equal(rest.statusCode, 201);
  t.equal((rest.json() as TransactionView).amount, '19.75', 'the default is what is left, not the original amount');
  t.equal((await getTransaction(c, original.id)).reversedAmount, '100.00');
  t.equal(await f.balance(m.id), '0.00');
  expectProblem(t, await reverse(original.id, { reason: 'nothing left' }), 422, 'reversal_exceeds_original');
});

t.test('a reversal cannot be reversed', async (t) => {
  const m = await f.member();
  const original = await earn(m.id, '20.00');
  const rev = (await reverse(original.id, { reason: 'x', amount: '5.00' })).json() as TransactionView;
  expectProblem(t, await reverse(rev.id, { reason: 'undo the undo' }), 409, 'conflict');
  expectProblem(t, await reverse(rev.id, { reason: 'undo the undo', amount: '1.00' }), 409, 'conflict');
  t.equal((await getTransaction(c, rev.id)).reversedAmount, '0.00');
  t.equal(await f.balance(m.id), '15.00');
});

t.test('a reason is required', async (t) => {
  const m = await f.member();
  const original = await earn(m.id, '20.00');
  expectProblem(t, await reverse(original.id, {}), 400, 'validation_failed', { paths: ['reason'] });
  expectProblem(t, await reverse(original.id, { amount: '5.00' }), 400, 'validation_failed', { paths: ['reason'] });
  expectProblem(t, await reverse(original.id, { reason: '   ' }), 400, 'validation_failed', { paths: ['reason'] });
  t.equal((await getTransaction(c, original.id)).reversedAmount, '0.00');
  t.equal(await f.balance(m.id), '20.00');
});

t.test('reversing a redemption draws the points back from the merchant', async (t) => {
  const m = await f.member('100.00');
  const s = await f.merchant();
  const sale = await postOk<TransactionView>(c, '/v1/redemptions', { accountId: m.id, merchantAccountId: s.id, amount: '40.00' });
  const refund = await reverse(sale.id, { reason: 'one item returned', amount: '15.00' });
  t.equal(refund.statusCode, 201, `201: ${refund.body}`);
  const rev = refund.json() as TransactionView;
  t.same(byAccount(rev), { [m.id]: '15.00', [s.id]: '-15.00' });
  t.equal(rev.category, null, 'a redemption has no category, nor its reversal');
  t.same(await snapshot(c, [m.id, s.id]), { [m.id]: ['75.00', '0.00', '75.00'], [s.id]: ['25.00', '0.00', '25.00'] });

  t.test('when the merchant cannot cover it: 422 insufficient_funds and nothing changes', async (t) => {
    // The merchant's points go elsewhere first: an administrator's correction.
    const adj = await c.post('/v1/transactions', {
      entries: [
        { accountId: s.id, amount: '-25.00' },
        { accountId: ADJUSTMENTS, amount: '25.00' },
      ],
      description: 'settled with the street office',
    });
    t.equal(adj.statusCode, 201, `adjustment 201: ${adj.body}`);
    t.equal(await f.balance(s.id), '0.00');
    expectProblem(t, await reverse(sale.id, { reason: 'the rest returned' }), 422, 'insufficient_funds');
    expectProblem(t, await reverse(sale.id, { reason: 'one more', amount: '0.01' }), 422, 'insufficient_funds');
    t.same(await snapshot(c, [m.id, s.id]), { [m.id]: ['75.00', '0.00', '75.00'], [s.id]: ['0.00', '0.00', '0.00'] }, 'no balance changed');
    t.equal((await getTransaction(c, sale.id)).reversedAmount, '15.00', 'reversedAmount unchanged');
  });
});

t.test("reversing an earning the member has spent or reserved is 422 insufficient_funds", async (t) => {
  const m = await f.member();
  const s = await f.merchant();
  const original = await earn(m.id, '10.00');
  await postOk(c, '/v1/redemptions', { accountId: m.id, merchantAccountId: s.id, amount: '4.00' });
  await postOk(c, '/v1/holds', { accountId: m.id, merchantAccountId: s.id, amount: '3.00' });
  // Balance 6.00, of which 3.00 held: 3.00 can be taken back, no more.
  expectProblem(t, await reverse(original.id, { reason: 'all of it' }), 422, 'insufficient_funds');
  expectProblem(t, await reverse(original.id, { reason: 'held points', amount: '3.01' }), 422, 'insufficient_funds');
  t.same(await snapshot(c, [m.id]), { [m.id]: ['6.00', '3.00', '3.00'] }, 'no balance changed');
  t.equal((await getTransaction(c, original.id)).reversedAmount, '0.00');
  const ok = await reverse(original.id, { reason: 'what is available', amount: '3.00' });
  t.equal(ok.statusCode, 201, `what is available can be reversed: ${ok.body}`);
  t.same(await snapshot(c, [m.id]), { [m.id]: ['3.00', '3.00', '0.00'] });
});

t.test('a multi-leg adjustment reverses in full only', async (t) => {
  const a = await f.member();
  const b = await f.member();
  const adj = await postOk<TransactionView>(c, '/v1/transactions', {
    entries: [
      { accountId: ADJUSTMENTS, amount: '-30.00' },
      { accountId: a.id, amount: '10.00' },
      { accountId: b.id, amount: '20.00' },
    ],
    description: 'opening balances',
  });
  t.equal(adj.kind, 'adjustment');
  t.equal(adj.amount, '30.00');
  expectProblem(t, await reverse(adj.id, { reason: 'partial', amount: '5.00' }), 400, 'validation_failed', { paths: ['amount'] });
  t.equal((await getTransaction(c, adj.id)).reversedAmount, '0.00');
  t.same(await snapshot(c, [a.id, b.id]), { [a.id]: ['10.00', '0.00', '10.00'], [b.id]: ['20.00', '0.00', '20.00'] });

  const full = await reverse(adj.id, { reason: 'wrong residents' });
  t.equal(full.statusCode, 201, `full reversal 201: ${full.body}`);
  const rev = full.json() as TransactionView;
  t.same(byAccount(rev), { [ADJUSTMENTS]: '30.00', [a.id]: '-10.00', [b.id]: '-20.00' }, 'every leg negated');
  t.equal(rev.reversesTransactionId, adj.id);
  t.equal((await getTransaction(c, adj.id)).reversedAmount, '30.00');
  t.same(await snapshot(c, [a.id, b.id]), { [a.id]: ['0.00', '0.00', '0.00'], [b.id]: ['0.00', '0.00', '0.00'] });
  expectProblem(t, await reverse(adj.id, { reason: 'again' }), 422, 'reversal_exceeds_original');
});
