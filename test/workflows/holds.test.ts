import t from 'tap';
import { buildTestApp, fixture, uniqueCode } from '../helpers/app.js';
import { TestClock } from '../helpers/clock.js';
import { buildWorkflowApp, getHold, getTransaction, type HoldView, patchStatus, postOk, snapshot } from '../helpers/workflows.js';
import { expectProblem, getAccount, HOLD_ID, TRANSACTION_ID, type TransactionView } from '../helpers/contract.js';

/**
 * The app's clock: a hold expires when the test moves it past expiresAt, not after a wait,
 * and every bound below is measured from it exactly.
 */
const clock = new TestClock();
const now = () => clock.now().getTime();
const { app, c } = await buildWorkflowApp({}, { clock });
t.teardown(() => app.close());
const f = fixture(c);

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const hold = (accountId: string, merchantAccountId: string, amount: string, extra: Record<string, unknown> = {}) =>
  c.post('/v1/holds', { accountId, merchantAccountId, amount, ...extra });
const holdOk = async (accountId: string, merchantAccountId: string, amount: string, extra: Record<string, unknown> = {}) =>
  postOk<HoldView>(c, '/v1/holds', { accountId, merchantAccountId, amount, ...extra });

t.test('a hold defaults to 15 minutes and reserves points: held and available on the account', async (t) => {
  const m = await f.member('100.00');
  const s = await f.merchant();
  const res = await hold(m.id, s.id, '30.50', { description: 'basket 1' });
  t.equal(res.statusCode, 201, `201: ${res.body}`);
  const h = res.json() as HoldView;
  t.match(h.id, HOLD_ID, 'a hold_ id');
  t.equal(h.status, 'pending');
  t.equal(h.amount, '30.50');
  t.equal(h.accountId, m.id);
  t.equal(h.merchantAccountId, s.id);
  t.equal(h.capturedAmount, null);
  t.equal(h.transactionId, null);
  t.equal(h.resolvedAt, null);
  t.equal(Date.parse(h.expiresAt), now() + 15 * MINUTE, `expiresAt ${h.expiresAt} is 15 minutes after the service's now`);
  t.same(await getHold(c, h.id), h, 'GET hold answers what POST answered');

  const a = await getAccount(c, m.id);
  t.equal(a.balance, '100.00', 'a hold moves no points');
  t.equal(a.held, '30.50', 'held counts the pending hold');
  t.equal(a.available, '69.50', 'available = balance - held');
  t.equal(await f.balance(s.id), '0.00', 'the merchant receives nothing yet');

  await holdOk(m.id, s.id, '9.50');
  const b = await getAccount(c, m.id);
  t.equal(b.held, '40.00', 'two pending holds add up');
  t.equal(b.available, '60.00');
});

t.test('an explicit expiresAt is kept; in the past or beyond 7 days is 400', async (t) => {
  const m = await f.member('50.00');
  const s = await f.merchant();
  const at = new Date(now() + 2 * 60 * MINUTE);
  at.setUTCMilliseconds(0);
  const h = await holdOk(m.id, s.id, '5.00', { expiresAt: at.toISOString() });
  t.equal(Date.parse(h.expiresAt), at.getTime(), 'expiresAt as given');

  const nearMax = await hold(m.id, s.id, '5.00', { expiresAt: new Date(now() + 7 * DAY - MINUTE).toISOString() });
  t.equal(nearMax.statusCode, 201, 'just under 7 days is accepted');

  const cases: [string, string][] = [
    ['in the past', new Date(now() - MINUTE).toISOString()],
    ['beyond 7 days', new Date(now() + 7 * DAY + MINUTE).toISOString()],
  ];
  for (const [name, expiresAt] of cases) {
    const res = await hold(m.id, s.id, '5.00', { expiresAt });
    t.comment(name);
    expectProblem(t, res, 400, 'validation_failed', { paths: ['expiresAt'] });
  }
  const a = await getAccount(c, m.id);
  t.equal(a.held, '10.00', 'refused holds reserve nothing');
});

t.test("a cashier's hold lives at most HOLD_TTL_MAX_CASHIER_MINUTES (issue 13)", async (t) => {
  const m = await f.member('50.00');
  const s = await f.merchant();
  const key = await postOk<{ key: string }>(c, '/v1/api-keys', { name: uniqueCode('till'), role: 'cashier', merchantAccountIds: [s.id] });
  const till = { authorization: `Bearer ${key.key}` };
  const tillHold = (extra: Record<string, unknown>) => c.post('/v1/holds', { accountId: m.id, merchantAccountId: s.id, amount: '5.00', ...extra }, till);

  // The default: 60 minutes.
  t.equal((await tillHold({ expiresAt: new Date(now() + 59 * MINUTE).toISOString() })).statusCode, 201, 'a cashier: 59 minutes is accepted');
  for (const [name, ms] of [
    ['61 minutes', 61 * MINUTE],
    ['a day', DAY],
    ['7 days', 7 * DAY - MINUTE],
  ] as const) {
    const res = await tillHold({ expiresAt: new Date(now() + ms).toISOString() });
    expectProblem(t, res, 400, 'validation_failed', { paths: ['expiresAt'] });
    t.match(res.json().detail, /at most 60 minutes away for a cashier key/, `a cashier, ${name}: refused, and told the bound`);
  }
  t.equal((await hold(m.id, s.id, '5.00', { expiresAt: new Date(now() + 7 * DAY - MINUTE).toISOString() })).statusCode, 201, 'an admin still holds for up to 7 days');
  t.equal((await getAccount(c, m.id)).held, '10.00', 'the refused holds reserve nothing');

  // Configured below the 15-minute default, the default follows it.
  const short = { app: await buildTestApp({ HOLD_TTL_MAX_CASHIER_MINUTES: '5' }, { database: app.db, clock }) };
  t.teardown(() => short.app.close());
  const res = await short.app.inject({ method: 'POST', url: '/v1/holds', headers: till, payload: { accountId: m.id, merchantAccountId: s.id, amount: '1.00' } });
  t.equal(res.statusCode, 201, `a cashier without expiresAt: 201; ${res.body.slice(0, 200)}`);
  t.equal(Date.parse((res.json() as HoldView).expiresAt), now() + 5 * MINUTE, 'expires after the configured 5 minutes, not 15');
  const over = await short.app.inject({
    method: 'POST',
    url: '/v1/holds',
    headers: till,
    payload: { accountId: m.id, merchantAccountId: s.id, amount: '1.00', expiresAt: new Date(now() + 6 * MINUTE).toISOString() },
  });
  expectProblem(t, over, 400, 'validation_failed', { paths: ['expiresAt'] });
});

t.test('a hold above what is available is 422 insufficient_funds', async (t) => {
  const m = await f.member('40.00');
  const s = await f.merchant();
  expectProblem(t, await hold(m.id, s.id, '40.01'), 422, 'insufficient_funds');
  await holdOk(m.id, s.id, '25.00');
  expectProblem(t, await hold(m.id, s.id, '15.01'), 422, 'insufficient_funds');
  const ok = await hold(m.id, s.id, '15.00');
  t.equal(ok.statusCode, 201, 'exactly what is available can be held');
  const a = await getAccount(c, m.id);
  t.equal(a.held, '40.00');
  t.equal(a.available, '0.00');
});

t.test('a redemption or transfer that would spend held points is 422', async (t) => {
  const m = await f.member('100.00');
  const other = await f.member();
  const s = await f.merchant();
  await holdOk(m.id, s.id, '70.00');
  expectProblem(
    t,
    await c.post('/v1/redemptions', { accountId: m.id, merchantAccountId: s.id, amount: '30.01' }),
    422,
    'insufficient_funds',
  );
  expectProblem(t, await c.post('/v1/transfers', { fromAccountId: m.id, toAccountId: other.id, amount: '30.01' }), 422, 'insufficient_funds');
  t.same(await snapshot(c, [m.id, other.id, s.id]), {
    [m.id]: ['100.00', '70.00', '30.00'],
    [other.id]: ['0.00', '0.00', '0.00'],
    [s.id]: ['0.00', '0.00', '0.00'],
  }, 'refused postings changed nothing');

  const r = await c.post('/v1/redemptions', { accountId: m.id, merchantAccountId: s.id, amount: '20.00' });
  t.equal(r.statusCode, 201, 'spending what is not held works');
  const tr = await c.post('/v1/transfers', { fromAccountId: m.id, toAccountId: other.id, amount: '10.00' });
  t.equal(tr.statusCode, 201, 'transferring the rest of the unheld points works');
  const a = await getAccount(c, m.id);
  t.same([a.balance, a.held, a.available], ['70.00', '70.00', '0.00']);
  expectProblem(
    t,
    await c.post('/v1/redemptions', { accountId: m.id, merchantAccountId: s.id, amount: '0.01' }),
    422,
    'insufficient_funds',
  );
});

t.test('full capture: a 201 redemption with holdId; the hold becomes captured', async (t) => {
  const m = await f.member('100.00');
  const s = await f.merchant();
  const h = await holdOk(m.id, s.id, '42.30', { description: 'rice and oil' });
  const res = await c.post(`/v1/holds/${h.id}/capture`, {});
  t.equal(res.statusCode, 201, `201: ${res.body}`);
  const txn = res.json() as TransactionView;
  t.match(txn.id, TRANSACTION_ID);
  t.equal(txn.kind, 'redemption');
  t.equal(txn.holdId, h.id, 'the transaction names the hold');
  t.equal(txn.amount, '42.30', 'captures the whole hold by default');
  t.same(
    [...txn.entries].sort((a, b) => a.amount.localeCompare(b.amount)),
    [
      { accountId: m.id, amount: '-42.30' },
      { accountId: s.id, amount: '42.30' },
    ].sort((a, b) => a.amount.localeCompare(b.amount)),
    'member -> merchant',
  );
  t.equal((await getTransaction(c, txn.id)).holdId, h.id, 'GET transaction keeps holdId');

  const after = await getHold(c, h.id);
  t.equal(after.status, 'captured');
  t.equal(after.transactionId, txn.id, 'the hold names its transaction');
  t.equal(after.capturedAmount, '42.30');
  t.not(after.resolvedAt, null, 'resolvedAt is set');

  t.same(await snapshot(c, [m.id, s.id]), { [m.id]: ['57.70', '0.00', '57.70'], [s.id]: ['42.30', '0.00', '42.30'] });
});

t.test('partial capture charges part and releases the rest', async (t) => {
  const m = await f.member('100.00');
  const s = await f.merchant();
  const h = await holdOk(m.id, s.id, '60.00');
  const res = await c.post(`/v1/holds/${h.id}/capture`, { amount: '25.50' });
  t.equal(res.statusCode, 201, `201: ${res.body}`);
  const txn = res.json() as TransactionView;
  t.equal(txn.amount, '25.50');
  t.equal(txn.holdId, h.id);
  const after = await getHold(c, h.id);
  t.equal(after.status, 'captured');
  t.equal(after.capturedAmount, '25.50');
  t.equal(after.transactionId, txn.id);
  t.same(await snapshot(c, [m.id, s.id]), { [m.id]: ['74.50', '0.00', '74.50'], [s.id]: ['25.50', '0.00', '25.50'] }, 'the rest is available again');
  const spend = await c.post('/v1/redemptions', { accountId: m.id, merchantAccountId: s.id, amount: '74.50' });
  t.equal(spend.statusCode, 201, 'the released points can be spent');
});

t.test('capture above the held amount is 400 and leaves the hold pending', async (t) => {
  const m = await f.member('100.00');
  const s = await f.merchant();
  const h = await holdOk(m.id, s.id, '20.00');
  expectProblem(t, await c.post(`/v1/holds/${h.id}/capture`, { amount: '20.01' }), 400, 'validation_failed', { paths: ['amount'] });
  t.equal((await getHold(c, h.id)).status, 'pending');
  t.same(await snapshot(c, [m.id, s.id]), { [m.id]: ['100.00', '20.00', '80.00'], [s.id]: ['0.00', '0.00', '0.00'] });
});

t.test('capture with receipt lines whose total differs is 400; the hold stays pending', async (t) => {
  const m = await f.member('100.00');
  const s = await f.merchant();
  const h = await holdOk(m.id, s.id, '30.00');
  const receipt = { number: uniqueCode('RC'), lines: [{ name: '大米 rice', quantity: 2, unitPrice: '12.00' }] };
  expectProblem(t, await c.post(`/v1/holds/${h.id}/capture`, { receipt }), 400, 'validation_failed', { paths: ['amount'] });
  expectProblem(t, await c.post(`/v1/holds/${h.id}/capture`, { amount: '25.00', receipt }), 400, 'validation_failed', { paths: ['amount'] });
  const still = await getHold(c, h.id);
  t.equal(still.status, 'pending', 'the refused capture resolved nothing');
  t.equal(still.transactionId, null);
  t.same(await snapshot(c, [m.id, s.id]), { [m.id]: ['100.00', '30.00', '70.00'], [s.id]: ['0.00', '0.00', '0.00'] });

  const ok = await c.post(`/v1/holds/${h.id}/capture`, { amount: '24.00', receipt });
  t.equal(ok.statusCode, 201, `a matching receipt captures: ${ok.body}`);
  t.equal((ok.json() as { receipt: { lines: { unitPrice: string }[] } }).receipt.lines[0]?.unitPrice, '12.00');
  t.equal((await getAccount(c, m.id)).balance, '76.00');
});

t.test('a hold resolves exactly once', async (t) => {
  const m = await f.member('100.00');
  const s = await f.merchant();

  t.test('capture after void is 409 hold_not_pending', async (t) => {
    const h = await holdOk(m.id, s.id, '10.00');
    const v = await c.post(`/v1/holds/${h.id}/void`);
    t.equal(v.statusCode, 200, `void 200: ${v.body}`);
    t.equal((v.json() as HoldView).status, 'voided');
    t.not((v.json() as HoldView).resolvedAt, null);
    t.equal((await getAccount(c, m.id)).held, '0.00', 'void releases the points');
    expectProblem(t, await c.post(`/v1/holds/${h.id}/capture`, {}), 409, 'hold_not_pending');
    expectProblem(t, await c.post(`/v1/holds/${h.id}/void`), 409, 'hold_not_pending');
    t.equal((await getHold(c, h.id)).status, 'voided');
    t.equal(await f.balance(m.id), '100.00', 'nothing was charged');
  });

  t.test('void after capture is 409; capture twice is 409', async (t) => {
    const h = await holdOk(m.id, s.id, '10.00');
    const cap = await c.post(`/v1/holds/${h.id}/capture`, {});
    t.equal(cap.statusCode, 201);
    expectProblem(t, await c.post(`/v1/holds/${h.id}/void`), 409, 'hold_not_pending');
    expectProblem(t, await c.post(`/v1/holds/${h.id}/capture`, {}), 409, 'hold_not_pending');
    expectProblem(t, await c.post(`/v1/holds/${h.id}/capture`, { amount: '1.00' }), 409, 'hold_not_pending');
    const after = await getHold(c, h.id);
    t.equal(after.status, 'captured');
    t.equal(after.transactionId, (cap.json() as TransactionView).id);
    t.equal(await f.balance(m.id), '90.00', 'charged once');
    t.equal(await f.balance(s.id), '10.00');
  });
});

t.test('an expired hold reserves nothing at once and cannot be captured or voided', async (t) => {
  const m = await f.member('50.00');
  const s = await f.merchant();
  const h = await holdOk(m.id, s.id, '50.00', { expiresAt: new Date(now() + 10 * MINUTE).toISOString() });
  const redeemOne = () => c.post('/v1/redemptions', { accountId: m.id, merchantAccountId: s.id, amount: '1.00' });

  // A millisecond before expiresAt it still reserves everything: on the account read, and in
  // the posting function, which is given the service's time (p_now) rather than its own.
  clock.advance(Date.parse(h.expiresAt) - 1 - now());
  const during = await getAccount(c, m.id);
  t.same([during.held, during.available], ['50.00', '0.00'], 'while pending it reserves everything');
  t.equal((await getHold(c, h.id)).status, 'pending', 'pending until expiresAt');
  expectProblem(t, await redeemOne(), 422, 'insufficient_funds');

  clock.advance(1);

  const expired = await getHold(c, h.id);
  t.equal(expired.status, 'expired', 'GET hold reports expired without any sweeper');
  const a = await getAccount(c, m.id);
  t.same([a.balance, a.held, a.available], ['50.00', '0.00', '50.00'], 'held is 0.00 the moment it expires');
  expectProblem(t, await c.post(`/v1/holds/${h.id}/capture`, {}), 409, 'hold_not_pending');
  expectProblem(t, await c.post(`/v1/holds/${h.id}/capture`, { amount: '1.00' }), 409, 'hold_not_pending');
  expectProblem(t, await c.post(`/v1/holds/${h.id}/void`), 409, 'hold_not_pending');
  t.equal((await getHold(c, h.id)).status, 'expired', 'still expired after the refused calls');
  t.equal(await f.balance(s.id), '0.00', 'the merchant received nothing');

  const spend = await c.post('/v1/redemptions', { accountId: m.id, merchantAccountId: s.id, amount: '50.00' });
  t.equal(spend.statusCode, 201, `the expired hold's points can be spent: ${spend.body}`);
  const closed = await patchStatus(c, m.id, 'closed');
  t.equal(closed.statusCode, 200, `an expired hold does not keep the emptied account from closing: ${closed.body}`);
});

t.test('a hold on a frozen member is 422 account_not_active', async (t) => {
  const m = await f.member('30.00');
  const s = await f.merchant();
  t.equal((await patchStatus(c, m.id, 'frozen')).statusCode, 200);
  expectProblem(t, await hold(m.id, s.id, '5.00'), 422, 'account_not_active');
  t.equal((await getAccount(c, m.id)).held, '0.00');
});

t.test('Idempotency-Key replay of a capture returns the same transaction and charges once', async (t) => {
  const m = await f.member('100.00');
  const s = await f.merchant();
  const h = await holdOk(m.id, s.id, '40.00');
  const key = uniqueCode('cap');
  const first = await c.post(`/v1/holds/${h.id}/capture`, { amount: '15.00' }, { 'idempotency-key': key });
  t.equal(first.statusCode, 201);
  t.not(first.headers['idempotency-replayed'], 'true', 'the first answer is not a replay');
  const again = await c.post(`/v1/holds/${h.id}/capture`, { amount: '15.00' }, { 'idempotency-key': key });
  t.equal(again.statusCode, 201, `the replay answers 201 again, not 409: ${again.body}`);
  t.equal(again.headers['idempotency-replayed'], 'true');
  t.same(again.json(), first.json(), 'the same transaction, byte for byte');
  t.same(await snapshot(c, [m.id, s.id]), { [m.id]: ['85.00', '0.00', '85.00'], [s.id]: ['15.00', '0.00', '15.00'] }, 'charged once');

  const reused = await c.post(`/v1/holds/${h.id}/capture`, { amount: '16.00' }, { 'idempotency-key': key });
  expectProblem(t, reused, 422, 'idempotency_key_reused');
});
