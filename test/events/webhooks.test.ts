/**
 * Webhook delivery (issue 16) to a real local HTTP receiver that fails, times out, answers
 * 500, 410 and redirects, verifying every signature with the standardwebhooks library.
 * Time is the test's clock: backoff waits pass when the test moves it.
 */
import { lookup } from 'node:dns/promises';
import { hostname } from 'node:os';
import t, { type Test } from 'tap';
import { buildTestApp, fixture } from '../helpers/app.js';
import { bearer, createKey, revokeKey } from '../helpers/access.js';
import { TestClock } from '../helpers/clock.js';
import { expectProblem } from '../helpers/contract.js';
import { Receiver } from '../helpers/receiver.js';
import { buildWorkflowApp } from '../helpers/workflows.js';
import { isPrivateAddress, send } from '../../src/outbound/webhook-sender.js';

const clock = new TestClock();
const ENV = { SEQUENCER_INTERVAL_MS: '0', WEBHOOK_POLL_INTERVAL_MS: '0', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_TIMEOUT_MS: '300' };
const { app, c } = await buildWorkflowApp(ENV, { clock });
t.teardown(() => app.close());
const f = fixture(c);
const HOUR = 60 * 60 * 1000;

interface Endpoint {
  id: string;
  secret: string | null;
  status: string;
  disabledReason: string | null;
  deliveredSeq: string;
}

async function receiverWithEndpoint(t: Test, body: Record<string, unknown> = {}): Promise<{ r: Receiver; ep: Endpoint }> {
  const r = new Receiver();
  const url = await r.start();
  t.teardown(() => r.stop());
  const res = await c.post('/v1/webhook-endpoints', { url, eventTypes: ['transaction.posted'], ...body });
  if (res.statusCode !== 201) throw new Error(`${res.statusCode} ${res.body}`);
  const ep = res.json() as Endpoint;
  r.secrets = [ep.secret as string];
  return { r, ep };
}

/** Sequences, then delivers until a round delivers nothing. */
async function drain(): Promise<void> {
  await app.services.jobs.sequenceEvents();
  while ((await app.services.webhookDelivery.deliverDue()) > 0) {
    // keep going
  }
}

async function endpoint(id: string): Promise<Endpoint> {
  return (await c.get(`/v1/webhook-endpoints/${id}`)).json() as Endpoint;
}

async function postEarnings(memberId: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await c.post('/v1/earnings', { accountId: memberId, amount: '1', category: 'public_labour' });
    ids.push(res.json().id as string);
  }
  return ids;
}

const postedIds = (r: Receiver) =>
  r.requests.filter((q) => q.status === 200).map((q) => (q.data.transaction as { id: string }).id);

t.test('an endpoint: its secret shown once, signed deliveries in order', async (t) => {
  const m = await f.member();
  const { r, ep } = await receiverWithEndpoint(t, { filter: { accountIds: [m.id] } });
  t.match(ep.secret, /^whsec_[A-Za-z0-9+/=]{40,}$/, 'a Standard Webhooks secret');
  t.equal(ep.status, 'enabled');
  const listed = (await c.get('/v1/webhook-endpoints?limit=200')).json() as { data: Record<string, unknown>[] };
  const row = listed.data.find((e) => e.id === ep.id);
  t.ok(row, 'listed');
  t.notOk(row && 'secret' in row, 'never with its secret');
  const ids = await postEarnings(m.id, 5);
  await drain();
  t.same(postedIds(r), ids, 'every posting, in order');
  t.ok(r.requests.every((q) => q.verifiedWith.length === 1), 'every signature verifies with standardwebhooks');
  t.ok(r.requests.every((q) => q.id === `evt_${q.seq}`), 'webhook-id is the event id');
  const attempts = (await c.get(`/v1/webhook-endpoints/${ep.id}/attempts`)).json() as { data: { ok: boolean; statusCode: number }[] };
  t.equal(attempts.data.length, 5, 'each attempt recorded');
  t.ok(attempts.data.every((a) => a.ok && a.statusCode === 200));
});

t.test('failures back off and retry the same event: nothing after it goes first', async (t) => {
  const m = await f.member();
  const { r, ep } = await receiverWithEndpoint(t, { filter: { accountIds: [m.id] } });
  // The 2nd request answers 500, the 3rd never answers (the attempt times out), the 4th redirects.
  r.behave = (n) => (n === 1 ? 500 : n === 2 ? 'hang' : n === 3 ? 'redirect' : 200);
  const ids = await postEarnings(m.id, 4);
  await drain();
  t.same(postedIds(r), ids.slice(0, 1), 'delivery stops at the failing event');
  let state = await endpoint(ep.id);
  t.equal(state.status, 'enabled');
  t.match(state, { failures: 1 });
  await drain();
  t.equal(r.requests.length, 2, 'nothing is tried before the backoff has passed');
  for (let i = 0; i < 3; i++) {
    clock.advance(HOUR);
    await drain();
  }
  t.same(postedIds(r), ids, 'then every event, in order');
  t.same(r.requests.map((q) => q.status), [200, 500, 'hang', 'redirect', 200, 200, 200], 'the same event through each failure');
  t.equal(new Set(r.requests.slice(1, 5).map((q) => q.seq)).size, 1, 'the failed tries are one event');
  t.equal(r.redirectedHits, 0, 'a redirect is not followed');
  state = await endpoint(ep.id);
  t.match(state, { failures: 0, status: 'enabled' });
  const attempts = (await c.get(`/v1/webhook-endpoints/${ep.id}/attempts?limit=200`)).json() as {
    data: { ok: boolean; statusCode: number | null; error: string | null }[];
  };
  t.same(
    attempts.data.map((a) => [a.ok, a.statusCode]).reverse(),
    [[true, 200], [false, 500], [false, null], [false, 302], [true, 200], [true, 200], [true, 200]],
  );
  t.match(attempts.data[4]?.error, /no answer within 300 ms/, 'the timeout is recorded');
});

t.test('a failure pages in: the page read ahead is not sent, and delivery resumes at the failed event', async (t) => {
  const m = await f.member();
  const { r, ep } = await receiverWithEndpoint(t, { filter: { accountIds: [m.id] } });
  // Pages hold 100 events: the 151st request fails, in the second page, while the third is read ahead.
  r.behave = (n) => (n === 150 ? 503 : 200);
  const ids = await postEarnings(m.id, 260);
  await drain();
  t.same(postedIds(r), ids.slice(0, 150), 'the 150 before the failure, in order');
  t.equal(r.requests.length, 151, 'and nothing after the failed one');
  const stopped = await endpoint(ep.id);
  t.equal(stopped.deliveredSeq, r.requests[149]?.seq, 'the cursor is the last event acknowledged');
  clock.advance(HOUR);
  await drain();
  t.same(postedIds(r), ids, 'then the rest, from the failed one, in order, each once');
  t.equal(r.requests[151]?.seq, r.requests[150]?.seq, 'the retry is the failed event');
  const attempts: { ok: boolean; eventSeq: string }[] = [];
  for (let cursor = ''; ; ) {
    const page = (await c.get(`/v1/webhook-endpoints/${ep.id}/attempts?limit=100${cursor}`)).json() as { data: typeof attempts; nextCursor: string | null };
    attempts.push(...page.data);
    if (!page.nextCursor) break;
    cursor = `&cursor=${page.nextCursor}`;
  }
  t.equal(attempts.length, 261, 'every attempt recorded');
  t.same(attempts.filter((a) => !a.ok).map((a) => a.eventSeq), [r.requests[150]?.seq]);
});

t.test('410 Gone disables the endpoint, with an event saying so', async (t) => {
  const m = await f.member();
  const { r, ep } = await receiverWithEndpoint(t, { filter: { accountIds: [m.id] } });
  const { r: watcher, ep: watching } = await receiverWithEndpoint(t, { eventTypes: ['webhook_endpoint.disabled'] });
  r.behave = () => 410;
  await postEarnings(m.id, 2);
  await drain();
  await drain();
  t.equal(r.requests.length, 1, 'tried once');
  const state = await endpoint(ep.id);
  t.match(state, { status: 'disabled', disabledReason: 'the endpoint answered 410 Gone' });
  const disabled = watcher.requests.filter((q) => (q.data.webhookEndpoint as { id: string }).id === ep.id);
  t.equal(disabled.length, 1, 'another endpoint hears webhook_endpoint.disabled');
  t.ok(watching.id);
  // Enabled again by hand, it carries on from the event that failed.
  r.behave = () => 200;
  t.equal((await c.patch(`/v1/webhook-endpoints/${ep.id}`, { status: 'enabled' })).statusCode, 200);
  await drain();
  t.equal(r.delivered().length, 2, 'both events, once enabled');
});

t.test('an endpoint failing for 3 days is disabled', async (t) => {
  const m = await f.member();
  const { r, ep } = await receiverWithEndpoint(t, { filter: { accountIds: [m.id] } });
  r.behave = () => 503;
  await postEarnings(m.id, 1);
  await drain();
  let tries = 1;
  for (let i = 0; i < 200 && (await endpoint(ep.id)).status === 'enabled'; i++) {
    clock.advance(HOUR);
    await drain();
    tries = r.requests.length;
  }
  const state = await endpoint(ep.id);
  t.match(state, { status: 'disabled', disabledReason: /failed for 72 hours/ });
  t.ok(tries >= 70 && tries <= 80, `about one try an hour once the backoff reaches its ceiling (${tries})`);
});

t.test('redelivery by hand: a replay from a seq sends those events again, in order', async (t) => {
  const m = await f.member();
  const { r, ep } = await receiverWithEndpoint(t, { filter: { accountIds: [m.id] } });
  const ids = await postEarnings(m.id, 3);
  await drain();
  const first = r.requests[0]?.seq as string;
  const res = await c.post(`/v1/webhook-endpoints/${ep.id}/replays`, { afterSeq: (BigInt(first) - 1n).toString() });
  t.equal(res.statusCode, 200, res.body);
  await drain();
  t.same(postedIds(r), [...ids, ...ids], 'all three again');
});

t.test('a rotated secret: both sign for the overlap, and the new one is shown once', async (t) => {
  const m = await f.member();
  const { r, ep } = await receiverWithEndpoint(t, { filter: { accountIds: [m.id] } });
  const old = ep.secret as string;
  const res = await c.post(`/v1/webhook-endpoints/${ep.id}/secret-rotations`);
  t.equal(res.statusCode, 201, res.body);
  const fresh = res.json().secret as string;
  t.not(fresh, old);
  r.secrets = [old, fresh];
  await postEarnings(m.id, 1);
  await drain();
  t.same(r.requests[0]?.verifiedWith, [old, fresh], 'verifies with either');
  clock.advance(25 * HOUR);
  await postEarnings(m.id, 1);
  await drain();
  t.same(r.requests[1]?.verifiedWith, [fresh], 'after the overlap, only the new one signs');
});

t.test("an endpoint made for a cashier's key hears its supermarkets only", async (t) => {
  const m = await f.member('20');
  const mine = await f.merchant();
  const theirs = await f.merchant();
  const cashier = await createKey(c, 'cashier', { merchantAccountIds: [mine.id] });
  const { r } = await receiverWithEndpoint(t, { apiKeyId: cashier.id });
  const sale = (await c.post('/v1/redemptions', { accountId: m.id, merchantAccountId: mine.id, amount: '1' })).json();
  await c.post('/v1/redemptions', { accountId: m.id, merchantAccountId: theirs.id, amount: '1' });
  await drain();
  t.same(postedIds(r), [sale.id]);
  t.ok(bearer(cashier.key));
});

t.test("an endpoint whose key is revoked is disabled, and hears nothing more", async (t) => {
  const m = await f.member('20');
  const shop = await f.merchant();
  const cashier = await createKey(c, 'cashier', { merchantAccountIds: [shop.id] });
  const { r, ep } = await receiverWithEndpoint(t, { apiKeyId: cashier.id });
  const before = (await c.post('/v1/redemptions', { accountId: m.id, merchantAccountId: shop.id, amount: '1' })).json();
  await drain();
  t.same(postedIds(r), [before.id], 'heard while the key was good');
  await revokeKey(c, cashier.id);
  await c.post('/v1/redemptions', { accountId: m.id, merchantAccountId: shop.id, amount: '1' });
  await drain();
  t.same(postedIds(r), [before.id], 'nothing after the revocation');
  const state = await endpoint(ep.id);
  t.equal(state.status, 'disabled');
  t.match(state.disabledReason, /API key .* revoked/);
  await app.services.jobs.sequenceEvents();
  const events = (await c.get('/v1/events?after=0&limit=200&types=webhook_endpoint.disabled')).json() as { data: { data: { webhookEndpoint: { id: string } } }[] };
  t.ok(events.data.some((e) => e.data.webhookEndpoint.id === ep.id), 'a webhook_endpoint.disabled event says so');
  await expectProblem(t, await c.patch(`/v1/webhook-endpoints/${ep.id}`, { status: 'enabled' }), 409, 'conflict', { label: 'not enabled again' });
  await expectProblem(t, await c.post(`/v1/webhook-endpoints/${ep.id}/replays`, { afterSeq: '0' }), 409, 'conflict', { label: 'nor by a replay' });
  t.equal((await endpoint(ep.id)).status, 'disabled', 'still disabled');
});

t.test('several instances deliver without duplicates or disorder (SKIP LOCKED leases)', async (t) => {
  const other = await buildTestApp({ ...ENV, BOOTSTRAP_ADMIN_KEY: 'tbk_second-instance-admin-key-000000000001' }, { clock });
  t.teardown(() => other.close());
  const m = await f.member();
  const { r } = await receiverWithEndpoint(t, { filter: { accountIds: [m.id] } });
  const ids = await postEarnings(m.id, 30);
  await app.services.jobs.sequenceEvents();
  for (let i = 0; i < 5; i++) {
    await Promise.all([app.services.webhookDelivery.deliverDue(), other.services.webhookDelivery.deliverDue()]);
  }
  t.same(postedIds(r), ids, 'each once, in order');
});

t.test('targets: private addresses are refused unless allowed', async (t) => {
  const strict = await buildTestApp({ SEQUENCER_INTERVAL_MS: '0', WEBHOOK_POLL_INTERVAL_MS: '0', BOOTSTRAP_ADMIN_KEY: 'tbk_strict-instance-admin-key-00000000000001' });
  t.teardown(() => strict.close());
  const as = { authorization: 'Bearer tbk_strict-instance-admin-key-00000000000001' };
  for (const url of ['http://127.0.0.1:9/hook', 'http://localhost/hook', 'http://10.1.2.3/', 'http://[::1]/', 'http://169.254.169.254/latest', 'http://[::ffff:192.168.1.1]/']) {
    const res = await strict.inject({ method: 'POST', url: '/v1/webhook-endpoints', headers: as, payload: { url, eventTypes: ['transaction.posted'] } });
    await expectProblem(t, res, 400, 'validation_failed');
  }
  for (const url of ['ftp://example.com/', 'http://user:pw@example.com/', 'not a url']) {
    const res = await strict.inject({ method: 'POST', url: '/v1/webhook-endpoints', headers: as, payload: { url, eventTypes: ['transaction.posted'] } });
    await expectProblem(t, res, 400, 'validation_failed');
  }
  t.ok(isPrivateAddress('192.168.0.1') && isPrivateAddress('fe80::1') && isPrivateAddress('::ffff:127.0.0.1'));
  t.notOk(isPrivateAddress('93.184.216.34') || isPrivateAddress('2606:2800:220:1::1'));
  // Registered while private targets were allowed, then the setting turned off: each send is
  // a failure recorded like any other (it threw before, and the endpoint's round with it).
  t.match(await send('http://10.1.2.3/hook', '{}', {}, { timeoutMs: 1000, allowPrivate: false }), { statusCode: null, error: /private address/ });
  t.match(await send('not a url', '{}', {}, { timeoutMs: 1000, allowPrivate: true }), { statusCode: null, error: 'not a URL' });
  // A name that passes registration but resolves to a private address is refused when sent.
  const addresses = await lookup(hostname(), { all: true }).catch(() => []);
  if (!addresses.some((a) => isPrivateAddress(a.address))) {
    t.comment(`skipped: ${hostname()} does not resolve to a private address here`);
    return;
  }
  const r = new Receiver();
  const url = (await r.start()).replace('127.0.0.1', hostname());
  t.teardown(() => r.stop());
  const refused = await send(url, '{}', {}, { timeoutMs: 1000, allowPrivate: false });
  t.match(refused, { statusCode: null, error: /private address/ });
  t.equal(r.requests.length, 0, 'nothing reached the receiver');
  const allowed = await send(url, '{"seq":"1"}', {}, { timeoutMs: 1000, allowPrivate: true });
  t.equal(allowed.statusCode, 200);
});

t.test('endpoint input is checked, and unknown ids read as absent', async (t) => {
  await expectProblem(t, await c.post('/v1/webhook-endpoints', { url: 'http://127.0.0.1:9/', eventTypes: [] }), 400, 'validation_failed');
  await expectProblem(t, await c.post('/v1/webhook-endpoints', { url: 'http://127.0.0.1:9/', eventTypes: ['nope'] }), 400, 'validation_failed');
  await expectProblem(t, await c.get('/v1/webhook-endpoints/whe_00000000000000000000000000000000'), 404, 'not_found');
  await expectProblem(t, await c.get('/v1/webhook-endpoints/nope'), 400, 'validation_failed');
  const res = await c.post('/v1/webhook-endpoints', { url: 'http://127.0.0.1:9/', eventTypes: ['hold.created'] }, { 'idempotency-key': 'wh-1' });
  t.equal(res.statusCode, 201);
  const again = await c.post('/v1/webhook-endpoints', { url: 'http://127.0.0.1:9/', eventTypes: ['hold.created'] }, { 'idempotency-key': 'wh-1' });
  t.equal(again.headers['idempotency-replayed'], 'true');
  t.equal(again.json().secret, null, 'a replay never shows the secret');
  t.equal(again.json().id, res.json().id);
  t.equal((await c.request('DELETE', `/v1/webhook-endpoints/${res.json().id}`)).statusCode, 204);
  await expectProblem(t, await c.request('DELETE', `/v1/webhook-endpoints/${res.json().id}`), 404, 'not_found');
});
