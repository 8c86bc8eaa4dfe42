/** Residents' objections to claims on public notice, and their decisions. */
import { sql } from 'drizzle-orm';
import { type Executor, rows } from './client.js';
import type { claimObjections } from './schema.js';
import { iso, type RowOf } from './sql.js';

export type ObjectionRow = RowOf<typeof claimObjections.$inferSelect>;

const SELECT_OBJECTION = sql`
  SELECT o.id, o.claim_id AS "claimId", o.objector_account_id AS "objectorAccountId", o.objector_key_id AS "objectorKeyId",
         o.reason, o.state, ${iso(sql`o.created_at`)} AS "createdAt", o.decided_by_key_id AS "decidedByKeyId",
         o.decision_reason AS "decisionReason", ${iso(sql`o.decided_at`)} AS "decidedAt"
    FROM claim_objections o`;

export async function insertObjection(
  ex: Executor,
  o: { id: string; claimId: string; objectorAccountId: string; objectorKeyId: string | null; reason: string; createdAt: Date },
): Promise<void> {
  await ex.execute(sql`INSERT INTO claim_objections (id, claim_id, objector_account_id, objector_key_id, reason, created_at)
    VALUES (${o.id}, ${o.claimId}, ${o.objectorAccountId}, ${o.objectorKeyId}, ${o.reason}, ${o.createdAt.toISOString()}::timestamptz)`);
}

export async function findObjection(ex: Executor, id: string, options: { lock?: boolean } = {}): Promise<ObjectionRow | undefined> {
  const [row] = await rows<ObjectionRow>(ex, sql`${SELECT_OBJECTION} WHERE o.id = ${id} ${options.lock ? sql`FOR UPDATE` : sql``}`);
  return row;
}

export async function decideObjection(
  ex: Executor,
  id: string,
  d: { state: 'upheld' | 'dismissed'; byKeyId: string | null; reason: string; at: Date },
): Promise<void> {
  await ex.execute(sql`UPDATE claim_objections SET state = ${d.state}, decided_by_key_id = ${d.byKeyId}, decision_reason = ${d.reason},
      decided_at = ${d.at.toISOString()}::timestamptz
    WHERE id = ${id} AND state = 'open'`);
}

export async function openObjectionsOn(ex: Executor, claimId: string): Promise<number> {
  const [row] = await rows<{ n: number }>(ex, sql`SELECT count(*)::int AS n FROM claim_objections WHERE claim_id = ${claimId} AND state = 'open'`);
  return row?.n ?? 0;
}

export async function objectionsOf(ex: Executor, activityId: string): Promise<ObjectionRow[]> {
  return rows<ObjectionRow>(ex, sql`${SELECT_OBJECTION} JOIN claims c ON c.id = o.claim_id WHERE c.activity_id = ${activityId} ORDER BY o.id`);
}
