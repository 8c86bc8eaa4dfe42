import type { LightMyRequestResponse } from 'fastify';
import t from 'tap';
import { buildTestApp, client, fixture, uniqueCode } from './helpers/app.js';
import {
  balances,
  expectProblem,
  expectUnchanged,
  getAccount,
  openAccount,
  type T,
  transactionIdsOf,
  uniqueCategoryCode,
} from './helpers/contract.js';

const app = await buildTestApp();
t.teardown(() => app.close());
const c = client(app);
const f = fixture(c);

const key = () => uniqueCode('idem');
const withKey = (k: string) => ({ 'idempotency-key': k });

/** The first answer: a 201 that is not marked as a replay. */
function expectFirst(t: T, res: LightMyRequestResponse, what: string) {
  t.equal(res.statusCode, 201, `${what}: 201`);
  t.equal(res.headers['idempotency-replayed'], undefined, `${what}: not marked as a replay`);
}

/** A replay: the first answer's status and body again, marked idempotency-replayed: true. */
function expectReplay(t: T, res: LightMyRequestResponse, first: LightMyRequestResponse, what: string) {
  t.equal(res.statusCode, first.statusCode, `${what}: the first status again`);
  t.equal(res.headers['idempotency-replayed'], 'true', `${what}: idempotency-replayed: true`);
  t.same(res.json(), first.json(), `${what}: the first body again`);
}

t.test('same key, same body: the first response again, posted once', async (t) => {
  const m = await f.member();
  const k = key();
  const body = { accountId: m.id, amount: '12.5', category: 'public_labour', description: 'duty' };
  const first = await c.post('/v1/earnings', body, withKey(k));
  expectFirst(t, first, 'first');
  for (let i = 1; i <= 3; i++) expectReplay(t, await c.post('/v1/earnings', body, withKey(k)), first, `retry ${i}`);

  const reordered = { description: 'duty', category: 'public_labour', amount: '12.5', accountId: m.id };
  expectReplay(t, await c.post('/v1/earnings', reordered, withKey(k)), first, 'the same body with its keys in another order');

  const a = await getAccount(c, m.id);
  t.equal(a.balance, '12.50', 'the balance moved once');
  t.same(await transactionIdsOf(c, m.id), [first.json().id], 'one transaction is listed for the account');
});

t.test('different keys are different requests, even with the same body', async (t) => {
  const m = await f.member();
  const body = { accountId: m.id, amount: '1', category: 'public_labour' };
  const a = await c.post('/v1/earnings', body, withKey(key()));
  const b = await c.post('/v1/earnings', body, withKey(key()));
  expectFirst(t, a, 'first key');
  expectFirst(t, b, 'second key');
  t.not(a.json().id, b.json().id, 'two transactions');
  t.equal((await getAccount(c, m.id)).balance, '2.00', 'posted twice');
});

t.test('same key, different body: 422 idempotency_key_reused, nothing changes', async (t) => {
  const m = await f.member();
  const s = await f.merchant();
  const k = key();
  const body = { accountId: m.id, amount: '10', category: 'public_labour' };
  const first = await c.post('/v1/earnings', body, withKey(k));
  expectFirst(t, first, 'first');
  const before = await balances(c, [m.id, s.id]);

  expectProblem(t, await c.post('/v1/earnings', { ...body, amount: '10.01' }, withKey(k)), 422, 'idempotency_key_reused');
  expectProblem(t, await c.post('/v1/earnings', { ...body, description: 'added' }, withKey(k)), 422, 'idempotency_key_reused');
  expectProblem(t, await c.post('/v1/earnings', { ...body, category: 'duty_shift' }, withKey(k)), 422, 'idempotency_key_reused');
  expectProblem(
    t,
    await c.post('/v1/redemptions', { accountId: m.id, merchantAccountId: s.id, amount: '10' }, withKey(k)),
    422,
    'idempotency_key_reused',
  );
  expectProblem(t, await c.post('/v1/accounts', { code: uniqueCode('R-k'), name: 'n', kind: 'member' }, withKey(k)), 422, 'idempotency_key_reused');
  await expectUnchanged(t, c, before);
  t.equal((await transactionIdsOf(c, m.id)).length, 1, 'still one transaction');
  expectReplay(t, await c.post('/v1/earnings', body, withKey(k)), first, 'the original request still replays');
});

t.test('Idempotency-Key must be 1-255 printable ASCII characters', async (t) => {
  const m = await f.member();
  const body = { accountId: m.id, amount: '1', category: 'public_labour' };
  const bad: [string, string][] = [
    ['256 characters', 'k'.repeat(256)],
    ['a tab', 'a\tb'],
    ['a control character', 'a\x01b'],
    ['DEL', 'a\x7fb'],
    ['non-ASCII', 'clé'],
    ['empty', ''],
  ];
  for (const [what, value] of bad) {
    const res = await c.post('/v1/earnings', body, withKey(value));
    const problem = expectProblem(t, res, 400, 'validation_failed');
    const paths = ((problem.errors as { path: string }[] | undefined) ?? []).map((e) => e.path.toLowerCase());
    t.same(paths, ['idempotency-key'], `${what}: errors[].path names the Idempotency-Key header`);
  }
  t.equal((await getAccount(c, m.id)).balance, '0.00', 'none of them posted');

  const longest = 'k'.repeat(250) + key().slice(-5);
  t.equal(longest.length, 255, 'a key of 255 characters');
  expectFirst(t, await c.post('/v1/earnings', body, withKey(longest)), '255 characters');
  const printable = ` !"#$%&'()*+,-./09:;<=>?@AZ[\\]^_\`az{|}~${key()}`;
  const first = await c.post('/v1/earnings', body, withKey(printable));
  expectFirst(t, first, 'every printable ASCII class');
  expectReplay(t, await c.post('/v1/earnings', body, withKey(printable)), first, 'and it replays');
  t.equal((await getAccount(c, m.id)).balance, '2.00', 'the two valid keys posted once each');
});

t.test('10 parallel requests with one key: exactly one posting', async (t) => {
  const m = await f.member();
  const k = key();
  const body = { accountId: m.id, amount: '3.33', category: 'public_labour' };
  const results = await Promise.all(Array.from({ length: 10 }, () => c.post('/v1/earnings', body, withKey(k))));

  const firsts = results.filter((r) => r.statusCode === 201 && r.headers['idempotency-replayed'] === undefined);
  t.equal(firsts.length, 1, 'exactly one request posted');
  const first = firsts[0] as LightMyRequestResponse;
  let replays = 0;
  let inFlight = 0;
  for (const r of results) {
    if (r === first) continue;
    if (r.statusCode === 201) {
      expectReplay(t, r, first, 'a concurrent duplicate');
      replays++;
    } else {
      expectProblem(t, r, 409, 'idempotency_key_in_flight');
      inFlight++;
    }
  }
  t.equal(replays + inFlight, 9, 'the nine others were replays or in-flight refusals');
  t.comment(`replays: ${replays}, in flight: ${inFlight}`);

  t.equal((await getAccount(c, m.id)).balance, '3.33', 'the balance moved exactly once');
  t.same(await transactionIdsOf(c, m.id), [first.json().id], 'one transaction');
  expectReplay(t, await c.post('/v1/earnings', body, withKey(k)), first, 'afterwards, a retry replays');
});

t.test('10 parallel redemptions with one key charge the member once', async (t) => {
  const m = await f.member('20');
  const s = await f.merchant();
  const k = key();
  const body = { accountId: m.id, merchantAccountId: s.id, amount: '7' };
  const results = await Promise.all(Array.from({ length: 10 }, () => c.post('/v1/redemptions', body, withKey(k))));
  const statuses = results.map((r) => r.statusCode);
  t.equal(statuses.filter((s) => s === 201).length + statuses.filter((s) => s === 409).length, 10, 'only 201 and 409 answers');
  t.equal(results.filter((r) => r.statusCode === 201 && r.headers['idempotency-replayed'] === undefined).length, 1, 'one posting');
  for (const r of results.filter((r) => r.statusCode === 409)) expectProblem(t, r, 409, 'idempotency_key_in_flight');
  const after = await balances(c, [m.id, s.id]);
  t.equal(after[m.id]?.balance, '13.00', 'member charged once');
  t.equal(after[s.id]?.balance, '7.00', 'merchant paid once');
});

t.test('a refused request is not stored: the same key succeeds once the cause is fixed', async (t) => {
  const m = await f.member('5');
  const s = await f.merchant();
  const k = key();
  const body = { accountId: m.id, merchantAccountId: s.id, amount: '8' };
  const before = await balances(c, [m.id, s.id]);
  expectProblem(t, await c.post('/v1/redemptions', body, withKey(k)), 422, 'insufficient_funds');
  expectProblem(t, await c.post('/v1/redemptions', body, withKey(k)), 422, 'insufficient_funds');
  await expectUnchanged(t, c, before, 'the refusals changed nothing');

  t.equal((await c.post('/v1/earnings', { accountId: m.id, amount: '3', category: 'public_labour' })).statusCode, 201, 'funded');
  const ok = await c.post('/v1/redemptions', body, withKey(k));
  expectFirst(t, ok, 'after funding, the same key and body');
  expectReplay(t, await c.post('/v1/redemptions', body, withKey(k)), ok, 'then it replays');
  t.equal((await getAccount(c, m.id)).balance, '0.00', 'charged once');
});

t.test('a request refused by validation does not use up its key', async (t) => {
  const m = await f.member();
  const k = key();
  expectProblem(t, await c.post('/v1/earnings', { accountId: m.id, amount: '1.005', category: 'public_labour' }, withKey(k)), 400, 'validation_failed');
  expectProblem(t, await c.post('/v1/earnings', { accountId: m.id, amount: '1', category: 'no_such_category' }, withKey(k)), 400, 'validation_failed');
  const ok = await c.post('/v1/earnings', { accountId: m.id, amount: '1', category: 'public_labour' }, withKey(k));
  expectFirst(t, ok, 'a corrected body with the same key');
  t.equal((await getAccount(c, m.id)).balance, '1.00', 'posted');
});

t.test('a replay answers the first response even after the state changed', async (t) => {
  const k = key();
  const code = uniqueCode('R-replay');
  const body = { code, name: 'resident', kind: 'member' };
  const opened = await c.post('/v1/accounts', body, withKey(k));
  expectFirst(t, opened, 'account opened');
  const id = opened.json().id as string;
  t.equal((await c.post('/v1/earnings', { accountId: id, amount: '9', category: 'public_labour' })).statusCode, 201, 'earned');
  const replay = await c.post('/v1/accounts', body, withKey(k));
  expectReplay(t, replay, opened, 'the open is replayed, not refused as a duplicate code');
  t.equal(replay.json().balance, '0.00', 'with the balance as first answered');
  expectProblem(t, await c.post('/v1/accounts', body), 409, 'conflict');
  t.equal((await c.get(`/v1/accounts?code=${code}`)).json().data.length, 1, 'one account');

  const ek = key();
  const earnBody = { accountId: id, amount: '1', category: 'public_labour' };
  const earned = await c.post('/v1/earnings', earnBody, withKey(ek));
  expectFirst(t, earned, 'earning');
  t.equal((await c.patch(`/v1/accounts/${id}`, { status: 'frozen' })).statusCode, 200, 'frozen');
  expectReplay(t, await c.post('/v1/earnings', earnBody, withKey(ek)), earned, 'a retry after freezing replays the success');
  t.equal((await getAccount(c, id)).balance, '10.00', 'and posts nothing');
});

t.test('every POST route replays', async (t) => {
  const m = await f.member('50');
  const other = await f.member();
  const s = await f.merchant();
  const pool = await openAccount(c, 'system', uniqueCode('SYS-IDEM'));
  const requests: [string, Record<string, unknown>][] = [
    ['/v1/categories', { code: uniqueCategoryCode('idem'), name: 'replayed category' }],
    ['/v1/accounts', { code: uniqueCode('S-idem'), name: 'replayed shop', kind: 'merchant' }],
    ['/v1/earnings', { accountId: m.id, amount: '1', category: 'duty_shift' }],
    ['/v1/redemptions', { accountId: m.id, merchantAccountId: s.id, amount: '2', receipt: { number: 'R-9', lines: [{ name: 'tea', quantity: 2, unitPrice: '1' }] } }],
    ['/v1/transfers', { fromAccountId: m.id, toAccountId: other.id, amount: '3' }],
    [
      '/v1/transactions',
      { entries: [{ accountId: m.id, amount: '-4' }, { accountId: pool.id, amount: '4' }], description: 'replayed adjustment' },
    ],
  ];
  for (const [url, body] of requests) {
    const k = key();
    const first = await c.post(url, body, withKey(k));
    expectFirst(t, first, url);
    expectReplay(t, await c.post(url, body, withKey(k)), first, url);
  }
  const after = await balances(c, [m.id, other.id, s.id, pool.id]);
  t.equal(after[m.id]?.balance, '42.00', 'member: 50 + 1 - 2 - 3 - 4, each once');
  t.equal(after[other.id]?.balance, '3.00', 'receiver once');
  t.equal(after[s.id]?.balance, '2.00', 'merchant once');
  t.equal(after[pool.id]?.balance, '4.00', 'pool once');
});
