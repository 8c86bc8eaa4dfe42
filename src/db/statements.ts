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

/**
 * One passbook page: the balance just before its first line and up to `limit` lines, read
 * by one statement so that both come from one snapshot without a transaction around them
 * (ledger_balance_as_of is STABLE: it reads with the statement's snapshot).
 *
 * The opening balance is a checkpointed balance as of the previous microsecond plus the
 * entries at the same instant up to the position; with neither position nor `from`, zero.
 */
export async function statementPage(
  ex: Executor,
  accountId: string,
  f: { from?: Date | undefined; to: Date; after?: Position | undefined },
  limit: number,
): Promise<{ opening: string; lines: StatementLineRow[] }> {
  const where = [sql`e.account_id = ${accountId}`, sql`e.occurred_at < ${f.to.toISOString()}::timestamptz`];
  if (f.from) where.push(sql`e.occurred_at >= ${f.from.toISOString()}::timestamptz`);
  if (f.after) where.push(sql`(e.occurred_at, e.id) > (${f.after.occurredAt}::timestamptz, ${f.after.entryId}::bigint)`);
  const opening = f.after
    ? sql`ledger_balance_as_of(${accountId}, ${f.after.occurredAt}::timestamptz - interval '1 microsecond')
          + coalesce((SELECT sum(o.amount) FROM entries o WHERE o.account_id = ${accountId}
                       AND o.occurred_at = ${f.after.occurredAt}::timestamptz AND o.id <= ${f.after.entryId}::bigint), 0)`
    : f.from
      ? sql`ledger_balance_as_of(${accountId}, ${f.from.toISOString()}::timestamptz - interval '1 microsecond')`
      : sql`0`;
  // The lines come back as rows, not as one JSON aggregate: building the JSON cost the
  // database, and parsing it the service, more than the rows do (bench/results/2026-12-06-figures-from-comments.md).
  const found = await rows<{ opening: string } & { [K in keyof StatementLineRow]: StatementLineRow[K] | null }>(
    ex,
    // MATERIALIZED: a plain subquery would be folded into the outer query, and the opening
    // balance computed again for every line.
    sql`WITH page_opening AS MATERIALIZED (SELECT (${opening})::text AS opening)
        SELECT p.opening, l."entryId", l."transactionId", l."occurredAt", l.kind, l.description, l.category, l.reference, l.amount
          FROM page_opening p
          LEFT JOIN LATERAL (
                SELECT e.occurred_at, e.id, e.id::text AS "entryId", e.transaction_id AS "transactionId",
                       ${iso(sql`e.occurred_at`)} AS "occurredAt", t.kind, t.description, t.category_code AS category,
                       t.reference, e.amount::text AS amount
                  FROM entries e JOIN transactions t ON t.id = e.transaction_id
                 WHERE ${sql.join(where, sql` AND `)}
                 ORDER BY e.occurred_at, e.id
                 LIMIT ${limit}) l ON true
         ORDER BY l.occurred_at, l.id`,
    'statement',
  );
  const first = found[0];
  if (!first) throw new Error('the statement query returned no row');
  // With no lines, the one row carries the opening balance and nulls.
  const lines = first.entryId === null ? [] : (found as unknown as StatementLineRow[]);
  return { opening: first.opening, lines };
}
