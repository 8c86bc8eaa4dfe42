/**
 * Certified earnings attacked (issue 15 review): N approvals mean N distinct people still
 * holding their keys, and nobody decides an objection to a claim that pays themselves.
 */
import { sql } from 'drizzle-orm';
import t from 'tap';
import { rows } from '../../src/db/client.js';
import { TestClock } from '../helpers/clock.js';
import { asKey, certify, community, getActivity, onNotice, submitAll, openActivity } from '../helpers/certified.js';
import { expectProblem } from '../helpers/contract.js';
import { buildWorkflowApp } from '../helpers/workflows.js';

const clock = new TestClock();
const { app, c } = await buildWorkflowApp({}, { clock });
t.teardown(() => app.close());
const DAY = 24 * 3600_000;

t.test('one person with two certifier keys is one certifier, not two', async (t) => {
  const com = await community(c, { members: 2, certifiers: 1 });
  const holder = com.members[1]!;
  const key = async (name: string) =>
    (await c.post('/v1/api-keys', { name, role: 'certifier', estates: [com.estate], memberAccountId: holder.id })).json() as { id: string; key: string };
  const first = await key('委员甲 phone');
  const second = await key('委员甲 laptop');
  const a = await openActivity(c, com);
  await submitAll(c, com, a.id, [com.members[0]!]);
  t.equal((await certify(c, first, a.id)).statusCode, 200, 'the first key approves');
  const again = await certify(c, second, a.id);
  expectProblem(t, again, 409, 'already_certified', { label: 'the same person\'s second key' });
  const after = await getActivity(c, a.id);
  t.equal(after.claims[0]?.state, 'submitted', 'the claim still waits for a second person');
  t.equal(after.claims[0]?.approvals, 1, 'one approval');
  t.equal((await certify(c, com.certifiers[0]!, a.id)).json().claims[0].state, 'on_notice', 'a second person puts it on notice');
});

t.test('a revoked key\'s approval no longer counts towards N', async (t) => {
  const com = await community(c, { members: 1, certifiers: 3 });
  const a = await openActivity(c, com);
  await submitAll(c, com, a.id);
  const [k1, k2, k3] = com.certifiers;
  t.equal((await certify(c, k1!, a.id)).statusCode, 200, 'a first approval');
  t.equal((await c.request('DELETE', `/v1/api-keys/${k1!.id}`)).statusCode, 204, 'its key is revoked (found to fake points)');
  const second = await certify(c, k2!, a.id);
  t.equal(second.json().claims[0].state, 'submitted', 'one live approval is not two');
  t.equal(second.json().claims[0].approvals, 1, 'the revoked key\'s approval is not counted');
  t.equal((await certify(c, k3!, a.id)).json().claims[0].state, 'on_notice', 'two live approvals put it on notice');
});

t.test('the member a claim pays does not decide the objection to it', async (t) => {
  const com = await community(c, { members: 3, noticeDays: 1 });
  const payee = com.members[0]!;
  const payeeCertifier = (await c.post('/v1/api-keys', { name: '委员 payee', role: 'certifier', estates: [com.estate], memberAccountId: payee.id })).json() as {
    key: string;
  };
  const a = await onNotice(c, com);
  const claim = a.claims.find((x) => x.memberAccountId === payee.id)!;
  const o = await c.post(`/v1/claims/${claim.id}/objections`, { memberAccountId: com.members[2]!.id, reason: 'she was not there' }, asKey(com.app.key));
  t.equal(o.statusCode, 201, 'an objection');
  const own = await c.post(`/v1/objections/${o.json().id}/decision`, { decision: 'dismiss', reason: 'I was there' }, asKey(payeeCertifier.key));
  expectProblem(t, own, 403, 'conflict_of_interest', { label: 'dismissing the objection to one\'s own claim' });
  const after = await getActivity(c, a.id);
  t.equal(after.claims.find((x) => x.id === claim.id)?.state, 'objected', 'the claim stays suspended');
  t.equal(after.objections[0]?.state, 'open', 'the objection stays open');
  clock.advance(DAY + 1000);
  await app.services.jobs.postCertified();
  t.equal((await getActivity(c, a.id)).claims.find((x) => x.id === claim.id)?.state, 'objected', 'and does not post');
});

t.test('once certifiers have begun, the participant list is closed', async (t) => {
  const com = await community(c, { members: 3, certifiers: 2 });
  const [m1, m2, m3] = com.members;
  const a = await openActivity(c, com);
  await submitAll(c, com, a.id, [m1!]);
  t.equal((await submitAll(c, com, a.id, [m2!])).claims.length, 2, 'a second part of the list before anyone decided');
  t.equal((await certify(c, com.certifiers[0]!, a.id)).statusCode, 200, 'a first certifier approves every claim waiting');
  const late = await c.post(`/v1/activities/${a.id}/claims`, { claims: [{ memberAccountId: m3!.id }] }, asKey(com.organiser.key));
  expectProblem(t, late, 409, 'claim_not_open', { label: 'a claim slipped in after a certifier decided' });
  const second = await certify(c, com.certifiers[1]!, a.id);
  t.same(second.json().claims.map((x: { memberAccountId: string }) => x.memberAccountId).sort(), [m1!.id, m2!.id].sort(), 'the second "approve all" approves only what the first saw');
});

t.test('the public board is kept by no cache: a claim that leaves it leaves every copy', async (t) => {
  for (const url of ['/public/notices.json?estate=lanhu-3', '/public/notices?estate=lanhu-3']) {
    const res = await app.inject({ method: 'GET', url });
    t.equal(res.statusCode, 200, `${url} answers`);
    t.equal(res.headers['cache-control'], 'no-store', `${url}: Cache-Control: no-store`);
  }
});

t.test('lowering a budget while a batch charges it: refused with its code, never a 500', async (t) => {
  const category = (await community(c, { members: 0, certifiers: 0 })).category;
  const budget = { category, estate: '*', month: '2026-05' };
  t.equal((await c.post('/v1/issuance-budgets', { ...budget, limit: '30' })).statusCode, 200, 'a budget of 30.00');
  let lowering: ReturnType<typeof c.post> | undefined;
  await app.db.transaction(async (tx) => {
    // A batch of 25.00 charged, not yet committed: it holds the budget's row.
    await tx.execute(sql`SELECT ledger_charge_budget(${category}, 'lanhu-3', '2026-05', 2500)`);
    lowering = c.post('/v1/issuance-budgets', { ...budget, limit: '20' });
    const deadline = Date.now() + 10_000;
    const waiting = async () =>
      (await rows<{ n: number }>(app.db.db, sql`SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%issuance_budgets%'`))[0]?.n ?? 0;
    while ((await waiting()) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  });
  const res = await lowering!;
  expectProblem(t, res, 400, 'validation_failed', { label: 'a limit below what the batch issued meanwhile' });
  const after = await c.post('/v1/issuance-budgets', { ...budget, limit: '30' });
  t.equal(after.json().issued, '25.00', 'the batch is charged; the limit stayed 30.00');
});
