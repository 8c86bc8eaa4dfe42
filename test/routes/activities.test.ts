/**
 * Certified earnings (issue 15), rule by rule: each refusal has its problem code and leaves
 * nothing half-done; direct earnings stay for admins and direct categories; points rules;
 * objections dismissed; budgets hold a batch back whole; an admin posts early with a reason;
 * the history is append-only and chained.
 */
import { sql } from 'drizzle-orm';
import t from 'tap';
import { sqlState } from '../../src/db/client.js';
import { buildTestApp } from '../helpers/app.js';
import { TestClock } from '../helpers/clock.js';
import { asKey, certify, community, getActivity, onNotice, openActivity, submitAll } from '../helpers/certified.js';
import { expectProblem } from '../helpers/contract.js';
import { buildWorkflowApp } from '../helpers/workflows.js';

const clock = new TestClock();
const { app, c } = await buildWorkflowApp({}, { clock });
t.teardown(() => app.close());
const DAY = 24 * 3600_000;

t.test('direct earnings: an issuer is refused a certified category, an admin is not', async (t) => {
  const com = await community(c, { members: 1, certifiers: 0 });
  const issuer = await c.post('/v1/api-keys', { name: 'issuer', role: 'issuer' });
  const body = { accountId: com.members[0]!.id, amount: '5', category: com.category };
  const refused = await c.post('/v1/earnings', body, asKey(issuer.json().key));
  expectProblem(t, refused, 422, 'certified_category');
  const batch = await c.post('/v1/earnings/batch', { items: [body] }, asKey(issuer.json().key));
  expectProblem(t, batch, 422, 'certified_category', { label: 'in a batch too' });
  t.equal((await c.get(`/v1/accounts/${body.accountId}`)).json().balance, '0.00', 'nothing was credited');
  t.equal((await c.post('/v1/earnings', body)).statusCode, 201, 'an admin credits it directly');
  const direct = await c.post('/v1/earnings', { ...body, category: 'public_labour' }, asKey(issuer.json().key));
  t.equal(direct.statusCode, 201, 'a direct category still takes an issuer\'s earning');
  const cats = (await c.get('/v1/categories')).json().data as { code: string; earnings: string; noticeDays: number }[];
  t.same(cats.find((x) => x.code === 'public_labour'), { ...cats.find((x) => x.code === 'public_labour'), earnings: 'direct', noticeDays: 3 }, 'existing categories are direct, 3 days');
});

t.test('opening: a certified category, the organiser\'s own estates', async (t) => {
  const com = await community(c, { members: 1, certifiers: 0 });
  const elsewhere = await c.post('/v1/activities', { ...(await activityBody(com)), estate: 'another-estate' }, asKey(com.organiser.key));
  expectProblem(t, elsewhere, 403, 'forbidden', { label: 'another estate' });
  const direct = await c.post('/v1/activities', { ...(await activityBody(com)), category: 'public_labour' }, asKey(com.organiser.key));
  expectProblem(t, direct, 400, 'validation_failed', { label: 'a direct category' });
  const capOnFixed = await c.post('/v1/activities', { ...(await activityBody(com)), points: { per: 'participant', amount: '5', capPerPerson: '10' } }, asKey(com.organiser.key));
  expectProblem(t, capOnFixed, 400, 'validation_failed', { label: 'a cap on a fixed rule' });
  const byCategory = await c.post('/v1/api-keys', { name: 'team leader', role: 'organiser', categoryCodes: [com.category] });
  const anywhere = await c.post('/v1/activities', { ...(await activityBody(com)), estate: 'another-estate' }, asKey(byCategory.json().key));
  t.equal(anywhere.statusCode, 201, 'an organiser bound to the category opens it in any estate');
  expectProblem(t, await c.post('/v1/api-keys', { name: 'unbound', role: 'organiser' }), 400, 'validation_failed', { label: 'an organiser key bound to nothing' });
  expectProblem(t, await c.post('/v1/api-keys', { name: 'unbound', role: 'certifier', categoryCodes: [com.category] }), 400, 'validation_failed', {
    label: 'a certifier key bound to categories',
  });
  const other = await community(c, { members: 0, certifiers: 0 });
  const a = await openActivity(c, com);
  expectProblem(t, await c.get(`/v1/activities/${a.id}`, asKey(other.organiser.key)), 404, 'not_found', { label: "another estate's organiser reads nothing" });
});

t.test('hours claimed are never more than the activity lasted', async (t) => {
  const com = await community(c);
  const [m1] = com.members;
  // The helper's activity lasts two hours.
  const a = await openActivity(c, com, { points: { per: 'hour', amount: '8' } });
  const tooLong = await c.post(`/v1/activities/${a.id}/claims`, { claims: [{ memberAccountId: m1!.id, hours: '744' }] }, asKey(com.organiser.key));
  expectProblem(t, tooLong, 400, 'validation_failed', { label: '744 h on a 2 h activity' });
  t.match(tooLong.json(), { detail: /more than the activity lasted \(2 h\)/, errors: [{ path: 'claims.0.hours' }] });
  const whole = await c.post(`/v1/activities/${a.id}/claims`, { claims: [{ memberAccountId: m1!.id, hours: '2' }] }, asKey(com.organiser.key));
  t.equal(whole.statusCode, 201, 'the whole two hours');
});

t.test('claims: one per member, all or nothing; hourly with a cap', async (t) => {
  const com = await community(c, { members: 3, certifiers: 0 });
  // Six hours long: room for a claim past the cap.
  const a = await openActivity(c, com, {
    points: { per: 'hour', amount: '8', capPerPerson: '30' },
    startsAt: new Date(Date.now() - 7 * 3600_000).toISOString(),
    endsAt: new Date(Date.now() - 3600_000).toISOString(),
  });
  const [m1, m2, m3] = com.members;
  const twice = await c.post(`/v1/activities/${a.id}/claims`, { claims: [{ memberAccountId: m1!.id, hours: '1' }, { memberAccountId: m1!.id, hours: '2' }] }, asKey(com.organiser.key));
  expectProblem(t, twice, 400, 'validation_failed', { label: 'a member named twice' });
  const noHours = await c.post(`/v1/activities/${a.id}/claims`, { claims: [{ memberAccountId: m1!.id, points: '5' }] }, asKey(com.organiser.key));
  expectProblem(t, noHours, 400, 'validation_failed', { label: 'points on an hourly rule' });
  const done = await c.post(`/v1/activities/${a.id}/claims`, { claims: [{ memberAccountId: m1!.id, hours: '1.5' }, { memberAccountId: m2!.id, hours: '5' }] }, asKey(com.organiser.key));
  t.equal(done.statusCode, 201, 'two hourly claims');
  t.same(done.json().claims.map((x: { points: string }) => x.points).sort(), ['12.00', '30.00'], '1.5 h x 8.00 = 12.00; 5 h capped at 30.00');
  const again = await c.post(`/v1/activities/${a.id}/claims`, { claims: [{ memberAccountId: m3!.id, hours: '1' }, { memberAccountId: m2!.id, hours: '1' }] }, asKey(com.organiser.key));
  expectProblem(t, again, 409, 'conflict', { label: 'a member already claiming' });
  t.equal((await getActivity(c, a.id)).claims.length, 2, 'the refused list added nobody, not even the new member');
});

t.test('certifying: twice, one\'s own claim, one\'s own activity', async (t) => {
  const com = await community(c, { members: 2, certifiers: 2 });
  const [m1, m2] = com.members;
  const organiserMember = await c.post('/v1/api-keys', { name: 'organiser m2', role: 'organiser', estates: [com.estate], memberAccountId: m2!.id });
  const selfCertifier = await c.post('/v1/api-keys', { name: 'certifier m1', role: 'certifier', estates: [com.estate], memberAccountId: m1!.id });
  const organisingCertifier = await c.post('/v1/api-keys', { name: 'certifier m2', role: 'certifier', estates: [com.estate], memberAccountId: m2!.id });
  const a = await c.post('/v1/activities', await activityBody(com), asKey(organiserMember.json().key));
  t.equal(a.statusCode, 201, 'an organiser linked to member m2 opens an activity');
  const id = a.json().id as string;
  const claims = (await submitAll(c, com, id, [m1!])).claims;
  const own = await certify(c, selfCertifier.json(), id);
  expectProblem(t, own, 403, 'conflict_of_interest', { label: 'a certifier certifying the claim paying them' });
  const organised = await certify(c, organisingCertifier.json(), id);
  expectProblem(t, organised, 403, 'conflict_of_interest', { label: 'a certifier certifying the activity they organised' });
  t.equal((await certify(c, com.certifiers[0]!, id, { claimIds: [claims[0]!.id] })).statusCode, 200, 'a first approval');
  const twice = await certify(c, com.certifiers[0]!, id, { claimIds: [claims[0]!.id] });
  expectProblem(t, twice, 409, 'already_certified', { label: 'the same certifier again' });
  const after = await getActivity(c, id);
  t.equal(after.claims[0]?.approvals, 1, 'still one approval');
  t.equal(after.claims[0]?.state, 'submitted', 'still waiting');
  const rejected = await certify(c, com.certifiers[1]!, id, { decision: 'reject', reason: 'not on the sign-in sheet' });
  t.equal(rejected.json().claims[0].state, 'rejected', 'one rejection rejects');
  const outsider = await community(c, { members: 0, certifiers: 1 });
  expectProblem(t, await certify(c, outsider.certifiers[0]!, id), 404, 'not_found', { label: "another estate's certifier" });
});

t.test('objections: after the deadline, before certification, decided twice; a dismissal lets the claim post', async (t) => {
  const com = await community(c, { members: 3, noticeDays: 1 });
  const a = await onNotice(c, com);
  const [c1, c2] = a.claims;
  const object = (claimId: string) => c.post(`/v1/claims/${claimId}/objections`, { memberAccountId: com.members[2]!.id, reason: 'doubt' }, asKey(com.app.key));
  const o = await object(c1!.id);
  t.equal(o.statusCode, 201, 'an objection');
  t.equal((await getActivity(c, a.id)).claims[0]?.state, 'objected', 'suspends the claim');
  const dismissed = await c.post(`/v1/objections/${o.json().id}/decision`, { decision: 'dismiss', reason: 'she was there' }, asKey(com.certifiers[2]!.key));
  t.equal(dismissed.json().state, 'dismissed', 'a certifier dismisses it');
  const again = await c.post(`/v1/objections/${o.json().id}/decision`, { decision: 'uphold', reason: 'changed my mind' }, asKey(com.organiser.key));
  expectProblem(t, again, 409, 'objection_decided');
  t.equal((await getActivity(c, a.id)).claims[0]?.state, 'on_notice', 'the claim hangs on notice again');

  const fresh = await openActivity(c, com);
  const submitted = await submitAll(c, com, fresh.id, [com.members[0]!]);
  expectProblem(t, await object(submitted.claims[0]!.id), 409, 'claim_not_open', { label: 'a claim not yet certified' });

  clock.advance(DAY + 1000);
  expectProblem(t, await object(c2!.id), 422, 'notice_closed', { label: 'objecting after the deadline' });
  t.equal((await getActivity(c, a.id)).objections.length, 1, 'the late objection was not recorded');
  await app.services.jobs.postCertified();
  t.ok((await getActivity(c, a.id)).claims.every((x) => x.state === 'posted'), 'every claim posts, the one objected to and dismissed too');
});

t.test('budgets: a batch that would exceed one is held back whole, and posts once raised', async (t) => {
  const com = await community(c, { members: 3, noticeDays: 1 });
  const a = await onNotice(c, com);
  const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date(Date.now() - 3 * 3600_000)).slice(0, 7);
  const budget = await c.post('/v1/issuance-budgets', { category: com.category, estate: '*', month, limit: '25' });
  t.equal(budget.statusCode, 200, 'a budget of 25.00 for the category in every estate');
  clock.advance(DAY + 1000);
  t.equal(await app.services.jobs.postCertified(), 0, 'the batch of 30.00 does not post');
  const held = await getActivity(c, a.id);
  t.ok(held.claims.every((x) => x.state === 'on_notice'), 'none of it: never cut');
  t.match(held.heldReason, /^budget_exceeded: /, `the activity says why (${held.heldReason})`);
  t.equal(held.history.filter((e) => e.state === 'held').length, 1, 'the history records it once');
  await app.services.jobs.postCertified();
  t.equal((await getActivity(c, a.id)).history.filter((e) => e.state === 'held').length, 1, 'and not again each round');
  const raised = await c.post('/v1/issuance-budgets', { category: com.category, estate: '*', month, limit: '30' });
  t.equal(raised.json().issued, '0.00', 'nothing was issued under it');
  t.equal(await app.services.jobs.postCertified(), 3, 'raised to 30.00, the batch posts');
  const after = await getActivity(c, a.id);
  t.equal(after.heldReason, null, 'no longer held');
  const issued = await c.post('/v1/issuance-budgets', { category: com.category, estate: '*', month, limit: '29' });
  expectProblem(t, issued, 400, 'validation_failed', { label: 'a limit below what is issued' });
});

t.test('early posting: an admin, with a reason; once', async (t) => {
  const com = await community(c, { members: 2 });
  const a = await onNotice(c, com);
  const early = await c.post(`/v1/activities/${a.id}/postings`, { reason: '春节前发放 paid before the holiday' });
  t.equal(early.statusCode, 201, 'posted before the window ends');
  const posted = early.json().history.filter((e: { state: string }) => e.state === 'posted');
  t.equal(posted.length, 2, 'both claims');
  t.match(posted[0].reason, /early: 春节前发放/, 'the reason is recorded');
  expectProblem(t, await c.post(`/v1/activities/${a.id}/postings`, { reason: 'again' }), 409, 'claim_already_posted', { label: 'a second early posting' });
  expectProblem(t, await c.post(`/v1/activities/${a.id}/postings`, {}), 400, 'validation_failed', { label: 'no reason' });
});

t.test('the database keeps the promises itself', async (t) => {
  const com = await community(c, { members: 1 });
  const a = await onNotice(c, com);
  await c.post(`/v1/activities/${a.id}/postings`, { reason: 'for the test' });
  const claim = (await getActivity(c, a.id)).claims[0]!;
  const db = app.db.db;
  const refused = async (query: ReturnType<typeof sql>, code: string, what: string) => {
    const state = await db.execute(query).then(
      () => 'accepted',
      (error: unknown) => sqlState(error),
    );
    t.equal(state, code, `${what}: SQLSTATE ${code}`);
  };
  await refused(sql`INSERT INTO claim_postings (claim_id, transaction_id) VALUES (${claim.id}, ${claim.transactionId})`, '23505', 'a claim posts once');
  await refused(sql`DELETE FROM claim_postings WHERE claim_id = ${claim.id}`, 'LD001', 'its posting is not removed');
  await refused(sql`UPDATE certification_events SET reason = 'edited' WHERE activity_id = ${a.id}`, 'LD001', 'the history is not edited');
  await refused(sql`DELETE FROM certification_events WHERE activity_id = ${a.id}`, 'LD001', 'nor removed');
  await db.execute(sql`ALTER TABLE certification_events DISABLE TRIGGER certification_events_append_only`);
  try {
    await db.execute(sql`UPDATE certification_events SET reason = 'forged' WHERE seq = (SELECT min(seq) FROM certification_events WHERE activity_id = ${a.id})`);
    const check = await c.get('/v1/audit/certification-events');
    t.equal(check.json().ok, false, 'a forged row (triggers switched off by a superuser) breaks the chain');
    t.type(check.json().firstBadSeq, 'string', 'and the check names where');
  } finally {
    await db.execute(sql`ALTER TABLE certification_events ENABLE ALWAYS TRIGGER certification_events_append_only`);
  }
});

t.test('bad input gets 400, never 500', async (t) => {
  const com = await community(c, { members: 1, certifiers: 1 });
  const a = await openActivity(c, com);
  const cases: [string, string, unknown, Record<string, string>?][] = [
    ['/v1/activities', 'POST', { ...(await activityBody(com)), points: { per: 'day', amount: '1' } }],
    ['/v1/activities', 'POST', { ...(await activityBody(com)), certifiersRequired: 0 }],
    ['/v1/activities', 'POST', { ...(await activityBody(com)), endsAt: '2020-01-01T00:00:00Z' }],
    [`/v1/activities/${a.id}/claims`, 'POST', { claims: [] }],
    [`/v1/activities/${a.id}/claims`, 'POST', { claims: [{ memberAccountId: 'acct_nope' }] }],
    [`/v1/activities/${a.id}/certifications`, 'POST', { decision: 'maybe', reason: 'x' }, asKey(com.certifiers[0]!.key)],
    [`/v1/activities/${a.id}/certifications`, 'POST', { decision: 'approve', reason: 'a\u001fb' }, asKey(com.certifiers[0]!.key)],
    ['/v1/claims/clm_nope/objections', 'POST', { memberAccountId: com.members[0]!.id, reason: 'x' }, asKey(com.app.key)],
    ['/v1/issuance-budgets', 'POST', { category: com.category, estate: '*', month: '2026-13', limit: '1' }],
    ['/public/notices.json', 'GET', undefined],
  ];
  for (const [url, method, body, headers] of cases) {
    const res = await c.request(method as 'POST', url, body, headers);
    expectProblem(t, res, 400, 'validation_failed', { label: `${method} ${url} ${JSON.stringify(body)?.slice(0, 80)}` });
  }
});

async function activityBody(com: { category: string; estate: string }) {
  return {
    title: 'clean-up',
    category: com.category,
    estate: com.estate,
    startsAt: new Date(Date.now() - 3 * 3600_000).toISOString(),
    endsAt: new Date(Date.now() - 3600_000).toISOString(),
    place: 'courtyard',
    points: { per: 'participant', amount: '10' },
    plannedParticipants: 2,
  };
}

t.test('the public board counts its readers per address (RATE_LIMIT_PER_ADDRESS_PER_MINUTE)', async (t) => {
  const limited = await buildTestApp({ RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '2' });
  t.teardown(() => limited.close());
  const read = () => limited.inject({ method: 'GET', url: '/public/notices.json?estate=nowhere' });
  t.equal((await read()).statusCode, 200, 'a first read');
  t.equal((await read()).statusCode, 200, 'a second read');
  const third = await read();
  expectProblem(t, third, 429, 'rate_limited', { label: 'a third read within the minute' });
  t.ok(third.headers['retry-after'], 'with Retry-After');
});

t.test('the printable board names its online address: PUBLIC_BASE_URL, else the request\'s host', async (t) => {
  const configured = await buildTestApp({ PUBLIC_BASE_URL: 'https://ledger.example.org/' });
  t.teardown(() => configured.close());
  const page = await configured.inject({ method: 'GET', url: '/public/notices?estate=lanhu-3', headers: { host: 'internal:3000' } });
  t.equal(page.statusCode, 200, 'an empty board is a page too');
  t.match(page.body, 'https://ledger.example.org/public/notices?estate=lanhu-3', 'PUBLIC_BASE_URL, not the internal host');
  const odd = await app.inject({ method: 'GET', url: '/public/notices?estate=lanhu-3', headers: { host: 'a b"<x>' } });
  t.equal(odd.statusCode, 200, 'a made-up Host header is no error');
  t.match(odd.body, 'http://localhost/public/notices?estate=lanhu-3', 'and is not printed: a stand-in is');
});
