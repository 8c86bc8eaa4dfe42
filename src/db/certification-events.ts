/**
 * The certification history: every state change of an activity or a claim, append-only and
 * hash-chained by a trigger (sql/functions/certification_event_chain.sql).
 */
import { sql } from 'drizzle-orm';
import { type Executor, rows } from './client.js';
import type { certificationEvents } from './schema.js';
import { iso, type RowOf } from './sql.js';

export type CertificationEventRow = RowOf<typeof certificationEvents.$inferSelect> & {
  /** `at` in milliseconds since the epoch, as the chain hashes it. */
  atMs: string;
};

export interface NewEvent {
  activityId: string;
  claimId: string | null;
  state: string;
  actorKeyId: string | null;
  actorAccountId: string | null;
  reason: string | null;
  at: Date;
}

/** Appends events in order; the trigger numbers and hashes them. */
export async function appendEvents(ex: Executor, list: readonly NewEvent[]): Promise<void> {
  for (const e of list) {
    // seq, prev_hash and hash are the trigger's to set; these values are overwritten.
    await ex.execute(sql`INSERT INTO certification_events (seq, activity_id, claim_id, state, actor_key_id, actor_account_id, reason, at, prev_hash, hash)
      VALUES (0, ${e.activityId}, ${e.claimId}, ${e.state}, ${e.actorKeyId}, ${e.actorAccountId}, ${e.reason}, ${e.at.toISOString()}::timestamptz, '', '')`);
  }
}

const SELECT_EVENT = sql`
  SELECT e.seq::text AS seq, e.activity_id AS "activityId", e.claim_id AS "claimId", e.state, e.actor_key_id AS "actorKeyId",
         e.actor_account_id AS "actorAccountId", e.reason, ${iso(sql`e.at`)} AS at,
         floor(extract(epoch FROM e.at) * 1000)::bigint::text AS "atMs", e.prev_hash AS "prevHash", e.hash
    FROM certification_events e`;

export async function eventsOf(ex: Executor, activityId: string): Promise<CertificationEventRow[]> {
  return rows<CertificationEventRow>(ex, sql`${SELECT_EVENT} WHERE e.activity_id = ${activityId} ORDER BY e.seq`);
}

/** A page of the whole chain, in order, after `afterSeq`. */
export async function eventsAfter(ex: Executor, afterSeq: bigint, limit: number): Promise<CertificationEventRow[]> {
  return rows<CertificationEventRow>(ex, sql`${SELECT_EVENT} WHERE e.seq > ${afterSeq.toString()}::bigint ORDER BY e.seq LIMIT ${limit}`);
}
