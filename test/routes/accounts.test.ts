import t from 'tap';
import { buildTestApp, client, fixture, uniqueCode } from '../helpers/app.js';
import {
  ACCOUNT_ID,
  type AccountView,
  balances,
  expectProblem,
  expectUnchanged,
  getAccount,
  MISSING_ACCOUNT_ID,
  openAccount,
  TIMESTAMP,
} from '../helpers/contract.js';

const app = await buildTestApp();
t.teardown(() => app.close());
const c = client(app);
const f = fixture(c);

const listByCode = async (code: string, extra = '') => {
  const res = await c.get(`/v1/accounts?code=${encodeURIComponent(code)}${extra}`);
  return res;
};

t.test('POST /v1/accounts opens an account of each kind with zero balances', async (t) => {
  for (const kind of ['member', 'merchant', 'system'] as const) {
    const code = uniqueCode(`K-${kind}`);
    const before = Date.now();
    const res = await c.post('/v1/accounts', { code, name: `张三 ${kind}`, kind });
    t.equal(res.statusCode, 201, `${kind}: 201`);
    t.match(String(res.headers['content-type']), /^application\/json/, `${kind}: JSON`);
    const a = res.json() as AccountView;
    t.match(a.id, ACCOUNT_ID, `${kind}: id is an acct_ id`);
    t.equal(a.code, code, `${kind}: code`);
    t.equal(a.name, `张三 ${kind}`, `${kind}: name kept in UTF-8`);
    t.equal(a.kind, kind, `${kind}: kind`);
    t.equal(a.status, 'active', `${kind}: active`);
    t.equal(a.balance, '0.00', `${kind}: balance 0.00`);
    t.equal(a.held, '0.00', `${kind}: held 0.00`);
    t.equal(a.available, '0.00', `${kind}: available 0.00`);
    t.same(a.metadata, {}, `${kind}: metadata defaults to {}`);
    t.match(a.createdAt, TIMESTAMP, `${kind}: createdAt is RFC 3339 UTC`);
    const created = Date.parse(a.createdAt);
    t.ok(created >= before - 5_000 && created <= Date.now() + 5_000, `${kind}: createdAt is now`);

    const got = await c.get(`/v1/accounts/${a.id}`);
    t.equal(got.statusCode, 200, `${kind}: GET 200`);
    t.same(got.json(), a, `${kind}: GET answers what POST answered`);
  }
});

t.test('metadata round-trips with every scalar type', async (t) => {
  const metadata = { building: 'A-3', floor: 7, elder: true, note: null, ratio: 0.5 };
  const a = await openAccount(c, 'member', uniqueCode('R-meta'), { metadata });
  t.same(a.metadata, metadata, 'POST answers the metadata');
  t.same((await getAccount(c, a.id)).metadata, metadata, 'GET answers the metadata');
});

t.test('POST /v1/accounts refuses invalid bodies and creates nothing', async (t) => {
  const code = uniqueCode('R-bad');
  const cases: [string, unknown, string[]][] = [
    ['missing code', { name: 'n', kind: 'member' }, ['code']],
    ['missing name', { code, kind: 'member' }, ['name']],
    ['missing kind', { code, name: 'n' }, ['kind']],
    ['code with a space', { code: `${code} x`, name: 'n', kind: 'member' }, ['code']],
    ['code starting with a dash', { code: `-${code}`, name: 'n', kind: 'member' }, ['code']],
    ['code of 65 characters', { code: `R${'1'.repeat(64)}`, name: 'n', kind: 'member' }, ['code']],
    ['empty name', { code, name: '', kind: 'member' }, ['name']],
    ['blank name', { code, name: '   ', kind: 'member' }, ['name']],
    ['name of 201 characters', { code, name: 'n'.repeat(201), kind: 'member' }, ['name']],
    ['unknown kind', { code, name: 'n', kind: 'bank' }, ['kind']],
    ['nested metadata', { code, name: 'n', kind: 'member', metadata: { a: { b: 1 } } }, ['metadata.a']],
    ['metadata as an array', { code, name: 'n', kind: 'member', metadata: ['x'] }, ['metadata']],
    [
      'metadata with 51 keys',
      { code, name: 'n', kind: 'member', metadata: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i])) },
      ['metadata'],
    ],
    ['a number as code', { code: 1234, name: 'n', kind: 'member' }, ['code']],
  ];
  for (const [what, body, paths] of cases) {
    const res = await c.post('/v1/accounts', body);
    expectProblem(t, res, 400, 'validation_failed', { paths });
    t.comment(what);
  }
  const listed = await listByCode(code);
  t.same(listed.json().data, [], 'no account was created with the code');
});

t.test('unknown fields in the body are refused', async (t) => {
  const code = uniqueCode('R-unk');
  const res = await c.post('/v1/accounts', { code, name: 'n', kind: 'member', balance: '100.00' });
  expectProblem(t, res, 400, 'validation_failed');
  t.same((await listByCode(code)).json().data, [], 'nothing created');
});

t.test('an unknown field is named by its path in errors[]', async (t) => {
  const res = await c.post('/v1/accounts', { code: uniqueCode('R-unk'), name: 'n', kind: 'member', balance: '100.00' });
  expectProblem(t, res, 400, 'validation_failed', { paths: ['balance'] });
});

t.test('a body that is not JSON', async (t) => {
  const code = uniqueCode('R-media');
  const form = await c.request('POST', '/v1/accounts', `code=${code}&name=n&kind=member`, {
    'content-type': 'application/x-www-form-urlencoded',
  });
  expectProblem(t, form, 415, 'unsupported_media_type');
  const broken = await c.request('POST', '/v1/accounts', '{"code": "x",', { 'content-type': 'application/json' });
  expectProblem(t, broken, 400, 'validation_failed', { paths: ['body'] });
  const empty = await c.request('POST', '/v1/accounts', '', { 'content-type': 'application/json' });
  expectProblem(t, empty, 400, 'validation_failed', { paths: ['body'] });
  const array = await c.post('/v1/accounts', [{ code, name: 'n', kind: 'member' }]);
  expectProblem(t, array, 400, 'validation_failed');
  t.same((await listByCode(code)).json().data, [], 'nothing created');
});

t.test('a text/plain body is an unsupported media type, even when it holds JSON', async (t) => {
  const code = uniqueCode('R-text');
  const text = await c.request('POST', '/v1/accounts', JSON.stringify({ code, name: 'n', kind: 'member' }), {
    'content-type': 'text/plain',
  });
  expectProblem(t, text, 415, 'unsupported_media_type');
  t.same((await listByCode(code)).json().data, [], 'nothing created');
});

t.test('a duplicate code is a conflict and leaves the first account as it was', async (t) => {
  const code = uniqueCode('R-dup');
  const first = await openAccount(c, 'member', code);
  const again = await c.post('/v1/accounts', { code, name: 'someone else', kind: 'merchant' });
  expectProblem(t, again, 409, 'conflict');
  const listed = (await listByCode(code)).json().data as AccountView[];
  t.equal(listed.length, 1, 'still one account with the code');
  t.same(listed[0], first, 'the first account is unchanged');
});

t.test('two simultaneous opens with the same code: exactly one wins', async (t) => {
  const code = uniqueCode('R-race');
  const results = await Promise.all(
    Array.from({ length: 4 }, (_, i) => c.post('/v1/accounts', { code, name: `racer ${i}`, kind: 'member' })),
  );
  const statuses = results.map((r) => r.statusCode).sort();
  t.same(statuses, [201, 409, 409, 409], 'one 201 and three 409');
  for (const r of results.filter((r) => r.statusCode === 409)) expectProblem(t, r, 409, 'conflict');
  t.equal((await listByCode(code)).json().data.length, 1, 'one account exists');
});

t.test('GET /v1/accounts/{id}: unknown and malformed ids', async (t) => {
  expectProblem(t, await c.get(`/v1/accounts/${MISSING_ACCOUNT_ID}`), 404, 'not_found');
  expectProblem(t, await c.get('/v1/accounts/acct_short'), 400, 'validation_failed', { paths: ['accountId'] });
  expectProblem(t, await c.get('/v1/accounts/R-0001'), 400, 'validation_failed', { paths: ['accountId'] });
});

t.test('GET /v1/accounts/{id} reports balance, held and available after postings', async (t) => {
  const m = await f.member('40.5');
  const s = await f.merchant();
  const red = await c.post('/v1/redemptions', { accountId: m.id, merchantAccountId: s.id, amount: '0.55' });
  t.equal(red.statusCode, 201, 'redemption posted');
  const a = await getAccount(c, m.id);
  t.equal(a.balance, '39.95', 'balance is the sum of the entries');
  t.equal(a.held, '0.00', 'nothing held');
  t.equal(a.available, '39.95', 'available = balance - held');
  const merchant = await getAccount(c, s.id);
  t.equal(merchant.balance, '0.55', 'the merchant received the points');
  t.equal(merchant.available, '0.55', 'merchant available');
});

t.test('GET /v1/accounts filters by code, kind and status', async (t) => {
  const m = await f.member();
  const s = await f.merchant();
  const member = await getAccount(c, m.id);

  const byCode = await listByCode(m.code);
  t.equal(byCode.statusCode, 200, '200');
  t.same(byCode.json(), { data: [member], nextCursor: null }, 'code filter: exactly that account, full view');

  t.same((await listByCode(m.code, '&kind=member')).json().data.map((a: AccountView) => a.id), [m.id], 'kind=member matches');
  t.same((await listByCode(m.code, '&kind=merchant')).json().data, [], 'kind=merchant does not match a member');
  t.same((await listByCode(s.code, '&kind=merchant')).json().data.map((a: AccountView) => a.id), [s.id], 'merchant by kind');
  t.same((await listByCode(m.code, '&status=active')).json().data.map((a: AccountView) => a.id), [m.id], 'status=active matches');
  t.same((await listByCode(m.code, '&status=frozen')).json().data, [], 'status=frozen does not match an active one');

  const frozen = await c.patch(`/v1/accounts/${m.id}`, { status: 'frozen' });
  t.equal(frozen.statusCode, 200, 'frozen');
  t.same((await listByCode(m.code, '&status=frozen')).json().data.map((a: AccountView) => a.id), [m.id], 'now status=frozen matches');
  t.same((await listByCode(m.code, '&status=active')).json().data, [], 'and status=active does not');

  const pool = await listByCode('SYS-DONATION-POOL', '&kind=system');
  t.equal(pool.json().data.length, 1, 'the seeded donation pool is a system account');
  t.same(await c.get(`/v1/accounts?code=${uniqueCode('NOBODY')}`).then((r) => r.json()), { data: [], nextCursor: null }, 'no match: empty page');
});

t.test('GET /v1/accounts refuses invalid filters, limits and cursors', async (t) => {
  const bad: [string, string[]][] = [
    ['kind=bank', ['kind']],
    ['status=deleted', ['status']],
    ['limit=0', ['limit']],
    ['limit=201', ['limit']],
    ['limit=ten', ['limit']],
    ['limit=1.5', ['limit']],
    ['limit=-1', ['limit']],
  ];
  for (const [query, paths] of bad) {
    expectProblem(t, await c.get(`/v1/accounts?${query}`), 400, 'validation_failed', { paths });
  }
  expectProblem(t, await c.get('/v1/accounts?colour=red'), 400, 'validation_failed');
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
  for (const cursor of ['!!!', 'garbage', b64('null'), b64('"id"'), b64('[]'), b64('{}'), b64('{"id":5}'), b64('{"id":""}')]) {
    const res = await c.get(`/v1/accounts?cursor=${encodeURIComponent(cursor)}`);
    expectProblem(t, res, 400, 'validation_failed', { paths: ['cursor'] });
  }
  const ok = await c.get('/v1/accounts?limit=200&kind=system');
  t.equal(ok.statusCode, 200, 'limit=200 is allowed');
  t.ok(ok.json().data.length <= 200, 'at most 200 rows');
});

t.test('cursor pagination: pages join without gap or overlap, newest first', async (t) => {
  const mine: string[] = [];
  for (let i = 0; i < 5; i++) mine.push((await f.merchant()).id);

  const walked: string[] = [];
  const seenCursors = new Set<string>();
  let cursor: string | null = null;
  let pages = 0;
  do {
    const url: string = `/v1/accounts?kind=merchant&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await c.get(url);
    t.equal(res.statusCode, 200, `page ${pages} answered`);
    const body = res.json() as { data: AccountView[]; nextCursor: string | null };
    t.ok(body.data.length <= 2, `page ${pages} holds at most limit rows`);
    for (const a of body.data) t.equal(a.kind, 'merchant', 'the filter holds on every page');
    walked.push(...body.data.map((a) => a.id));
    cursor = body.nextCursor;
    if (cursor) {
      t.equal(body.data.length, 2, 'a page with a next cursor is full');
      t.notOk(seenCursors.has(cursor), 'the cursor moves on');
      seenCursors.add(cursor);
    }
    pages++;
    // The database is this file's own: walk to the end.
  } while (cursor && pages < 100);

  t.equal(new Set(walked).size, walked.length, 'no account appears on two pages');
  t.same([...walked].sort().reverse(), walked, 'newest first (ids descending) across page boundaries');
  t.same(
    walked.filter((id) => mine.includes(id)),
    [...mine].sort().reverse(),
    'all five new merchants are listed, newest first',
  );
  // No gap: the walked range is exactly what one big page holds for the same range.
  const lo = walked[walked.length - 1] as string;
  const hi = walked[0] as string;
  const all = (await c.get('/v1/accounts?kind=merchant&limit=200')).json().data as AccountView[];
  t.same(
    all.map((a) => a.id).filter((id) => id >= lo && id <= hi),
    walked,
    'the pages hold every account of the range, in the same order',
  );
  // This file's own database: the walk reached the end.
  t.equal(cursor, null, 'the last page has nextCursor null');
  t.same(walked, all.map((a) => a.id), 'the walk listed every merchant');
});

t.test('PATCH renames and re-tags without touching the balance', async (t) => {
  const m = await f.member('12.5');
  const seeded = await c.patch(`/v1/accounts/${m.id}`, { metadata: { estate: 'A', floor: 2 } });
  t.equal(seeded.statusCode, 200, 'metadata set');
  const res = await c.patch(`/v1/accounts/${m.id}`, { name: '李四', metadata: { estate: 'B' } });
  t.equal(res.statusCode, 200, '200');
  const a = res.json() as AccountView;
  t.equal(a.name, '李四', 'renamed');
  // PATCH sets the field it names: metadata is replaced, not merged.
  t.same(a.metadata, { estate: 'B' }, 'metadata replaced');
  t.equal(a.code, m.code, 'code unchanged');
  t.equal(a.status, 'active', 'status unchanged');
  t.equal(a.balance, '12.50', 'balance unchanged');
  t.equal(a.available, '12.50', 'available unchanged');
  t.same(await getAccount(c, m.id), a, 'GET answers what PATCH answered');
});

t.test('PATCH refuses invalid bodies and unknown accounts', async (t) => {
  const m = await f.member('3');
  const before = await getAccount(c, m.id);
  const cases: [unknown, string[]][] = [
    [{ status: 'deleted' }, ['status']],
    [{ name: '' }, ['name']],
    [{ name: 42 }, ['name']],
    [{ metadata: { nested: { x: 1 } } }, ['metadata.nested']],
  ];
  for (const [body, paths] of cases) {
    expectProblem(t, await c.patch(`/v1/accounts/${m.id}`, body), 400, 'validation_failed', { paths });
  }
  expectProblem(t, await c.patch(`/v1/accounts/${m.id}`, { kind: 'merchant' }), 400, 'validation_failed');
  expectProblem(t, await c.patch(`/v1/accounts/${m.id}`, { balance: '1000.00' }), 400, 'validation_failed');
  expectProblem(t, await c.patch(`/v1/accounts/${MISSING_ACCOUNT_ID}`, { name: 'x' }), 404, 'not_found');
  expectProblem(t, await c.patch('/v1/accounts/nope', { name: 'x' }), 400, 'validation_failed', { paths: ['accountId'] });
  expectProblem(t, await c.request('PATCH', `/v1/accounts/${m.id}`, 'name=x', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type');
  t.same(await getAccount(c, m.id), before, 'the account is unchanged');
});

t.test('a frozen account takes no entries in either direction, and thaws', async (t) => {
  const m = await f.member('10');
  const other = await f.member('10');
  const s = await f.merchant();
  const frozen = await c.patch(`/v1/accounts/${m.id}`, { status: 'frozen' });
  t.equal(frozen.statusCode, 200, 'frozen');
  t.equal(frozen.json().status, 'frozen', 'status frozen');
  t.equal(frozen.json().balance, '10.00', 'freezing keeps the balance');
  const before = await balances(c, [m.id, other.id, s.id]);

  const attempts: [string, string, unknown][] = [
    ['earning into it', '/v1/earnings', { accountId: m.id, amount: '1', category: 'public_labour' }],
    ['redemption out of it', '/v1/redemptions', { accountId: m.id, merchantAccountId: s.id, amount: '1' }],
    ['transfer out of it', '/v1/transfers', { fromAccountId: m.id, toAccountId: other.id, amount: '1' }],
    ['transfer into it', '/v1/transfers', { fromAccountId: other.id, toAccountId: m.id, amount: '1' }],
  ];
  for (const [what, url, body] of attempts) {
    const res = await c.post(url, body);
    expectProblem(t, res, 422, 'account_not_active');
    t.comment(what);
  }
  await expectUnchanged(t, c, before, 'nothing moved while frozen');

  const thawed = await c.patch(`/v1/accounts/${m.id}`, { status: 'active' });
  t.equal(thawed.statusCode, 200, 'thawed');
  t.equal(thawed.json().status, 'active', 'status active again');
  const earn = await c.post('/v1/earnings', { accountId: m.id, amount: '1', category: 'public_labour' });
  t.equal(earn.statusCode, 201, 'an earning posts again');
  t.equal((await getAccount(c, m.id)).balance, '11.00', 'balance moved once');
});

t.test('closing: only an empty account closes, and closing is final', async (t) => {
  const m = await f.member('5');
  const s = await f.merchant();

  const refused = await c.patch(`/v1/accounts/${m.id}`, { status: 'closed' });
  expectProblem(t, refused, 409, 'conflict');
  const stillOpen = await getAccount(c, m.id);
  t.equal(stillOpen.status, 'active', 'a non-empty account stays active');
  t.equal(stillOpen.balance, '5.00', 'and keeps its balance');

  const spend = await c.post('/v1/redemptions', { accountId: m.id, merchantAccountId: s.id, amount: '5' });
  t.equal(spend.statusCode, 201, 'spent everything');
  const closed = await c.patch(`/v1/accounts/${m.id}`, { status: 'closed' });
  t.equal(closed.statusCode, 200, 'an account with balance 0.00 closes');
  t.equal(closed.json().status, 'closed', 'status closed');
  t.equal(closed.json().balance, '0.00', 'balance 0.00');

  const before = await balances(c, [m.id, s.id]);
  expectProblem(t, await c.post('/v1/earnings', { accountId: m.id, amount: '1', category: 'public_labour' }), 422, 'account_not_active');
  expectProblem(t, await c.post('/v1/redemptions', { accountId: m.id, merchantAccountId: s.id, amount: '1' }), 422, 'account_not_active');
  await expectUnchanged(t, c, before, 'a closed account took nothing');

  for (const status of ['active', 'frozen'] as const) {
    expectProblem(t, await c.patch(`/v1/accounts/${m.id}`, { status }), 409, 'conflict');
    t.equal((await getAccount(c, m.id)).status, 'closed', `reopening as ${status} is refused; still closed`);
  }
});

t.test('a frozen account with a zero balance may still not take entries once closed', async (t) => {
  const m = await f.member();
  t.equal((await c.patch(`/v1/accounts/${m.id}`, { status: 'frozen' })).statusCode, 200, 'frozen');
  const closed = await c.patch(`/v1/accounts/${m.id}`, { status: 'closed' });
  t.equal(closed.statusCode, 200, 'an empty frozen account closes');
  t.equal(closed.json().status, 'closed', 'closed');
  expectProblem(t, await c.patch(`/v1/accounts/${m.id}`, { status: 'active' }), 409, 'conflict');
});

t.test('a merchant holding points cannot close; a system account holding points cannot close', async (t) => {
  const m = await f.member('8');
  const s = await f.merchant();
  t.equal((await c.post('/v1/redemptions', { accountId: m.id, merchantAccountId: s.id, amount: '3' })).statusCode, 201, 'merchant paid');
  expectProblem(t, await c.patch(`/v1/accounts/${s.id}`, { status: 'closed' }), 409, 'conflict');
  t.equal((await getAccount(c, s.id)).status, 'active', 'merchant still active');

  const pool = await openAccount(c, 'system', uniqueCode('SYS-POOL'));
  t.equal((await c.post('/v1/transfers', { fromAccountId: m.id, toAccountId: pool.id, amount: '2' })).statusCode, 201, 'donated');
  expectProblem(t, await c.patch(`/v1/accounts/${pool.id}`, { status: 'closed' }), 409, 'conflict');
  const after = await getAccount(c, pool.id);
  t.equal(after.status, 'active', 'pool still active');
  t.equal(after.balance, '2.00', 'pool keeps its points');
});
