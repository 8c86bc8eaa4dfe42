import { sql } from 'drizzle-orm';
import { type Executor, rows } from './client.js';

export interface BalanceRow {
  accountId: string;
  code: string;
  name: string;
  kind: string;
  balance: string;
}

/** Every account's balance, now (from balance rows) or as of an effective time (checkpoints). */
export async function trialBalance(ex: Executor, asOf: Date | undefined): Promise<BalanceRow[]> {
  if (!asOf) {
    return rows<BalanceRow>(
      ex,
      sql`SELECT a.id AS "accountId", a.code, a.name, a.kind, coalesce(sum(b.balance), 0)::text AS balance
            FROM accounts a JOIN account_balances b ON b.account_id = a.id
           GROUP BY a.id ORDER BY a.kind, a.code`,
    );
  }
  return rows<BalanceRow>(
    ex,
    sql`SELECT a.id AS "accountId", a.code, a.name, a.kind,
               ledger_balance_as_of(a.id, ${asOf.toISOString()}::timestamptz)::text AS balance
          FROM accounts a ORDER BY a.kind, a.code`,
  );
}

export interface EarningsRow {
  key: string;
  name: string;
  /** Net of reversals, in minor units. */
  total: string;
  earnings: number;
  reversals: number;
  residents: number;
}

/**
 * Earned points on residents' accounts (earnings less their reversals), grouped by category
 * or by resident, for the public notice board.
 */
export async function earningsTotals(
  ex: Executor,
  f: { from?: Date | undefined; to?: Date | undefined; groupBy: 'category' | 'account' },
): Promise<EarningsRow[]> {
  const where = [sql`t.category_code IS NOT NULL`, sql`t.kind IN ('earning', 'reversal')`, sql`a.kind = 'member'`];
  if (f.from) where.push(sql`t.occurred_at >= ${f.from.toISOString()}::timestamptz`);
  if (f.to) where.push(sql`t.occurred_at < ${f.to.toISOString()}::timestamptz`);
  const key = f.groupBy === 'category' ? sql`c.code` : sql`a.id`;
  const name = f.groupBy === 'category' ? sql`c.name` : sql`a.code || ' ' || a.name`;
  return rows<EarningsRow>(
    ex,
    sql`SELECT ${key} AS key, ${name} AS name, sum(e.amount)::text AS total,
               count(*) FILTER (WHERE t.kind = 'earning')::int AS earnings,
               count(*) FILTER (WHERE t.kind = 'reversal')::int AS reversals,
               count(DISTINCT e.account_id)::int AS residents
          FROM entries e
          JOIN transactions t ON t.id = e.transaction_id
          JOIN accounts a ON a.id = e.account_id
          JOIN categories c ON c.code = t.category_code
         WHERE ${sql.join(where, sql` AND `)}
         GROUP BY ${key}, ${name}
         ORDER BY sum(e.amount) DESC, ${key}`,
  );
}
