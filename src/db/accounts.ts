import { sql } from 'drizzle-orm';
import { type Executor, rows } from './client.js';
import type { accounts, Metadata } from './schema.js';
import { arrayLiteral, iso, type RowOf } from './sql.js';

type AccountColumns = typeof accounts.$inferSelect;

/** An account with its balance and what pending holds reserve of it. */
export interface AccountRow extends RowOf<Omit<AccountColumns, 'balanceShards'>> {
  /** Minor units as decimal text. */
  balance: string;
  held: string;
}

/**
 * `now` is the service clock's time: a hold reserves points until then (src/ledger/clock.ts),
 * so every read judges expiry by the same clock as the service's decisions.
 */
const selectAccount = (now: Date) => sql`
  SELECT a.id, a.code, a.name, a.kind, a.status, a.metadata,
         ${iso(sql`a.created_at`)} AS "createdAt", ${iso(sql`a.updated_at`)} AS "updatedAt",
         (SELECT coalesce(sum(b.balance), 0)::text FROM account_balances b WHERE b.account_id = a.id) AS balance,
         (SELECT coalesce(sum(h.amount), 0)::text FROM holds h
           WHERE h.account_id = a.id AND h.status = 'pending' AND h.expires_at > ${now.toISOString()}::timestamptz) AS held
    FROM accounts a`;

export async function insertAccount(
  ex: Executor,
  a: { id: string; code: string; name: string; kind: AccountColumns['kind']; metadata: Metadata; shards: number },
): Promise<void> {
  await ex.execute(
    sql`SELECT ledger_open_account(${a.id}, ${a.code}, ${a.name}, ${a.kind}, ${JSON.stringify(a.metadata)}::jsonb, ${a.shards}::smallint)`,
  );
}

export async function findAccount(ex: Executor, id: string, now: Date): Promise<AccountRow | undefined> {
  const [row] = await rows<AccountRow>(ex, sql`${selectAccount(now)} WHERE a.id = ${id}`, 'account');
  return row;
}

/** Several accounts by id, in one statement (one shape whatever the number of ids). */
export async function findAccounts(ex: Executor, ids: readonly string[], now: Date): Promise<AccountRow[]> {
  // One alone is cheaper by id: PostgreSQL plans `= ANY(array)` again on every call (its
  // generic plan guesses ten rows; see bench/results/2026-12-06-figures-from-comments.md).
  const [only] = ids;
  if (ids.length === 1 && only !== undefined) {
    const row = await findAccount(ex, only, now);
    return row ? [row] : [];
  }
  return rows<AccountRow>(ex, sql`${selectAccount(now)} WHERE a.id = ANY(${arrayLiteral(ids)}::text[])`, 'accounts');
}

export async function findAccountByCode(ex: Executor, code: string, now: Date): Promise<AccountRow | undefined> {
  const [row] = await rows<AccountRow>(ex, sql`${selectAccount(now)} WHERE a.code = ${code}`);
  return row;
}

export interface AccountFilter {
  kind?: AccountColumns['kind'] | undefined;
  status?: AccountColumns['status'] | undefined;
  code?: string | undefined;
  /** Return accounts with ids below this one (newest first). */
  beforeId?: string | undefined;
  limit: number;
}

export async function listAccounts(ex: Executor, f: AccountFilter, now: Date): Promise<AccountRow[]> {
  const where = [sql`true`];
  if (f.kind) where.push(sql`a.kind = ${f.kind}`);
  if (f.status) where.push(sql`a.status = ${f.status}`);
  if (f.code) where.push(sql`a.code = ${f.code}`);
  if (f.beforeId) where.push(sql`a.id < ${f.beforeId}`);
  return rows<AccountRow>(
    ex,
    sql`${selectAccount(now)} WHERE ${sql.join(where, sql` AND `)} ORDER BY a.id DESC LIMIT ${f.limit}`,
  );
}

/**
 * Locks every balance row of these accounts, in the order every posting locks them (account,
 * then shard), for a transaction that makes several postings: locking as it goes, two such
 * transactions sharing accounts would take them in different orders and deadlock.
 */
export async function lockBalances(ex: Executor, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await ex.execute(
    sql`SELECT 1 FROM account_balances WHERE account_id = ANY(${arrayLiteral([...new Set(ids)])}::text[]) ORDER BY account_id, shard FOR UPDATE`,
  );
}

/**
 * Locks every balance row of the account, so no posting can touch it until the caller's
 * transaction ends, and returns the totals a status change must judge.
 */
export async function lockAccountForStatusChange(
  ex: Executor,
  id: string,
  now: Date,
): Promise<{ balance: string; pendingHolds: string } | undefined> {
  const locked = await rows<{ shard: number }>(
    ex,
    sql`SELECT shard FROM account_balances WHERE account_id = ${id} ORDER BY shard FOR UPDATE`,
  );
  if (locked.length === 0) return undefined;
  const [totals] = await rows<{ balance: string; pendingHolds: string }>(
    ex,
    sql`SELECT (SELECT coalesce(sum(balance), 0)::text FROM account_balances WHERE account_id = ${id}) AS balance,
               (SELECT count(*)::text FROM holds WHERE account_id = ${id} AND status = 'pending'
                  AND expires_at > ${now.toISOString()}::timestamptz) AS "pendingHolds"`,
  );
  return totals;
}

/**
 * Locks the account's own row until the caller's transaction ends, so a conditional update
 * (If-Match) judges the row no other update can change before its own lands. NO KEY
 * UPDATE: postings (whose entries only reference the row) are not held up by it.
 */
export async function lockAccountRow(ex: Executor, id: string): Promise<boolean> {
  const locked = await rows<{ id: string }>(ex, sql`SELECT id FROM accounts WHERE id = ${id} FOR NO KEY UPDATE`);
  return locked.length > 0;
}

export async function updateAccount(
  ex: Executor,
  id: string,
  patch: { name?: string | undefined; metadata?: Metadata | undefined; status?: AccountColumns['status'] | undefined },
): Promise<void> {
  const sets = [sql`updated_at = now()`];
  if (patch.name !== undefined) sets.push(sql`name = ${patch.name}`);
  if (patch.metadata !== undefined) sets.push(sql`metadata = ${JSON.stringify(patch.metadata)}::jsonb`);
  if (patch.status !== undefined) sets.push(sql`status = ${patch.status}`);
  await ex.execute(sql`UPDATE accounts SET ${sql.join(sets, sql`, `)} WHERE id = ${id}`);
  if (patch.status !== undefined) {
    await ex.execute(
      sql`UPDATE account_balances SET accepts_entries = ${patch.status === 'active'} WHERE account_id = ${id}`,
    );
  }
}

/** Only what a posting must check before it writes: cheap, no balance sums. */
export async function findAccountKind(
  ex: Executor,
  id: string,
): Promise<Pick<AccountColumns, 'kind' | 'status'> | undefined> {
  const [row] = await rows<Pick<AccountColumns, 'kind' | 'status'>>(
    ex,
    sql`SELECT kind, status FROM accounts WHERE id = ${id}`,
  );
  return row;
}

/** Every account's code and kind: what an export needs to name accounts (one row per account). */
export async function accountNames(ex: Executor): Promise<Map<string, Pick<AccountColumns, 'code' | 'kind'>>> {
  const found = await rows<Pick<AccountColumns, 'id' | 'code' | 'kind'>>(ex, sql`SELECT id, code, kind FROM accounts`);
  return new Map(found.map((r) => [r.id, { code: r.code, kind: r.kind }]));
}

/** Whether any of these accounts is a member's. */
export async function anyMember(ex: Executor, ids: readonly string[]): Promise<boolean> {
  if (ids.length === 0) return false;
  const [row] = await rows<{ found: boolean }>(
    ex,
    sql`SELECT EXISTS (SELECT 1 FROM accounts WHERE id = ANY(${arrayLiteral(ids)}::text[]) AND kind = 'member') AS found`,
  );
  return row?.found === true;
}
