import t from 'tap';
import { buildTestApp, client, fixture } from '../helpers/app.js';
import {
  ACCOUNT_ID,
  balances,
  expectProblem,
  expectUnchanged,
  expectWellFormedTransaction,
  getAccount,
  legs,
  TIMESTAMP,
  type TransactionView,
  uniqueCategoryCode,
} from '../helpers/contract.js';

const app = await buildTestApp();
t.teardown(() => app.close());
const c = client(app);
const f = fixture(c);

interface CategoryView {
  code: string;
  name: string;
  issuanceAccountId: string;
  createdAt: string;
}

const listCategories = async () => {
  const res = await c.get('/v1/categories');
  if (res.statusCode !== 200) throw new Error(`GET /v1/categories: ${res.statusCode}`);
  return (res.json() as { data: CategoryView[] }).data;
};

t.test('GET /v1/categories lists the seeded categories, each with its own issuance account', async (t) => {
  const res = await c.get('/v1/categories');
  t.equal(res.statusCode, 200, '200');
  const data = (res.json() as { data: CategoryView[] }).data;
  const seeded = { public_labour: '公益劳动', duty_shift: '管理责任', donation: '公益捐赠' };
  const issuance = new Set<string>();
  for (const [code, name] of Object.entries(seeded)) {
    const cat = data.find((x) => x.code === code);
    t.ok(cat, `${code} is listed`);
    if (!cat) continue;
    t.equal(cat.name, name, `${code} is named ${name}`);
    t.match(cat.issuanceAccountId, ACCOUNT_ID, `${code} has an issuance account id`);
    t.match(cat.createdAt, TIMESTAMP, `${code} createdAt is RFC 3339 UTC`);
    const account = await getAccount(c, cat.issuanceAccountId);
    t.equal(account.kind, 'system', `${code}'s issuance account is a system account`);
    t.equal(account.status, 'active', `${code}'s issuance account is active`);
    issuance.add(cat.issuanceAccountId);
  }
  t.equal(issuance.size, 3, 'three different issuance accounts');
});

t.test('POST /v1/categories adds a category with a new, empty issuance account', async (t) => {
  const code = uniqueCategoryCode('walk');
  const res = await c.post('/v1/categories', { code, name: '陪伴老人 elder visits' });
  t.equal(res.statusCode, 201, '201');
  const cat = res.json() as CategoryView;
  t.equal(cat.code, code, 'code');
  t.equal(cat.name, '陪伴老人 elder visits', 'name');
  t.match(cat.issuanceAccountId, ACCOUNT_ID, 'issuance account id');
  t.match(cat.createdAt, TIMESTAMP, 'createdAt');

  const listed = (await listCategories()).find((x) => x.code === code);
  t.same(listed, cat, 'GET lists it as POST answered it');

  const seededIssuance = (await listCategories()).filter((x) => x.code !== code).map((x) => x.issuanceAccountId);
  t.notOk(seededIssuance.includes(cat.issuanceAccountId), 'its issuance account is its own');
  const account = await getAccount(c, cat.issuanceAccountId);
  t.equal(account.kind, 'system', 'a system account');
  t.equal(account.status, 'active', 'active');
  t.equal(account.balance, '0.00', 'nothing issued yet');
});

t.test('earnings in a new category are drawn from its issuance account; its books balance', async (t) => {
  const code = uniqueCategoryCode('gate');
  const cat = (await c.post('/v1/categories', { code, name: 'parking gate committee' })).json() as CategoryView;
  const a = await f.member();
  const b = await f.member();

  const first = await c.post('/v1/earnings', { accountId: a.id, amount: '12.5', category: code });
  t.equal(first.statusCode, 201, 'earning posted');
  const txn = first.json() as TransactionView;
  expectWellFormedTransaction(t, txn);
  t.equal(txn.kind, 'earning', 'kind earning');
  t.equal(txn.category, code, 'category recorded');
  t.same(legs(txn), { [cat.issuanceAccountId]: '-12.50', [a.id]: '12.50' }, 'issuance -> member');

  t.equal((await c.post('/v1/earnings', { accountId: b.id, amount: '0.75', category: code })).statusCode, 201, 'second earning');
  t.equal((await c.post('/v1/earnings', { accountId: a.id, amount: '100', category: code })).statusCode, 201, 'third earning');

  // A closed system of this file's own: the issuance account is minus what it issued.
  const now = await balances(c, [cat.issuanceAccountId, a.id, b.id]);
  t.equal(now[cat.issuanceAccountId]?.balance, '-113.25', 'issuance balance is minus the points issued');
  t.equal(now[a.id]?.balance, '112.50', 'member a');
  t.equal(now[b.id]?.balance, '0.75', 'member b');
});

t.test('POST /v1/categories refuses a duplicate code and changes nothing', async (t) => {
  const code = uniqueCategoryCode('dup');
  const first = (await c.post('/v1/categories', { code, name: 'first' })).json() as CategoryView;
  const again = await c.post('/v1/categories', { code, name: 'second' });
  expectProblem(t, again, 409, 'conflict');
  const matching = (await listCategories()).filter((x) => x.code === code);
  t.same(matching, [first], 'still the first category, unrenamed');
  expectProblem(t, await c.post('/v1/categories', { code: 'public_labour', name: 'again' }), 409, 'conflict');
  t.equal((await listCategories()).find((x) => x.code === 'public_labour')?.name, '公益劳动', 'the seeded one is untouched');
});

t.test('POST /v1/categories refuses invalid bodies and creates nothing', async (t) => {
  const before = (await listCategories()).map((x) => x.code);
  const cases: [unknown, string[]][] = [
    [{ code: 'Upper_case', name: 'n' }, ['code']],
    [{ code: 'with-dash', name: 'n' }, ['code']],
    [{ code: '1starts_with_digit', name: 'n' }, ['code']],
    [{ code: `a${'b'.repeat(32)}`, name: 'n' }, ['code']],
    [{ code: '', name: 'n' }, ['code']],
    [{ name: 'n' }, ['code']],
    [{ code: uniqueCategoryCode('noname') }, ['name']],
    [{ code: uniqueCategoryCode('blank'), name: '  ' }, ['name']],
    [{ code: uniqueCategoryCode('long'), name: 'n'.repeat(201) }, ['name']],
  ];
  for (const [body, paths] of cases) {
    expectProblem(t, await c.post('/v1/categories', body), 400, 'validation_failed', { paths });
  }
  expectProblem(t, await c.post('/v1/categories', { code: uniqueCategoryCode('x'), name: 'n', issuanceAccountId: 'acct_x' }), 400, 'validation_failed');
  const after = (await listCategories()).map((x) => x.code);
  // Other files may add categories meanwhile; none of the refused codes may appear.
  for (const [body] of cases) {
    const code = (body as { code?: string }).code;
    if (code && !before.includes(code)) t.notOk(after.includes(code), `${code} was not created`);
  }
  t.ok(after.length >= before.length, 'no category disappeared');
});

t.test('a category code of 32 characters is accepted', async (t) => {
  const base = uniqueCategoryCode('l');
  const code = `${base}${'x'.repeat(32 - base.length)}`;
  t.equal(code.length, 32, 'the code is 32 long');
  const res = await c.post('/v1/categories', { code, name: 'longest code' });
  t.equal(res.statusCode, 201, '201');
  t.equal(res.json().code, code, 'kept as sent');
});

t.test('points cannot be earned in an unknown category', async (t) => {
  const m = await f.member('1');
  const before = await balances(c, [m.id]);
  const res = await c.post('/v1/earnings', { accountId: m.id, amount: '5', category: uniqueCategoryCode('nope') });
  expectProblem(t, res, 400, 'validation_failed', { paths: ['category'] });
  await expectUnchanged(t, c, before);
});
