/**
 * Certified earnings, the first half: an organiser opens an activity and submits its claims;
 * certifiers decide them; anyone in scope reads an activity with its claims and history.
 * Objections are src/services/objections.ts's, posting src/services/certified-postings.ts's.
 * Every state change is appended to the hash-chained certification history in the same
 * transaction as the change itself.
 */
import * as accountsDb from '../db/accounts.js';
import * as activitiesDb from '../db/activities.js';
import * as categoriesDb from '../db/categories.js';
import * as eventsDb from '../db/certification-events.js';
import type { Executor } from '../db/client.js';
import * as objectionsDb from '../db/objections.js';
import * as activities from '../ledger/activities.js';
import type { Activity, Certification, CertificationEvent, Claim, Objection, PointsRule } from '../ledger/activities.js';
import { CHAIN_START, type ChainCheck, checkChain } from '../ledger/certification-chain.js';
import type { Clock } from '../ledger/clock.js';
import { assertInvariant, LedgerError } from '../ledger/errors.js';
import { newId } from '../ledger/ids.js';
import type { Actor } from '../ledger/types.js';
import { canActOnActivity, requireActivityScope, requireOperation } from './access.js';
import { ServiceError } from './errors.js';
import type { Answer, Answering, UnitOfWork } from './unit-of-work.js';

/** Events read per round trip while the chain is verified. */
const VERIFY_PAGE = 5000;

export interface OpenActivityInput {
  title: string;
  category: string;
  estate: string;
  startsAt: Date;
  endsAt: Date;
  place: string;
  pointsRule: PointsRule;
  pointsMinor: bigint;
  capMinor?: bigint | undefined;
  plannedParticipants: number;
  certifiersRequired?: number | undefined;
}

export interface ClaimInput {
  memberAccountId: string;
  hoursHundredths?: bigint | undefined;
  pointsMinor?: bigint | undefined;
  note?: string | undefined;
  evidence?: string | undefined;
}

export interface CertifyInput {
  /** Absent: every claim of the activity still waiting for certifiers. */
  claimIds?: string[] | undefined;
  decision: activities.Decision;
  reason: string;
}

/** An activity as GET /v1/activities/{id} shows it. */
export interface ActivityView {
  activity: Activity;
  claims: Claim[];
  certifications: Certification[];
  /** Per claim id, the approvals that count towards N (distinct people, keys not revoked). */
  approvals: Map<string, number>;
  objections: Objection[];
  history: CertificationEvent[];
}

export class Activities {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  open(input: OpenActivityInput, actor: Actor, answering: Answering<ActivityView>): Promise<Answer> {
    requireOperation(actor, 'createActivity');
    return this.uow.write(answering, {}, async ({ ex }) => {
      const category = await categoriesDb.findCategory(ex, input.category);
      if (!category) throw new LedgerError('validation_failed', `no earning category ${input.category}`, [{ path: 'category', message: 'unknown category' }]);
      if (category.earnings !== 'certified') {
        throw new LedgerError('validation_failed', `category ${category.code} is earned directly (POST /v1/earnings), not through activities`, [
          { path: 'category', message: 'not a certified category' },
        ]);
      }
      if (!canActOnActivity(actor, { estate: input.estate, categoryCode: category.code })) {
        throw new ServiceError('forbidden', 'this organiser key opens activities in its own estates or categories only');
      }
      if (input.endsAt.getTime() < input.startsAt.getTime()) {
        throw new LedgerError('validation_failed', 'endsAt is before startsAt', [{ path: 'endsAt', message: 'before startsAt' }]);
      }
      activities.checkPointsRule(input);
      const now = this.clock.now();
      const id = newId('act', now.getTime());
      await activitiesDb.insertActivity(ex, {
        id,
        title: input.title,
        categoryCode: category.code,
        estate: input.estate,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        place: input.place,
        pointsRule: input.pointsRule,
        pointsMinor: input.pointsMinor,
        capMinor: input.capMinor ?? null,
        plannedParticipants: input.plannedParticipants,
        certifiersRequired: input.certifiersRequired ?? activities.CERTIFIERS_DEFAULT,
        organiserKeyId: actor.keyId,
        organiserAccountId: actor.memberAccountId ?? null,
        createdAt: now,
      });
      await eventsDb.appendEvents(ex, [event(id, null, 'opened', actor, null, now)]);
      return readView(ex, id);
    });
  }

  /** The participant list: one claim per member; a member named twice, or already claiming, refuses the whole list. */
  submitClaims(activityId: string, list: ClaimInput[], actor: Actor, answering: Answering<ActivityView>): Promise<Answer> {
    requireOperation(actor, 'submitClaims');
    return this.uow.write(answering, {}, async ({ ex }) => {
      const activity = await lockedActivity(ex, activityId, actor);
      // Once a certifier has decided, the list is closed: a claim slipped in later would be
      // approved unseen by a certifier approving "every claim still waiting".
      if ((await activitiesDb.certificationsOf(ex, activityId)).length > 0) {
        throw new LedgerError('claim_not_open', `certifiers have begun deciding activity ${activityId}; its participant list is closed`);
      }
      const seen = new Set<string>();
      for (const [i, c] of list.entries()) {
        if (seen.has(c.memberAccountId)) {
          throw new LedgerError('validation_failed', `member ${c.memberAccountId} is named twice`, [{ path: `claims.${i}.memberAccountId`, message: 'named twice' }]);
        }
        seen.add(c.memberAccountId);
        if ((await accountsDb.findAccountKind(ex, c.memberAccountId))?.kind !== 'member') {
          throw new LedgerError('validation_failed', `account ${c.memberAccountId} is not a member account`, [
            { path: `claims.${i}.memberAccountId`, message: 'must be a member account' },
          ]);
        }
      }
      if ((await activitiesDb.countClaims(ex, activityId)) + list.length > activities.CLAIMS_PER_ACTIVITY_MAX) {
        throw new LedgerError('validation_failed', `an activity carries at most ${activities.CLAIMS_PER_ACTIVITY_MAX} claims`, [{ path: 'claims', message: 'too many' }]);
      }
      const now = this.clock.now();
      const rows = list.map((c, i) => ({
        id: newId('clm', now.getTime()),
        activityId,
        memberAccountId: c.memberAccountId,
        hoursHundredths: c.hoursHundredths ?? null,
        pointsMinor: activities.claimPoints(activity, c, `claims.${i}`),
        note: c.note ?? null,
        evidence: c.evidence ?? null,
        createdAt: now,
      }));
      const { duplicates } = await activitiesDb.insertClaims(ex, rows);
      if (duplicates.length > 0) {
        throw new LedgerError('conflict', `already claiming on activity ${activityId}: ${duplicates.join(', ')}; one claim per member per activity`);
      }
      await eventsDb.appendEvents(ex, rows.map((r) => event(activityId, r.id, 'submitted', actor, null, now)));
      return readView(ex, activityId);
    });
  }

  /**
   * One certifier's decision on some or all of an activity's claims. A key decides a claim
   * once (the primary key of claim_certifications); N distinct approvals put a claim on
   * public notice, one rejection rejects it. The whole decision is refused if any claim in
   * it may not be decided by this key.
   */
  certify(activityId: string, input: CertifyInput, actor: Actor, answering: Answering<ActivityView>): Promise<Answer> {
    requireOperation(actor, 'certifyClaims');
    return this.uow.write(answering, {}, async ({ ex }) => {
      assertInvariant(actor.keyId, 'a certifier decides with a key');
      const activity = await lockedActivity(ex, activityId, actor);
      const category = await categoriesDb.findCategory(ex, activity.categoryCode);
      assertInvariant(category, `activity ${activityId} has no category`);
      const claims = (await activitiesDb.claimsOf(ex, activityId, { lock: true })).map(toClaim);
      const targets = input.claimIds
        ? input.claimIds.map((id, i) => {
            const found = claims.find((c) => c.id === id);
            if (!found) throw new LedgerError('not_found', `claim ${id} is not a claim of activity ${activityId}`, [{ path: `claimIds.${i}`, message: 'not found' }]);
            return found;
          })
        : claims.filter((c) => c.state === 'submitted');
      if (targets.length === 0) throw new LedgerError('claim_not_open', `activity ${activityId} has no claim waiting for certifiers`);
      const certifier = { keyId: actor.keyId, memberAccountId: actor.memberAccountId ?? null };
      const now = this.clock.now();
      const events: eventsDb.NewEvent[] = [];
      for (const claim of targets) {
        activities.requireImpartial(certifier, activity, claim);
        activities.requireCertifiable(claim);
        if (certifier.memberAccountId !== null && (await activitiesDb.decidedByMember(ex, claim.id, certifier.memberAccountId))) {
          throw new LedgerError('already_certified', `the member holding this key has already decided claim ${claim.id} with another key`);
        }
        const recorded = await activitiesDb.insertCertification(ex, {
          claimId: claim.id,
          certifierKeyId: actor.keyId,
          decision: input.decision,
          reason: input.reason,
          decidedAt: now,
        });
        if (!recorded) throw new LedgerError('already_certified', `this key has already decided claim ${claim.id}`);
        events.push(event(activityId, claim.id, input.decision === 'approve' ? 'approved' : 'rejected', actor, input.reason, now));
        const next = activities.afterDecision(input.decision, await activitiesDb.approvalsOf(ex, claim.id), activity.certifiersRequired);
        if (next === 'rejected') await activitiesDb.setClaimState(ex, claim.id, 'rejected');
        if (next === 'on_notice') {
          const noticeEndsAt = activities.noticeEnds(now, category.noticeSeconds);
          await activitiesDb.setClaimState(ex, claim.id, 'on_notice', { certifiedAt: now, noticeEndsAt });
          events.push(event(activityId, claim.id, 'certified', actor, null, now));
          events.push(event(activityId, claim.id, 'on_notice', actor, `until ${noticeEndsAt.toISOString()}`, now));
        }
      }
      await eventsDb.appendEvents(ex, events);
      return readView(ex, activityId);
    });
  }

  /** Recomputes the certification history's chain from its start. */
  async verifyHistory(actor: Actor): Promise<ChainCheck> {
    requireOperation(actor, 'verifyCertificationEvents');
    let head: ChainCheck = { ...CHAIN_START };
    for (;;) {
      const page = await eventsDb.eventsAfter(this.uow.reads, BigInt(head.seq), VERIFY_PAGE);
      head = checkChain(head, page);
      if (head.firstBadSeq !== undefined || page.length < VERIFY_PAGE) return head;
    }
  }

  async get(activityId: string, viewer: Actor): Promise<ActivityView> {
    requireOperation(viewer, 'getActivity');
    const row = await activitiesDb.findActivity(this.uow.reads, activityId);
    if (!row) throw new LedgerError('not_found', `activity ${activityId} does not exist`);
    requireActivityScope(viewer, row);
    return readView(this.uow.reads, activityId);
  }
}

/** The activity, locked, if the caller acts on it; otherwise absent. */
export async function lockedActivity(ex: Executor, id: string, actor: Actor): Promise<Activity> {
  const row = await activitiesDb.findActivity(ex, id, { lock: true });
  if (!row) throw new LedgerError('not_found', `activity ${id} does not exist`);
  requireActivityScope(actor, row);
  return toActivity(row);
}

/** A state change as the history records it: who (the key, and the member an app acts for) and when. */
export function event(
  activityId: string,
  claimId: string | null,
  state: string,
  actor: Actor,
  reason: string | null,
  at: Date,
  actorAccountId: string | null = null,
): eventsDb.NewEvent {
  return { activityId, claimId, state, actorKeyId: actor.keyId, actorAccountId, reason, at };
}

export async function readView(ex: Executor, activityId: string): Promise<ActivityView> {
  const row = await activitiesDb.findActivity(ex, activityId);
  assertInvariant(row, `activity ${activityId} was not found`);
  const [claims, certifications, approvals, objections, history] = [
    await activitiesDb.claimsOf(ex, activityId),
    await activitiesDb.certificationsOf(ex, activityId),
    await activitiesDb.approvalCounts(ex, activityId),
    await objectionsDb.objectionsOf(ex, activityId),
    await eventsDb.eventsOf(ex, activityId),
  ];
  return {
    activity: toActivity(row),
    claims: claims.map(toClaim),
    certifications,
    approvals,
    objections,
    history: history.map((e) => ({ ...e, seq: BigInt(e.seq) })),
  };
}

export function toActivity(row: activitiesDb.ActivityRow): Activity {
  return { ...row, pointsMinor: BigInt(row.pointsMinor), capMinor: row.capMinor === null ? null : BigInt(row.capMinor) };
}

export function toClaim(row: activitiesDb.ClaimRow): Claim {
  return {
    ...row,
    hoursHundredths: row.hoursHundredths === null ? null : BigInt(row.hoursHundredths),
    pointsMinor: BigInt(row.pointsMinor),
  };
}
