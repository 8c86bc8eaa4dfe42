import { sql } from 'drizzle-orm';
import { type Executor, rows } from './client.js';
import type { holds } from './schema.js';
import { iso, type RowOf } from './sql.js';

/** A hold's row; `status` is the stored one, and `expired` says a pending hold is past expiresAt. */
export interface HoldRow extends RowOf<Omit<typeof holds.$inferSelect, 'createdByKeyId'>> {
  expired: boolean;
}

/** `now`: the service clock's time, which judges expiry (see db/accounts.ts). */
const selectHold = (now: Date) => sql`
  SELECT h.id, h.account_id AS "accountId", h.merchant_account_id AS "merchantAccountId", h.amount::text AS amount,
         h.status, (h.status = 'pending' AND h.expires_at <= ${now.toISOString()}::timestamptz) AS expired, h.description,
         ${iso(sql`h.expires_at`)} AS "expiresAt", ${iso(sql`h.created_at`)} AS "createdAt",
         ${iso(sql`h.resolved_at`)} AS "resolvedAt", h.captured_amount::text AS "capturedAmount",
         h.transaction_id AS "transactionId"
    FROM holds h`;

export async function findHold(ex: Executor, id: string, now: Date, options: { lock?: boolean } = {}): Promise<HoldRow | undefined> {
  const [row] = await rows<HoldRow>(ex, sql`${selectHold(now)} WHERE h.id = ${id} ${options.lock ? sql`FOR UPDATE` : sql``}`);
  return row;
}

/**
 * Locks a member's balance rows (the same lock every posting takes) and reports what is
 * available: balance less pending, unexpired holds.
 */
export async function lockAvailable(
  ex: Executor,
  accountId: string,
  now: Date,
): Promise<{ balance: string; held: string; acceptsEntries: boolean } | undefined> {
  const locked = await rows<{ shard: number }>(
    ex,
    sql`SELECT shard FROM account_balances WHERE account_id = ${accountId} ORDER BY shard FOR UPDATE`,
  );
  if (locked.length === 0) return undefined;
  const [row] = await rows<{ balance: string; held: string; acceptsEntries: boolean }>(
    ex,
    sql`SELECT (SELECT coalesce(sum(balance), 0)::text FROM account_balances WHERE account_id = ${accountId}) AS balance,
               (SELECT coalesce(sum(amount), 0)::text FROM holds WHERE account_id = ${accountId}
                  AND status = 'pending' AND expires_at > ${now.toISOString()}::timestamptz) AS held,
               (SELECT bool_and(accepts_entries) FROM account_balances WHERE account_id = ${accountId}) AS "acceptsEntries"`,
  );
  return row;
}

export async function insertHold(
  ex: Executor,
  h: {
    id: string;
    accountId: string;
    merchantAccountId: string;
    amountMinor: bigint;
    description: string | null;
    expiresAt: Date;
    createdByKeyId: string | null;
  },
): Promise<void> {
  await ex.execute(sql`INSERT INTO holds (id, account_id, merchant_account_id, amount, description, expires_at, created_by_key_id)
    VALUES (${h.id}, ${h.accountId}, ${h.merchantAccountId}, ${h.amountMinor.toString()}::bigint, ${h.description},
            ${h.expiresAt.toISOString()}::timestamptz, ${h.createdByKeyId})`);
}

export async function resolveHold(
  ex: Executor,
  id: string,
  r: { status: 'captured' | 'voided'; capturedAmountMinor?: bigint },
): Promise<void> {
  await ex.execute(sql`UPDATE holds SET status = ${r.status}, resolved_at = now(),
    captured_amount = ${r.capturedAmountMinor === undefined ? null : r.capturedAmountMinor.toString()}::bigint
    WHERE id = ${id} AND status = 'pending'`);
}

export async function linkHoldTransaction(ex: Executor, id: string, transactionId: string): Promise<void> {
  await ex.execute(sql`UPDATE holds SET transaction_id = ${transactionId} WHERE id = ${id}`);
}
