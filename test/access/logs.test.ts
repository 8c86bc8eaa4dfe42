/**
 * The log scan (issue 5): requests with keys of every sort, valid, unknown, revoked,
 * malformed, the bootstrap admin's, a key created through the API whose secret is in a
 * response body, and failing requests; then no log line may carry key material or the server
 * secret, and every request's lines carry its request id and, once authenticated, its key id.
 */
import { createHmac } from 'node:crypto';
import t from 'tap';
import { ADMIN_KEY, buildTestApp, client, TEST_API_KEY_SECRET, uniqueCode } from '../helpers/app.js';
import { bearer, createKey, fakeKey, memoryLog, parsed, revokeKey } from '../helpers/access.js';

const log = memoryLog();
// The logger a test that watches the logs passes (BuildOptions.logger): a destination and a level.
const app = await buildTestApp({}, { logger: { level: 'trace', stream: log.stream } });
t.teardown(() => app.close());
const boot = client(app);

/** Every secret this file sends or receives; none of them may reach a log line. */
const secrets = new Map<string, string>([
  ['the bootstrap admin key', ADMIN_KEY],
  ['the server secret', TEST_API_KEY_SECRET],
]);

/** Requests whose lines must carry a key id: request id -> key id. */
const authenticated = new Map<string, string>();
/** Every request sent: request id -> what it was. */
const sent = new Map<string, string>();

async function call(label: string, method: 'GET' | 'POST' | 'DELETE', url: string, headers: Record<string, string>, body?: unknown) {
  const res = await app.inject({ method, url, headers, ...(body === undefined ? {} : { payload: body as never }) });
  sent.set(String(res.headers['x-request-id']), label);
  return res;
}

// The bootstrap admin: reads, then creates a key, whose secret comes back in the body.
const first = await call('bootstrap admin reads', 'GET', '/v1/categories', bearer(ADMIN_KEY));
const created = await call('bootstrap admin creates a key', 'POST', '/v1/api-keys', bearer(ADMIN_KEY), { name: 'log scan', role: 'issuer' });
const issuer = created.json() as { id: string; key: string };
secrets.set('the key created through the API', issuer.key);
// The bootstrap admin's key id, from a posting it makes (postedBy), however many keys exist.
const bootstrapMember = (await boot.post('/v1/accounts', { code: uniqueCode('R-log'), name: 'log member', kind: 'member' })).json()
  .id as string;
const bootstrapId = (await boot.post('/v1/earnings', { accountId: bootstrapMember, amount: '1', category: 'public_labour' })).json().postedBy
  ?.keyId as string | undefined;

// A key made beforehand whose secret we know, used for writes that succeed and that fail.
const cashierMerchant = (await boot.post('/v1/accounts', { code: uniqueCode('S-log'), name: 'log shop', kind: 'merchant' })).json()
  .id as string;
const cashier = await createKey(boot, 'cashier', { merchantAccountIds: [cashierMerchant] });
secrets.set("a cashier key's secret", cashier.key);
const revoked = await createKey(boot, 'auditor');
secrets.set("a revoked key's secret", revoked.key);
await revokeKey(boot, revoked.id);
const unknown = fakeKey();
secrets.set('an unknown key', unknown);

const responses = [
  first,
  created,
  await call('issuer opens a member', 'POST', '/v1/accounts', bearer(issuer.key), { code: uniqueCode('R-log'), name: 'r', kind: 'member' }),
  await call('issuer sends an invalid earning (400)', 'POST', '/v1/earnings', bearer(issuer.key), { accountId: 'nope', amount: '-1' }),
  await call('issuer tries a forbidden write (403)', 'POST', '/v1/redemptions', bearer(issuer.key), {}),
  await call('cashier lists without a filter (403)', 'GET', '/v1/transactions', bearer(cashier.key)),
  await call('cashier reads a missing hold (404)', 'GET', '/v1/holds/hold_ZZZZZZZZZZ0000000000000000', bearer(cashier.key)),
  await call('cashier reads its account', 'GET', `/v1/accounts/${cashierMerchant}`, { ...bearer(cashier.key), 'x-request-id': 'trace-me-123' }),
  await call('an unknown key (401)', 'GET', '/v1/categories', bearer(unknown)),
  await call('a revoked key (401)', 'GET', '/v1/categories', bearer(revoked.key)),
  await call('a valid key with junk after it (401)', 'GET', '/v1/categories', { authorization: `Bearer ${cashier.key} x` }),
  await call('a key without the scheme (401)', 'GET', '/v1/categories', { authorization: issuer.key }),
  await call('a key in other headers', 'GET', '/v1/categories', {
    ...bearer(issuer.key),
    'x-api-key': cashier.key,
    cookie: `session=${cashier.key}`,
  }),
  await call('an admin request that fails validation, echoing a secret (400)', 'POST', '/v1/api-keys', bearer(ADMIN_KEY), {
    name: 'x',
    role: 'cashier',
    key: cashier.key,
  }),
];
const keyIdOf = new Map<string, string>([
  ['bootstrap admin reads', bootstrapId ?? 'the bootstrap admin'],
  ['bootstrap admin creates a key', bootstrapId ?? 'the bootstrap admin'],
  ['issuer opens a member', issuer.id],
  ['issuer sends an invalid earning (400)', issuer.id],
  ['issuer tries a forbidden write (403)', issuer.id],
  ['cashier lists without a filter (403)', cashier.id],
  ['cashier reads a missing hold (404)', cashier.id],
  ['cashier reads its account', cashier.id],
  ['a key in other headers', issuer.id],
  ['an admin request that fails validation, echoing a secret (400)', bootstrapId ?? 'the bootstrap admin'],
]);
for (const res of responses) {
  const id = String(res.headers['x-request-id']);
  const keyId = keyIdOf.get(sent.get(id) ?? '');
  if (keyId) authenticated.set(id, keyId);
}

// Let pino flush what it has buffered.
await new Promise((resolve) => setImmediate(resolve));

t.test('the requests answered as expected', async (t) => {
  const statuses = responses.map((r) => `${sent.get(String(r.headers['x-request-id']))}: ${r.statusCode}`);
  t.same(statuses, [
    'bootstrap admin reads: 200',
    'bootstrap admin creates a key: 201',
    'issuer opens a member: 201',
    'issuer sends an invalid earning (400): 400',
    'issuer tries a forbidden write (403): 403',
    'cashier lists without a filter (403): 403',
    'cashier reads a missing hold (404): 404',
    'cashier reads its account: 200',
    'an unknown key (401): 401',
    'a revoked key (401): 401',
    'a valid key with junk after it (401): 401',
    'a key without the scheme (401): 401',
    'a key in other headers: 200',
    'an admin request that fails validation, echoing a secret (400): 400',
  ]);
  t.match(issuer.key, /^tbk_/, 'the created key came back in the response body');
  t.match(bootstrapId, /^key_/, 'the bootstrap admin key id is known');
});

t.test('no log line carries key material or the server secret', async (t) => {
  t.ok(log.lines.length >= responses.length * 2, `the app logged (${log.lines.length} lines)`);
  const material = new Map(secrets);
  for (const [what, secret] of secrets) {
    if (secret.startsWith('tbk_')) material.set(`${what} without its prefix`, secret.slice(4));
    material.set(`the stored hash of ${what}`, createHmac('sha256', TEST_API_KEY_SECRET).update(secret, 'utf8').digest('hex'));
  }
  for (const [what, secret] of material) {
    const leaking = log.lines.filter((l) => l.includes(secret));
    t.same(leaking, [], `${what} is in no log line`);
  }
  t.notOk(log.lines.some((l) => /Bearer\s/.test(l)), 'no log line carries an Authorization value');
});

t.test("every request's log lines carry its request id", async (t) => {
  const lines = parsed(log.lines);
  for (const [requestId, label] of sent) {
    const mine = lines.filter((l) => l.requestId === requestId);
    t.ok(mine.length >= 2, `${label}: ${mine.length} lines with requestId ${requestId}`);
    t.ok(
      mine.some((l) => l.msg === 'request completed'),
      `${label}: the completion line carries the request id`,
    );
  }
  t.ok(sent.has('trace-me-123'), "the caller's X-Request-Id is the request id");
  t.ok(lines.some((l) => l.requestId === 'trace-me-123'), "and the log lines carry the caller's X-Request-Id");
  const requestLines = lines.filter((l) => 'req' in l || 'res' in l);
  t.ok(
    requestLines.every((l) => typeof l.requestId === 'string' && l.requestId.length > 0),
    'every request or response line has a requestId',
  );
});

t.test('the log lines of an authenticated request carry its key id', async (t) => {
  const lines = parsed(log.lines);
  t.ok(authenticated.size >= 8, `${authenticated.size} authenticated requests`);
  // request label -> the keyId on its "request completed" line (the line every request has).
  const wanted: Record<string, string> = {};
  const found: Record<string, unknown> = {};
  for (const [requestId, keyId] of authenticated) {
    const label = sent.get(requestId) ?? requestId;
    wanted[label] = keyId;
    found[label] = lines.find((l) => l.requestId === requestId && l.msg === 'request completed')?.keyId;
  }
  t.same(found, wanted, 'the "request completed" line of each authenticated request names its key');
  const handled = lines.filter((l) => typeof l.keyId === 'string');
  t.comment(`lines with a keyId: ${handled.length} of ${lines.length}`);
  const anonymous = lines.filter((l) => {
    const label = sent.get(String(l.requestId)) ?? '';
    return label.includes('(401)');
  });
  t.ok(anonymous.length > 0, 'the refused requests logged too');
  t.ok(
    anonymous.every((l) => l.keyId === undefined),
    'a refused key is never named as a key id',
  );
});

t.test("buildApp's redaction applies to the logger a caller passes", async (t) => {
  // The paths buildApp redacts (REDACTED_PATHS in src/http/logging.ts) must hold whatever logger
  // destination the caller chose: the log scan above is only as good as the config it runs.
  const probe = 'tbk_probe-secret-that-must-be-redacted-000000000';
  const before = log.lines.length;
  app.log.info({ authorization: `Bearer ${probe}`, key: probe, apiKey: probe, secret: probe }, 'redaction probe');
  await new Promise((resolve) => setImmediate(resolve));
  const line = log.lines.slice(before).find((l) => l.includes('redaction probe'));
  t.ok(line, 'the probe line was logged');
  t.notOk(line?.includes(probe), `the probe secret is redacted; the line: ${line ?? ''}`);
});
