import t from 'tap';
import { engine, fixture, uniqueCode } from '../helpers/app.js';
import { buildWorkflowApp, getTransaction, mapLimit, snapshot } from '../helpers/workflows.js';
import { expectProblem, MISSING_ACCOUNT_ID, type TransactionView } from '../helpers/contract.js';

const { app, c } = await buildWorkflowApp();
t.teardown(() => app.close());
const f = fixture(c);

type Item = Record<string, unknown>;
const batch = (items: Item[], headers?: Record<string, string>) => c.post('/v1/earnings/batch', { items }, headers);

t.test('a 300-volunteer duty rota is credited in one batch', async (t) => {
  const members = await mapLimit(Array.from({ length: 300 }), 8, async () => (await f.member()).id);
  // Different amounts per volunteer, with fen, so a mix-up between items would show.
  const amountOf = (i: number) => `${(i % 9) + 1}.${String(i % 100).padStart(2, '0')}`;
  const items = members.map((accountId, i) => ({
    accountId,
    amount: amountOf(i),
    category: 'duty_shift',
    description: `rota shift ${i}`,
    reference: `rota-${i}`,
  }));
  const started = performance.now();
  const res = await batch(items);
  const ms = performance.now() - started;
  t.comment(`${engine}: POST /v1/earnings/batch with 300 items took ${ms.toFixed(0)} ms`);
  t.equal(res.statusCode, 201, `201: ${res.body.slice(0, 300)}`);
  const data = (res.json() as { data: TransactionView[] }).data;
  t.equal(data.length, 300, '300 transactions');
  t.equal(new Set(data.map((d) => d.id)).size, 300, 'each its own transaction');
  let matching = 0;
  data.forEach((txn, i) => {
    const credit = txn.entries.find((e) => e.accountId === members[i]);
    if (txn.kind === 'earning' && txn.category === 'duty_shift' && credit?.amount === amountOf(i) && txn.amount === amountOf(i)) {
      matching += 1;
    }
  });
  t.equal(matching, 300, 'every transaction is the earning of its item, in order');
  t.same(await getTransaction(c, data[299]!.id), data[299], 'the last one reads back as answered');

  const balances = await mapLimit(members, 8, (id) => f.balance(id));
  t.same(
    balances.map((b, i) => [members[i], b, amountOf(i)]).filter(([, b, want]) => b !== want),
    [],
    'every member holds exactly their amount (listed: [account, balance, wanted] that differ)',
  );
});

t.test('one invalid item rolls the whole batch back', async (t) => {
  const a = await f.member('5.00');
  const b = await f.member();
  const other = await f.member();
  const s = await f.merchant();
  const good: Item[] = [
    { accountId: a.id, amount: '10.00', category: 'public_labour' },
    { accountId: b.id, amount: '20.00', category: 'duty_shift' },
    { accountId: a.id, amount: '1.50', category: 'donation' },
  ];
  const before = await snapshot(c, [a.id, b.id, other.id, s.id]);
  const cases: [string, Item, number, string, string[]][] = [
    ['unknown category', { accountId: other.id, amount: '1.00', category: 'no_such_category' }, 400, 'validation_failed', ['items.3.category']],
    ['a merchant account', { accountId: s.id, amount: '1.00', category: 'public_labour' }, 400, 'validation_failed', ['items.3.accountId']],
    ['a missing account', { accountId: MISSING_ACCOUNT_ID, amount: '1.00', category: 'public_labour' }, 404, 'not_found', ['items.3']],
    ['a bad amount', { accountId: other.id, amount: '1.234', category: 'public_labour' }, 400, 'validation_failed', ['items.3.amount']],
    ['a zero amount', { accountId: other.id, amount: '0', category: 'public_labour' }, 400, 'validation_failed', ['items.3.amount']],
    [
      'an occurredAt in the future',
      { accountId: other.id, amount: '1.00', category: 'public_labour', occurredAt: new Date(Date.now() + 3_600_000).toISOString() },
      400,
      'validation_failed',
      ['items.3.occurredAt'],
    ],
  ];
  for (const [name, bad, status, code, paths] of cases) {
    t.test(name, async (t) => {
      const res = await batch([...good, bad]);
      expectProblem(t, res, status, code, { paths });
      t.same(await snapshot(c, [a.id, b.id, other.id, s.id]), before, 'no balance changed');
    });
  }
  t.test('a frozen member', async (t) => {
    t.equal((await c.patch(`/v1/accounts/${other.id}`, { status: 'frozen' })).statusCode, 200);
    const res = await batch([...good, { accountId: other.id, amount: '1.00', category: 'public_labour' }]);
    expectProblem(t, res, 422, 'account_not_active');
    t.same(await snapshot(c, [a.id, b.id, other.id, s.id]), before, 'no balance changed');
    const list = await c.get(`/v1/transactions?accountId=${b.id}`);
    t.same((list.json() as { data: unknown[] }).data, [], 'no transaction was written for an earlier item');
  });
});

t.test('a batch holds at most 1000 items', async (t) => {
  const m = await f.member();
  const items = Array.from({ length: 1001 }, () => ({ accountId: m.id, amount: '0.01', category: 'public_labour' }));
  expectProblem(t, await batch(items), 400, 'validation_failed', { paths: ['items'] });
  expectProblem(t, await batch([]), 400, 'validation_failed', { paths: ['items'] });
  t.equal(await f.balance(m.id), '0.00', 'nothing credited');
  // (A batch of exactly 1000 is accepted in as-of.test.ts, which needs that many entries.)
});

t.test('one Idempotency-Key covers the whole batch', async (t) => {
  const members = [await f.member(), await f.member(), await f.member()];
  const items = members.map((m, i) => ({ accountId: m.id, amount: `${i + 1}.00`, category: 'public_labour' }));
  const key = uniqueCode('batch');
  const first = await batch(items, { 'idempotency-key': key });
  t.equal(first.statusCode, 201);
  const again = await batch(items, { 'idempotency-key': key });
  t.equal(again.statusCode, 201);
  t.equal(again.headers['idempotency-replayed'], 'true');
  t.same(again.json(), first.json(), 'the same transactions answered again');
  t.same(
    await Promise.all(members.map((m) => f.balance(m.id))),
    ['1.00', '2.00', '3.00'],
    'credited once',
  );
  expectProblem(t, await batch(items.slice(0, 2), { 'idempotency-key': key }), 422, 'idempotency_key_reused');
  t.same(await Promise.all(members.map((m) => f.balance(m.id))), ['1.00', '2.00', '3.00']);
});
