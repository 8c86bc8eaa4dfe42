/**
 * Issue 15's "Done when", through the HTTP API as the README's walk-through runs it: open an
 * activity; submit 12 participants; 2 of 3 certifiers approve; the public notice board shows
 * them masked; one objection is upheld; the window ends (the test moves its clock); 11
 * earnings post exactly once, visible in passbooks and the journal, and the 12th does not.
 */
import t from 'tap';
import { TestClock } from '../helpers/clock.js';
import { asKey, certify, community, getActivity, openActivity, submitAll } from '../helpers/certified.js';
import { expectProblem } from '../helpers/contract.js';
import { buildWorkflowApp } from '../helpers/workflows.js';

const clock = new TestClock();
const { app, c } = await buildWorkflowApp({}, { clock });
t.teardown(() => app.close());

const com = await community(c, { members: 12, noticeDays: 3 });
const opened = await openActivity(c, com);

t.test('the walk-through, step by step', async (t) => {
  t.equal(opened.history[0]?.state, 'opened', 'step 1: the activity is opened, and its history says so');

  const submitted = await submitAll(c, com, opened.id);
  t.equal(submitted.claims.length, 12, 'step 2: 12 claims submitted');
  t.ok(submitted.claims.every((x) => x.state === 'submitted' && x.points === '10.00'), 'each waits for certifiers, worth 10.00');

  const first = await certify(c, com.certifiers[0]!, opened.id);
  t.equal(first.statusCode, 200, 'step 3: the first certifier approves the whole list');
  t.ok((first.json() as typeof opened).claims.every((x) => x.state === 'submitted' && x.approvals === 1), 'one approval is not enough (N = 2)');
  const second = await certify(c, com.certifiers[1]!, opened.id);
  t.equal(second.statusCode, 200, 'the second certifier approves');
  const certified = second.json() as typeof opened;
  t.ok(certified.claims.every((x) => x.state === 'on_notice' && x.approvals === 2 && x.noticeEndsAt !== null), 'all 12 are on notice');
  const third = await certify(c, com.certifiers[2]!, opened.id);
  expectProblem(t, third, 409, 'claim_not_open', { label: 'the third certifier finds nothing left to certify' });

  const board = await app.inject({ method: 'GET', url: `/public/notices.json?estate=${com.estate}` });
  t.equal(board.statusCode, 200, 'step 4: the public board answers without a key');
  const json = board.json() as { estate: string; activities: { activityId: string; certifiers: string[]; noticeEndsAt: string; claims: { claimId: string; member: { name: string; code: string }; points: string }[] }[] };
  t.equal(json.activities.length, 1, 'one activity on the board');
  const onBoard = json.activities[0]!;
  t.equal(onBoard.claims.length, 12, '12 lines on the board');
  t.equal(onBoard.certifiers.length, 2, 'the two certifiers are named');
  t.equal(onBoard.claims[0]?.member.name.includes('*'), true, `the name is masked (${onBoard.claims[0]?.member.name})`);
  t.notOk(board.body.includes(com.members[0]!.name), 'no full name anywhere on the board');
  t.notOk(board.body.includes(com.members[0]!.code), 'no full card number anywhere on the board');

  const page = await app.inject({ method: 'GET', url: `/public/notices?estate=${com.estate}`, headers: { host: 'board.example.org' } });
  t.equal(page.statusCode, 200, 'the printable page answers without a key');
  t.match(String(page.headers['content-type']), /^text\/html; charset=utf-8/, 'as HTML');
  t.match(String(page.headers['content-security-policy']), /default-src 'none'/, 'that loads and runs nothing');
  t.match(page.body, '积分公示', 'the board in Chinese');
  t.match(page.body, `http://board.example.org/public/notices?estate=${com.estate}`, 'naming its online address (the QR code holds it)');
  t.match(page.body, '<svg', 'with the QR code');
  t.notOk(page.body.includes(com.members[0]!.name), 'no full name on the page');
  t.notOk(page.body.includes(com.members[0]!.code), 'no full card number on the page');

  const target = certified.claims.find((x) => x.memberAccountId === com.members[11]!.id)!;
  const objector = com.members[0]!;
  const objection = await c.post(`/v1/claims/${target.id}/objections`, { memberAccountId: objector.id, reason: '那天不在场 was not there' }, asKey(com.app.key));
  t.equal(objection.statusCode, 201, 'step 5: a resident objects through the app');
  const objectionId = (objection.json() as { id: string }).id;
  const upheld = await c.post(`/v1/objections/${objectionId}/decision`, { decision: 'uphold', reason: '签到表无此人' }, asKey(com.organiser.key));
  t.equal(upheld.statusCode, 200, 'the organiser upholds it');
  t.equal((upheld.json() as { state: string }).state, 'upheld', 'the objection is upheld');

  t.equal(await app.services.jobs.postCertified(), 0, 'nothing posts while the window is open');
  clock.advance(3 * 24 * 3600_000 + 1000);
  t.equal(await app.services.jobs.postCertified(), 11, 'step 6-7: the window ends: 11 earnings post');
  t.equal(await app.services.jobs.postCertified(), 0, 'and a second round posts nothing again');

  const after = await getActivity(c, opened.id);
  t.equal(after.claims.filter((x) => x.state === 'posted').length, 11, '11 claims are posted');
  const dropped = after.claims.find((x) => x.id === target.id)!;
  t.equal(dropped.state, 'dropped', 'the 12th is dropped');
  t.equal(dropped.transactionId, null, 'and has no earning');
  const states = after.history.map((e) => e.state);
  for (const s of ['opened', 'submitted', 'approved', 'certified', 'on_notice', 'objected', 'upheld', 'dropped', 'posted']) {
    t.ok(states.includes(s), `the history records ${s}`);
  }
  const objected = after.history.find((e) => e.state === 'objected')!;
  t.equal(objected.actorKeyId, com.app.id, 'the objection names the app key');
  t.equal(objected.actorAccountId, objector.id, 'and the member it acted for');

  for (const m of com.members) {
    const s = await c.get(`/v1/accounts/${m.id}/statement`);
    const lines = (s.json() as { lines: { kind: string; amount: string; description: string }[] }).lines;
    if (m.id === target.memberAccountId) t.equal(lines.length, 0, 'the 12th passbook has no line');
    else t.same(lines.map((l) => [l.kind, l.amount]), [['earning', '10.00']], `${m.name}: one earning of 10.00 in the passbook`);
  }

  const journal = await c.get(`/v1/journal?format=jsonl&from=${encodeURIComponent(new Date(Date.now() - 3600_000).toISOString())}`);
  const earnings = journal.body
    .split('\n')
    .filter((l) => l.trim().startsWith('{'))
    .map((l) => JSON.parse(l) as { kind?: string; reference?: string; metadata?: { activityId?: string; claimId?: string } })
    .filter((x) => x.metadata?.activityId === opened.id);
  t.equal(earnings.length, 11, 'the journal carries 11 earnings of the activity');
  t.ok(earnings.every((x) => x.kind === 'earning' && x.reference === x.metadata?.claimId), 'each names its claim (reference and metadata)');
  t.equal(new Set(earnings.map((x) => x.metadata?.claimId)).size, 11, 'one earning per claim');

  const chain = await c.get('/v1/audit/certification-events');
  t.equal(chain.statusCode, 200, 'the certification history verifies');
  t.equal((chain.json() as { ok: boolean }).ok, true, 'its chain holds');

  const boardAfter = await app.inject({ method: 'GET', url: `/public/notices.json?estate=${com.estate}` });
  t.same((boardAfter.json() as { activities: unknown[] }).activities, [], 'the board is empty once posted');
});
