/** Webhook endpoints and their delivery state and attempts (issue 16). */
import { sql } from 'drizzle-orm';
import { type Executor, rows } from './client.js';
import type { webhookEndpoints } from './schema.js';
import { arrayLiteral, iso, type RowOf } from './sql.js';

type EndpointColumns = typeof webhookEndpoints.$inferSelect;

/** An endpoint as the service reads it: never with its secrets (see endpointSecrets). */
export type EndpointRow = RowOf<Omit<EndpointColumns, 'secret' | 'previousSecret' | 'previousSecretUntil' | 'leaseToken' | 'leaseUntil'>>;

const selectEndpoint = sql`
  SELECT w.id, w.url, w.description, w.event_types AS "eventTypes", w.filter_account_ids AS "filterAccountIds",
         w.filter_category_codes AS "filterCategoryCodes", w.owner_key_id AS "ownerKeyId", w.scope_role AS "scopeRole",
         w.scope_merchant_ids AS "scopeMerchantIds", w.status, w.disabled_reason AS "disabledReason",
         w.delivered_seq::text AS "deliveredSeq", w.failures, ${iso(sql`w.failing_since`)} AS "failingSince",
         ${iso(sql`w.next_attempt_at`)} AS "nextAttemptAt", ${iso(sql`w.created_at`)} AS "createdAt"
    FROM webhook_endpoints w`;

export interface NewEndpoint {
  id: string;
  url: string;
  description: string | null;
  eventTypes: readonly string[];
  filterAccountIds: readonly string[];
  filterCategoryCodes: readonly string[];
  ownerKeyId: string | null;
  scopeRole: EndpointColumns['scopeRole'];
  scopeMerchantIds: readonly string[];
  secret: string;
  /** Events after this one are its to receive: those committed once it exists. */
  deliveredSeq: string;
  now: Date;
}

export async function insertEndpoint(ex: Executor, e: NewEndpoint): Promise<void> {
  const now = sql`${e.now.toISOString()}::timestamptz`;
  await ex.execute(sql`INSERT INTO webhook_endpoints (id, url, description, event_types, filter_account_ids, filter_category_codes,
      owner_key_id, scope_role, scope_merchant_ids, secret, delivered_seq, next_attempt_at, created_at)
    VALUES (${e.id}, ${e.url}, ${e.description}, ${arrayLiteral(e.eventTypes)}::text[], ${arrayLiteral(e.filterAccountIds)}::text[],
      ${arrayLiteral(e.filterCategoryCodes)}::text[], ${e.ownerKeyId}, ${e.scopeRole}, ${arrayLiteral(e.scopeMerchantIds)}::text[],
      ${e.secret}, ${e.deliveredSeq}::bigint, ${now}, ${now})`);
}

export async function findEndpoint(ex: Executor, id: string): Promise<EndpointRow | undefined> {
  const [row] = await rows<EndpointRow>(ex, sql`${selectEndpoint} WHERE w.id = ${id}`);
  return row;
}

/** Newest first, after the cursor's id. */
export async function listEndpoints(ex: Executor, beforeId: string | undefined, limit: number): Promise<EndpointRow[]> {
  return rows<EndpointRow>(
    ex,
    sql`${selectEndpoint} ${beforeId ? sql`WHERE w.id < ${beforeId}` : sql``} ORDER BY w.id DESC LIMIT ${limit}`,
  );
}

export async function deleteEndpoint(ex: Executor, id: string): Promise<boolean> {
  const gone = await rows<{ id: string }>(ex, sql`DELETE FROM webhook_endpoints WHERE id = ${id} RETURNING id`);
  return gone.length > 0;
}

/** Enables (due at once, its failures forgotten) or disables an endpoint. */
export async function setEndpointStatus(ex: Executor, id: string, enabled: boolean, reason: string | null, now: Date): Promise<void> {
  await ex.execute(sql`UPDATE webhook_endpoints SET status = ${enabled ? 'enabled' : 'disabled'},
      disabled_reason = ${enabled ? null : reason}, failures = 0, failing_since = NULL,
      next_attempt_at = ${now.toISOString()}::timestamptz
    WHERE id = ${id}`);
}

/** The new secret signs from now on; the old one also signs until `previousUntil`. */
export async function rotateSecret(ex: Executor, id: string, secret: string, previousUntil: Date): Promise<void> {
  await ex.execute(sql`UPDATE webhook_endpoints SET previous_secret = secret, secret = ${secret},
      previous_secret_until = ${previousUntil.toISOString()}::timestamptz WHERE id = ${id}`);
}

/**
 * Delivers again from the event after `afterSeq`, in order, whatever was delivered since. A
 * round in flight loses its lease token, so what it finishes with is not recorded over the
 * rewind; its lease time stays, so no other round starts until it has finished (it then frees
 * the endpoint: finishRound) and the receiver never gets two rounds at once.
 */
export async function rewindEndpoint(ex: Executor, id: string, afterSeq: string, now: Date): Promise<void> {
  await ex.execute(sql`UPDATE webhook_endpoints SET delivered_seq = ${afterSeq}::bigint, failures = 0, failing_since = NULL,
      next_attempt_at = ${now.toISOString()}::timestamptz, lease_token = NULL WHERE id = ${id}`);
}

export interface ClaimedEndpoint extends EndpointRow {
  secrets: string[];
  leaseToken: string;
  /** False when the key whose scope the endpoint has was revoked or has expired. */
  ownerKeyUsable: boolean;
}

/**
 * Leases up to `limit` enabled endpoints that are due, skipping those another instance
 * holds (SKIP LOCKED, then a lease that outlives the statement: the HTTP call runs outside
 * any transaction). A lease left by a crashed instance runs out at `lease_until`.
 */
export async function claimDue(ex: Executor, now: Date, leaseUntil: Date, token: string, limit: number): Promise<ClaimedEndpoint[]> {
  const at = sql`${now.toISOString()}::timestamptz`;
  return rows<ClaimedEndpoint>(
    ex,
    sql`WITH due AS (
          SELECT id FROM webhook_endpoints
           WHERE status = 'enabled' AND next_attempt_at <= ${at} AND (lease_until IS NULL OR lease_until <= ${at})
             AND delivered_seq < (SELECT coalesce((SELECT seq FROM events ORDER BY seq DESC LIMIT 1), 0))
           ORDER BY next_attempt_at LIMIT ${limit} FOR UPDATE SKIP LOCKED),
        leased AS (
          UPDATE webhook_endpoints w SET lease_token = ${token}, lease_until = ${leaseUntil.toISOString()}::timestamptz
            FROM due WHERE w.id = due.id RETURNING w.*)
        SELECT w.id, w.url, w.description, w.event_types AS "eventTypes", w.filter_account_ids AS "filterAccountIds",
               w.filter_category_codes AS "filterCategoryCodes", w.owner_key_id AS "ownerKeyId", w.scope_role AS "scopeRole",
               w.scope_merchant_ids AS "scopeMerchantIds", w.status, w.disabled_reason AS "disabledReason",
               w.delivered_seq::text AS "deliveredSeq", w.failures, ${iso(sql`w.failing_since`)} AS "failingSince",
               ${iso(sql`w.next_attempt_at`)} AS "nextAttemptAt", ${iso(sql`w.created_at`)} AS "createdAt",
               array_remove(ARRAY[w.secret, CASE WHEN w.previous_secret_until > ${at} THEN w.previous_secret END], NULL) AS secrets,
               w.lease_token AS "leaseToken",
               coalesce((SELECT k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > ${at})
                           FROM api_keys k WHERE k.id = w.owner_key_id), true) AS "ownerKeyUsable"
          FROM leased w`,
  );
}

export interface Outcome {
  /** The endpoint's cursor after this round: the last event it acknowledged or was passed over. */
  deliveredSeq: string;
  failures: number;
  failingSince: Date | null;
  nextAttemptAt: Date;
  disabledReason?: string | undefined;
}

/** Records what a leased round did, if the lease is still this round's; false when it was lost. */
export async function finishRound(ex: Executor, id: string, token: string, o: Outcome): Promise<boolean> {
  // Rewound meanwhile (rewindEndpoint took the token): only the lease is given back.
  await ex.execute(sql`UPDATE webhook_endpoints SET lease_until = NULL WHERE id = ${id} AND lease_token IS NULL`);
  const done = await rows<{ id: string }>(
    ex,
    sql`UPDATE webhook_endpoints SET delivered_seq = ${o.deliveredSeq}::bigint, failures = ${o.failures},
          failing_since = ${o.failingSince ? sql`${o.failingSince.toISOString()}::timestamptz` : sql`NULL`},
          next_attempt_at = ${o.nextAttemptAt.toISOString()}::timestamptz,
          status = ${o.disabledReason ? 'disabled' : sql`status`}, disabled_reason = ${o.disabledReason ?? sql`disabled_reason`},
          lease_token = NULL, lease_until = NULL
        WHERE id = ${id} AND lease_token = ${token} RETURNING id`,
  );
  return done.length > 0;
}

export interface AttemptRow {
  id: string;
  eventSeq: string;
  attemptedAt: string;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  ok: boolean;
}

export interface NewAttempt {
  eventSeq: string;
  attemptedAt: Date;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  ok: boolean;
}

/** Records attempts, several in one statement (a round writes them as it goes, in batches). */
export async function insertAttempts(ex: Executor, endpointId: string, attempts: readonly NewAttempt[]): Promise<void> {
  if (attempts.length === 0) return;
  const col = (f: (a: NewAttempt) => string | null) => arrayLiteral(attempts.map(f));
  await ex.execute(sql`INSERT INTO webhook_attempts (endpoint_id, event_seq, attempted_at, status_code, error, duration_ms, ok)
    SELECT ${endpointId}, * FROM unnest(${col((a) => a.eventSeq)}::bigint[], ${col((a) => a.attemptedAt.toISOString())}::timestamptz[],
      ${col((a) => (a.statusCode === null ? null : String(a.statusCode)))}::int[], ${col((a) => a.error)}::text[],
      ${col((a) => String(a.durationMs))}::int[], ${col((a) => String(a.ok))}::boolean[])`);
}

/**
 * Moves a leased endpoint's cursor forward mid-round, so a crash repeats less; false when
 * the lease is no longer this round's (the round must stop).
 */
export async function recordProgress(ex: Executor, id: string, token: string, deliveredSeq: string): Promise<boolean> {
  const done = await rows<{ id: string }>(
    ex,
    sql`UPDATE webhook_endpoints SET delivered_seq = ${deliveredSeq}::bigint, failures = 0, failing_since = NULL
         WHERE id = ${id} AND lease_token = ${token} RETURNING id`,
  );
  return done.length > 0;
}

/** Newest first, before the cursor's id. */
export async function listAttempts(ex: Executor, endpointId: string, beforeId: string | undefined, limit: number): Promise<AttemptRow[]> {
  return rows<AttemptRow>(
    ex,
    sql`SELECT a.id::text AS id, a.event_seq::text AS "eventSeq", ${iso(sql`a.attempted_at`)} AS "attemptedAt",
               a.status_code AS "statusCode", a.error, a.duration_ms AS "durationMs", a.ok
          FROM webhook_attempts a
         WHERE a.endpoint_id = ${endpointId} ${beforeId ? sql`AND a.id < ${beforeId}::bigint` : sql``}
         ORDER BY a.id DESC LIMIT ${limit}`,
  );
}
