import { sql } from 'drizzle-orm';
import { type Executor, rows } from './client.js';

/** Accounts with at least `every` entries since their last checkpoint. */
export async function accountsDueForCheckpoint(ex: Executor, every: number, limit: number): Promise<string[]> {
  const found = await rows<{ accountId: string }>(
    ex,
    sql`SELECT account_id AS "accountId" FROM account_balances
         GROUP BY account_id HAVING sum(entries_since_checkpoint) >= ${every} LIMIT ${limit}`,
  );
  return found.map((r) => r.accountId);
}

/** See ledger_checkpoint in migrations: returns how many checkpoints it wrote. */
export async function writeCheckpoints(ex: Executor, accountId: string, every: number, entriesMax: number): Promise<number> {
  const [row] = await rows<{ written: number }>(
    ex,
    sql`SELECT ledger_checkpoint(${accountId}, ${every}, ${entriesMax}) AS written`,
  );
  return Number(row?.written ?? 0);
}

/** Minor units as text: entries with occurred_at <= asOf. */
export async function balanceAsOf(ex: Executor, accountId: string, asOf: Date): Promise<string> {
  const [row] = await rows<{ balance: string }>(
    ex,
    sql`SELECT ledger_balance_as_of(${accountId}, ${asOf.toISOString()}::timestamptz)::text AS balance`,
  );
  return row?.balance ?? '0';
}
