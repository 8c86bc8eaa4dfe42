import t from 'tap';
import { buildTestApp, client, fixture } from '../helpers/app.js';
import { expectProblem } from '../helpers/contract.js';

const app = await buildTestApp();
t.teardown(() => app.close());
const c = client(app);
const f = fixture(c);

/** The value of one series in Prometheus text, or undefined when it is not there. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[3] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[4]);
  }
  return undefined;
}

async function scrape(): Promise<string> {
  const res = await c.get('/metrics');
  if (res.statusCode !== 200) throw new Error(`scrape: ${res.statusCode} ${res.body}`);
  return res.body;
}

t.test('GET /metrics: an admin or auditor key only', async (t) => {
  const anonymous = await app.inject({ method: 'GET', url: '/metrics' });
  expectProblem(t, anonymous, 401, 'unauthorized');
  const roles: Record<string, number> = {};
  for (const role of ['auditor', 'issuer']) {
    const created = await c.post('/v1/api-keys', { name: `metrics ${role}`, role });
    t.equal(created.statusCode, 201, `a ${role} key`);
    const res = await c.get('/metrics', { authorization: `Bearer ${created.json().key as string}` });
    roles[role] = res.statusCode;
  }
  t.same(roles, { auditor: 200, issuer: 403 }, 'an auditor reads it, an issuer may not');
  const res = await c.get('/metrics');
  t.equal(res.statusCode, 200, 'admin: 200');
  t.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/, 'Prometheus text format');
});

t.test('the named series exist and move with traffic', async (t) => {
  const member = await f.member('10');
  const shop = await f.merchant();
  const before = await scrape();
  const posted = { kind: 'redemption', outcome: 'posted' };
  const refused = { kind: 'redemption', outcome: 'refused' };
  const route = { method: 'POST', route: '/v1/redemptions', status_code: '201' };
  const unauthorized = { method: 'GET', route: '/v1/accounts/:accountId', status_code: '401' };

  t.equal((await c.post('/v1/redemptions', { accountId: member.id, merchantAccountId: shop.id, amount: '1.00' })).statusCode, 201);
  t.equal((await c.post('/v1/redemptions', { accountId: member.id, merchantAccountId: shop.id, amount: '500.00' })).statusCode, 422);
  t.equal((await app.inject({ method: 'GET', url: `/v1/accounts/${member.id}` })).statusCode, 401);
  const after = await scrape();

  const moved = (name: string, labels: Record<string, string>) => (sample(after, name, labels) ?? 0) - (sample(before, name, labels) ?? 0);
  t.equal(moved('ledger_postings_total', posted), 1, 'a posted redemption counts once under its kind and outcome');
  t.equal(moved('ledger_postings_total', refused), 1, 'a refused one under refused');
  t.equal(moved('http_requests_total', route), 1, 'requests by route pattern and status');
  t.equal(moved('http_request_duration_seconds_count', route), 1, 'a latency observation');
  t.ok(sample(after, 'http_request_duration_seconds_bucket', { ...route, le: '+Inf' }) !== undefined, 'latency buckets');
  t.equal(moved('http_request_errors_total', unauthorized), 1, 'a 401 counts as an error of its route');
  t.equal(moved('http_request_errors_total', { method: 'POST', route: '/v1/redemptions', status_code: '422' }), 1, 'a 422 too');
  t.notMatch(after, /route="\/v1\/accounts\/acct_/, 'no raw URL becomes a label');

  for (const pool of ['writes', 'group-commit', 'reads', 'health']) {
    for (const state of ['total', 'idle', 'waiting']) {
      t.ok(sample(after, 'db_pool_connections', { pool, state }) !== undefined, `pool ${pool}: ${state}`);
    }
  }
  t.ok((sample(after, 'db_pool_connections', { pool: 'writes', state: 'total' }) ?? 0) >= 1, 'the writes pool has opened a connection');
  t.ok(sample(after, 'db_timeouts_total', { kind: 'lock' }) !== undefined, 'lock timeouts');
  t.ok(sample(after, 'db_timeouts_total', { kind: 'statement' }) !== undefined, 'statement timeouts');
  t.match(after, /# TYPE db_transaction_retries_total counter/, 'serialization and deadlock retries');
  t.ok(sample(after, 'journal_sequencer_lag_transactions') !== undefined, 'sequencer lag in transactions');
  t.ok(sample(after, 'journal_sequencer_lag_seconds') !== undefined, 'and in seconds');
  t.ok((sample(after, 'process_resident_memory_bytes') ?? 0) > 0, 'process memory');
  t.ok(sample(after, 'nodejs_eventloop_lag_seconds') !== undefined, 'event-loop lag');
});
