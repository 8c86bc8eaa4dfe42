import t from 'tap';
import { buildTestApp, client, fixture, uniqueCode } from '../helpers/app.js';
import { balances, expectProblem, expectUnchanged, getAccount, transactionIdsOf, uniqueCategoryCode } from '../helpers/contract.js';

/** An app whose body limit is small enough to reach with an ordinary request. */
const LIMIT = 2048;
const app = await buildTestApp({ BODY_LIMIT_BYTES: String(LIMIT) });
t.teardown(() => app.close());
const c = client(app);
const f = fixture(c);

/** Metadata that takes a JSON body to about `bytes` bytes. */
const padding = (bytes: number) => ({ p1: 'x'.repeat(Math.min(1000, bytes)), p2: 'y'.repeat(Math.max(0, Math.min(1000, bytes - 1000))), p3: 'z'.repeat(Math.max(0, Math.min(1000, bytes - 2000))) });

const size = (body: unknown) => Buffer.byteLength(JSON.stringify(body));

t.test(`every write refuses a body above BODY_LIMIT_BYTES (${LIMIT}) with 413 and changes nothing`, async (t) => {
  const m = await f.member('50');
  const other = await f.member('1');
  const s = await f.merchant();
  const before = await balances(c, [m.id, other.id, s.id]);
  const code = uniqueCode('R-big');
  const category = uniqueCategoryCode('big');
  const big = padding(2600);
  const writes: [string, string, Record<string, unknown>][] = [
    ['POST', '/v1/accounts', { code, name: 'big', kind: 'member', metadata: big }],
    ['POST', '/v1/categories', { code: category, name: 'n'.repeat(2100) }],
    ['POST', '/v1/earnings', { accountId: m.id, amount: '5', category: 'public_labour', metadata: big }],
    ['POST', '/v1/redemptions', { accountId: m.id, merchantAccountId: s.id, amount: '5', metadata: big }],
    ['POST', '/v1/transfers', { fromAccountId: m.id, toAccountId: other.id, amount: '5', metadata: big }],
    [
      'POST',
      '/v1/transactions',
      { entries: [{ accountId: m.id, amount: '-5' }, { accountId: other.id, amount: '5' }], description: 'big', metadata: big },
    ],
    ['PATCH', `/v1/accounts/${m.id}`, { name: 'renamed', metadata: big }],
  ];
  for (const [method, url, body] of writes) {
    t.ok(size(body) > LIMIT, `${method} ${url}: the body (${size(body)} bytes) is above the limit`);
    const res = await c.request(method as 'POST', url, body);
    expectProblem(t, res, 413, 'payload_too_large');
  }
  await expectUnchanged(t, c, before);
  t.same((await c.get(`/v1/accounts?code=${code}`)).json().data, [], 'no account was opened');
  t.notOk(((await c.get('/v1/categories')).json().data as { code: string }[]).some((x) => x.code === category), 'no category was added');
  const after = await getAccount(c, m.id);
  t.not(after.name, 'renamed', 'the PATCH did not apply');
  t.same(after.metadata, {}, 'metadata untouched');
  t.equal((await transactionIdsOf(c, m.id)).length, 1, 'only the opening earning is in the journal');
});

t.test('a body just under the limit is accepted', async (t) => {
  const m = await f.member();
  const body = { accountId: m.id, amount: '5', category: 'public_labour', metadata: padding(1800) };
  t.ok(size(body) < LIMIT && size(body) > LIMIT - 300, `the body is ${size(body)} bytes`);
  const res = await c.post('/v1/earnings', body);
  t.equal(res.statusCode, 201, '201');
  t.equal((await getAccount(c, m.id)).balance, '5.00', 'posted');
});

t.test('a refused oversized request does not use up its Idempotency-Key', async (t) => {
  const m = await f.member();
  const key = uniqueCode('key-big');
  const tooBig = await c.post('/v1/earnings', { accountId: m.id, amount: '5', category: 'public_labour', metadata: padding(2600) }, { 'idempotency-key': key });
  expectProblem(t, tooBig, 413, 'payload_too_large');
  const ok = await c.post('/v1/earnings', { accountId: m.id, amount: '5', category: 'public_labour' }, { 'idempotency-key': key });
  t.equal(ok.statusCode, 201, 'the key works for a proper request');
  t.notOk(ok.headers['idempotency-replayed'], 'not a replay');
  t.equal((await getAccount(c, m.id)).balance, '5.00', 'posted once');
});
