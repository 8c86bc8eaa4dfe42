import type { LightMyRequestResponse } from 'fastify';
import t from 'tap';
import { engine, fixture } from '../helpers/app.js';
import { buildWorkflowApp, getHold, getTransaction, type HoldView, postOk } from '../helpers/workflows.js';
import { getAccount, minor, money, type TransactionView } from '../helpers/contract.js';

// A wider pool than the default 8, so that more of the racing requests hold a connection
// (and contend for the same rows) at the same time.
const { app, c } = await buildWorkflowApp({ DB_POOL_MAX: '16' });
t.teardown(() => app.close());
const f = fixture(c);

/** status -> problem code ("" for a success) -> how many. */
function tally(responses: LightMyRequestResponse[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of responses) {
    const key = r.statusCode < 300 ? String(r.statusCode) : `${r.statusCode} ${(r.json() as { code?: string }).code ?? '?'}`;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

t.test('holds, redemptions and transfers racing for one balance never overspend it', async (t) => {
  const m = await f.member('100.00');
  const peer = await f.member();
  const s = await f.merchant();

  const requests: Promise<LightMyRequestResponse>[] = [];
  const kinds: ('hold' | 'redemption' | 'transfer')[] = [];
  // Interleaved, so that each kind competes with the others from the first request on.
  for (let i = 0; i < 20; i++) {
    requests.push(c.post('/v1/holds', { accountId: m.id, merchantAccountId: s.id, amount: '10.00' }));
    kinds.push('hold');
    requests.push(c.post('/v1/redemptions', { accountId: m.id, merchantAccountId: s.id, amount: '10.00' }));
    kinds.push('redemption');
    if (i % 2 === 0) {
      requests.push(c.post('/v1/transfers', { fromAccountId: m.id, toAccountId: peer.id, amount: '10.00' }));
      kinds.push('transfer');
    }
  }
  const started = performance.now();
  const responses = await Promise.all(requests);
  t.comment(`${engine}: 50 racing requests answered in ${(performance.now() - started).toFixed(0)} ms: ${JSON.stringify(tally(responses))}`);

  const failures = responses.filter((r) => r.statusCode !== 201);
  t.same(
    failures.filter((r) => r.statusCode !== 422 || (r.json() as { code: string }).code !== 'insufficient_funds').map((r) => `${r.statusCode} ${r.body.slice(0, 200)}`),
    [],
    'every failure is 422 insufficient_funds (no 500, no deadlock)',
  );
  const ok = (kind: string) => responses.filter((r, i) => kinds[i] === kind && r.statusCode === 201);
  const holds = ok('hold').map((r) => r.json() as HoldView);
  const redeemed = ok('redemption').length;
  const transferred = ok('transfer').length;
  const committed = 1000n * BigInt(holds.length + redeemed + transferred);
  t.ok(committed <= 10_000n, `spent + held = ${money(committed)} <= 100.00`);
  t.equal(committed, 10_000n, 'and no request was refused while points were still available');

  const a = await getAccount(c, m.id);
  t.ok(minor(a.balance) >= 0n, `balance ${a.balance} >= 0`);
  t.ok(minor(a.available) >= 0n, `available ${a.available} >= 0`);
  t.equal(a.balance, money(10_000n - 1000n * BigInt(redeemed + transferred)), 'balance = 100 - redeemed - transferred');
  t.equal(a.held, money(1000n * BigInt(holds.length)), 'held = the pending holds');
  t.equal(a.available, '0.00', 'available is 0.00: everything is spent or held');
  t.equal((await getAccount(c, peer.id)).balance, money(1000n * BigInt(transferred)), 'the peer received the transfers');
  t.equal((await getAccount(c, s.id)).balance, money(1000n * BigInt(redeemed)), 'the merchant received the redemptions');

  const captures = await Promise.all(holds.map((h) => c.post(`/v1/holds/${h.id}/capture`, {})));
  t.same(
    captures.filter((r) => r.statusCode !== 201).map((r) => `${r.statusCode} ${r.body.slice(0, 200)}`),
    [],
    `all ${holds.length} pending holds capture concurrently`,
  );
  t.same(
    captures.map((r) => (r.json() as TransactionView).holdId).sort(),
    holds.map((h) => h.id).sort(),
    'each capture is the redemption of its own hold',
  );
  const end = await getAccount(c, m.id);
  const spent = 1000n * BigInt(redeemed + transferred + holds.length);
  t.equal(end.balance, money(10_000n - spent), `final balance = 100.00 - ${money(spent)}`);
  t.ok(minor(end.balance) >= 0n, 'never negative');
  t.equal(end.held, '0.00', 'nothing is held after the captures');
  t.equal(end.available, end.balance, 'available = balance');
  t.equal((await getAccount(c, s.id)).balance, money(1000n * BigInt(redeemed + holds.length)), 'the merchant received every capture');
});

t.test('captures and voids racing for one hold: it resolves exactly once', async (t) => {
  const m = await f.member('30.00');
  const s = await f.merchant();
  const h = await postOk<HoldView>(c, '/v1/holds', { accountId: m.id, merchantAccountId: s.id, amount: '30.00' });
  const responses = await Promise.all(
    Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? c.post(`/v1/holds/${h.id}/capture`, {}) : c.post(`/v1/holds/${h.id}/void`))),
  );
  t.comment(`${engine}: 10 captures and 10 voids of one hold: ${JSON.stringify(tally(responses))}`);
  const won = responses.filter((r) => r.statusCode < 300);
  t.equal(won.length, 1, 'exactly one capture or void succeeds');
  t.same(
    responses
      .filter((r) => r.statusCode >= 300)
      .filter((r) => r.statusCode !== 409 || (r.json() as { code: string }).code !== 'hold_not_pending')
      .map((r) => `${r.statusCode} ${r.body.slice(0, 200)}`),
    [],
    'the others are 409 hold_not_pending',
  );
  const after = await getHold(c, h.id);
  const captured = after.status === 'captured';
  t.ok(captured || after.status === 'voided', `the hold is ${after.status}`);
  t.equal(won[0]?.statusCode, captured ? 201 : 200, 'the winner is what the hold says');
  t.same(await Promise.all([getAccount(c, m.id), getAccount(c, s.id)]).then((a) => a.map((x) => [x.balance, x.held])), [
    [captured ? '0.00' : '30.00', '0.00'],
    [captured ? '30.00' : '0.00', '0.00'],
  ], 'charged at most once');
});

t.test('racing partial reversals never exceed the original', async (t) => {
  const m = await f.member('80.00');
  const s = await f.merchant();
  // The merchant holds more than the sale, so only the original's amount can stop the refunds.
  const other = await f.member('60.00');
  await postOk(c, '/v1/redemptions', { accountId: other.id, merchantAccountId: s.id, amount: '60.00' });
  const sale = await postOk<TransactionView>(c, '/v1/redemptions', { accountId: m.id, merchantAccountId: s.id, amount: '50.00' });
  t.equal((await getAccount(c, m.id)).balance, '30.00');

  const started = performance.now();
  const responses = await Promise.all(
    Array.from({ length: 20 }, (_, i) => c.post(`/v1/transactions/${sale.id}/reversals`, { amount: '5.00', reason: `returned item ${i}` })),
  );
  t.comment(`${engine}: 20 racing reversals answered in ${(performance.now() - started).toFixed(0)} ms: ${JSON.stringify(tally(responses))}`);
  t.equal(responses.filter((r) => r.statusCode === 201).length, 10, 'exactly 10 succeed');
  t.same(
    responses
      .filter((r) => r.statusCode !== 201)
      .filter((r) => r.statusCode !== 422 || (r.json() as { code: string }).code !== 'reversal_exceeds_original')
      .map((r) => `${r.statusCode} ${r.body.slice(0, 200)}`),
    [],
    'the other 10 are 422 reversal_exceeds_original',
  );
  t.equal((await getTransaction(c, sale.id)).reversedAmount, '50.00', 'reversedAmount is exactly the original');
  t.equal((await getAccount(c, m.id)).balance, '80.00', 'the member is restored exactly');
  t.equal((await getAccount(c, s.id)).balance, '60.00', 'the merchant gave back exactly what the sale brought');
});
