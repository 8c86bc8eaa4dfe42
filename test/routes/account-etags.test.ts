import pg from 'pg';
import t from 'tap';
import { buildTestApp, client, fixture, sleep } from '../helpers/app.js';
import { testDatabaseUrl } from '../helpers/database.js';
import { expectProblem } from '../helpers/contract.js';

/**
 * Account reads carry a strong ETag that changes with anything the read shows (the balance
 * included); If-None-Match gives 304, and If-Match makes PATCH conditional (412 on a
 * mismatch), while PATCH without it still works.
 */
const app = await buildTestApp();
t.teardown(() => app.close());
const c = client(app);
const f = fixture(c);

const etagOf = async (id: string) => {
  const res = await c.get(`/v1/accounts/${id}`);
  t.equal(res.statusCode, 200, 'the read');
  return String(res.headers.etag);
};

t.test('a strong ETag, and 304 while it is current', async (t) => {
  const m = await f.member('5');
  const res = await c.get(`/v1/accounts/${m.id}`);
  const etag = String(res.headers.etag);
  t.match(etag, /^"[A-Za-z0-9_-]{32}"$/, 'a strong tag (no W/)');
  t.equal(String((await c.get(`/v1/accounts/${m.id}`)).headers.etag), etag, 'the same read, the same tag');

  const fresh = await c.get(`/v1/accounts/${m.id}`, { 'if-none-match': etag });
  t.equal(fresh.statusCode, 304, 'If-None-Match current: 304');
  t.equal(fresh.body, '', 'no body');
  t.equal(fresh.headers.etag, etag, 'the 304 names the tag');
  t.equal((await c.get(`/v1/accounts/${m.id}`, { 'if-none-match': `"other", W/${etag}` })).statusCode, 304, 'weak comparison, in a list');
  t.equal((await c.get(`/v1/accounts/${m.id}`, { 'if-none-match': '"other"' })).statusCode, 200, 'another tag: 200');
  const gzip = await c.get(`/v1/accounts/${m.id}`, { 'accept-encoding': 'gzip' });
  t.equal(gzip.headers['content-encoding'], undefined, 'never content-coded: the strong tag names these bytes');
  t.equal(gzip.headers.etag, etag, 'the same tag whatever Accept-Encoding');
});

t.test('the tag changes with the balance, held points and a rename', async (t) => {
  const m = await f.member('5');
  const s = await f.merchant();
  const first = await etagOf(m.id);
  t.equal((await c.post('/v1/earnings', { accountId: m.id, amount: '1', category: 'public_labour' })).statusCode, 201, 'an earning');
  const second = await etagOf(m.id);
  t.not(second, first, 'a balance change changes it');
  t.equal((await c.post('/v1/holds', { accountId: m.id, merchantAccountId: s.id, amount: '2' })).statusCode, 201, 'a hold');
  const third = await etagOf(m.id);
  t.not(third, second, 'held points change it');
  t.equal((await c.patch(`/v1/accounts/${m.id}`, { name: 'renamed' })).statusCode, 200, 'a rename');
  t.not(await etagOf(m.id), third, 'a rename changes it');
  t.equal((await c.get(`/v1/accounts/${m.id}`, { 'if-none-match': first })).statusCode, 200, 'an old tag is not current');
});

t.test('PATCH with If-Match', async (t) => {
  const m = await f.member('5');
  const etag = await etagOf(m.id);

  const updated = await c.patch(`/v1/accounts/${m.id}`, { name: 'first' }, { 'if-match': etag });
  t.equal(updated.statusCode, 200, 'the current tag: applied');
  t.equal(updated.json().name, 'first', 'renamed');
  const after = await etagOf(m.id);
  t.equal(updated.headers.etag, after, 'the answer carries the new tag, as a read gives it');

  const stale = await c.patch(`/v1/accounts/${m.id}`, { name: 'second' }, { 'if-match': etag });
  expectProblem(t, stale, 412, 'precondition_failed');
  t.equal((await c.get(`/v1/accounts/${m.id}`)).json().name, 'first', 'a refused update changes nothing');
  expectProblem(t, await c.patch(`/v1/accounts/${m.id}`, { name: 'x' }, { 'if-match': `W/${after}` }), 412, 'precondition_failed');

  t.equal((await c.post('/v1/earnings', { accountId: m.id, amount: '1', category: 'public_labour' })).statusCode, 201, 'an earning');
  expectProblem(t, await c.patch(`/v1/accounts/${m.id}`, { name: 'x' }, { 'if-match': after }), 412, 'precondition_failed');

  t.equal((await c.patch(`/v1/accounts/${m.id}`, { name: 'any' }, { 'if-match': '*' })).statusCode, 200, 'If-Match: * matches any version');
  t.equal((await c.patch(`/v1/accounts/${m.id}`, { name: 'plain' })).statusCode, 200, 'without If-Match: unconditional');
  expectProblem(t, await c.patch('/v1/accounts/acct_00000000000000000000000000', { name: 'x' }, { 'if-match': '*' }), 404, 'not_found');
  expectProblem(t, await c.patch(`/v1/accounts/${m.id}`, { name: 'x' }, { 'if-match': 'unquoted' }), 400, 'validation_failed');
  t.equal((await c.get(`/v1/accounts/${m.id}`)).json().name, 'plain', 'a malformed If-Match changes nothing');
});

t.test('two updates naming the same version, held back together: exactly one applies', async (t) => {
  // Its own app: the updates must outwait the blocker on a loaded machine (lock_timeout 5 s).
  const patient = await buildTestApp({ DB_LOCK_TIMEOUT_S: '60' });
  t.teardown(() => patient.close());
  const c = client(patient);
  const m = await fixture(c).member('5');
  const first = await c.get(`/v1/accounts/${m.id}`);
  const etag = String(first.headers.etag);
  // Connections opened beforehand: a connection opened while the row is held can wait out
  // its connect timeout on a loaded machine, and that is not what this test is about.
  const other = await fixture(c).member();
  await Promise.all([1, 2, 3].map((n) => c.patch(`/v1/accounts/${other.id}`, { name: `warm ${n}` })));
  // Another session holds the account's row, so both updates are in their transactions,
  // waiting, before either may go on: without the row lock they would both have judged the
  // version already, and both apply.
  const blocker = new pg.Client({ connectionString: await testDatabaseUrl() });
  await blocker.connect();
  t.teardown(() => blocker.end());
  await blocker.query('BEGIN');
  await blocker.query('SELECT 1 FROM accounts WHERE id = $1 FOR NO KEY UPDATE', [m.id]);
  const pending = ['a', 'b'].map((name) => c.patch(`/v1/accounts/${m.id}`, { name }, { 'if-match': etag }));
  const waiting = async () => {
    const r = await blocker.query(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()",
    );
    return (r.rows[0] as { n: number }).n;
  };
  const deadline = Date.now() + 50_000;
  while ((await waiting()) < 2 && Date.now() < deadline) await sleep(20);
  t.equal(await waiting(), 2, 'both updates wait on the row');
  await blocker.query('COMMIT');
  const answers = await Promise.all(pending);
  t.same(answers.map((a) => a.statusCode).sort(), [200, 412], 'one 200, one 412');
  const winner = answers.find((a) => a.statusCode === 200)?.json().name;
  t.equal((await c.get(`/v1/accounts/${m.id}`)).json().name, winner, 'the account shows the one that applied');
});
