import { sql } from 'drizzle-orm';
import { type Executor, rows } from './client.js';
import { iso } from './sql.js';

export interface StatementLineRow {
  entryId: string;
  transactionId: string;
  occurredAt: string;
  kind: string;
  description: string | null;
  category: string | null;
  reference: string | null;
  amount: string;
}

/** A position in an account's passbook: after this entry, in (occurredAt, entry id) order. */
export interface Position {
  occurredAt: string;
  entryId: string;
}

export async function statementLines(
  ex: Executor,
  accountId: string,
  f: { from?: Date | undefined; to: Date; after?: Position | undefined },
  limit: number,
): Promise<StatementLineRow[]> {
  const where = [sql`e.account_id = ${accountId}`, sql`e.occurred_at < ${f.to.toISOString()}::timestamptz`];
  if (f.from) where.push(sql`e.occurred_at >= ${f.from.toISOString()}::timestamptz`);
  if (f.after) where.push(sql`(e.occurred_at, e.id) > (${f.after.occurredAt}::timestamptz, ${f.after.entryId}::bigint)`);
  return rows<StatementLineRow>(
    ex,
    sql`SELECT e.id::text AS "entryId", e.transaction_id AS "transactionId", ${iso(sql`e.occurred_at`)} AS "occurredAt",
               t.kind, t.description, t.category_code AS category, t.reference, e.amount::text AS amount
          FROM entries e JOIN transactions t ON t.id = e.transaction_id
         WHERE ${sql.join(where, sql` AND `)}
         ORDER BY e.occurred_at, e.id
         LIMIT ${limit}`,
  );
}

/**
 * The balance just before a passbook position (or before `from`): a checkpointed balance
 * as of the previous microsecond, plus the entries at the same instant up to the position.
 */
export async function balanceBefore(ex: Executor, accountId: string, at: { from?: Date | undefined; after?: Position | undefined }): Promise<string> {
  if (at.after) {
    const [row] = await rows<{ balance: string }>(
      ex,
      sql`SELECT (ledger_balance_as_of(${accountId}, ${at.after.occurredAt}::timestamptz - interval '1 microsecond')
                + coalesce((SELECT sum(amount) FROM entries WHERE account_id = ${accountId}
                             AND occurred_at = ${at.after.occurredAt}::timestamptz AND id <= ${at.after.entryId}::bigint), 0))::text AS balance`,
    );
    return row?.balance ?? '0';
  }
  if (!at.from) return '0';
  const [row] = await rows<{ balance: string }>(
    ex,
    sql`SELECT ledger_balance_as_of(${accountId}, ${at.from.toISOString()}::timestamptz - interval '1 microsecond')::text AS balance`,
  );
  return row?.balance ?? '0';
}
