import { sql } from 'drizzle-orm';
import { type Executor, rows } from './client.js';

export interface StoredResponse {
  requestHash: string;
  statusCode: number;
  responseBody: unknown;
}

/**
 * Takes a transaction-scoped advisory lock on (scope, key). False means another request
 * with the same key is running now. The lock ends with the caller's transaction, so a
 * crashed request never leaves a key stuck.
 */
export async function tryLockKey(ex: Executor, scope: string, key: string): Promise<boolean> {
  const [row] = await rows<{ locked: boolean }>(
    ex,
    sql`SELECT pg_try_advisory_xact_lock(hashtextextended(${`${scope}:${key}`}, 0)) AS locked`,
    'idempotency_lock',
  );
  return row?.locked === true;
}

export async function findStoredResponse(ex: Executor, scope: string, key: string): Promise<StoredResponse | undefined> {
  const [row] = await rows<StoredResponse>(
    ex,
    sql`SELECT request_hash AS "requestHash", status_code AS "statusCode", response_body AS "responseBody"
          FROM idempotency_keys WHERE scope = ${scope} AND key = ${key}`,
    'idempotency_find',
  );
  return row;
}

export async function storeResponse(
  ex: Executor,
  r: { scope: string; key: string; requestHash: string; statusCode: number; body: unknown },
): Promise<void> {
  await rows(
    ex,
    sql`INSERT INTO idempotency_keys (scope, key, request_hash, status_code, response_body)
          VALUES (${r.scope}, ${r.key}, ${r.requestHash}, ${r.statusCode}, ${JSON.stringify(r.body)}::jsonb)`,
    'idempotency_store',
  );
}

/** Forgets keys stored before `before`; returns how many. */
export async function purgeKeys(ex: Executor, before: Date): Promise<number> {
  const deleted = await rows<{ n: number }>(
    ex,
    sql`WITH d AS (DELETE FROM idempotency_keys WHERE created_at < ${before.toISOString()}::timestamptz RETURNING 1)
        SELECT count(*)::int AS n FROM d`,
  );
  return deleted[0]?.n ?? 0;
}
