/**
 * Certified earnings under races (issue 15), on real PostgreSQL with two service instances on
 * one database (two apps, two pools):
 * - two instances posting the same claims: each claim becomes one earning, whatever the
 *   interleaving, and an admin's early posting that loses the race is told claim_already_posted;
 * - two batches charging one issuance budget at once: one posts, the other is held back whole
 *   (budget_exceeded), and the budget never goes over.
 */
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import t from 'tap';
import { buildTestApp, client } from '../helpers/app.js';
import { TestClock } from '../helpers/clock.js';
import { community, getActivity, onNotice } from '../helpers/certified.js';
import { expectProblem } from '../helpers/contract.js';

const DAY = 24 * 3600_000;
/** Both instances read one clock: the window ends for both at once. */
const clock = new TestClock();
const one = await buildTestApp({}, { clock });
const two = await buildTestApp({}, { clock });
t.teardown(async () => {
  await one.close();
  await two.close();
});
const c = client(one);

async function earningsOf(app: FastifyInstance, activityId: string): Promise<{ claims: number; earnings: number; postings: number }> {
  const result = (await app.db.db.execute(sql`
    SELECT (SELECT count(DISTINCT metadata->>'claimId') FROM transactions WHERE metadata->>'activityId' = ${activityId})::int AS claims,
           (SELECT count(*) FROM transactions WHERE metadata->>'activityId' = ${activityId})::int AS earnings,
           (SELECT count(*) FROM claim_postings p JOIN claims c ON c.id = p.claim_id WHERE c.activity_id = ${activityId})::int AS postings
  `)) as unknown as { rows: { claims: number; earnings: number; postings: number }[] };
  return result.rows[0] as { claims: number; earnings: number; postings: number };
}

t.test('two instances run the scheduler at once: every claim posts exactly once', async (t) => {
  const com = await community(c, { members: 12, noticeDays: 1 });
  const activities = [];
  for (let i = 0; i < 4; i++) activities.push(await onNotice(c, com));
  clock.advance(DAY + 1000);
  const rounds = await Promise.all([
    one.services.jobs.postCertified(),
    two.services.jobs.postCertified(),
    one.services.jobs.postCertified(),
    two.services.jobs.postCertified(),
  ]);
  t.equal(rounds.reduce((a, b) => a + b, 0), 48, `the rounds posted 48 claims between them (${rounds.join(' + ')})`);
  for (const a of activities) {
    t.same(await earningsOf(one, a.id), { claims: 12, earnings: 12, postings: 12 }, `${a.id}: 12 earnings for 12 claims, no second one`);
    t.ok((await getActivity(c, a.id)).claims.every((x) => x.state === 'posted' && x.transactionId), 'each claim is posted and linked');
  }
  t.equal(await one.services.jobs.postCertified(), 0, 'a later round (a restart) finds nothing to post');
});

t.test("an admin's early posting racing the other instance's scheduler: one of them posts, the other is told", async (t) => {
  const com = await community(c, { members: 12, noticeDays: 1 });
  const outcomes: Record<string, number> = {};
  for (let i = 0; i < 5; i++) {
    const a = await onNotice(c, com);
    clock.advance(DAY + 1000);
    const [early, scheduled] = await Promise.all([c.post(`/v1/activities/${a.id}/postings`, { reason: 'race' }), two.services.jobs.postCertified()]);
    if (early.statusCode === 201) {
      t.equal(scheduled, 0, 'the early posting won: the scheduler posted none of it');
      outcomes.early = (outcomes.early ?? 0) + 1;
    } else {
      expectProblem(t, early, 409, 'claim_already_posted', { label: 'the scheduler won: the early posting is told' });
      t.ok(scheduled >= 12, 'and the scheduler posted the batch');
      outcomes.scheduler = (outcomes.scheduler ?? 0) + 1;
    }
    t.same(await earningsOf(one, a.id), { claims: 12, earnings: 12, postings: 12 }, 'either way: 12 earnings for 12 claims');
  }
  t.comment(`winners: ${JSON.stringify(outcomes)}`);
});

t.test('two batches charging one budget at once: one posts, the other is held back whole', async (t) => {
  for (let i = 0; i < 3; i++) {
    const com = await community(c, { members: 5, noticeDays: 1 });
    const a = await onNotice(c, com);
    const b = await onNotice(c, com);
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date(Date.now() - 3 * 3600_000)).slice(0, 7);
    // Room for one batch of 5 x 10.00, not two.
    const budget = await c.post('/v1/issuance-budgets', { category: com.category, estate: com.estate, month, limit: '70' });
    t.equal(budget.statusCode, 200, 'a budget of 70.00');
    const [ea, eb] = await Promise.all([
      c.post(`/v1/activities/${a.id}/postings`, { reason: 'race' }),
      client(two).post(`/v1/activities/${b.id}/postings`, { reason: 'race' }),
    ]);
    const statuses = [ea.statusCode, eb.statusCode].sort();
    t.same(statuses, [201, 422], `one batch posts, one is refused (${statuses.join(', ')})`);
    const refused = ea.statusCode === 422 ? ea : eb;
    expectProblem(t, refused, 422, 'budget_exceeded', { label: 'the second batch' });
    const loser = ea.statusCode === 422 ? a : b;
    t.same(await earningsOf(one, loser.id), { claims: 0, earnings: 0, postings: 0 }, 'nothing of the refused batch posted');
    const after = await c.post('/v1/issuance-budgets', { category: com.category, estate: com.estate, month, limit: '70' });
    t.equal(after.json().issued, '50.00', 'the budget issued one batch, never more than its limit');

    // The same race through the scheduler of two instances (another category, so that the
    // refused batch above stays out of it): held back, and reported.
    const other = await community(c, { members: 5, noticeDays: 1 });
    const d = await onNotice(c, other);
    const e = await onNotice(c, other);
    await c.post('/v1/issuance-budgets', { category: other.category, estate: other.estate, month, limit: '70' });
    clock.advance(DAY + 1000);
    await Promise.all([one.services.jobs.postCertified(), two.services.jobs.postCertified()]);
    const views = [await getActivity(c, d.id), await getActivity(c, e.id)];
    const posted = views.filter((v) => v.claims.every((x) => x.state === 'posted'));
    const held = views.filter((v) => v.claims.every((x) => x.state === 'on_notice'));
    t.equal(posted.length, 1, 'the scheduler posts one batch');
    t.equal(held.length, 1, 'and holds the other back whole');
    t.match(held[0]?.heldReason, /^budget_exceeded: /, 'its activity says why');
    const final = await c.post('/v1/issuance-budgets', { category: other.category, estate: other.estate, month, limit: '70' });
    t.equal(final.json().issued, '50.00', 'issued 50.00 of 70.00');
  }
});
