/**
 * The events outbox's SQL (issue 16): numbering what the triggers wrote into `events` in
 * commit order, the feed's pages, hold expiry, balance monitors and retention.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Executor, rows } from './client.js';
import { money } from './journal.js';
import { arrayLiteral, iso } from './sql.js';

/** One event sequencer at a time, across every instance (apart from the journal's, so neither waits on the other). */
const EVENT_SEQUENCER_LOCK_KEY = 7_305_016;

/** The channel the sequencer notifies with the newest seq: it wakes long-polls and deliveries everywhere. */
export const EVENTS_CHANNEL = 'timebank_events';

/** A hold expires at most 7 days after it is made; expiry events are looked for this far back. */
const HOLD_EXPIRY_LOOKBACK = '8 days';

export async function lockEventSequencer(ex: Executor, wait: boolean): Promise<boolean> {
  if (wait) {
    await ex.execute(sql`SELECT pg_advisory_xact_lock(${EVENT_SEQUENCER_LOCK_KEY})`);
    return true;
  }
  const [row] = await rows<{ locked: boolean }>(ex, sql`SELECT pg_try_advisory_xact_lock(${EVENT_SEQUENCER_LOCK_KEY}) AS locked`);
  return row?.locked === true;
}

/**
 * Writes hold.expired for pending holds the service clock has passed, once each: expiry is
 * not a write, so no trigger sees it.
 */
export async function outboxExpiredHolds(ex: Executor, now: Date): Promise<void> {
  const at = sql`${now.toISOString()}::timestamptz`;
  await ex.execute(sql`INSERT INTO event_outbox (type, resource_id, created_at)
    SELECT 'hold.expired', h.id, h.expires_at FROM holds h
     WHERE h.status = 'pending' AND h.expires_at <= ${at} AND h.expires_at > ${at} - ${HOLD_EXPIRY_LOOKBACK}::interval
       AND NOT EXISTS (SELECT 1 FROM events e WHERE e.resource_id = h.id AND e.type = 'hold.expired')
       AND NOT EXISTS (SELECT 1 FROM event_outbox o WHERE o.resource_id = h.id AND o.type = 'hold.expired')`);
}

const holdJson = sql`json_build_object('id', h.id, 'accountId', h.account_id, 'merchantAccountId', h.merchant_account_id,
  'amount', ${money(sql`h.amount`)}, 'status', CASE n.type WHEN 'hold.created' THEN 'pending' ELSE substr(n.type, 6) END,
  'capturedAmount', CASE WHEN n.type = 'hold.captured' THEN ${money(sql`h.captured_amount`)} END,
  'transactionId', CASE WHEN n.type = 'hold.captured' THEN h.transaction_id END,
  'description', h.description, 'expiresAt', ${iso(sql`h.expires_at`)})`;

const transactionJson = sql`json_build_object('id', t.id, 'kind', t.kind, 'occurredAt', ${iso(sql`t.occurred_at`)},
  'recordedAt', ${iso(sql`t.recorded_at`)}, 'description', t.description, 'reference', t.reference,
  'category', t.category_code, 'reversesTransactionId', t.reverses_transaction_id, 'holdId', t.hold_id, 'metadata', t.metadata,
  'entries', te.entries)`;

/**
 * Numbers up to `limit` outbox rows after the newest event, in the order they are read
 * (committed rows only: a row whose transaction commits later is numbered later), and
 * builds what each event says. Inside the sequencer's transaction, under its lock. Returns
 * the seqs written, lowest first. Every lookup is by key: it runs ten times a second, and
 * at 2,000 postings/s its cost is what the outbox costs the postings (bench: events).
 */
export async function sequenceOutbox(ex: Executor, now: Date, limit: number): Promise<{ first: string; last: string } | undefined> {
  const [row] = await rows<{ first: string | null; last: string | null }>(
    ex,
    sql`WITH batch AS (
          DELETE FROM event_outbox WHERE id = ANY (ARRAY(SELECT id FROM event_outbox ORDER BY id LIMIT ${limit}))
          RETURNING id, type, resource_id, data, created_at),
        head AS (SELECT coalesce((SELECT seq FROM events ORDER BY seq DESC LIMIT 1), 0) AS seq),
        n AS (SELECT b.*, head.seq + row_number() OVER (ORDER BY b.id) AS seq FROM batch b CROSS JOIN head),
        written AS (
          INSERT INTO events (seq, type, resource_id, account_ids, category_code, data, occurred_at, sequenced_at)
          SELECT n.seq, n.type, n.resource_id,
                 CASE WHEN t.id IS NOT NULL THEN te.account_ids
                      WHEN h.id IS NOT NULL THEN ARRAY[h.account_id, h.merchant_account_id]
                      WHEN a.id IS NOT NULL THEN ARRAY[a.id]
                      WHEN n.data ? 'accountId' THEN ARRAY[n.data->>'accountId']
                      ELSE '{}'::text[] END,
                 t.category_code,
                 CASE WHEN t.id IS NOT NULL THEN jsonb_build_object('transaction', ${transactionJson})
                      WHEN h.id IS NOT NULL THEN jsonb_build_object('hold', ${holdJson})
                      WHEN a.id IS NOT NULL THEN jsonb_build_object('account',
                        json_build_object('id', a.id, 'code', a.code, 'kind', a.kind, 'status', substr(n.type, 9)))
                      ELSE coalesce(n.data, '{}'::jsonb) END,
                 CASE WHEN t.id IS NOT NULL THEN t.recorded_at ELSE n.created_at END,
                 ${now.toISOString()}::timestamptz
            FROM n
            LEFT JOIN transactions t ON n.type = 'transaction.posted' AND t.id = n.resource_id
            -- One read of the transaction's entries for both the scope and the body.
            LEFT JOIN LATERAL (
              SELECT array_agg(DISTINCT e.account_id) AS account_ids,
                     json_agg(json_build_object('accountId', e.account_id, 'amount', ${money(sql`e.amount`)}) ORDER BY e.id) AS entries
                FROM entries e WHERE e.transaction_id = t.id) te ON t.id IS NOT NULL
            -- Looked up one by one (LATERAL, LIMIT 1 so the planner cannot flatten it into a
            -- join): joined plainly, the planner hashed the whole accounts table every round,
            -- ~8 ms at 10,000 accounts and growing with them.
            LEFT JOIN LATERAL (SELECT h.* FROM holds h WHERE n.type LIKE 'hold.%' AND h.id = n.resource_id LIMIT 1) h ON true
            LEFT JOIN LATERAL (SELECT a.id, a.code, a.kind FROM accounts a WHERE n.type LIKE 'account.%' AND a.id = n.resource_id LIMIT 1) a ON true
          RETURNING seq)
        SELECT min(seq)::text AS first, max(seq)::text AS last FROM written`,
  );
  if (!row?.first || !row.last) return undefined;
  return { first: row.first, last: row.last };
}

/** An event the service itself raises (an endpoint disabled, a monitor fired), numbered with the rest. */
export async function outboxEvent(ex: Executor, type: string, resourceId: string, data: Record<string, unknown>, at: Date): Promise<void> {
  await ex.execute(sql`INSERT INTO event_outbox (type, resource_id, data, created_at)
    VALUES (${type}, ${resourceId}, ${JSON.stringify(data)}::jsonb, ${at.toISOString()}::timestamptz)`);
}

/**
 * Balance monitors on the accounts events (first, last] touched: each one's available
 * balance (balance less pending, unexpired holds) against its threshold. A monitor that
 * crossed writes balance.crossed, once; one that came back re-arms silently.
 */
export async function evaluateMonitors(ex: Executor, first: string, last: string, now: Date): Promise<number> {
  const [any] = await rows<{ any: boolean }>(ex, sql`SELECT EXISTS (SELECT 1 FROM balance_monitors) AS any`);
  if (!any?.any) return 0;
  const at = sql`${now.toISOString()}::timestamptz`;
  const fired = await rows<{ id: string }>(
    ex,
    sql`WITH touched AS (
          SELECT DISTINCT unnest(account_ids) AS account_id FROM events WHERE seq BETWEEN ${first}::bigint AND ${last}::bigint),
        seen AS (
          SELECT m.id, m.account_id, m.direction, m.threshold, m.beyond, v.available,
                 CASE m.direction WHEN 'below' THEN v.available < m.threshold ELSE v.available > m.threshold END AS now_beyond
            FROM balance_monitors m JOIN touched USING (account_id),
                 LATERAL (SELECT (SELECT coalesce(sum(b.balance), 0) FROM account_balances b WHERE b.account_id = m.account_id)
                               - (SELECT coalesce(sum(h.amount), 0) FROM holds h WHERE h.account_id = m.account_id
                                     AND h.status = 'pending' AND h.expires_at > ${at}) AS available) v),
        flipped AS (
          UPDATE balance_monitors bm SET beyond = s.now_beyond FROM seen s
           WHERE bm.id = s.id AND bm.beyond IS DISTINCT FROM s.now_beyond
          RETURNING bm.id, s.account_id, s.direction, s.threshold, s.available, s.now_beyond),
        outbox AS (
          INSERT INTO event_outbox (type, resource_id, data, created_at)
          SELECT 'balance.crossed', f.id,
                 jsonb_build_object('monitor', jsonb_build_object('id', f.id, 'accountId', f.account_id, 'direction', f.direction,
                   'threshold', ${money(sql`f.threshold`)}), 'accountId', f.account_id, 'available', ${money(sql`f.available`)}),
                 ${at}
            FROM flipped f WHERE f.now_beyond
          RETURNING id)
        SELECT id::text FROM outbox`,
  );
  return fired.length;
}

/** Tells every instance listening that events up to `seq` exist. */
export async function notifyEvents(ex: Executor, seq: string): Promise<void> {
  await ex.execute(sql`SELECT pg_notify(${EVENTS_CHANNEL}, ${seq})`);
}

export interface EventRow {
  seq: string;
  type: string;
  resourceId: string;
  data: Record<string, unknown>;
  occurredAt: string;
}

/**
 * Who sees which events: every one, those touching one of some accounts, or those in an
 * earning category; and what a subscriber asked for on top (types, accounts, categories).
 */
export interface EventFilter {
  touching?: readonly string[] | undefined;
  withCategory?: boolean | undefined;
  types?: readonly string[] | undefined;
  accountIds?: readonly string[] | undefined;
  categoryCodes?: readonly string[] | undefined;
}

function filterSql(f: EventFilter): SQL[] {
  const where: SQL[] = [];
  if (f.touching) where.push(sql`e.account_ids && ${arrayLiteral(f.touching)}::text[]`);
  if (f.withCategory) where.push(sql`e.category_code IS NOT NULL`);
  if (f.types && f.types.length > 0) where.push(sql`e.type = ANY(${arrayLiteral(f.types)}::text[])`);
  if (f.accountIds && f.accountIds.length > 0) where.push(sql`e.account_ids && ${arrayLiteral(f.accountIds)}::text[]`);
  if (f.categoryCodes && f.categoryCodes.length > 0) where.push(sql`e.category_code = ANY(${arrayLiteral(f.categoryCodes)}::text[])`);
  return where;
}

/**
 * Events after `afterSeq` that pass the filter, oldest first, looking at no more than
 * `scanMax` seqs; `scannedThrough` is how far it looked, so a caller whose filter matches
 * little still moves forward.
 *
 * One statement, so one snapshot: the page and how far it looked must see the same events.
 * Read apart, a sequencer commit between them made "how far" pass events the page had not
 * seen, and callers moving their cursor there skipped those events for good (a webhook
 * endpoint never got them; the bench's steady receiver lost ~80 of 5,064 at 500/s).
 */
export async function eventsAfter(
  ex: Executor,
  afterSeq: bigint,
  f: EventFilter,
  limit: number,
  scanMax: number,
): Promise<{ events: EventRow[]; scannedThrough: string }> {
  const after = sql`${afterSeq.toString()}::bigint`;
  const through = sql`${(afterSeq + BigInt(scanMax)).toString()}::bigint`;
  const where = [sql`e.seq > ${after}`, sql`e.seq <= ${through}`, ...filterSql(f)];
  const [result] = await rows<{ events: EventRow[]; head: string }>(
    ex,
    sql`WITH page AS (
          SELECT e.seq::text AS seq, e.type, e.resource_id AS "resourceId", e.data, ${iso(sql`e.occurred_at`)} AS "occurredAt"
            FROM events e WHERE ${sql.join(where, sql` AND `)} ORDER BY e.seq LIMIT ${limit})
        SELECT coalesce((SELECT json_agg(page ORDER BY page.seq::bigint) FROM page), '[]'::json) AS events,
               (SELECT coalesce(max(e.seq), ${after})::text FROM events e WHERE e.seq > ${after} AND e.seq <= ${through}) AS head`,
  );
  const events = result?.events ?? [];
  // A full page: the next read starts after its last event, whatever lies beyond it.
  if (events.length === limit) return { events, scannedThrough: events[events.length - 1]!.seq };
  return { events, scannedThrough: result?.head ?? afterSeq.toString() };
}

export async function eventBySeq(ex: Executor, seq: bigint): Promise<EventRow | undefined> {
  const [row] = await rows<EventRow>(
    ex,
    sql`SELECT e.seq::text AS seq, e.type, e.resource_id AS "resourceId", e.data, ${iso(sql`e.occurred_at`)} AS "occurredAt"
          FROM events e WHERE e.seq = ${seq.toString()}::bigint`,
  );
  return row;
}

export async function eventsHead(ex: Executor): Promise<string> {
  const [row] = await rows<{ seq: string }>(ex, sql`SELECT coalesce((SELECT seq FROM events ORDER BY seq DESC LIMIT 1), 0)::text AS seq`);
  return row?.seq ?? '0';
}

/**
 * Forgets events sequenced before `before`, and delivery attempts made before it, but
 * always keeps the newest event: the next seq follows it.
 */
export async function purgeEvents(ex: Executor, before: Date): Promise<number> {
  const at = sql`${before.toISOString()}::timestamptz`;
  await ex.execute(sql`DELETE FROM webhook_attempts WHERE attempted_at < ${at}`);
  const gone = await rows<{ n: number }>(
    ex,
    sql`WITH gone AS (DELETE FROM events WHERE sequenced_at < ${at}
                        AND seq < (SELECT seq FROM events ORDER BY seq DESC LIMIT 1) RETURNING 1)
        SELECT count(*)::int AS n FROM gone`,
  );
  return gone[0]?.n ?? 0;
}
