/**
 * Certified earnings as plain data: an activity's points rule, what a claim is worth, who may
 * certify it, when its public notice ends, and how objections move it. Nothing here reads or
 * writes; the use cases (src/services/activities.ts) hand in what a rule needs.
 *
 * A claim's life: submitted -> (N distinct approvals) on_notice -> (notice ends) posted,
 * or -> rejected (one certifier rejects), or on_notice -> objected -> dropped (upheld) or
 * back to on_notice (dismissed).
 */
import { LedgerError } from './errors.js';
import { AMOUNT_MAX_MINOR } from './money.js';

export type PointsRule = 'fixed' | 'hourly';
export type ClaimState = 'submitted' | 'rejected' | 'on_notice' | 'objected' | 'dropped' | 'posted';
export type ObjectionState = 'open' | 'upheld' | 'dismissed';
export type Decision = 'approve' | 'reject';

/** How many certifiers an activity asks for when it does not say. */
export const CERTIFIERS_DEFAULT = 2;
/** How many claims one activity may carry: a large estate's clean-up, with room to spare. */
export const CLAIMS_PER_ACTIVITY_MAX = 1000;

export interface Activity {
  id: string;
  title: string;
  categoryCode: string;
  estate: string;
  startsAt: string;
  endsAt: string;
  place: string;
  pointsRule: PointsRule;
  /** Per participant (fixed) or per hour (hourly). */
  pointsMinor: bigint;
  /** Per person, for an hourly rule. */
  capMinor: bigint | null;
  plannedParticipants: number;
  certifiersRequired: number;
  organiserKeyId: string | null;
  organiserAccountId: string | null;
  heldReason: string | null;
  createdAt: string;
}

export interface Claim {
  id: string;
  activityId: string;
  memberAccountId: string;
  hoursHundredths: bigint | null;
  pointsMinor: bigint;
  note: string | null;
  evidence: string | null;
  state: ClaimState;
  certifiedAt: string | null;
  noticeEndsAt: string | null;
  transactionId: string | null;
  createdAt: string;
}

export interface Certification {
  claimId: string;
  certifierKeyId: string;
  decision: Decision;
  reason: string;
  decidedAt: string;
}

export interface Objection {
  id: string;
  claimId: string;
  objectorAccountId: string;
  objectorKeyId: string | null;
  reason: string;
  state: ObjectionState;
  createdAt: string;
  decidedByKeyId: string | null;
  decisionReason: string | null;
  decidedAt: string | null;
}

/** One row of an activity's history: a state change, who made it and when. */
export interface CertificationEvent {
  seq: bigint;
  activityId: string;
  claimId: string | null;
  state: string;
  actorKeyId: string | null;
  actorAccountId: string | null;
  reason: string | null;
  at: string;
  prevHash: string;
  hash: string;
}

export interface PointsRuleInput {
  pointsRule: PointsRule;
  pointsMinor: bigint;
  capMinor?: bigint | undefined;
}

/** A rule is fixed per participant, or per hour with an optional cap per person (hourly only). */
export function checkPointsRule(rule: PointsRuleInput): void {
  if (rule.capMinor !== undefined && rule.pointsRule !== 'hourly') {
    throw new LedgerError('validation_failed', 'a cap per person belongs to an hourly rule', [{ path: 'points.cap', message: 'only for per: "hour"' }]);
  }
}

/**
 * What a claim is worth. Fixed: the rule's points, or fewer if the organiser says so. Hourly:
 * hours x the rate, rounded down to the hundredth (never more than was earned), then capped.
 */
export function claimPoints(
  activity: Pick<Activity, 'pointsRule' | 'pointsMinor' | 'capMinor' | 'startsAt' | 'endsAt'>,
  claim: { hoursHundredths?: bigint | undefined; pointsMinor?: bigint | undefined },
  path: string,
): bigint {
  if (activity.pointsRule === 'fixed') {
    if (claim.hoursHundredths !== undefined) {
      throw new LedgerError('validation_failed', 'a fixed-points activity takes points, not hours', [{ path: `${path}.hours`, message: 'not for a fixed rule' }]);
    }
    const points = claim.pointsMinor ?? activity.pointsMinor;
    if (points > activity.pointsMinor) {
      throw new LedgerError('validation_failed', 'a claim cannot exceed the activity\'s points per participant', [
        { path: `${path}.points`, message: 'above the points per participant' },
      ]);
    }
    return points;
  }
  if (claim.hoursHundredths === undefined || claim.pointsMinor !== undefined) {
    throw new LedgerError('validation_failed', 'an hourly activity takes hours, not points', [{ path: `${path}.hours`, message: 'required for an hourly rule' }]);
  }
  // Nobody works longer than the activity lasted: a claim of 744 h on a 2 h clean-up would
  // otherwise rest on the certifiers alone noticing.
  const lastedHundredths = BigInt(Math.floor((Date.parse(activity.endsAt) - Date.parse(activity.startsAt)) / 36_000));
  if (claim.hoursHundredths > lastedHundredths) {
    throw new LedgerError('validation_failed', `the hours claimed are more than the activity lasted (${formatHours(lastedHundredths)} h)`, [
      { path: `${path}.hours`, message: `at most ${formatHours(lastedHundredths)}` },
    ]);
  }
  const earned = (claim.hoursHundredths * activity.pointsMinor) / 100n;
  const capped = activity.capMinor !== null && earned > activity.capMinor ? activity.capMinor : earned;
  if (capped <= 0n) {
    throw new LedgerError('validation_failed', 'the hours are worth less than 0.01 points', [{ path: `${path}.hours`, message: 'too few' }]);
  }
  if (capped > AMOUNT_MAX_MINOR) {
    throw new LedgerError('validation_failed', 'the hours are worth more than one earning may credit', [{ path: `${path}.hours`, message: 'too many for the rate' }]);
  }
  return capped;
}

/** Hundredths of an hour as the API writes hours: "2", "1.5", "0.25". */
function formatHours(hundredths: bigint): string {
  const whole = hundredths / 100n;
  const rest = hundredths % 100n;
  return rest === 0n ? whole.toString() : `${whole}.${rest.toString().padStart(2, '0').replace(/0$/, '')}`;
}

/** Who certifies: the key, and the member who holds it, if linked. */
export interface Certifier {
  keyId: string;
  memberAccountId: string | null;
}

/**
 * Nobody certifies a claim that pays themselves, nor a claim on an activity they organised
 * (by the organiser's key, or the member linked to it).
 */
export function requireImpartial(certifier: Certifier, activity: Pick<Activity, 'id' | 'organiserKeyId' | 'organiserAccountId'>, claim: Pick<Claim, 'id' | 'memberAccountId'>): void {
  if (certifier.memberAccountId !== null && certifier.memberAccountId === claim.memberAccountId) {
    throw new LedgerError('conflict_of_interest', `claim ${claim.id} pays the member who holds this certifier key`);
  }
  const organised =
    certifier.keyId === activity.organiserKeyId ||
    (certifier.memberAccountId !== null && certifier.memberAccountId === activity.organiserAccountId);
  if (organised) throw new LedgerError('conflict_of_interest', `activity ${activity.id} was organised by the holder of this certifier key`);
}

/** Nobody decides an objection to a claim that pays themselves (by the member linked to their key). */
export function requireImpartialDecider(decider: { memberAccountId: string | null }, claim: Pick<Claim, 'id' | 'memberAccountId'>): void {
  if (decider.memberAccountId !== null && decider.memberAccountId === claim.memberAccountId) {
    throw new LedgerError('conflict_of_interest', `claim ${claim.id} pays the member who holds this key; another decides the objection to it`);
  }
}

/** Certifying is for claims still waiting for their certifiers. */
export function requireCertifiable(claim: Pick<Claim, 'id' | 'state'>): void {
  if (claim.state !== 'submitted') throw new LedgerError('claim_not_open', `claim ${claim.id} is ${claim.state}, no longer waiting for certifiers`);
}

/**
 * What a claim becomes after a decision: one rejection rejects it; N distinct approvals put
 * it on notice; otherwise it keeps waiting.
 */
export function afterDecision(decision: Decision, approvals: number, required: number): 'rejected' | 'on_notice' | 'submitted' {
  if (decision === 'reject') return 'rejected';
  return approvals >= required ? 'on_notice' : 'submitted';
}

/** When a claim certified now leaves the notice board. */
export function noticeEnds(certifiedAt: Date, noticeSeconds: number): Date {
  return new Date(certifiedAt.getTime() + noticeSeconds * 1000);
}

/** An objection is taken while the claim hangs on notice, and not after its deadline. */
export function requireObjectable(claim: Pick<Claim, 'id' | 'state' | 'noticeEndsAt'>, now: Date): void {
  if (claim.state === 'posted' || ((claim.state === 'on_notice' || claim.state === 'objected') && claim.noticeEndsAt !== null && Date.parse(claim.noticeEndsAt) <= now.getTime())) {
    throw new LedgerError('notice_closed', `the public notice of claim ${claim.id} ended at ${claim.noticeEndsAt ?? 'its posting'}; objections are no longer taken`);
  }
  if (claim.state !== 'on_notice' && claim.state !== 'objected') {
    throw new LedgerError('claim_not_open', `claim ${claim.id} is ${claim.state}, not on public notice`);
  }
}

export function requireOpenObjection(objection: Pick<Objection, 'id' | 'state'>): void {
  if (objection.state !== 'open') throw new LedgerError('objection_decided', `objection ${objection.id} is already ${objection.state}`);
}

/** The month a certified batch is charged to (its activity's start), in the display time zone: YYYY-MM. */
export function budgetMonth(startsAt: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(startsAt);
  const year = parts.find((p) => p.type === 'year')?.value ?? '';
  const month = parts.find((p) => p.type === 'month')?.value ?? '';
  return `${year}-${month}`;
}
