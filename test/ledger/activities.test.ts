/** Certified earnings as plain data (src/ledger/activities.ts, certification-chain.ts): no database. */
import t from 'tap';
import { afterDecision, budgetMonth, claimPoints, requireImpartial, requireObjectable } from '../../src/ledger/activities.js';
import { CHAIN_START, checkChain, eventHash } from '../../src/ledger/certification-chain.js';
import { LedgerError } from '../../src/ledger/errors.js';

const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof LedgerError ? error.code : 'not a LedgerError';
  }
};

t.test('what a claim is worth', async (t) => {
  const day = { startsAt: '2026-11-08T01:00:00.000Z', endsAt: '2026-11-08T09:00:00.000Z' };
  const fixed = { pointsRule: 'fixed' as const, pointsMinor: 1000n, capMinor: null, ...day };
  t.equal(claimPoints(fixed, {}, 'c'), 1000n, 'fixed: the rule\'s points');
  t.equal(claimPoints(fixed, { pointsMinor: 500n }, 'c'), 500n, 'fixed: fewer if the organiser says so');
  t.equal(code(() => claimPoints(fixed, { pointsMinor: 1001n }, 'c')), 'validation_failed', 'fixed: never more');
  t.equal(code(() => claimPoints(fixed, { hoursHundredths: 100n }, 'c')), 'validation_failed', 'fixed: no hours');
  const hourly = { pointsRule: 'hourly' as const, pointsMinor: 800n, capMinor: 3000n, ...day };
  t.equal(claimPoints(hourly, { hoursHundredths: 150n }, 'c'), 1200n, '1.5 h x 8.00 = 12.00');
  t.equal(claimPoints(hourly, { hoursHundredths: 500n }, 'c'), 3000n, '5 h capped at 30.00');
  t.equal(claimPoints({ ...hourly, pointsMinor: 333n }, { hoursHundredths: 33n }, 'c'), 109n, '0.33 h x 3.33 = 1.0989, rounded down to 1.09');
  t.equal(code(() => claimPoints(hourly, {}, 'c')), 'validation_failed', 'hourly: hours required');
  t.equal(code(() => claimPoints({ ...hourly, pointsMinor: 1n }, { hoursHundredths: 1n }, 'c')), 'validation_failed', 'worth less than 0.01');
  const month = { startsAt: '2026-11-01T00:00:00.000Z', endsAt: '2026-12-02T00:00:00.000Z' };
  t.equal(code(() => claimPoints({ ...hourly, ...month, pointsMinor: 10_000_000_000n, capMinor: null }, { hoursHundredths: 74_400n }, 'c')), 'validation_failed', 'worth more than one earning may credit');
  const twoHours = { ...hourly, startsAt: '2026-11-08T01:00:00.000Z', endsAt: '2026-11-08T03:00:00.000Z' };
  t.equal(claimPoints(twoHours, { hoursHundredths: 200n }, 'c'), 1600n, 'the whole of a 2 h activity');
  t.equal(code(() => claimPoints(twoHours, { hoursHundredths: 201n }, 'c')), 'validation_failed', 'never longer than it lasted');
  t.equal(code(() => claimPoints({ ...twoHours, capMinor: null }, { hoursHundredths: 74_400n }, 'c')), 'validation_failed', '744 h on a 2 h clean-up, no cap');
  t.throws(() => claimPoints(twoHours, { hoursHundredths: 250n }, 'c'), { message: /more than the activity lasted \(2 h\)/ }, 'says how long it lasted');
});

t.test('N distinct approvals, one rejection', async (t) => {
  t.equal(afterDecision('approve', 1, 2), 'submitted', 'one of two');
  t.equal(afterDecision('approve', 2, 2), 'on_notice', 'two of two');
  t.equal(afterDecision('reject', 1, 2), 'rejected', 'a rejection');
});

t.test('nobody certifies their own', async (t) => {
  const activity = { id: 'act', organiserKeyId: 'key_org', organiserAccountId: 'acct_org' };
  const claim = { id: 'clm', memberAccountId: 'acct_m' };
  t.equal(code(() => requireImpartial({ keyId: 'key_c', memberAccountId: 'acct_m' }, activity, claim)), 'conflict_of_interest', 'the claim pays them');
  t.equal(code(() => requireImpartial({ keyId: 'key_org', memberAccountId: null }, activity, claim)), 'conflict_of_interest', 'the organiser\'s key');
  t.equal(code(() => requireImpartial({ keyId: 'key_c', memberAccountId: 'acct_org' }, activity, claim)), 'conflict_of_interest', 'the organiser as a member');
  t.equal(code(() => requireImpartial({ keyId: 'key_c', memberAccountId: null }, activity, claim)), undefined, 'anyone else');
});

t.test('objections until the deadline', async (t) => {
  const now = new Date('2026-12-06T10:00:00Z');
  const on = (state: string, ends: string | null) => ({ id: 'clm', state: state as 'on_notice', noticeEndsAt: ends });
  t.equal(code(() => requireObjectable(on('on_notice', '2026-12-06T10:00:01Z'), now)), undefined, 'before the deadline');
  t.equal(code(() => requireObjectable(on('objected', '2026-12-06T10:00:01Z'), now)), undefined, 'a second objection');
  t.equal(code(() => requireObjectable(on('on_notice', '2026-12-06T10:00:00Z'), now)), 'notice_closed', 'at the deadline');
  t.equal(code(() => requireObjectable(on('posted', '2026-12-06T09:00:00Z'), now)), 'notice_closed', 'posted');
  t.equal(code(() => requireObjectable(on('submitted', null), now)), 'claim_not_open', 'not yet certified');
  t.equal(code(() => requireObjectable(on('dropped', '2026-12-07T00:00:00Z'), now)), 'claim_not_open', 'dropped');
});

t.test('the budget month is the community\'s', async (t) => {
  t.equal(budgetMonth(new Date('2026-11-30T17:00:00Z'), 'Asia/Shanghai'), '2026-12', '01:00 on 1 December in Shanghai');
  t.equal(budgetMonth(new Date('2026-11-30T15:00:00Z'), 'Asia/Shanghai'), '2026-11', '23:00 on 30 November');
});

t.test('the chain: recomputed, and a changed field found', async (t) => {
  const events = [];
  let prev = CHAIN_START.hash;
  for (let i = 1; i <= 3; i++) {
    const e = { seq: String(i), activityId: 'act_1', claimId: i === 1 ? null : `clm_${i}`, state: 'submitted', actorKeyId: 'key_1', actorAccountId: null, reason: i === 3 ? '理由' : null, atMs: String(1_796_000_000_000 + i) };
    const hash = eventHash(prev, e);
    events.push({ ...e, prevHash: prev, hash });
    prev = hash;
  }
  const whole = checkChain(CHAIN_START, events);
  t.same(whole, { seq: '3', hash: prev, checked: 3 }, 'three events check out, head = the last hash');
  const forged = events.map((e) => (e.seq === '2' ? { ...e, state: 'posted' } : e));
  t.equal(checkChain(CHAIN_START, forged).firstBadSeq, '2', 'a changed state is found where it was made');
  const gap = [events[0]!, events[2]!];
  t.equal(checkChain(CHAIN_START, gap).firstBadSeq, '3', 'a removed event is found');
});
