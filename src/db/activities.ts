/** Activities, their claims and the certifiers' decisions on them (src/ledger/activities.ts). */
import { sql } from 'drizzle-orm';
import { type Executor, rows } from './client.js';
import type { activities, claimCertifications, claims } from './schema.js';
import { iso, type RowOf } from './sql.js';

export type ActivityRow = RowOf<typeof activities.$inferSelect>;
export type ClaimRow = RowOf<typeof claims.$inferSelect>;
export type CertificationRow = RowOf<typeof claimCertifications.$inferSelect>;

const SELECT_ACTIVITY = sql`
  SELECT a.id, a.title, a.category_code AS "categoryCode", a.estate, ${iso(sql`a.starts_at`)} AS "startsAt",
         ${iso(sql`a.ends_at`)} AS "endsAt", a.place, a.points_rule AS "pointsRule", a.points_minor::text AS "pointsMinor",
         a.cap_minor::text AS "capMinor", a.planned_participants AS "plannedParticipants",
         a.certifiers_required AS "certifiersRequired", a.organiser_key_id AS "organiserKeyId",
         a.organiser_account_id AS "organiserAccountId", a.held_reason AS "heldReason", ${iso(sql`a.created_at`)} AS "createdAt"
    FROM activities a`;

const SELECT_CLAIM = sql`
  SELECT c.id, c.activity_id AS "activityId", c.member_account_id AS "memberAccountId",
         c.hours_hundredths::text AS "hoursHundredths", c.points_minor::text AS "pointsMinor", c.note, c.evidence, c.state,
         ${iso(sql`c.certified_at`)} AS "certifiedAt", ${iso(sql`c.notice_ends_at`)} AS "noticeEndsAt",
         c.transaction_id AS "transactionId", ${iso(sql`c.created_at`)} AS "createdAt"
    FROM claims c`;

export interface NewActivity {
  id: string;
  title: string;
  categoryCode: string;
  estate: string;
  startsAt: Date;
  endsAt: Date;
  place: string;
  pointsRule: 'fixed' | 'hourly';
  pointsMinor: bigint;
  capMinor: bigint | null;
  plannedParticipants: number;
  certifiersRequired: number;
  organiserKeyId: string | null;
  organiserAccountId: string | null;
  createdAt: Date;
}

export async function insertActivity(ex: Executor, a: NewActivity): Promise<void> {
  await ex.execute(sql`INSERT INTO activities (id, title, category_code, estate, starts_at, ends_at, place, points_rule, points_minor,
      cap_minor, planned_participants, certifiers_required, organiser_key_id, organiser_account_id, created_at)
    VALUES (${a.id}, ${a.title}, ${a.categoryCode}, ${a.estate}, ${a.startsAt.toISOString()}::timestamptz, ${a.endsAt.toISOString()}::timestamptz,
      ${a.place}, ${a.pointsRule}, ${a.pointsMinor.toString()}::bigint, ${a.capMinor === null ? null : a.capMinor.toString()}::bigint,
      ${a.plannedParticipants}, ${a.certifiersRequired}, ${a.organiserKeyId}, ${a.organiserAccountId}, ${a.createdAt.toISOString()}::timestamptz)`);
}

/** `lock`: FOR UPDATE, or 'skip' for FOR UPDATE SKIP LOCKED (undefined then means another holds it). */
export async function findActivity(ex: Executor, id: string, options: { lock?: true | 'skip' } = {}): Promise<ActivityRow | undefined> {
  const lock = options.lock === 'skip' ? sql`FOR UPDATE SKIP LOCKED` : options.lock ? sql`FOR UPDATE` : sql``;
  const [row] = await rows<ActivityRow>(ex, sql`${SELECT_ACTIVITY} WHERE a.id = ${id} ${lock}`);
  return row;
}

export async function setHeldReason(ex: Executor, id: string, reason: string | null): Promise<void> {
  await ex.execute(sql`UPDATE activities SET held_reason = ${reason} WHERE id = ${id}`);
}

export interface NewClaim {
  id: string;
  activityId: string;
  memberAccountId: string;
  hoursHundredths: bigint | null;
  pointsMinor: bigint;
  note: string | null;
  evidence: string | null;
  createdAt: Date;
}

/** Inserts the claims; a member already claiming on the activity is skipped and returned. */
export async function insertClaims(ex: Executor, list: NewClaim[]): Promise<{ duplicates: string[] }> {
  const duplicates: string[] = [];
  for (const c of list) {
    const done = await rows<{ id: string }>(ex, sql`INSERT INTO claims (id, activity_id, member_account_id, hours_hundredths, points_minor, note, evidence, created_at)
      VALUES (${c.id}, ${c.activityId}, ${c.memberAccountId}, ${c.hoursHundredths === null ? null : c.hoursHundredths.toString()}::bigint,
        ${c.pointsMinor.toString()}::bigint, ${c.note}, ${c.evidence}, ${c.createdAt.toISOString()}::timestamptz)
      ON CONFLICT (activity_id, member_account_id) DO NOTHING RETURNING id`);
    if (done.length === 0) duplicates.push(c.memberAccountId);
  }
  return { duplicates };
}

export async function countClaims(ex: Executor, activityId: string): Promise<number> {
  const [row] = await rows<{ n: number }>(ex, sql`SELECT count(*)::int AS n FROM claims WHERE activity_id = ${activityId}`);
  return row?.n ?? 0;
}

export async function findClaim(ex: Executor, id: string, options: { lock?: boolean } = {}): Promise<ClaimRow | undefined> {
  const [row] = await rows<ClaimRow>(ex, sql`${SELECT_CLAIM} WHERE c.id = ${id} ${options.lock ? sql`FOR UPDATE` : sql``}`);
  return row;
}

/** An activity's claims in id order; `lock` locks them (in that order, so lockers never deadlock). */
export async function claimsOf(ex: Executor, activityId: string, options: { lock?: boolean } = {}): Promise<ClaimRow[]> {
  return rows<ClaimRow>(ex, sql`${SELECT_CLAIM} WHERE c.activity_id = ${activityId} ORDER BY c.id ${options.lock ? sql`FOR UPDATE` : sql``}`);
}

export async function setClaimState(
  ex: Executor,
  id: string,
  state: string,
  extra: { certifiedAt?: Date; noticeEndsAt?: Date; transactionId?: string } = {},
): Promise<void> {
  await ex.execute(sql`UPDATE claims SET state = ${state},
      certified_at = coalesce(${extra.certifiedAt?.toISOString() ?? null}::timestamptz, certified_at),
      notice_ends_at = coalesce(${extra.noticeEndsAt?.toISOString() ?? null}::timestamptz, notice_ends_at),
      transaction_id = coalesce(${extra.transactionId ?? null}, transaction_id)
    WHERE id = ${id}`);
}

/** Records a certifier's decision; false when this key already decided the claim. */
export async function insertCertification(
  ex: Executor,
  c: { claimId: string; certifierKeyId: string; decision: 'approve' | 'reject'; reason: string; decidedAt: Date },
): Promise<boolean> {
  const done = await rows<{ claimId: string }>(ex, sql`INSERT INTO claim_certifications (claim_id, certifier_key_id, decision, reason, decided_at)
    VALUES (${c.claimId}, ${c.certifierKeyId}, ${c.decision}, ${c.reason}, ${c.decidedAt.toISOString()}::timestamptz)
    ON CONFLICT (claim_id, certifier_key_id) DO NOTHING RETURNING claim_id AS "claimId"`);
  return done.length > 0;
}

/**
 * The distinct people who approved the claim with a key not since revoked: two keys linked to
 * one member are one certifier, and a key revoked (say, found faking points) vouches no more.
 */
export async function approvalsOf(ex: Executor, claimId: string): Promise<number> {
  const [row] = await rows<{ n: number }>(
    ex,
    sql`SELECT count(DISTINCT coalesce(k.member_account_id, k.id))::int AS n
      FROM claim_certifications cc JOIN api_keys k ON k.id = cc.certifier_key_id
     WHERE cc.claim_id = ${claimId} AND cc.decision = 'approve' AND k.revoked_at IS NULL`,
  );
  return row?.n ?? 0;
}

/** approvalsOf for every claim of an activity that has one, by claim id. */
export async function approvalCounts(ex: Executor, activityId: string): Promise<Map<string, number>> {
  const found = await rows<{ claimId: string; n: number }>(
    ex,
    sql`SELECT cc.claim_id AS "claimId", count(DISTINCT coalesce(k.member_account_id, k.id))::int AS n
      FROM claim_certifications cc JOIN api_keys k ON k.id = cc.certifier_key_id JOIN claims c ON c.id = cc.claim_id
     WHERE c.activity_id = ${activityId} AND cc.decision = 'approve' AND k.revoked_at IS NULL
     GROUP BY cc.claim_id`,
  );
  return new Map(found.map((r) => [r.claimId, r.n]));
}

/** Whether the member holding a certifier key has already decided the claim with another of their keys. */
export async function decidedByMember(ex: Executor, claimId: string, memberAccountId: string): Promise<boolean> {
  const found = await rows<{ one: number }>(
    ex,
    sql`SELECT 1 AS one FROM claim_certifications cc JOIN api_keys k ON k.id = cc.certifier_key_id
     WHERE cc.claim_id = ${claimId} AND k.member_account_id = ${memberAccountId} LIMIT 1`,
  );
  return found.length > 0;
}

export async function certificationsOf(ex: Executor, activityId: string): Promise<CertificationRow[]> {
  return rows<CertificationRow>(ex, sql`SELECT cc.claim_id AS "claimId", cc.certifier_key_id AS "certifierKeyId", cc.decision, cc.reason,
      ${iso(sql`cc.decided_at`)} AS "decidedAt"
    FROM claim_certifications cc JOIN claims c ON c.id = cc.claim_id
    WHERE c.activity_id = ${activityId} ORDER BY cc.decided_at, cc.claim_id, cc.certifier_key_id`);
}

/** Activities with a claim on notice whose window has ended, oldest first. */
export async function dueActivityIds(ex: Executor, now: Date, limit: number): Promise<string[]> {
  const found = await rows<{ id: string }>(ex, sql`SELECT activity_id AS id FROM claims
    WHERE state = 'on_notice' AND notice_ends_at <= ${now.toISOString()}::timestamptz
    GROUP BY activity_id ORDER BY min(notice_ends_at), activity_id LIMIT ${limit}`);
  return found.map((r) => r.id);
}

/**
 * Records the earning a claim became. The primary key on claim_id refuses a second one (23505),
 * whoever tries: that is what makes a claim post exactly once.
 */
export async function insertClaimPosting(ex: Executor, claimId: string, transactionId: string): Promise<void> {
  await ex.execute(sql`INSERT INTO claim_postings (claim_id, transaction_id) VALUES (${claimId}, ${transactionId})`);
}

export async function setBudget(ex: Executor, b: { categoryCode: string; estate: string; month: string; limitMinor: bigint }): Promise<void> {
  await ex.execute(sql`INSERT INTO issuance_budgets (category_code, estate, month, limit_minor)
    VALUES (${b.categoryCode}, ${b.estate}, ${b.month}, ${b.limitMinor.toString()}::bigint)
    ON CONFLICT (category_code, estate, month) DO UPDATE SET limit_minor = EXCLUDED.limit_minor`);
}

/** `lock`: FOR UPDATE, so that what is issued cannot grow between reading it and changing the limit. */
export async function findBudget(ex: Executor, b: { categoryCode: string; estate: string; month: string }, options: { lock?: boolean } = {}) {
  const [row] = await rows<{ categoryCode: string; estate: string; month: string; limitMinor: string; issuedMinor: string }>(
    ex,
    sql`SELECT category_code AS "categoryCode", estate, month, limit_minor::text AS "limitMinor", issued_minor::text AS "issuedMinor"
      FROM issuance_budgets WHERE category_code = ${b.categoryCode} AND estate = ${b.estate} AND month = ${b.month}
      ${options.lock ? sql`FOR UPDATE` : sql``}`,
  );
  return row;
}

/** Charges a batch to its budgets under their row locks, or refuses it whole (sql/functions/ledger_charge_budget.sql). */
export async function chargeBudget(ex: Executor, b: { categoryCode: string; estate: string; month: string; amountMinor: bigint }): Promise<void> {
  await ex.execute(sql`SELECT ledger_charge_budget(${b.categoryCode}, ${b.estate}, ${b.month}, ${b.amountMinor.toString()}::bigint)`);
}
