import { sql } from 'drizzle-orm';
import { type Executor, rows } from './client.js';
import type { apiKeys } from './schema.js';
import { iso, type RowOf } from './sql.js';

type KeyColumns = typeof apiKeys.$inferSelect;

export interface ApiKeyRow extends RowOf<KeyColumns> {
  /** Neither revoked nor expired at the `now` the read was given. */
  usable: boolean;
}

const selectKey = (now: Date) => sql`
  SELECT id, name, role, merchant_account_ids AS "merchantAccountIds", estates, category_codes AS "categoryCodes",
         member_account_id AS "memberAccountId", ${iso(sql`created_at`)} AS "createdAt",
         ${iso(sql`expires_at`)} AS "expiresAt", ${iso(sql`revoked_at`)} AS "revokedAt", secret_hash AS "secretHash",
         (revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ${now.toISOString()}::timestamptz)) AS usable
    FROM api_keys`;

export async function findKeyByHash(ex: Executor, secretHash: string, now: Date): Promise<ApiKeyRow | undefined> {
  const [row] = await rows<ApiKeyRow>(ex, sql`${selectKey(now)} WHERE secret_hash = ${secretHash}`);
  return row;
}

export async function findKey(ex: Executor, id: string, now: Date): Promise<ApiKeyRow | undefined> {
  const [row] = await rows<ApiKeyRow>(ex, sql`${selectKey(now)} WHERE id = ${id}`);
  return row;
}

export async function listKeys(ex: Executor, f: { beforeId?: string | undefined; limit: number }, now: Date): Promise<ApiKeyRow[]> {
  return rows<ApiKeyRow>(
    ex,
    sql`${selectKey(now)} WHERE ${f.beforeId ? sql`id < ${f.beforeId}` : sql`true`} ORDER BY id DESC LIMIT ${f.limit}`,
  );
}

export async function countKeys(ex: Executor): Promise<number> {
  const [row] = await rows<{ n: number }>(ex, sql`SELECT count(*)::int AS n FROM api_keys`);
  return row?.n ?? 0;
}

export async function insertKey(
  ex: Executor,
  k: Pick<KeyColumns, 'id' | 'name' | 'role' | 'merchantAccountIds' | 'estates' | 'categoryCodes' | 'memberAccountId' | 'secretHash' | 'expiresAt'>,
): Promise<void> {
  await ex.execute(sql`INSERT INTO api_keys (id, name, role, merchant_account_ids, estates, category_codes, member_account_id, secret_hash, expires_at)
    VALUES (${k.id}, ${k.name}, ${k.role}, ${JSON.stringify(k.merchantAccountIds)}::jsonb, ${JSON.stringify(k.estates)}::jsonb,
            ${JSON.stringify(k.categoryCodes)}::jsonb, ${k.memberAccountId}, ${k.secretHash},
            ${k.expiresAt ? k.expiresAt.toISOString() : null}::timestamptz)
    ON CONFLICT (secret_hash) DO NOTHING`);
}

/** Where a revocation is announced to every instance (LISTEN/NOTIFY); the payload is the key id. */
export const REVOKED_CHANNEL = 'timebank_api_key_revoked';

/** Announces a revocation; delivered when the surrounding transaction commits, never before. */
export async function notifyRevoked(ex: Executor, id: string): Promise<void> {
  await ex.execute(sql`SELECT pg_notify(${REVOKED_CHANNEL}, ${id})`);
}

export async function revokeKey(ex: Executor, id: string, now: Date): Promise<boolean> {
  const done = await rows<{ id: string }>(
    ex,
    sql`UPDATE api_keys SET revoked_at = coalesce(revoked_at, ${now.toISOString()}::timestamptz) WHERE id = ${id} RETURNING id`,
  );
  return done.length > 0;
}
