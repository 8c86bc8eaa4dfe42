import t from 'tap';
import { buildTestApp, client, fixture, uniqueCode } from '../helpers/app.js';
import { balances, expectProblem, expectUnchanged, fromNow, transactionIdsOf } from '../helpers/contract.js';

/**
 * The inputs that used to answer 500, or 200 and then break off: NUL, lone surrogates,
 * dates outside 1970-9999, tampered cursors, sequence numbers past int64. Each is a 400
 * problem+json that names the field, before anything is written or streamed.
 */
const app = await buildTestApp();
t.teardown(() => app.close());
const c = client(app);
const f = fixture(c);

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/** Sends raw JSON text, so that escapes such as \ud800 reach the server as written. */
const postRaw = (url: string, json: string, headers: Record<string, string> = {}) =>
  c.request('POST', url, json, { 'content-type': 'application/json', ...headers });

t.test('NUL in any string, key or parameter is a 400 naming it, and nothing is written', async (t) => {
  const m = await f.member('10');
  const s = await f.merchant();
  const before = await balances(c, [m.id, s.id]);
  const earning = { accountId: m.id, amount: '1', category: 'public_labour' };
  const cases: [string, string, Record<string, unknown>, string][] = [
    ['a description', '/v1/earnings', { ...earning, description: 'a\u0000b' }, 'description'],
    ['a reference', '/v1/earnings', { ...earning, reference: '\u0000' }, 'reference'],
    ['a metadata value', '/v1/earnings', { ...earning, metadata: { note: 'x\u0000' } }, 'metadata.note'],
    ['a metadata key', '/v1/earnings', { ...earning, metadata: { 'k\u0000': 'x' } }, 'metadata.k\\u0000'],
    [
      'a receipt line',
      '/v1/redemptions',
      { accountId: m.id, merchantAccountId: s.id, amount: '1', receipt: { number: 'R-1', lines: [{ name: 'rice\u0000', quantity: 1, unitPrice: '1' }] } },
      'receipt.lines.0.name',
    ],
    ['an account name', '/v1/accounts', { code: uniqueCode('R-nul'), name: 'A\u0000', kind: 'member' }, 'name'],
  ];
  for (const [what, url, body, path] of cases) {
    const res = await c.post(url, body);
    expectProblem(t, res, 400, 'validation_failed', { paths: [path] });
    t.match(res.json().errors[0].message, /NUL/, `${what}: the message says why`);
  }
  expectProblem(t, await c.get('/v1/accounts?code=R%00'), 400, 'validation_failed', { paths: ['code'] });
  expectProblem(t, await c.get(`/v1/accounts/${m.id}/statement?cursor=a%00b`), 400, 'validation_failed', { paths: ['cursor'] });
  await expectUnchanged(t, c, before);
  t.equal((await transactionIdsOf(c, m.id)).length, 1, 'only the opening earning is in the journal');
});

t.test('a lone surrogate is refused, not stored as U+FFFD, with or without an Idempotency-Key', async (t) => {
  const m = await f.member();
  const body = (description: string) => `{"accountId":"${m.id}","amount":"1","category":"public_labour","description":"${description}"}`;
  for (const lone of ['\\ud800', '\\udfff', 'a\\udbffb', '\\udc00\\ud800']) {
    expectProblem(t, await postRaw('/v1/earnings', body(lone)), 400, 'validation_failed', { paths: ['description'] });
  }
  const key = uniqueCode('lone');
  const refused = await postRaw('/v1/earnings', body('\\ud800'), { 'idempotency-key': key });
  expectProblem(t, refused, 400, 'validation_failed', { paths: ['description'] });
  t.match(refused.json().errors[0].message, /well-formed Unicode/, 'the message says why');
  t.equal((await transactionIdsOf(c, m.id)).length, 0, 'nothing posted');

  const ok = await postRaw('/v1/earnings', body('ok \\ud83d\\ude00'), { 'idempotency-key': key });
  t.equal(ok.statusCode, 201, 'the key still works for a proper request');
  t.notOk(ok.headers['idempotency-replayed'], 'and that is not a replay');
  t.equal(ok.json().description, 'ok \u{1f600}', 'a surrogate pair is text like any other, echoed whole');
  t.equal((await c.get(`/v1/transactions/${ok.json().id}`)).json().description, 'ok \u{1f600}', 'and stored whole');
});

t.test('a body nested deeper than the stack is refused, not crashed on', async (t) => {
  const depth = 100_000;
  const deep = `{"accountId":"x","metadata":{"a":${'['.repeat(depth)}"\\u0000"${']'.repeat(depth)}}}`;
  const res = await postRaw('/v1/earnings', deep);
  expectProblem(t, res, 400, 'validation_failed');
  t.match(res.json().errors[0].message, /NUL/, 'the NUL at the bottom is found');
});

t.test('dates outside 1970-9999 in UTC are a 400, in bodies and in queries', async (t) => {
  const m = await f.member('10');
  const s = await f.merchant();
  const before = await balances(c, [m.id, s.id]);
  const outside = [
    '0000-01-01T00:00:00Z',
    '0999-06-01T00:00:00Z',
    '1969-12-31T23:59:59.999Z',
    '1970-01-01T00:00:00+00:01',
    '9999-12-31T23:59:59-00:01',
    '9999-12-31T20:00:00-05:00',
  ];
  for (const date of outside) {
    const earning = await c.post('/v1/earnings', { accountId: m.id, amount: '1', category: 'public_labour', occurredAt: date });
    expectProblem(t, earning, 400, 'validation_failed', { paths: ['occurredAt'] });
    const hold = await c.post('/v1/holds', { accountId: m.id, merchantAccountId: s.id, amount: '1', expiresAt: date });
    expectProblem(t, hold, 400, 'validation_failed', { paths: ['expiresAt'] });
    const key = await c.post('/v1/api-keys', { name: 'dated', role: 'auditor', expiresAt: date });
    expectProblem(t, key, 400, 'validation_failed', { paths: ['expiresAt'] });
    const q = encodeURIComponent(date);
    expectProblem(t, await c.get(`/v1/accounts/${m.id}/balance?asOf=${q}`), 400, 'validation_failed', { paths: ['asOf'] });
    expectProblem(t, await c.get(`/v1/reports/trial-balance?asOf=${q}`), 400, 'validation_failed', { paths: ['asOf'] });
    expectProblem(t, await c.get(`/v1/reports/earnings?from=${q}`), 400, 'validation_failed', { paths: ['from'] });
    expectProblem(t, await c.get(`/v1/transactions?to=${q}`), 400, 'validation_failed', { paths: ['to'] });
    for (const accept of ['application/json', 'text/csv', 'text/html']) {
      const res = await c.get(`/v1/accounts/${m.id}/statement?to=${q}`, { accept });
      expectProblem(t, res, 400, 'validation_failed', { paths: ['to'] });
    }
  }
  await expectUnchanged(t, c, before);
  t.equal((await transactionIdsOf(c, m.id)).length, 1, 'nothing posted');

  const first = await c.get(`/v1/accounts/${m.id}/balance?asOf=1970-01-01T00:00:00Z`);
  t.same([first.statusCode, first.json().balance], [200, '0.00'], 'the first instant of 1970 is fine');
  const last = await c.get(`/v1/accounts/${m.id}/balance?asOf=${encodeURIComponent('9999-12-31T23:59:59.999Z')}`);
  t.same([last.statusCode, last.json().balance], [200, '10.00'], 'and so is the last of 9999');
  const offset = await c.get(`/v1/accounts/${m.id}/balance?asOf=${encodeURIComponent('9999-12-31T23:59:59+00:00')}`);
  t.equal(offset.statusCode, 200, 'an offset that stays inside 9999 is fine');
});

t.test('statement cursors that were tampered with are a 400 in JSON, CSV and HTML', async (t) => {
  const m = await f.member('10');
  await c.post('/v1/earnings', { accountId: m.id, amount: '2', category: 'public_labour' });
  const tampered = [
    '{"t":"1","e":"1"}',
    '{"e":"9223372036854775808"}',
    '{"t":"2026-01-01T00:00:00.000Z","e":"9223372036854775808"}',
    '{"t":"0000-01-01T00:00:00.000Z","e":"1"}',
    '{"t":"2026-02-30T00:00:00.000Z","e":"1"}',
    '{"t":"2026-01-01","e":"1"}',
    '{"t":"2026-01-01T00:00:00.000Z","e":"1\\u0000"}',
  ];
  for (const json of tampered) {
    for (const accept of ['application/json', 'text/csv', 'text/html']) {
      const res = await c.get(`/v1/accounts/${m.id}/statement?cursor=${b64(json)}`, { accept });
      expectProblem(t, res, 400, 'validation_failed', { paths: ['cursor'] });
    }
  }
  const page = await c.get(`/v1/accounts/${m.id}/statement?limit=1`);
  const next = await c.get(`/v1/accounts/${m.id}/statement?limit=1&cursor=${page.json().nextCursor}`);
  t.equal(next.statusCode, 200, 'an issued cursor still pages');
  t.equal(next.json().lines.length, 1, 'to the second line');

  for (const url of ['/v1/accounts', '/v1/transactions', '/v1/api-keys']) {
    for (const json of ['{"id":"a\\u0000"}', '{"id":"\\ud800"}']) {
      expectProblem(t, await c.get(`${url}?cursor=${b64(json)}`), 400, 'validation_failed', { paths: ['cursor'] });
    }
  }
});

t.test('sequence numbers past int64 are a 400 before the export streams', async (t) => {
  const past = '9223372036854775808';
  expectProblem(t, await c.get(`/v1/audit/verify?fromSeq=${past}`), 400, 'validation_failed', { paths: ['fromSeq'] });
  for (const format of ['jsonl', 'csv', 'ledger']) {
    expectProblem(t, await c.get(`/v1/journal?format=${format}&afterSeq=${past}`), 400, 'validation_failed', { paths: ['afterSeq'] });
    expectProblem(t, await c.get(`/v1/journal?format=${format}&to=0000-01-01T00:00:00Z`), 400, 'validation_failed', { paths: ['to'] });
  }
  const largest = '9223372036854775807';
  const verify = await c.get(`/v1/audit/verify?fromSeq=${largest}`);
  t.same([verify.statusCode, verify.json().checkedTransactions], [200, 0], 'the largest sequence number is fine for verify');
  const csv = await c.get(`/v1/journal?format=csv&afterSeq=${largest}`);
  t.equal(csv.statusCode, 200, 'and for an export');
  t.equal(csv.body.trim().split('\n').length, 1, 'which holds the header only');
  const soon = await c.get(`/v1/journal?format=ledger&from=${encodeURIComponent(fromNow(60_000))}`);
  t.equal(soon.statusCode, 200, 'a date in range still exports');
});
