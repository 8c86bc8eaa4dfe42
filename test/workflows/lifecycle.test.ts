import t from 'tap';
import { fixture, uniqueCode } from '../helpers/app.js';
import { buildWorkflowApp, type HoldView, patchStatus, postOk, snapshot } from '../helpers/workflows.js';
import { expectProblem, getAccount } from '../helpers/contract.js';

const { app, c } = await buildWorkflowApp();
t.teardown(() => app.close());
const f = fixture(c);

const earning = (accountId: string, amount = '1.00') => c.post('/v1/earnings', { accountId, amount, category: 'public_labour' });
const redemption = (accountId: string, merchantAccountId: string, amount = '1.00') =>
  c.post('/v1/redemptions', { accountId, merchantAccountId, amount });
const transfer = (fromAccountId: string, toAccountId: string, amount = '1.00') =>
  c.post('/v1/transfers', { fromAccountId, toAccountId, amount });
const hold = (accountId: string, merchantAccountId: string, amount = '1.00') =>
  c.post('/v1/holds', { accountId, merchantAccountId, amount });

t.test('a frozen member takes no entries in either direction; thawing allows them again', async (t) => {
  const m = await f.member('100.00');
  const peer = await f.member('50.00');
  const s = await f.merchant();
  const frozen = await patchStatus(c, m.id, 'frozen');
  t.equal(frozen.statusCode, 200, `freeze 200: ${frozen.body}`);
  t.equal((frozen.json() as { status: string }).status, 'frozen');
  const before = await snapshot(c, [m.id, peer.id, s.id]);

  expectProblem(t, await earning(m.id), 422, 'account_not_active');
  expectProblem(t, await redemption(m.id, s.id), 422, 'account_not_active');
  expectProblem(t, await transfer(m.id, peer.id), 422, 'account_not_active');
  expectProblem(t, await transfer(peer.id, m.id), 422, 'account_not_active');
  expectProblem(t, await hold(m.id, s.id), 422, 'account_not_active');
  t.same(await snapshot(c, [m.id, peer.id, s.id]), before, 'nothing moved');

  const thawed = await patchStatus(c, m.id, 'active');
  t.equal(thawed.statusCode, 200);
  t.equal((thawed.json() as { status: string }).status, 'active');
  t.equal((await earning(m.id, '1.00')).statusCode, 201, 'earning into it');
  t.equal((await redemption(m.id, s.id, '2.00')).statusCode, 201, 'redemption out of it');
  t.equal((await transfer(m.id, peer.id, '3.00')).statusCode, 201, 'transfer from it');
  t.equal((await transfer(peer.id, m.id, '4.00')).statusCode, 201, 'transfer to it');
  t.equal((await hold(m.id, s.id, '5.00')).statusCode, 201, 'hold on it');
  t.same(await snapshot(c, [m.id, peer.id, s.id]), {
    [m.id]: ['100.00', '5.00', '95.00'],
    [peer.id]: ['49.00', '0.00', '49.00'],
    [s.id]: ['2.00', '0.00', '2.00'],
  });
});

t.test('a hold made before the freeze cannot be captured while frozen', async (t) => {
  const m = await f.member('20.00');
  const s = await f.merchant();
  const h = await postOk<HoldView>(c, '/v1/holds', { accountId: m.id, merchantAccountId: s.id, amount: '8.00' });
  t.equal((await patchStatus(c, m.id, 'frozen')).statusCode, 200);
  expectProblem(t, await c.post(`/v1/holds/${h.id}/capture`, {}), 422, 'account_not_active');
  const still = await c.get(`/v1/holds/${h.id}`);
  t.equal((still.json() as HoldView).status, 'pending', 'the refused capture resolved nothing');
  t.same(await snapshot(c, [m.id, s.id]), { [m.id]: ['20.00', '8.00', '12.00'], [s.id]: ['0.00', '0.00', '0.00'] });
  t.equal((await patchStatus(c, m.id, 'active')).statusCode, 200);
  t.equal((await c.post(`/v1/holds/${h.id}/capture`, {})).statusCode, 201, 'thawed, the hold captures');
  t.equal((await getAccount(c, m.id)).balance, '12.00');
});

t.test('a frozen merchant takes no redemption or hold', async (t) => {
  const m = await f.member('10.00');
  const s = await f.merchant();
  t.equal((await patchStatus(c, s.id, 'frozen')).statusCode, 200);
  expectProblem(t, await redemption(m.id, s.id), 422, 'account_not_active');
  expectProblem(t, await hold(m.id, s.id), 422, 'account_not_active');
  t.same(await snapshot(c, [m.id, s.id]), { [m.id]: ['10.00', '0.00', '10.00'], [s.id]: ['0.00', '0.00', '0.00'] });
  t.equal((await patchStatus(c, s.id, 'active')).statusCode, 200);
  t.equal((await redemption(m.id, s.id)).statusCode, 201, 'thawed, it takes redemptions again');
});

t.test('closing needs a zero balance and no pending hold; closed is final', async (t) => {
  const m = await f.member('30.00');
  const peer = await f.member('1.00');
  const s = await f.merchant();
  const h = await postOk<HoldView>(c, '/v1/holds', { accountId: m.id, merchantAccountId: s.id, amount: '10.00' });

  expectProblem(t, await patchStatus(c, m.id, 'closed'), 409, 'conflict');
  t.equal((await getAccount(c, m.id)).status, 'active', 'still active after a refused close');

  // Spend everything that is not held: the balance is still the held 10.00.
  t.equal((await redemption(m.id, s.id, '20.00')).statusCode, 201);
  t.same(await snapshot(c, [m.id]), { [m.id]: ['10.00', '10.00', '0.00'] });
  expectProblem(t, await patchStatus(c, m.id, 'closed'), 409, 'conflict');

  t.equal((await c.post(`/v1/holds/${h.id}/void`)).statusCode, 200);
  expectProblem(t, await patchStatus(c, m.id, 'closed'), 409, 'conflict');
  t.equal((await getAccount(c, m.id)).status, 'active', 'a non-zero balance without holds still cannot close');

  t.equal((await redemption(m.id, s.id, '10.00')).statusCode, 201, 'spend to zero');
  const closed = await patchStatus(c, m.id, 'closed');
  t.equal(closed.statusCode, 200, `closing works at zero with no hold: ${closed.body}`);
  t.equal((closed.json() as { status: string }).status, 'closed');

  expectProblem(t, await earning(m.id), 422, 'account_not_active');
  expectProblem(t, await transfer(peer.id, m.id), 422, 'account_not_active');
  expectProblem(t, await hold(m.id, s.id), 422, 'account_not_active');
  t.same(await snapshot(c, [m.id, peer.id]), { [m.id]: ['0.00', '0.00', '0.00'], [peer.id]: ['1.00', '0.00', '1.00'] });

  expectProblem(t, await patchStatus(c, m.id, 'active'), 409, 'conflict');
  expectProblem(t, await patchStatus(c, m.id, 'frozen'), 409, 'conflict');
  t.equal((await getAccount(c, m.id)).status, 'closed', 'cannot be reopened');
  expectProblem(t, await earning(m.id), 422, 'account_not_active');
});

t.test('a fresh account with nothing in it closes at once; a frozen one can close too', async (t) => {
  const fresh = await f.member();
  t.equal((await patchStatus(c, fresh.id, 'closed')).statusCode, 200);
  const frozen = await f.member();
  t.equal((await patchStatus(c, frozen.id, 'frozen')).statusCode, 200);
  const res = await patchStatus(c, frozen.id, 'closed');
  t.equal(res.statusCode, 200, `frozen -> closed: ${res.body}`);
  t.equal((await getAccount(c, frozen.id)).status, 'closed');
});

t.test("a system account's status does not change", async (t) => {
  const code = uniqueCode('SYS-POOL');
  const pool = await postOk<{ id: string; status: string }>(c, '/v1/accounts', { code, name: `pool ${code}`, kind: 'system' });
  for (const status of ['frozen', 'closed'] as const) {
    expectProblem(t, await patchStatus(c, pool.id, status), 409, 'conflict');
  }
  t.equal((await getAccount(c, pool.id)).status, 'active');
  const m = await f.member('3.00');
  t.equal((await transfer(m.id, pool.id, '3.00')).statusCode, 201, 'it still takes entries');
  const renamed = await c.patch(`/v1/accounts/${pool.id}`, { name: 'renamed pool' });
  t.equal(renamed.statusCode, 200, 'other fields of a system account may change');
});
