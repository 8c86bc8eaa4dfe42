/** The contracts of certified earnings: activities, claims, certifications, objections, budgets, the public board. */
import { z } from 'zod';
import { toMinor } from '../ledger/money.js';
import { EstateCode } from './api-keys.js';
import { CategoryCode } from './categories.js';
import { AccountId, Amount, DESCRIPTION_LENGTH_MAX, MoneyOut, NAME_LENGTH_MAX, REFERENCE_LENGTH_MAX, Timestamp, TimestampOut, TransactionId } from './common.js';

const ID = /[0-9A-HJKMNP-TV-Z]{26}$/;
export const ActivityId = z.string().regex(new RegExp(`^act_${ID.source}`), 'must be an activity id (act_…)').meta({ id: 'ActivityId' });
export const ClaimId = z.string().regex(new RegExp(`^clm_${ID.source}`), 'must be a claim id (clm_…)').meta({ id: 'ClaimId' });
export const ObjectionId = z.string().regex(new RegExp(`^obj_${ID.source}`), 'must be an objection id (obj_…)').meta({ id: 'ObjectionId' });

/**
 * Reasons are chained into the certification history with U+001F between fields: no control
 * characters (nor only spaces). Not trimmed: what was given is what the history keeps.
 */
export const Reason = z
  .string()
  .min(1)
  .max(DESCRIPTION_LENGTH_MAX)
  .regex(/^[^\p{Cc}]*[^\p{Cc}\s][^\p{Cc}]*$/u, 'must have a visible character and no control characters');

/** Hours with at most two fractional digits: "2", "1.5", "0.25"; at most 24 x 31. */
export const Hours = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,2})(\.[0-9]{1,2})?$/, 'hours as a decimal string with at most 2 fractional digits')
  .refine((h) => toMinor(h) > 0n && toMinor(h) <= 74_400n, { message: 'above 0 and at most 744' })
  .meta({ id: 'Hours', examples: ['2.5'] });

const PointsRuleBody = z
  .strictObject({
    per: z.enum(['participant', 'hour']).describe('Fixed points per participant, or points per hour.'),
    amount: Amount.describe('Points per participant, or per hour.'),
    capPerPerson: Amount.optional().describe('For per: "hour" only: the most one person earns from the activity.'),
  })
  .meta({ id: 'PointsRule' });

export const CreateActivityBody = z
  .strictObject({
    title: z.string().trim().min(1).max(NAME_LENGTH_MAX),
    category: CategoryCode.describe('A category whose earnings are "certified".'),
    estate: EstateCode,
    startsAt: Timestamp,
    endsAt: Timestamp,
    place: z.string().trim().min(1).max(NAME_LENGTH_MAX),
    points: PointsRuleBody,
    plannedParticipants: z.number().int().min(1).max(1000),
    certifiersRequired: z.number().int().min(1).max(9).default(2).describe('N: distinct certifiers each claim needs.'),
  })
  .meta({ id: 'CreateActivity' });

export const ClaimBody = z
  .strictObject({
    memberAccountId: AccountId,
    hours: Hours.optional().describe('For an hourly activity (required there); at most as long as the activity lasted.'),
    points: Amount.optional().describe('For a fixed activity: fewer points than the rule gives, if so; the rule\'s by default.'),
    note: z.string().trim().min(1).max(DESCRIPTION_LENGTH_MAX).optional(),
    evidence: z.string().trim().min(1).max(REFERENCE_LENGTH_MAX).optional().describe('A photo hash, a sign-in record id.'),
  })
  .meta({ id: 'NewClaim' });

export const SubmitClaimsBody = z.strictObject({ claims: z.array(ClaimBody).min(1).max(1000) }).meta({ id: 'SubmitClaims' });

export const CertifyBody = z
  .strictObject({
    claimIds: z.array(ClaimId).min(1).max(1000).optional().describe('Absent: every claim still waiting for certifiers.'),
    decision: z.enum(['approve', 'reject']),
    reason: Reason,
  })
  .meta({ id: 'Certification' });

export const ObjectionBody = z
  .strictObject({ memberAccountId: AccountId.describe('The resident objecting, for whom the app acts.'), reason: Reason })
  .meta({ id: 'CreateObjection' });

export const ObjectionDecisionBody = z
  .strictObject({ decision: z.enum(['uphold', 'dismiss']).describe('uphold: the claim is dropped; dismiss: it may post.'), reason: Reason })
  .meta({ id: 'ObjectionDecision' });

export const EarlyPostingBody = z.strictObject({ reason: Reason }).meta({ id: 'EarlyPosting' });

export const BudgetBody = z
  .strictObject({
    category: z
      .string()
      .regex(/^([a-z][a-z0-9_]{0,31}|\*)$/, 'a category code, or "*"')
      .describe('A category code, or "*" for every category.'),
    estate: z
      .string()
      .regex(/^([A-Za-z0-9][A-Za-z0-9_.-]{0,63}|\*)$/, 'an estate code, or "*"')
      .describe('An estate, or "*" for every estate.'),
    month: z.string().regex(/^[0-9]{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM').describe("The activities' month (of startsAt, in DISPLAY_TIME_ZONE)."),
    limit: Amount,
  })
  .meta({ id: 'SetIssuanceBudget' });

export const Budget = z
  .object({ category: z.string(), estate: z.string(), month: z.string(), limit: MoneyOut, issued: MoneyOut })
  .meta({ id: 'IssuanceBudget', description: 'How many points a category may issue in an estate in a month, and how many it has.' });

const ClaimState = z.enum(['submitted', 'rejected', 'on_notice', 'objected', 'dropped', 'posted']);

export const Objection = z
  .object({
    id: ObjectionId,
    claimId: ClaimId,
    objectorAccountId: AccountId,
    objectorKeyId: z.string().nullable(),
    reason: z.string(),
    state: z.enum(['open', 'upheld', 'dismissed']),
    createdAt: TimestampOut,
    decidedByKeyId: z.string().nullable(),
    decisionReason: z.string().nullable(),
    decidedAt: TimestampOut.nullable(),
  })
  .meta({ id: 'Objection', description: 'A resident\'s objection to a claim on public notice, and its decision.' });

export const Activity = z
  .object({
    id: ActivityId,
    title: z.string(),
    category: z.string(),
    estate: z.string(),
    startsAt: TimestampOut,
    endsAt: TimestampOut,
    place: z.string(),
    points: z.object({ per: z.enum(['participant', 'hour']), amount: MoneyOut, capPerPerson: MoneyOut.nullable() }),
    plannedParticipants: z.number().int(),
    certifiersRequired: z.number().int(),
    organiserKeyId: z.string().nullable(),
    /** Why the due claims are held back (a budget), or null. */
    heldReason: z.string().nullable().describe('Why its due claims are held back (an issuance budget), or null.'),
    createdAt: TimestampOut,
    claims: z.array(
      z.object({
        id: ClaimId,
        memberAccountId: AccountId,
        hours: z.string().nullable(),
        points: MoneyOut,
        note: z.string().nullable(),
        evidence: z.string().nullable(),
        state: ClaimState,
        approvals: z.number().int().meta({ description: 'Approvals that count towards N: distinct people (keys linked to one member are one), keys not revoked' }),
        certifiedAt: TimestampOut.nullable(),
        noticeEndsAt: TimestampOut.nullable(),
        transactionId: TransactionId.nullable(),
      }),
    ),
    certifications: z.array(
      z.object({ claimId: ClaimId, certifierKeyId: z.string(), decision: z.enum(['approve', 'reject']), reason: z.string(), decidedAt: TimestampOut }),
    ),
    objections: z.array(Objection),
    history: z
      .array(
        z.object({
          seq: z.string(),
          claimId: ClaimId.nullable(),
          state: z.string(),
          actorKeyId: z.string().nullable(),
          actorAccountId: z.string().nullable(),
          reason: z.string().nullable(),
          at: TimestampOut,
          hash: z.string(),
        }),
      )
      .describe('Every state change, oldest first: a part of the hash-chained certification history.'),
  })
  .meta({ id: 'Activity', description: 'A certified activity with its claims, their certifications and objections, and its history.' });

export const ActivityParams = z.object({ activityId: ActivityId });
export const ClaimParams = z.object({ claimId: ClaimId });
export const ObjectionParams = z.object({ objectionId: ObjectionId });

export const ChainCheck = z
  .object({ ok: z.boolean(), checkedEvents: z.number().int(), headSeq: z.string(), headHash: z.string(), firstBadSeq: z.string().optional() })
  .meta({ id: 'CertificationChainCheck', description: 'The hash-chained certification history recomputed.' });

export const NoticeQuery = z.strictObject({ estate: EstateCode });

export const NoticeBoardJson = z
  .object({
    estate: z.string(),
    generatedAt: TimestampOut,
    activities: z.array(
      z.object({
        activityId: ActivityId,
        title: z.string(),
        category: z.string(),
        estate: z.string(),
        startsAt: TimestampOut,
        endsAt: TimestampOut,
        place: z.string(),
        certifiers: z.array(z.string()),
        noticeEndsAt: TimestampOut,
        claims: z.array(
          z.object({
            claimId: ClaimId.describe('What a community app names to object to this line.'),
            member: z.object({ name: z.string().describe('Masked: 王*芳.'), code: z.string().describe('Masked: R-**01.') }),
            points: MoneyOut,
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'NoticeBoard', description: 'What hangs on an estate\'s public notice board (公示), names and card numbers masked.' });
