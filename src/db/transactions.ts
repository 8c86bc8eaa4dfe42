import { sql } from 'drizzle-orm';
import { type Executor, rows } from './client.js';
import type { transactions } from './schema.js';
import { arrayLiteral, iso, type RowOf } from './sql.js';

type TransactionColumns = typeof transactions.$inferSelect;

/**
 * What the application hands the database to write: a header (the transactions table's
 * columns but recorded_at, which the database sets) and its balanced legs.
 */
export interface PostingRecord extends Omit<TransactionColumns, 'recordedAt' | 'occurredAt'> {
  /** Absent: the posting takes effect when it is recorded. */
  occurredAt: Date | undefined;
  /** Each leg with the kinds of account it accepts. */
  legs: { accountId: string; amountMinor: bigint; kinds: readonly string[] }[];
}

/** A stored transaction as every read returns it: its row, its entries and what was reversed of it. */
export interface TransactionRow extends RowOf<TransactionColumns> {
  /** Minor units as text: the sum already reversed by later reversal transactions. */
  reversedAmount: string;
  /** Minor units as text, ordered by amount then account. */
  entries: { accountId: string; amount: string }[];
}

/**
 * Writes one posting through ledger_post (sql/functions/ledger_post.sql): one round trip
 * that locks in a fixed order. Returns when the ledger recorded it. `now`: the service
 * clock's time, which decides whether a hold still reserves points (p_now); when it was
 * recorded stays the database's to say.
 */
export async function insertPosting(ex: Executor, p: PostingRecord, now: Date): Promise<{ recordedAt: string }> {
  const accounts = p.legs.map((l) => l.accountId);
  const amounts = p.legs.map((l) => l.amountMinor.toString());
  const [row] = await rows<{ recordedAt: string }>(ex, sql`SELECT ${iso(sql`ledger_post(
    ${p.id}, ${p.kind}, ${p.occurredAt?.toISOString() ?? null}::timestamptz, ${p.description}, ${p.reference},
    ${p.categoryCode}, ${p.reversesTransactionId}, ${p.holdId}, ${JSON.stringify(p.metadata)}::jsonb,
    ${p.receipt === undefined || p.receipt === null ? null : JSON.stringify(p.receipt)}::jsonb,
    ${p.postedByKeyId}, ${p.postedByRole},
    ${arrayLiteral(accounts)}::text[], ${arrayLiteral(amounts)}::bigint[],
    ${arrayLiteral(p.legs.map((l) => l.kinds.join('|')))}::text[], ${now.toISOString()}::timestamptz)`)} AS "recordedAt"`, 'post');
  if (!row) throw new Error(`posting ${p.id} was not written`);
  return row;
}

const SELECT_TRANSACTION = sql`
  SELECT t.id, t.kind, ${iso(sql`t.occurred_at`)} AS "occurredAt", ${iso(sql`t.recorded_at`)} AS "recordedAt",
         t.description, t.reference, t.category_code AS "categoryCode",
         t.reverses_transaction_id AS "reversesTransactionId", t.hold_id AS "holdId", t.metadata, t.receipt,
         t.posted_by_key_id AS "postedByKeyId", t.posted_by_role AS "postedByRole",
         (SELECT coalesce(sum(e.amount), 0)::text FROM transactions r JOIN entries e ON e.transaction_id = r.id
           WHERE r.reverses_transaction_id = t.id AND e.amount > 0) AS "reversedAmount",
         (SELECT coalesce(json_agg(json_build_object('accountId', e.account_id, 'amount', e.amount::text)
                   ORDER BY e.amount, e.account_id), '[]')
            FROM entries e WHERE e.transaction_id = t.id) AS entries
    FROM transactions t`;

export async function findTransaction(ex: Executor, id: string): Promise<TransactionRow | undefined> {
  const [row] = await rows<TransactionRow>(ex, sql`${SELECT_TRANSACTION} WHERE t.id = ${id}`);
  return row;
}

export interface TransactionFilter {
  accountId?: string | undefined;
  kind?: TransactionColumns['kind'] | undefined;
  /** occurredAt >= from */
  from?: Date | undefined;
  /** occurredAt < to */
  to?: Date | undefined;
  beforeId?: string | undefined;
  limit: number;
}

export async function listTransactions(ex: Executor, f: TransactionFilter): Promise<TransactionRow[]> {
  const where = [sql`true`];
  if (f.accountId) {
    where.push(sql`t.id IN (SELECT e.transaction_id FROM entries e WHERE e.account_id = ${f.accountId})`);
  }
  if (f.kind) where.push(sql`t.kind = ${f.kind}`);
  if (f.from) where.push(sql`t.occurred_at >= ${f.from.toISOString()}::timestamptz`);
  if (f.to) where.push(sql`t.occurred_at < ${f.to.toISOString()}::timestamptz`);
  if (f.beforeId) where.push(sql`t.id < ${f.beforeId}`);
  return rows<TransactionRow>(
    ex,
    sql`${SELECT_TRANSACTION} WHERE ${sql.join(where, sql` AND `)} ORDER BY t.id DESC LIMIT ${f.limit}`,
  );
}

/** The original a reversal refers to, locked so that two racing reversals take turns. */
export async function lockTransactionForReversal(
  ex: Executor,
  id: string,
): Promise<Pick<TransactionColumns, 'kind' | 'categoryCode'> | undefined> {
  const [row] = await rows<Pick<TransactionColumns, 'kind' | 'categoryCode'>>(
    ex,
    sql`SELECT kind, category_code AS "categoryCode" FROM transactions WHERE id = ${id} FOR UPDATE`,
  );
  return row;
}

/** One posting's answer from ledger_post_batch: when it was recorded, or why it was refused. */
export type BatchedResult =
  | { ok: true; recordedAt: string }
  | { ok: false; code: string; detail: string | null; message: string };

/**
 * Writes independent postings with one ledger_post_batch call
 * (sql/functions/ledger_post_batch.sql, which ledger_post also runs): the database checks
 * each, writes those it accepts, and says why it refused the others. `now`: as for
 * insertPosting, one time for the whole call.
 */
export async function insertPostings(ex: Executor, records: readonly PostingRecord[], now: Date): Promise<BatchedResult[]> {
  const legs = records.flatMap((p, i) => p.legs.map((l) => ({ posting: String(i + 1), ...l })));
  const text = arrayLiteral;
  const json = (values: readonly unknown[]) => text(values.map((v) => (v === undefined || v === null ? null : JSON.stringify(v))));
  const found = await rows<{ posting: number; recordedAt: string | null; code: string | null; detail: string | null; message: string | null }>(
    ex,
    sql`SELECT r.posting, ${iso(sql`r.recorded_at`)} AS "recordedAt", r.error_code AS code, r.error_detail AS detail,
               r.error_message AS message
          FROM ledger_post_batch(
            ${text(records.map((p) => p.id))}::text[], ${text(records.map((p) => p.kind))}::text[],
            ${text(records.map((p) => p.occurredAt?.toISOString() ?? null))}::timestamptz[],
            ${text(records.map((p) => p.description))}::text[], ${text(records.map((p) => p.reference))}::text[],
            ${text(records.map((p) => p.categoryCode))}::text[], ${json(records.map((p) => p.metadata))}::jsonb[],
            ${json(records.map((p) => p.receipt))}::jsonb[], ${text(records.map((p) => p.postedByKeyId))}::text[],
            ${text(records.map((p) => p.postedByRole))}::text[],
            ${text(legs.map((l) => l.posting))}::int[], ${text(legs.map((l) => l.accountId))}::text[],
            ${text(legs.map((l) => l.amountMinor.toString()))}::bigint[], ${text(legs.map((l) => l.kinds.join('|')))}::text[],
            p_now => ${now.toISOString()}::timestamptz) r
         ORDER BY r.posting`,
    'post_batch',
  );
  if (found.length !== records.length) throw new Error(`ledger_post_batch answered ${found.length} of ${records.length} postings`);
  return found.map((r) => {
    if (r.code !== null) return { ok: false, code: r.code, detail: r.detail, message: r.message ?? 'refused' };
    if (r.recordedAt === null) throw new Error(`ledger_post_batch answered posting ${r.posting} with neither a time nor a refusal`);
    return { ok: true, recordedAt: r.recordedAt };
  });
}
