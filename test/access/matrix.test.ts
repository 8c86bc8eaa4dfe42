/**
 * The access matrix (issue 5): every operation of the OpenAPI document under /v1, called with
 * no key, malformed headers, an unknown, a revoked and an expired key, and a valid key of
 * every role. The expected outcome per operation lives in ACCESS below; the OpenAPI
 * document's `x-roles` must say the same, so the table and the code cannot drift apart.
 */
import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import t from 'tap';
import { OPERATIONS } from '../../src/services/access.js';
import { ADMIN_KEY, buildTestApp, client, uniqueCode } from '../helpers/app.js';
import { bearer, createKey, fakeKey, fundedMember, ok, open, ROLES, type Role } from '../helpers/access.js';
import { TestClock } from '../helpers/clock.js';
import { expectProblem } from '../helpers/contract.js';

/**
 * operationId -> the roles that may call it; everyone else gets 403 forbidden. The service's
 * own table (src/services/access.ts): the same one the authentication applies and the
 * OpenAPI document's `x-roles` are generated from.
 */
const { metrics: _metrics, ...ACCESS }: Record<string, readonly Role[]> = OPERATIONS;
/** GET /metrics is the one row outside /v1 (and the OpenAPI document); its roles are checked here. */
const METRICS_ROLES: readonly Role[] = OPERATIONS.metrics;

/** The app's clock: the expiring key lapses when the test moves it, not after a wait. */
const clock = new TestClock();
const app = await buildTestApp({}, { clock });
t.teardown(() => app.close());
const boot = client(app);

const started = Date.now();
/** Reports and exports are asked for this file's period only: the database may be shared. */
const since = new Date(started - 60_000).toISOString();

// The expired key first: it is seen working now, and lapses when the test moves the clock past
// its expiresAt (at the start of the matrix below).
const expiring = await createKey(boot, 'admin', { expiresAt: new Date(clock.now().getTime() + 1500).toISOString() });
const expiringBefore = await app.inject({ method: 'GET', url: '/v1/api-keys?limit=1', headers: bearer(expiring.key) });

const merchant = await open(boot, 'merchant');
const member = await fundedMember(boot, '1000');
const other = await open(boot, 'member');
/** Certified earnings (issue 15): a certified category and an estate the new roles are bound to. */
const estate = uniqueCode('matrix-estate').replace(/[^A-Za-z0-9_.-]/g, '-');
const certifiedCategory = `mx${randomBytes(6).toString('hex')}`;
await ok(boot.post('/v1/categories', { code: certifiedCategory, name: 'matrix certified', earnings: 'certified' }), 'certified category');
const keys: Record<Role, string> = {
  admin: (await createKey(boot, 'admin')).key,
  issuer: (await createKey(boot, 'issuer')).key,
  cashier: (await createKey(boot, 'cashier', { merchantAccountIds: [merchant.id] })).key,
  auditor: (await createKey(boot, 'auditor')).key,
  organiser: (await createKey(boot, 'organiser', { estates: [estate] })).key,
  certifier: (await createKey(boot, 'certifier', { estates: [estate] })).key,
  app: (await createKey(boot, 'app')).key,
};
/** A second certifier, made by the admin: claims go on notice on one approval (certifiersRequired 1) from it. */
const approver = await createKey(boot, 'certifier', { estates: [estate] });
const activityBody = (certifiersRequired = 1) => ({
  title: 'matrix clean-up',
  category: certifiedCategory,
  estate,
  startsAt: new Date(Date.now() - 7200_000).toISOString(),
  endsAt: new Date(Date.now() - 3600_000).toISOString(),
  place: 'courtyard',
  points: { per: 'participant', amount: '1' },
  plannedParticipants: 5,
  certifiersRequired,
});
/** An activity with one submitted claim (of `member`); `onNotice`: certified by the second certifier. */
async function activity(onNotice: boolean): Promise<{ id: string; claimId: string }> {
  const a = await ok<{ id: string }>(boot.post('/v1/activities', activityBody()), 'activity');
  const submitted = await ok<{ claims: { id: string }[] }>(boot.post(`/v1/activities/${a.id}/claims`, { claims: [{ memberAccountId: other.id }] }), 'claims');
  const claimId = submitted.claims[0]?.id ?? '';
  if (onNotice) {
    await ok(app.inject({ method: 'POST', url: `/v1/activities/${a.id}/certifications`, headers: bearer(approver.key), payload: { decision: 'approve', reason: 'matrix' } }), 'certify');
  }
  return { id: a.id, claimId };
}
const objection = async () =>
  ok<{ id: string }>(boot.post(`/v1/claims/${(await activity(true)).claimId}/objections`, { memberAccountId: member.id, reason: 'matrix objection' }), 'objection');
const sharedActivity = await activity(true);
const sharedObjection = await objection();
const revoked = await createKey(boot, 'admin');
const revokedBefore = await app.inject({ method: 'GET', url: '/v1/api-keys?limit=1', headers: bearer(revoked.key) });
await ok(boot.request('DELETE', `/v1/api-keys/${revoked.id}`), 'revoking');
/** A key the denied and unauthenticated calls to revokeApiKey aim at: it must survive them. */
const victim = await createKey(boot, 'auditor');

const redeem = () =>
  ok<{ id: string }>(boot.post('/v1/redemptions', { accountId: member.id, merchantAccountId: merchant.id, amount: '1' }), 'redeeming');
const earn = () =>
  ok<{ id: string }>(boot.post('/v1/earnings', { accountId: member.id, amount: '1', category: 'public_labour' }), 'crediting');
const hold = () =>
  ok<{ id: string }>(boot.post('/v1/holds', { accountId: member.id, merchantAccountId: merchant.id, amount: '1' }), 'holding');
const sharedSale = await redeem();
const sharedHold = await hold();
/** A .invalid name never resolves: the background delivery to it fails quietly. */
const HOOK_URL = 'https://hooks.example.invalid/matrix';
const endpoint = () =>
  ok<{ id: string }>(boot.post('/v1/webhook-endpoints', { url: HOOK_URL, eventTypes: ['transaction.posted'] }), 'registering an endpoint');
const monitor = () =>
  ok<{ id: string }>(boot.post('/v1/balance-monitors', { accountId: member.id, direction: 'below', threshold: '1' }), 'watching');
const sharedEndpoint = await endpoint();
const sharedMonitor = await monitor();

interface Call {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  /** The status an allowed role gets. */
  success: number;
}

/**
 * The request each operation gets. `fresh` is set for an allowed role: operations that use an
 * object up (capture, void, reverse, revoke) then get one of their own, so that every allowed
 * call can answer 2xx.
 */
const REQUESTS: Record<string, (role: Role | null, fresh: boolean) => Promise<Call>> = {
  createAccount: async (role) => {
    const code = `M-${randomBytes(6).toString('hex')}`;
    return { body: { code, name: 'matrix', kind: role === 'admin' ? 'merchant' : 'member' }, success: 201 };
  },
  listAccounts: async (role): Promise<Call> => ({ query: role === 'cashier' ? { code: member.code } : { limit: '5' }, success: 200 }),
  getAccount: async () => ({ params: { accountId: member.id }, success: 200 }),
  updateAccount: async () => ({ params: { accountId: other.id }, body: { name: 'renamed by the matrix' }, success: 200 }),
  getBalanceAsOf: async () => ({ params: { accountId: member.id }, success: 200 }),
  listCategories: async () => ({ success: 200 }),
  createCategory: async () => ({ body: { code: `m${randomBytes(6).toString('hex')}`, name: 'matrix' }, success: 201 }),
  createEarning: async () => ({ body: { accountId: other.id, amount: '1', category: 'public_labour' }, success: 201 }),
  createEarningBatch: async () => ({
    body: { items: [{ accountId: other.id, amount: '1', category: 'duty_shift' }] },
    success: 201,
  }),
  createRedemption: async () => ({ body: { accountId: member.id, merchantAccountId: merchant.id, amount: '1' }, success: 201 }),
  createTransfer: async () => ({ body: { fromAccountId: member.id, toAccountId: other.id, amount: '1' }, success: 201 }),
  createHold: async () => ({ body: { accountId: member.id, merchantAccountId: merchant.id, amount: '1' }, success: 201 }),
  getHold: async () => ({ params: { holdId: sharedHold.id }, success: 200 }),
  captureHold: async (_role, fresh) => ({ params: { holdId: fresh ? (await hold()).id : sharedHold.id }, body: {}, success: 201 }),
  voidHold: async (_role, fresh) => ({ params: { holdId: fresh ? (await hold()).id : sharedHold.id }, success: 200 }),
  createApiKey: async () => ({ body: { name: 'made by the matrix', role: 'auditor' }, success: 201 }),
  listApiKeys: async () => ({ query: { limit: '5' }, success: 200 }),
  revokeApiKey: async (_role, fresh) => ({ params: { keyId: fresh ? (await createKey(boot, 'auditor')).id : victim.id }, success: 204 }),
  createAdjustment: async () => ({
    body: {
      entries: [
        { accountId: member.id, amount: '-1' },
        { accountId: other.id, amount: '1' },
      ],
      description: 'matrix adjustment',
    },
    success: 201,
  }),
  listTransactions: async (role): Promise<Call> => ({
    query: role === 'cashier' ? { accountId: merchant.id } : role === 'issuer' ? { accountId: member.id } : { limit: '5' },
    success: 200,
  }),
  getTransaction: async () => ({ params: { transactionId: sharedSale.id }, success: 200 }),
  // Each role reverses what it may (see the reversal table below): a cashier a sale, an
  // issuer an earning.
  createReversal: async (role, fresh) => ({
    params: { transactionId: !fresh ? sharedSale.id : role === 'issuer' ? (await earn()).id : (await redeem()).id },
    body: { reason: 'matrix reversal' },
    success: 201,
  }),
  // A cashier reads its own supermarket's statement; the others a member's.
  getStatement: async (role) => ({ params: { accountId: role === 'cashier' ? merchant.id : member.id }, success: 200 }),
  getStatementCsv: async (role) => ({ params: { accountId: role === 'cashier' ? merchant.id : member.id }, success: 200 }),
  getStatementHtml: async (role) => ({ params: { accountId: role === 'cashier' ? merchant.id : member.id }, success: 200 }),
  getTrialBalance: async () => ({ success: 200 }),
  getEarningsReport: async () => ({ query: { from: since }, success: 200 }),
  exportJournal: async () => ({ query: { format: 'jsonl', from: since }, success: 200 }),
  verifyJournal: async () => ({ success: 200 }),
  listEvents: async () => ({ query: { limit: '5' }, success: 200 }),
  createWebhookEndpoint: async () => ({ body: { url: HOOK_URL, eventTypes: ['hold.created'] }, success: 201 }),
  listWebhookEndpoints: async () => ({ query: { limit: '5' }, success: 200 }),
  getWebhookEndpoint: async () => ({ params: { endpointId: sharedEndpoint.id }, success: 200 }),
  updateWebhookEndpoint: async () => ({ params: { endpointId: sharedEndpoint.id }, body: { status: 'disabled' }, success: 200 }),
  deleteWebhookEndpoint: async (_role, fresh) => ({ params: { endpointId: fresh ? (await endpoint()).id : sharedEndpoint.id }, success: 204 }),
  rotateWebhookEndpointSecret: async () => ({ params: { endpointId: sharedEndpoint.id }, success: 201 }),
  listWebhookAttempts: async () => ({ params: { endpointId: sharedEndpoint.id }, success: 200 }),
  replayWebhookEndpoint: async () => ({ params: { endpointId: sharedEndpoint.id }, body: { afterSeq: '0' }, success: 200 }),
  createBalanceMonitor: async () => ({ body: { accountId: member.id, direction: 'above', threshold: '5000' }, success: 201 }),
  listBalanceMonitors: async () => ({ query: { accountId: member.id }, success: 200 }),
  deleteBalanceMonitor: async (_role, fresh) => ({ params: { monitorId: fresh ? (await monitor()).id : sharedMonitor.id }, success: 204 }),
  createActivity: async () => ({ body: activityBody(), success: 201 }),
  getActivity: async () => ({ params: { activityId: sharedActivity.id }, success: 200 }),
  submitClaims: async (_role, fresh) => ({
    params: { activityId: fresh ? (await ok<{ id: string }>(boot.post('/v1/activities', activityBody()), 'activity')).id : sharedActivity.id },
    body: { claims: [{ memberAccountId: other.id }] },
    success: 201,
  }),
  certifyClaims: async (_role, fresh) => ({
    params: { activityId: fresh ? (await activity(false)).id : sharedActivity.id },
    body: { decision: 'approve', reason: 'matrix' },
    success: 200,
  }),
  createObjection: async (_role, fresh) => ({
    params: { claimId: fresh ? (await activity(true)).claimId : sharedActivity.claimId },
    body: { memberAccountId: member.id, reason: 'matrix objection' },
    success: 201,
  }),
  decideObjection: async (_role, fresh) => ({
    params: { objectionId: fresh ? (await objection()).id : sharedObjection.id },
    body: { decision: 'dismiss', reason: 'matrix decision' },
    success: 200,
  }),
  postActivityEarly: async (_role, fresh) => ({
    params: { activityId: fresh ? (await activity(true)).id : sharedActivity.id },
    body: { reason: 'matrix: early' },
    success: 201,
  }),
  setIssuanceBudget: async () => ({ body: { category: certifiedCategory, estate, month: '2026-01', limit: '1000' }, success: 200 }),
  verifyCertificationEvents: async () => ({ success: 200 }),
};

interface Operation {
  method: string;
  path: string;
  operationId: string;
  roles: unknown;
  security: unknown;
  description: string;
  responses: Record<string, unknown>;
}

const docRes = await app.inject({ method: 'GET', url: '/openapi.json' });
const doc = docRes.json() as { paths: Record<string, Record<string, Record<string, unknown>>> };
const METHODS = ['get', 'put', 'post', 'patch', 'delete'];
const operations: Operation[] = [];
for (const [path, item] of Object.entries(doc.paths)) {
  if (!path.startsWith('/v1')) continue;
  for (const [method, op] of Object.entries(item)) {
    if (!METHODS.includes(method)) continue;
    operations.push({
      method: method.toUpperCase(),
      path,
      operationId: String(op.operationId),
      roles: op['x-roles'],
      security: op.security,
      description: String(op.description ?? ''),
      responses: (op.responses ?? {}) as Record<string, unknown>,
    });
  }
}

function urlOf(op: Operation, call: Call): string {
  const path = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = call.params?.[name];
    if (value === undefined) throw new Error(`${op.operationId}: no value for path parameter ${name}`);
    return encodeURIComponent(value);
  });
  const query = call.query ? `?${new URLSearchParams(call.query).toString()}` : '';
  return `${path}${query}`;
}

async function send(op: Operation, call: Call, headers: Record<string, string>): Promise<LightMyRequestResponse> {
  return app.inject({
    method: op.method as 'GET',
    url: urlOf(op, call),
    headers,
    ...(call.body === undefined ? {} : { payload: call.body as never }),
  });
}

t.test('the OpenAPI document and the table agree', async (t) => {
  t.equal(docRes.statusCode, 200, 'GET /openapi.json answers without a key');
  t.ok(operations.length >= Object.keys(ACCESS).length, `the document has ${operations.length} operations under /v1`);
  t.same(
    operations.map((o) => o.operationId).sort(),
    Object.keys(ACCESS).sort(),
    'every /v1 operation of the document is in the table, and every table row is in the document',
  );
  t.same(Object.keys(REQUESTS).sort(), Object.keys(ACCESS).sort(), 'the test has a request for every row of the table');
  for (const op of operations) {
    const expected = ACCESS[op.operationId];
    t.ok(expected, `${op.operationId} is in the table`);
    if (!expected) continue;
    t.same(
      [...((op.roles as string[] | undefined) ?? [])].sort(),
      [...expected].sort(),
      `${op.operationId}: x-roles equals the table (${expected.join(', ')})`,
    );
    t.same(op.security, [{ bearerAuth: [] }], `${op.operationId}: requires bearerAuth`);
    t.match(op.description, `Roles: ${(op.roles as string[]).join(', ')}.`, `${op.operationId}: the description names the roles`);
    t.ok('401' in op.responses && '403' in op.responses, `${op.operationId}: documents 401 and 403`);
  }
});

t.test('health, readiness and the docs stay open', async (t) => {
  for (const url of ['/healthz', '/readyz', '/docs', '/openapi.json']) {
    const res = await app.inject({ method: 'GET', url });
    t.equal(res.statusCode, 200, `GET ${url} without a key: 200`);
  }
});

t.test('the revoked and the expired key worked before', async (t) => {
  t.equal(revokedBefore.statusCode, 200, 'the revoked key answered 200 before it was revoked');
  t.equal(expiringBefore.statusCode, 200, 'the expiring key answered 200 before it expired');
});

/** The observed statuses, for the printed matrix: operationId -> column -> statuses. */
const observed = new Map<string, Map<string, Set<number>>>();
function record(op: Operation, column: string, status: number) {
  const row = observed.get(op.operationId) ?? new Map<string, Set<number>>();
  const cell = row.get(column) ?? new Set<number>();
  cell.add(status);
  row.set(column, cell);
  observed.set(op.operationId, row);
}

/** The callers that must get 401 on every operation. */
const UNAUTHENTICATED: [column: string, label: string, headers: Record<string, string>][] = [
  ['no key', 'no Authorization header', {}],
  ['malformed', 'Authorization: Basic x', { authorization: 'Basic x' }],
  ['malformed', 'Authorization: Bearer (no key)', { authorization: 'Bearer' }],
  ['malformed', 'Authorization: Bearer a b', { authorization: 'Bearer a b' }],
  ['malformed', 'a valid key with junk after it', { authorization: `Bearer ${ADMIN_KEY} x` }],
  ['malformed', 'the key without the Bearer scheme', { authorization: ADMIN_KEY }],
  ['unknown', 'an unknown key', bearer(fakeKey())],
  ['revoked', 'a revoked admin key', bearer(revoked.key)],
  ['expired', 'an expired admin key', bearer(expiring.key)],
];

t.test('every operation, every caller', async (t) => {
  clock.advance(Date.parse(expiring.expiresAt ?? '') + 250 - clock.now().getTime());


  for (const op of operations) {
    const allowed = ACCESS[op.operationId];
    const build = REQUESTS[op.operationId];
    if (!allowed || !build) {
      t.fail(`${op.method} ${op.path} (${op.operationId}) has no row in the table or no request`);
      continue;
    }
    await t.test(`${op.operationId}: ${op.method} ${op.path}`, async (t) => {
      for (const [column, label, headers] of UNAUTHENTICATED) {
        const res = await send(op, await build(null, false), headers);
        record(op, column, res.statusCode);
        expectProblem(t, res, 401, 'unauthorized', { label });
        t.match(String(res.headers['www-authenticate']), /^Bearer/, `${label}: WWW-Authenticate: Bearer`);
      }
      for (const role of ROLES) {
        const may = allowed.includes(role);
        const call = await build(role, may);
        const res = await send(op, call, bearer(keys[role]));
        record(op, role, res.statusCode);
        if (may) {
          t.equal(res.statusCode, call.success, `${role} (allowed): ${call.success}; body: ${res.body.slice(0, 200)}`);
          t.not(res.statusCode, 401, `${role}: not 401`);
          t.not(res.statusCode, 403, `${role}: not 403`);
        } else {
          expectProblem(t, res, 403, 'forbidden', { label: `${role} (not allowed)` });
        }
      }
    });
  }
});

/**
 * Who may reverse what (issue 13): a cashier only sales into its own supermarkets (hold
 * captures included), an issuer only earnings, an admin anything, an auditor nothing. A
 * transaction the caller cannot see answers 404, as any other read of it would; one it sees
 * but may not reverse, 403.
 */
const otherMerchant = await open(boot, 'merchant');
const pool = await open(boot, 'system');
const post = (url: string, body: unknown) => ok<{ id: string }>(boot.post(url, body), url);
const REVERSALS: [label: string, make: () => Promise<{ id: string }>, expected: Record<Role, number>][] = [
  ['a sale into its supermarket', redeem, { admin: 201, issuer: 403, cashier: 201, auditor: 403, organiser: 403, certifier: 403, app: 403 }],
  [
    'a captured hold into its supermarket',
    async () => post(`/v1/holds/${(await hold()).id}/capture`, {}),
    { admin: 201, issuer: 403, cashier: 201, auditor: 403, organiser: 403, certifier: 403, app: 403 },
  ],
  [
    'a sale into another supermarket',
    () => post('/v1/redemptions', { accountId: member.id, merchantAccountId: otherMerchant.id, amount: '1' }),
    { admin: 201, issuer: 403, cashier: 404, auditor: 403, organiser: 403, certifier: 403, app: 403 },
  ],
  ['an earning', earn, { admin: 201, issuer: 201, cashier: 404, auditor: 403, organiser: 403, certifier: 403, app: 403 }],
  [
    'a gift between members',
    () => post('/v1/transfers', { fromAccountId: member.id, toAccountId: other.id, amount: '1' }),
    { admin: 201, issuer: 403, cashier: 404, auditor: 403, organiser: 403, certifier: 403, app: 403 },
  ],
  [
    'an adjustment: its supermarket -1, a resident +1',
    () =>
      post('/v1/transactions', {
        entries: [
          { accountId: merchant.id, amount: '-1' },
          { accountId: member.id, amount: '1' },
        ],
        description: 'matrix: an admin correction',
      }),
    { admin: 201, issuer: 403, cashier: 403, auditor: 403, organiser: 403, certifier: 403, app: 403 },
  ],
  [
    'a settlement: its supermarket paid out to a system account',
    () =>
      post('/v1/transactions', {
        entries: [
          { accountId: merchant.id, amount: '-1' },
          { accountId: pool.id, amount: '1' },
        ],
        description: 'matrix: settlement',
      }),
    { admin: 201, issuer: 404, cashier: 403, auditor: 403, organiser: 403, certifier: 403, app: 403 },
  ],
  [
    'an adjustment between residents',
    () =>
      post('/v1/transactions', {
        entries: [
          { accountId: member.id, amount: '-1' },
          { accountId: other.id, amount: '1' },
        ],
        description: 'matrix: a correction between residents',
      }),
    { admin: 201, issuer: 403, cashier: 404, auditor: 403, organiser: 403, certifier: 403, app: 403 },
  ],
];

t.test('createReversal: which role may reverse which transaction', async (t) => {
  for (const [label, make, expected] of REVERSALS) {
    for (const role of ROLES) {
      // A fresh original per caller, so that an allowed reversal is never refused for an
      // earlier one having used the original up.
      const original = await make();
      const res = await app.inject({
        method: 'POST',
        url: `/v1/transactions/${original.id}/reversals`,
        headers: bearer(keys[role]),
        payload: { reason: 'matrix: reversal rule' },
      });
      const want = expected[role];
      if (want === 201) {
        t.equal(res.statusCode, 201, `${label}, ${role}: 201; body: ${res.body.slice(0, 200)}`);
      } else {
        expectProblem(t, res, want, want === 404 ? 'not_found' : 'forbidden', { label: `${label}, ${role}` });
        const after = await boot.get(`/v1/transactions/${original.id}`);
        t.equal(after.json().reversedAmount, '0.00', `${label}, ${role}: nothing was reversed`);
      }
    }
  }
});

t.test('the objects the refused calls aimed at are untouched', async (t) => {
  const h = await boot.get(`/v1/holds/${sharedHold.id}`);
  t.equal(h.json().status, 'pending', 'the shared hold is still pending');
  const s = await boot.get(`/v1/transactions/${sharedSale.id}`);
  t.equal(s.json().reversedAmount, '0.00', 'the shared sale is not reversed');
  const v = await app.inject({ method: 'GET', url: '/v1/categories', headers: bearer(victim.key) });
  t.equal(v.statusCode, 200, 'the key the refused revocations aimed at still works');
});

t.test('the matrix, for the README', async (t) => {
  const columns = [...ROLES];
  const lines = [`| operation | method and path | ${columns.join(' | ')} |`, `| --- | --- | ${columns.map(() => '---').join(' | ')} |`];
  for (const op of operations) {
    const row = observed.get(op.operationId);
    const cells = columns.map((c) => {
      const statuses = [...(row?.get(c) ?? [])];
      const allowed = ACCESS[op.operationId]?.includes(c as Role);
      return allowed ? `yes (${statuses.join('/')})` : `403`;
    });
    lines.push(`| \`${op.operationId}\` | \`${op.method} ${op.path}\` | ${cells.join(' | ')} |`);
  }
  lines.push('');
  lines.push(
    'Without a key, with a malformed `Authorization` header, or with an unknown, revoked or expired key, every operation above answers 401 `unauthorized`; `/healthz`, `/readyz`, `/docs` and `/openapi.json` need no key.',
  );
  t.ok(observed.size === operations.length, 'every operation was called');
  t.comment(`\n${lines.join('\n')}\n`);
  t.comment(`matrix: ${operations.length} operations x ${ROLES.length + UNAUTHENTICATED.length} callers in ${Date.now() - started} ms`);
});

t.test('GET /metrics admits the roles of its row of the table, and no other', async (t) => {
  for (const role of ROLES) {
    const res = await app.inject({ method: 'GET', url: '/metrics', headers: bearer(keys[role]) });
    if (METRICS_ROLES.includes(role)) t.equal(res.statusCode, 200, `${role}: 200`);
    else expectProblem(t, res, 403, 'forbidden', { label: role });
  }
});
