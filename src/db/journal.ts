import { type SQL, sql } from 'drizzle-orm';
import { type Executor, rows } from './client.js';
import { arrayLiteral, iso } from './sql.js';
import type { TransactionRow } from './transactions.js';

/** One sequencer at a time, across every instance of the service. */
const SEQUENCER_LOCK_KEY = 7_305_002;

/** With `wait`, queues behind a running sequencer; without, gives up at once (false). */
export async function lockSequencer(ex: Executor, wait: boolean): Promise<boolean> {
  if (wait) {
    await ex.execute(sql`SELECT pg_advisory_xact_lock(${SEQUENCER_LOCK_KEY})`);
    return true;
  }
  const [row] = await rows<{ locked: boolean }>(ex, sql`SELECT pg_try_advisory_xact_lock(${SEQUENCER_LOCK_KEY}) AS locked`);
  return row?.locked === true;
}

export async function journalHead(ex: Executor): Promise<{ seq: string; hash: string } | undefined> {
  const [row] = await rows<{ seq: string; hash: string }>(ex, sql`SELECT j.seq::text AS seq, j.hash FROM journal j ORDER BY j.seq DESC LIMIT 1`);
  return row;
}

/**
 * What a transaction's hash covers, read from `t`, with its entries. The sequencer and
 * every journal read run behind or across the whole journal, so they read only this: not
 * the full read's reversedAmount, which is derived later and is not hashed.
 */
const HASHED_COLUMNS = sql`
  t.id, t.kind, ${iso(sql`t.occurred_at`)} AS "occurredAt", ${iso(sql`t.recorded_at`)} AS "recordedAt",
  t.description, t.reference, t.category_code AS "categoryCode",
  t.reverses_transaction_id AS "reversesTransactionId", t.hold_id AS "holdId", t.metadata, t.receipt,
  t.posted_by_key_id AS "postedByKeyId", t.posted_by_role AS "postedByRole", '0' AS "reversedAmount",
  (SELECT json_agg(json_build_object('accountId', e.account_id, 'amount', e.amount::text) ORDER BY e.amount, e.account_id)
     FROM entries e WHERE e.transaction_id = t.id) AS entries`;

/**
 * Committed, unsequenced transactions, oldest first, with what their hash covers. Inside
 * the sequencer's own transaction. The queue is short and the journal long: when the queue
 * grew under load, the planner sorted every transaction instead, with parallel workers
 * taking a quarter of the machine, so this reads the queue and looks each one up by key.
 */
export async function queuedTransactions(ex: Executor, limit: number): Promise<TransactionRow[]> {
  await ex.execute(
    sql`SELECT set_config('enable_seqscan', 'off', true), set_config('enable_hashjoin', 'off', true),
               set_config('enable_mergejoin', 'off', true), set_config('max_parallel_workers_per_gather', '0', true)`,
  );
  return rows<TransactionRow>(
    ex,
    sql`WITH next AS (
          SELECT t.id FROM journal_queue q JOIN transactions t ON t.id = q.transaction_id
           ORDER BY t.recorded_at, t.id LIMIT ${limit})
        SELECT ${HASHED_COLUMNS}
          FROM next JOIN transactions t ON t.id = next.id
         ORDER BY t.recorded_at, t.id`,
  );
}

export async function appendJournal(
  ex: Executor,
  items: { seq: bigint; transactionId: string; prevHash: string; hash: string }[],
): Promise<void> {
  if (items.length === 0) return;
  const ids = items.map((i) => i.transactionId);
  await ex.execute(sql`INSERT INTO journal (seq, transaction_id, prev_hash, hash)
    SELECT * FROM unnest(${arrayLiteral(items.map((i) => i.seq.toString()))}::bigint[], ${arrayLiteral(ids)}::text[],
                         ${arrayLiteral(items.map((i) => i.prevHash))}::text[], ${arrayLiteral(items.map((i) => i.hash))}::text[])`);
  await ex.execute(sql`DELETE FROM journal_queue WHERE transaction_id = ANY(${arrayLiteral(ids)}::text[])`);
}

export interface JournalRow extends TransactionRow {
  seq: string;
  prevHash: string;
  hash: string;
}

export interface JournalFilter {
  /** seq > afterSeq */
  afterSeq?: bigint | undefined;
  /** occurredAt >= from */
  from?: Date | undefined;
  /** occurredAt < to */
  to?: Date | undefined;
}

/** Journal rows (j) in (afterSeq, throughSeq] whose transaction (t) is in the filter's window. */
function seqRange(f: JournalFilter, afterSeq: bigint, throughSeq?: bigint): SQL {
  const where = [sql`j.seq > ${afterSeq.toString()}::bigint`];
  if (throughSeq !== undefined) where.push(sql`j.seq <= ${throughSeq.toString()}::bigint`);
  if (f.from) where.push(sql`t.occurred_at >= ${f.from.toISOString()}::timestamptz`);
  if (f.to) where.push(sql`t.occurred_at < ${f.to.toISOString()}::timestamptz`);
  return sql.join(where, sql` AND `);
}

/** A page of the journal in sequence order, after a given seq (and up to one, if given). */
export async function journalPage(ex: Executor, f: JournalFilter, afterSeq: bigint, limit: number, throughSeq?: bigint): Promise<JournalRow[]> {
  return rows<JournalRow>(
    ex,
    sql`SELECT ${HASHED_COLUMNS}, j.seq::text AS seq, j.prev_hash AS "prevHash", j.hash
          FROM journal j
          JOIN transactions t ON t.id = j.transaction_id
         WHERE ${seqRange(f, afterSeq, throughSeq)}
         ORDER BY j.seq LIMIT ${limit}`,
  );
}

/**
 * Minor units as text the way formatMinor (src/ledger/money.ts, where money is formatted)
 * writes them: "12.50", "-0.05". The one copy of that rule outside TypeScript, kept because
 * the jsonl export is written by the database (journalJsonlPage); test/audit/export-lines.test.ts
 * holds the bytes equal to hashedContent's.
 */
export const money = (column: SQL) =>
  sql`(CASE WHEN ${column} < 0 THEN '-' ELSE '' END || (abs(${column}) / 100)::text || '.' || lpad((abs(${column}) % 100)::text, 2, '0'))`;

/**
 * Numbers JSON.stringify writes with an exponent (1e+21, 5e-7): PostgreSQL writes them out in
 * full (1000000000000000000000, 0.0000005), which parses to the same value in JavaScript
 * but not everywhere (Python reads the first as an integer and hashes it differently).
 */
const EXPONENT_NUMBERS = `strict $.** ? (@.type() == "number" && (@ >= 1e21 || @ <= -1e21 || (@ != 0 && @ > -0.000001 && @ < 0.000001)))`;

/** Lines per piece of a jsonl page (see journalJsonlPage). */
const JSONL_PIECE_LINES = 100;

/**
 * The jsonl lines of the journal in (afterSeq, throughSeq], each written by the database:
 * the same object as `{...hashedContent(seq, row), hash, prevHash}` (entries sorted as
 * hashedContent sorts them, by account then amount text, byte order), with whitespace of
 * PostgreSQL's choosing. A million-line export spent most of its time turning rows into
 * objects and back into JSON in the service; here the service only passes the text on.
 * `exponents` counts the transactions whose metadata or receipt hold a number JavaScript
 * writes with an exponent: such a page must be written by the service instead.
 * test/audit/export-lines.test.ts holds the two forms equal.
 */
export async function journalJsonlPage(
  ex: Executor,
  f: JournalFilter,
  afterSeq: bigint,
  throughSeq: bigint,
): Promise<{ texts: string[]; exponents: number }> {
  const amount = money(sql`e.amount`);
  // In pieces of JSONL_PIECE_LINES lines (about 65 kB): a string over 128 kB is born in V8's
  // large-object space, which only a full collection frees, and a long export's heap then
  // grows (bench/results/2026-12-06-figures-from-comments.md).
  const pieces = await rows<{ text: string; exponents: number }>(
    ex,
    sql`SELECT string_agg(p.line, E'\n' ORDER BY p.seq) || E'\n' AS text, count(*) FILTER (WHERE p.exponents)::int AS exponents
          FROM (SELECT j.seq,
                       jsonb_path_exists(t.metadata, ${EXPONENT_NUMBERS}::jsonpath)
                         OR coalesce(jsonb_path_exists(t.receipt, ${EXPONENT_NUMBERS}::jsonpath), false) AS exponents,
                       (SELECT row_to_json(x)::text FROM (SELECT
                  j.seq::text AS seq, t.id, t.kind, ${iso(sql`t.occurred_at`)} AS "occurredAt", ${iso(sql`t.recorded_at`)} AS "recordedAt",
                  t.description, t.reference, t.category_code AS category, t.reverses_transaction_id AS "reversesTransactionId",
                  t.hold_id AS "holdId", t.metadata, t.receipt,
                  json_build_object('keyId', t.posted_by_key_id, 'role', t.posted_by_role) AS "postedBy",
                  (SELECT json_agg(json_build_object('accountId', e.account_id, 'amount', ${amount})
                                   ORDER BY e.account_id COLLATE "C", ${amount} COLLATE "C")
                     FROM entries e WHERE e.transaction_id = t.id) AS entries,
                  j.hash, j.prev_hash AS "prevHash") x) AS line
                  FROM journal j
                  JOIN transactions t ON t.id = j.transaction_id
                 WHERE ${seqRange(f, afterSeq, throughSeq)}) p
         GROUP BY (p.seq - ${afterSeq.toString()}::bigint - 1) / ${JSONL_PIECE_LINES}
         ORDER BY min(p.seq)`,
  );
  return { texts: pieces.map((p) => p.text), exponents: pieces.reduce((n, p) => n + p.exponents, 0) };
}

/** A page of the journal in effective-time order (occurredAt, id), for a dated accounting journal. */
export async function journalPageByTime(
  ex: Executor,
  f: JournalFilter,
  after: { occurredAt: string; id: string } | undefined,
  limit: number,
): Promise<JournalRow[]> {
  const where = [sql`true`];
  if (f.from) where.push(sql`t.occurred_at >= ${f.from.toISOString()}::timestamptz`);
  if (f.to) where.push(sql`t.occurred_at < ${f.to.toISOString()}::timestamptz`);
  if (f.afterSeq !== undefined) where.push(sql`j.seq > ${f.afterSeq.toString()}::bigint`);
  if (after) where.push(sql`(t.occurred_at, t.id) > (${after.occurredAt}::timestamptz, ${after.id})`);
  return rows<JournalRow>(
    ex,
    sql`SELECT ${HASHED_COLUMNS}, j.seq::text AS seq, j.prev_hash AS "prevHash", j.hash
          FROM transactions t
          JOIN journal j ON j.transaction_id = t.id
         WHERE ${sql.join(where, sql` AND `)}
         ORDER BY t.occurred_at, t.id LIMIT ${limit}`,
  );
}

/**
 * How far the sequencer is behind: committed transactions not yet numbered, and how long
 * the oldest of them has waited (0 when none).
 */
export async function journalLag(ex: Executor): Promise<{ queued: number; seconds: number }> {
  const [row] = await rows<{ queued: number; seconds: number }>(
    ex,
    sql`SELECT (SELECT count(*)::int FROM journal_queue) AS queued,
               coalesce((SELECT extract(epoch FROM clock_timestamp() - t.recorded_at)::float8
                           FROM journal_queue q JOIN transactions t ON t.id = q.transaction_id
                          ORDER BY t.recorded_at LIMIT 1), 0) AS seconds`,
  );
  return row ?? { queued: 0, seconds: 0 };
}
