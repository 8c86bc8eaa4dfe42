/**
 * Certified earnings, the second half: when a claim's public notice has ended with no open
 * objection, it becomes one earning, exactly once, and charged to the issuance budgets.
 *
 * Exactly once, whatever runs it: the scheduler of every instance, after restarts, and an
 * admin's early posting. An activity's due claims post as one batch in one transaction
 * that holds the activity's row lock (the scheduler skips an activity another instance holds,
 * FOR UPDATE SKIP LOCKED; an admin waits for it), charges every budget under their row locks
 * (ledger_charge_budget), writes each earning and its claim_postings row, whose primary key
 * refuses a claim's second earning in any case. A batch that would exceed a budget, or that
 * the ledger refuses, is held back whole: nothing of it is posted, and the activity shows why.
 */
import * as accountsDb from '../db/accounts.js';
import * as activitiesDb from '../db/activities.js';
import * as eventsDb from '../db/certification-events.js';
import { driverError } from '../db/faults.js';
import { budgetMonth } from '../ledger/activities.js';
import type { Claim } from '../ledger/activities.js';
import type { Clock } from '../ledger/clock.js';
import { LedgerError } from '../ledger/errors.js';
import * as postings from '../ledger/postings.js';
import { type Actor, SYSTEM_ACTOR } from '../ledger/types.js';
import { requireOperation } from './access.js';
import { type ActivityView, event, lockedActivity, readView, toActivity, toClaim } from './activities.js';
import { translateDatabaseError } from './db-refusals.js';
import { ServiceError } from './errors.js';
import type { Postings } from './postings.js';
import type { Answer, Answering, UnitOfWork, Work } from './unit-of-work.js';

/** Activities one scheduler round looks at; the next round takes the rest. */
const ACTIVITIES_PER_ROUND = 50;

export interface BudgetInput {
  category: string;
  estate: string;
  month: string;
  limitMinor: bigint;
}

export interface Budget {
  category: string;
  estate: string;
  month: string;
  limitMinor: bigint;
  issuedMinor: bigint;
}

export class CertifiedPostings {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly postings: Postings,
    private readonly options: { timeZone: string; logger?: { warn(o: object, m: string): void } | undefined },
  ) {}

  /** One scheduler round: posts every activity's claims whose notice has ended; returns how many claims it posted. */
  async postDue(): Promise<number> {
    const ids = await activitiesDb.dueActivityIds(this.uow.pool, this.clock.now(), ACTIVITIES_PER_ROUND);
    let posted = 0;
    for (const id of ids) {
      try {
        posted += await this.postBatch(id, SYSTEM_ACTOR, { skipLocked: true });
      } catch (error) {
        if (!(error instanceof LedgerError)) throw error;
        await this.holdBack(id, `${error.code}: ${error.message}`);
      }
    }
    return posted;
  }

  /** An admin posts an activity's certified claims before their notice ends, with a recorded reason. */
  postEarly(activityId: string, input: { reason: string }, actor: Actor, answering: Answering<ActivityView>): Promise<Answer> {
    requireOperation(actor, 'postActivityEarly');
    return this.uow.write(answering, {}, async (w) => {
      await lockedActivity(w.ex, activityId, actor);
      const posted = await this.postIn(w, activityId, actor, { early: input.reason });
      if (posted === 0) throw new LedgerError('claim_already_posted', `activity ${activityId} has no certified claim left to post`);
      return readView(w.ex, activityId);
    });
  }

  async setBudget(input: BudgetInput, actor: Actor, answering: Answering<Budget>): Promise<Answer> {
    requireOperation(actor, 'setIssuanceBudget');
    return this.uow.write(answering, {}, async ({ ex }) => {
      const key = { categoryCode: input.category, estate: input.estate, month: input.month };
      // Locked: a batch charging this budget meanwhile is waited for, and its charge counted.
      const before = await activitiesDb.findBudget(ex, key, { lock: true });
      if (before && BigInt(before.issuedMinor) > input.limitMinor) {
        throw new LedgerError('validation_failed', `${before.issuedMinor} hundredths are already issued under this budget`, [{ path: 'limit', message: 'below what is issued' }]);
      }
      await activitiesDb.setBudget(ex, { ...key, limitMinor: input.limitMinor });
      const row = await activitiesDb.findBudget(ex, key);
      if (!row) throw new ServiceError('busy', 'the budget was not written; retry');
      return { category: row.categoryCode, estate: row.estate, month: row.month, limitMinor: BigInt(row.limitMinor), issuedMinor: BigInt(row.issuedMinor) };
    });
  }

  /** The scheduler's batch of one activity, in its own transaction; 0 when another instance holds it. */
  private async postBatch(activityId: string, actor: Actor, options: { skipLocked: boolean }): Promise<number> {
    const answer = await this.uow.write({ statusCode: 200, present: (n: number) => n }, {}, async (w) => {
      const held = await activitiesDb.findActivity(w.ex, activityId, { lock: options.skipLocked ? 'skip' : true });
      if (!held) return 0;
      return this.postIn(w, activityId, actor, {});
    });
    return answer.body as number;
  }

  /** Posts the activity's due claims as one batch; the activity's row is locked by the caller. */
  private async postIn(w: Work, activityId: string, actor: Actor, how: { early?: string }): Promise<number> {
    const row = await activitiesDb.findActivity(w.ex, activityId);
    if (!row) return 0;
    const activity = toActivity(row);
    const now = this.clock.now();
    const claims = (await activitiesDb.claimsOf(w.ex, activityId, { lock: true })).map(toClaim);
    // In member account order: two instances posting two activities of the same residents then
    // lock their accounts in one order, and cannot deadlock (claim ids are in no such order).
    const due = claims
      .filter((c) => c.state === 'on_notice' && (how.early !== undefined || isPast(c, now)))
      .sort((a, b) => (a.memberAccountId < b.memberAccountId ? -1 : a.memberAccountId > b.memberAccountId ? 1 : 0));
    if (due.length === 0) return 0;
    const category = await this.postings.category(w.ex, activity.categoryCode);
    await accountsDb.lockBalances(w.ex, [category.issuanceAccountId, ...due.map((c) => c.memberAccountId)]);
    const total = due.reduce((sum, c) => sum + c.pointsMinor, 0n);
    const month = budgetMonth(new Date(activity.startsAt), this.options.timeZone);
    try {
      await activitiesDb.chargeBudget(w.ex, { categoryCode: activity.categoryCode, estate: activity.estate, month, amountMinor: total });
    } catch (error) {
      translateDatabaseError(error);
    }
    const events: eventsDb.NewEvent[] = [];
    for (const claim of due) {
      const draft = postings.earning(
        {
          accountId: claim.memberAccountId,
          amountMinor: claim.pointsMinor,
          category: activity.categoryCode,
          description: `${activity.title} (${activity.id})`,
          reference: claim.id,
          metadata: { activityId: activity.id, claimId: claim.id },
        },
        category,
      );
      const txn = await this.postings.post(w, draft, actor);
      try {
        await activitiesDb.insertClaimPosting(w.ex, claim.id, txn.id);
      } catch (error) {
        if (driverError(error).code === '23505') throw new LedgerError('claim_already_posted', `claim ${claim.id} is already posted`);
        throw error;
      }
      await activitiesDb.setClaimState(w.ex, claim.id, 'posted', { transactionId: txn.id });
      events.push(event(activity.id, claim.id, 'posted', actor, how.early === undefined ? `as ${txn.id}` : `as ${txn.id}, early: ${how.early}`, now));
    }
    if (activity.heldReason !== null) await activitiesDb.setHeldReason(w.ex, activity.id, null);
    await eventsDb.appendEvents(w.ex, events);
    return due.length;
  }

  /** Records why an activity's batch is held back, once per reason (the next round tries again). */
  private async holdBack(activityId: string, reason: string): Promise<void> {
    this.options.logger?.warn({ activityId, reason }, 'a batch of certified earnings is held back');
    await this.uow.transaction(async (tx) => {
      const row = await activitiesDb.findActivity(tx, activityId, { lock: true });
      if (!row || row.heldReason === reason) return;
      await activitiesDb.setHeldReason(tx, activityId, reason);
      await eventsDb.appendEvents(tx, [event(activityId, null, 'held', SYSTEM_ACTOR, reason, this.clock.now())]);
    });
  }
}

function isPast(claim: Claim, now: Date): boolean {
  return claim.noticeEndsAt !== null && Date.parse(claim.noticeEndsAt) <= now.getTime();
}
