/**
 * Claim and activity state changes as events (issue 16 x issue 15): every certification
 * history row writes one event in its own transaction, `claim.<state>` or
 * `activity.<state>`, numbered in commit order with the rest; a refused request writes none.
 */
import t from 'tap';
import { bearer, createKey } from '../helpers/access.js';
import { asKey, certify, community, getActivity, openActivity, submitAll } from '../helpers/certified.js';
import { TestClock } from '../helpers/clock.js';
import { expectProblem } from '../helpers/contract.js';
import { buildWorkflowApp } from '../helpers/workflows.js';

const clock = new TestClock();
// The sequencer and the posting of certified earnings run when the test says.
const { app, c } = await buildWorkflowApp({ SEQUENCER_INTERVAL_MS: '0', WEBHOOK_POLL_INTERVAL_MS: '0' }, { clock });
t.teardown(() => app.close());

interface Ev {
  seq: string;
  type: string;
  timestamp: string;
  data: { certification?: Record<string, string | null>; accountId?: string };
}

async function eventsAfter(after: string, headers: Record<string, string> = {}): Promise<{ events: Ev[]; head: string }> {
  await app.services.jobs.sequenceEvents();
  const events: Ev[] = [];
  let cursor = after;
  for (;;) {
    const res = await c.get(`/v1/events?after=${cursor}&limit=200`, headers);
    if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`);
    const page = res.json() as { data: Ev[]; nextAfter: string };
    events.push(...page.data);
    cursor = page.nextAfter;
    if (page.data.length === 0) return { events, head: cursor };
  }
}

t.test('an activity driven through submit, approve, notice, objection and post is heard in commit order', async (t) => {
  const start = (await eventsAfter('0')).head;
  const com = await community(c, { members: 3, noticeDays: 1 });
  const activity = await openActivity(c, com, { plannedParticipants: 2 });
  const [a, b, objector] = com.members as [(typeof com.members)[0], (typeof com.members)[0], (typeof com.members)[0]];
  const submitted = await submitAll(c, com, activity.id, [a, b]);
  const claimOf = (m: { id: string }) => submitted.claims.find((x) => x.memberAccountId === m.id)!.id;
  const [claimA, claimB] = [claimOf(a), claimOf(b)];

  t.equal((await certify(c, com.certifiers[0]!, activity.id)).statusCode, 200, 'the first certifier approves both');
  let mark = (await eventsAfter(start)).head;
  expectProblem(t, await certify(c, com.certifiers[0]!, activity.id), 409, 'already_certified', { label: 'approving twice is refused' });
  t.same((await eventsAfter(mark)).events, [], 'and the refused approval wrote no event');
  t.equal((await certify(c, com.certifiers[1]!, activity.id)).statusCode, 200, 'the second certifier approves both: on notice');

  const onB = await c.post(`/v1/claims/${claimB}/objections`, { memberAccountId: objector.id, reason: 'was not there' }, asKey(com.app.key));
  t.equal(onB.statusCode, 201, 'a resident objects to B');
  const objB = (onB.json() as { id: string }).id;
  t.equal((await c.post(`/v1/objections/${objB}/decision`, { decision: 'uphold', reason: 'not on the sign-in sheet' }, asKey(com.organiser.key))).statusCode, 200, 'upheld');
  mark = (await eventsAfter(start)).head;
  expectProblem(t, await c.post(`/v1/objections/${objB}/decision`, { decision: 'dismiss', reason: 'again' }, asKey(com.organiser.key)), 409, 'objection_decided', {
    label: 'deciding it again is refused',
  });
  t.same((await eventsAfter(mark)).events, [], 'and the refused decision wrote no event');

  const onA = await c.post(`/v1/claims/${claimA}/objections`, { memberAccountId: objector.id, reason: 'left early' }, asKey(com.app.key));
  t.equal(onA.statusCode, 201, 'a resident objects to A');
  const objA = (onA.json() as { id: string }).id;
  t.equal((await c.post(`/v1/objections/${objA}/decision`, { decision: 'dismiss', reason: 'stayed to the end' }, asKey(com.organiser.key))).statusCode, 200, 'dismissed');
  clock.advance(24 * 3600_000 + 1000);
  t.equal(await app.services.jobs.postCertified(), 1, 'the window ends: A posts');

  const { events } = await eventsAfter(start);
  const mine = events.filter((e) => e.data.certification?.activityId === activity.id);
  const history = (await getActivity(c, activity.id)).history;
  const tag = (claimId: string | null | undefined) => (claimId === claimA ? 'A' : claimId === claimB ? 'B' : '-');
  const who = (e: Ev) => tag(e.data.certification?.claimId);
  t.same(
    mine.map((e) => `${e.type} ${who(e)}`),
    history.map((h) => `${h.claimId === null ? 'activity' : 'claim'}.${h.state} ${tag(h.claimId)}`),
    'one event per history row, in the same order',
  );
  // A certifier's round takes the claims in the activity's order, which the history shows.
  const [p, q] = history.filter((h) => h.state === 'approved').map((h) => tag(h.claimId)) as ['A' | 'B', 'A' | 'B'];
  t.same(new Set([p, q]), new Set(['A', 'B']), 'the first round approved both');
  t.same(
    mine.map((e) => `${e.type} ${who(e)}`),
    [
      'activity.opened -',
      'claim.submitted A',
      'claim.submitted B',
      `claim.approved ${p}`,
      `claim.approved ${q}`,
      `claim.approved ${p}`,
      `claim.certified ${p}`,
      `claim.on_notice ${p}`,
      `claim.approved ${q}`,
      `claim.certified ${q}`,
      `claim.on_notice ${q}`,
      'claim.objected B',
      'claim.upheld B',
      'claim.dropped B',
      'claim.objected A',
      'claim.dismissed A',
      'claim.on_notice A',
      'claim.posted A',
    ],
    'every state change, once, in commit order',
  );
  t.same(
    mine.map((e) => e.data.certification?.seq),
    [...mine.map((e) => e.data.certification?.seq)].sort((x, y) => Number(x) - Number(y)),
    'in the history chain order too',
  );

  const objected = mine.find((e) => e.type === 'claim.objected' && who(e) === 'B')!;
  t.same(
    objected.data,
    {
      certification: {
        seq: objected.data.certification?.seq,
        activityId: activity.id,
        claimId: claimB,
        memberAccountId: b.id,
        state: 'objected',
        actorKeyId: com.app.id,
        reason: 'was not there',
        at: objected.timestamp,
      },
      accountId: b.id,
    },
    'the payload: activity, claim, member, state, actor key, reason, time',
  );
  t.notOk('accountId' in mine[0]!.data, 'an activity event touches no account');
  const posted = mine.find((e) => e.type === 'claim.posted')!;
  t.equal(posted.timestamp, clock.now().toISOString(), 'an event is timed by the service clock');

  const issuer = await createKey(c, 'issuer');
  const forIssuer = (await eventsAfter(start, bearer(issuer.key))).events;
  t.notOk(forIssuer.some((e) => e.type.startsWith('claim.') || e.type.startsWith('activity.')), 'an issuer hears no claim events (admin and auditor only)');
  const auditor = await createKey(c, 'auditor');
  t.equal((await eventsAfter(start, bearer(auditor.key))).events.filter((e) => e.data.certification?.activityId === activity.id).length, mine.length, 'an auditor hears them all');

  const typed = await c.get(`/v1/events?after=${start}&limit=200&types=claim.dropped`);
  t.same((typed.json() as { data: Ev[] }).data.map((e) => who(e)), ['B'], 'the feed filters by the new types');
});
