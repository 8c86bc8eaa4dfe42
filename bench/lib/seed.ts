import type pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { CHECKPOINT_EVERY_ENTRIES } from '../../src/services/checkpoints.js';
import { type Api, mapLimit } from './api.js';

/** The seeded issuance account of the category the openings and the long histories use. */
export const OPENING_CATEGORY = 'public_labour';
/** The batch endpoint's ceiling. */
const EARNING_BATCH_MAX = 1000;

export type Log = (line: string) => void;

/** Opens accounts through the API, `concurrency` requests in flight; returns their ids. */
export async function openAccounts(
  api: Api,
  kind: 'member' | 'merchant',
  codes: readonly string[],
  concurrency: number,
): Promise<string[]> {
  return mapLimit(codes, concurrency, async (code) => {
    const account = await api.post<{ id: string }>('/v1/accounts', { code, name: `${kind} ${code}`, kind });
    return account.id;
  });
}

/**
 * Opens many members at once through ledger_open_account (the function the service's own
 * account opening calls), with `shards` balance rows each, as the service gives a member.
 * Ids have the service's shape: acct_ + 10 characters of time + 16 of sequence.
 */
export async function openMembersBySql(client: pg.Client, codes: readonly string[], shards: number): Promise<string[]> {
  const prefix = `acct_${encodeTime(Date.now())}`;
  const ids = codes.map((_, i) => `${prefix}${String(i + 1).padStart(16, '0')}`);
  await client.query(
    `SELECT count(ledger_open_account(id, code, 'member ' || code, 'member', '{}'::jsonb, $3::smallint))
       FROM unnest($1::text[], $2::text[]) AS a(id, code)`,
    [ids, codes, shards],
  );
  return ids;
}

/** How many balance rows the service gave this account. */
export async function balanceShards(client: pg.Client, accountId: string): Promise<number> {
  const { rows } = await client.query<{ shards: number }>('SELECT balance_shards AS shards FROM accounts WHERE id = $1', [accountId]);
  const shards = rows[0]?.shards;
  if (shards === undefined) throw new Error(`account ${accountId} does not exist`);
  return shards;
}

/** Credits every account `amount` points through POST /v1/earnings/batch, 1000 at a time. */
export async function creditOpenings(api: Api, accountIds: readonly string[], amount: string): Promise<void> {
  // One batch at a time: concurrent batches all draw on the same issuance rows and would
  // only wait for each other (or deadlock and be retried).
  for (let i = 0; i < accountIds.length; i += EARNING_BATCH_MAX) {
    const items = accountIds
      .slice(i, i + EARNING_BATCH_MAX)
      .map((accountId) => ({ accountId, amount, category: OPENING_CATEGORY, description: 'opening points' }));
    await api.post('/v1/earnings/batch', { items });
  }
}

/** Crockford base32 of a millisecond time, 10 characters: the time part of a service id. */
function encodeTime(ms: number): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let out = '';
  let t = ms;
  for (let i = 0; i < 10; i++) {
    out = alphabet[t % 32] + out;
    t = Math.floor(t / 32);
  }
  return out;
}

export interface HistorySpec {
  /** The member that gets `entries` entries, one per transaction. */
  accountId: string;
  entries: number;
  /** Transaction i takes effect at start + i ms (distinct instants, so checkpoints can cut between them). */
  start: Date;
  /** Where the earnings come from and the redemptions go. */
  issuanceAccountId: string;
  sinkMerchantId: string;
}

/**
 * The triggers a bulk history skips, with what this writer does in their place. Each runs
 * per row and would make a million postings take many minutes; every other trigger (the
 * set-wise balance update, the journal queue, the append-only guards, and any added later)
 * still fires.
 */
const BYPASSED_TRIGGERS = [
  { table: 'entries', name: 'entries_balanced', instead: 'one set-based check that every transaction sums to zero' },
  { table: 'transactions', name: 'transactions_balanced', instead: 'the same set-based check' },
] as const;

/**
 * md5 of the trigger functions' source when this writer was checked against them. A
 * change is reported, not refused: read the new function and update writeHistory.
 */
const KNOWN_FUNCTION_SOURCES: Record<string, string> = {
  ledger_check_balanced: '2709f4849311fa81fb7348c37eca3cbd',
};

const ENABLE_CLAUSE: Record<string, string> = { O: 'ENABLE TRIGGER', A: 'ENABLE ALWAYS TRIGGER', R: 'ENABLE REPLICA TRIGGER', D: 'DISABLE TRIGGER' };

/**
 * Writes long account histories fast: alternating earnings (+2.00 from the issuance account)
 * and redemptions (-1.00 to a sink merchant), each a two-legged transaction, with set-based
 * SQL, `chunk` transactions per database transaction. What ledger_post and the per-row
 * check would have done is done set-wise: legs on the shard ledger_post would pick (a
 * member's debit on row 0, a credit to a multi-row account on some row), every
 * transaction checked to sum to zero; the entry trigger moves the balances and counts the
 * entries towards checkpoints, as it does for every posting. After
 * each chunk, `between` runs (the caller lets the journal sequencer catch up there, so
 * that it works on a short queue, as it does in service).
 */
export async function writeHistory(
  client: pg.Client,
  specs: readonly HistorySpec[],
  options: { chunk: number; between: () => Promise<void> },
  log: Log,
): Promise<void> {
  const sources = await client.query<{ proname: string; md5: string }>(
    `SELECT proname, md5(prosrc) AS md5 FROM pg_proc WHERE proname = ANY($1::text[])`,
    [Object.keys(KNOWN_FUNCTION_SOURCES)],
  );
  for (const [name, known] of Object.entries(KNOWN_FUNCTION_SOURCES)) {
    const now = sources.rows.find((r) => r.proname === name)?.md5;
    if (now !== known) log(`warning: ${name} changed since bench/lib/seed.ts was written; check that writeHistory still matches it`);
  }
  const nowMs = Date.now();
  let chunks = 0;
  for (const [n, spec] of specs.entries()) {
    const started = Date.now();
    const idPrefix = `txn_${encodeTime(nowMs + n)}`;
    for (let from = 1; from <= spec.entries; from += options.chunk) {
      const to = Math.min(spec.entries, from + options.chunk - 1);
      await inTransactionRetried(client, log, () => writeChunk(client, spec, idPrefix, from, to));
      // Fresh statistics, as autovacuum would keep them: the sequencer's batch query plans
      // from the queue's size (a short queue: from the queue; a long one: sorting every
      // transaction), and the growing tables need their counts.
      await client.query('ANALYZE journal_queue').catch(() => undefined);
      if (++chunks % 8 === 1) {
        await client.query('ANALYZE transactions');
        await client.query('ANALYZE entries');
      }
      await options.between();
    }
    log(`  history: ${spec.entries.toLocaleString('en-US')} entries on ${spec.accountId} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

/** Runs `work` in a database transaction; a deadlock with a background job is retried. */
async function inTransactionRetried(client: pg.Client, log: Log, work: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.query('BEGIN');
      await work();
      await client.query('COMMIT');
      return;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      const code = (error as { code?: string }).code;
      if ((code === '40P01' || code === '40001') && attempt < 10) {
        log('  history: a deadlock with a background job; trying again');
        continue;
      }
      throw error;
    }
  }
}

/** One chunk of a history, transactions [from, to], inside the caller's database transaction. */
async function writeChunk(client: pg.Client, spec: HistorySpec, idPrefix: string, from: number, to: number): Promise<void> {
  const accounts = [spec.accountId, spec.issuanceAccountId, spec.sinkMerchantId];
  // Lock order: the balance rows first, in ledger_post's order (account, shard), as the
  // checkpointer does; then the tables. A background job then waits for us, not we for it
  // while it waits for us.
  await client.query('SELECT 1 FROM account_balances WHERE account_id = ANY($1::text[]) ORDER BY account_id, shard FOR UPDATE', [accounts]);
  await client.query('LOCK TABLE transactions, entries IN ACCESS EXCLUSIVE MODE');

  const triggers = await client.query<{ table: string; name: string; enabled: string }>(
    `SELECT c.relname AS table, t.tgname AS name, t.tgenabled AS enabled
       FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      WHERE NOT t.tgisinternal AND (c.relname, t.tgname) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [BYPASSED_TRIGGERS.map((t) => t.table), BYPASSED_TRIGGERS.map((t) => t.name)],
  );
  for (const t of BYPASSED_TRIGGERS) {
    if (!triggers.rows.some((r) => r.table === t.table && r.name === t.name)) {
      throw new Error(`trigger ${t.name} on ${t.table} no longer exists: update writeHistory in bench/lib/seed.ts`);
    }
  }
  // Replica mode skips the foreign-key checks (every reference is made right here) and any
  // trigger enabled for origin only; so it is used only while there is none such.
  const originOnly = await client.query<{ n: string }>(
    `SELECT count(*) AS n FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      WHERE NOT t.tgisinternal AND t.tgenabled = 'O'
        AND c.relname IN ('transactions', 'entries', 'account_balances', 'journal_queue')`,
  );
  if (Number(originOnly.rows[0]?.n ?? 1) === 0) await client.query('SET LOCAL session_replication_role = replica');
  for (const t of triggers.rows) await client.query(`ALTER TABLE ${t.table} DISABLE TRIGGER ${t.name}`);

  await writeOne(client, spec, idPrefix, from, to);

  for (const t of triggers.rows) {
    const clause = ENABLE_CLAUSE[t.enabled] ?? 'ENABLE ALWAYS TRIGGER';
    await client.query(`ALTER TABLE ${t.table} ${clause} ${t.name}`);
  }
}

async function writeOne(client: pg.Client, spec: HistorySpec, idPrefix: string, from: number, to: number): Promise<void> {
  const shards = await client.query<{ id: string; shards: number; kind: string }>(
    'SELECT id, balance_shards AS shards, kind FROM accounts WHERE id = ANY($1::text[])',
    [[spec.accountId, spec.issuanceAccountId, spec.sinkMerchantId]],
  );
  const shardsOf = (id: string) => {
    const row = shards.rows.find((r) => r.id === id);
    if (!row) throw new Error(`account ${id} does not exist`);
    return row.shards;
  };
  if (shards.rows.find((r) => r.id === spec.accountId)?.kind !== 'member') throw new Error('a long history is written for a member');

  const existing = await client.query<{ n: string }>(
    `SELECT count(*) AS n FROM balance_checkpoints WHERE account_id = ANY($1::text[]) AND as_of >= $2::timestamptz`,
    [[spec.accountId, spec.issuanceAccountId, spec.sinkMerchantId], new Date(spec.start.getTime() + from).toISOString()],
  );
  // An entry backdated before a checkpoint would falsify it (ledger_apply_entry deletes such
  // checkpoints); a history is written oldest first, so none may exist yet.
  if (Number(existing.rows[0]?.n ?? 0) > 0) throw new Error('writeHistory must run before checkpoints later than its entries exist');

  await client.query('DROP TABLE IF EXISTS bench_history');
  await client.query(
    `CREATE TEMP TABLE bench_history ON COMMIT DROP AS
     SELECT i,
            $1::text || lpad(i::text, 16, '0') AS id,
            $2::timestamptz + i * interval '1 millisecond' AS at,
            i % 2 = 1 AS earning,
            floor(random() * $3::int)::smallint AS issuance_shard,
            floor(random() * $4::int)::smallint AS sink_shard,
            floor(random() * $5::int)::smallint AS own_shard
       FROM generate_series($6::int, $7::int) AS i`,
    [idPrefix, spec.start.toISOString(), shardsOf(spec.issuanceAccountId), shardsOf(spec.sinkMerchantId), shardsOf(spec.accountId), from, to],
  );
  await client.query('ANALYZE bench_history');

  await client.query(
    `INSERT INTO transactions (id, kind, occurred_at, recorded_at, description, category_code, metadata, posted_by_role)
     SELECT id, CASE WHEN earning THEN 'earning' ELSE 'redemption' END, at, date_trunc('milliseconds', now()),
            CASE WHEN earning THEN 'bench history: a duty shift' ELSE 'bench history: a basket' END,
            CASE WHEN earning THEN $1 END, '{}'::jsonb, 'admin'
       FROM bench_history ORDER BY i`,
    [OPENING_CATEGORY],
  );
  // Earning: issuance -2.00, member +2.00. Redemption: member -1.00 (row 0), sink +1.00.
  // Credits first, then debits: the entry trigger wants a statement's debits covered by the
  // balance before that statement.
  for (const side of ['amount > 0', 'amount < 0']) {
    await client.query(
      `INSERT INTO entries (transaction_id, account_id, shard, amount, occurred_at)
     SELECT id, account_id, shard, amount, at FROM (
       SELECT i, 0 AS leg, id, at,
              CASE WHEN earning THEN $1 ELSE $2 END AS account_id,
              CASE WHEN earning THEN issuance_shard ELSE 0::smallint END AS shard,
              CASE WHEN earning THEN -200 ELSE -100 END::bigint AS amount
         FROM bench_history
       UNION ALL
       SELECT i, 1, id, at,
              CASE WHEN earning THEN $2 ELSE $3 END,
              CASE WHEN earning THEN own_shard ELSE sink_shard END,
              CASE WHEN earning THEN 200 ELSE 100 END::bigint
         FROM bench_history) legs
      WHERE ${side}
      ORDER BY i, leg`,
      [spec.issuanceAccountId, spec.accountId, spec.sinkMerchantId],
    );
  }

  // entries_balanced / transactions_balanced, set-wise.
  const unbalanced = await client.query<{ n: string }>(
    `SELECT count(*) AS n FROM (
       SELECT h.id FROM bench_history h LEFT JOIN entries e ON e.transaction_id = h.id
        GROUP BY h.id HAVING count(e.id) < 2 OR coalesce(sum(e.amount), 0) <> 0) bad`,
  );
  if (Number(unbalanced.rows[0]?.n ?? 1) !== 0) throw new Error('writeHistory produced an unbalanced transaction');
}

/** Every balance equals the sum of its entries, for these accounts. */
export async function checkBalances(client: pg.Client, accountIds: readonly string[]): Promise<void> {
  const { rows } = await client.query<{ id: string; stored: string; summed: string }>(
    `SELECT a.id,
            (SELECT coalesce(sum(balance), 0) FROM account_balances b WHERE b.account_id = a.id)::text AS stored,
            (SELECT coalesce(sum(amount), 0) FROM entries e WHERE e.account_id = a.id)::text AS summed
       FROM accounts a WHERE a.id = ANY($1::text[])`,
    [accountIds],
  );
  for (const r of rows) {
    if (r.stored !== r.summed) throw new Error(`account ${r.id}: balance ${r.stored} but its entries sum to ${r.summed}`);
  }
}

async function count(client: pg.Client, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await client.query<{ n: string }>(sql, params);
  return Number(rows[0]?.n ?? 0);
}

/**
 * The journal sequencer's queue (where the service has one). A sequencer that makes no
 * progress for `stallS` seconds is reported once and not waited for again: the run goes on
 * and says so.
 */
export class JournalQueue {
  /** Transactions still queued when the sequencer stopped making progress. */
  stalledAt: number | undefined;
  private exists: boolean | undefined;

  constructor(
    private readonly client: pg.Client,
    private readonly stallS: number,
    private readonly log: Log,
  ) {}

  async queued(): Promise<number> {
    this.exists ??= (await count(this.client, `SELECT count(*) AS n FROM pg_class WHERE relname = 'journal_queue' AND relkind = 'r'`)) > 0;
    return this.exists ? count(this.client, 'SELECT count(*) AS n FROM journal_queue') : 0;
  }

  /** True once the queue is empty, or the sequencer has stalled. */
  async settled(): Promise<boolean> {
    const queued = await this.queued();
    if (queued === 0 || this.stalledAt !== undefined) return true;
    // Any change is activity: fewer queued is progress, more is new work to wait for.
    if (queued !== this.last) {
      this.last = queued;
      this.changedAt = Date.now();
    } else if ((Date.now() - this.changedAt) / 1000 > this.stallS) {
      this.stalledAt = queued;
      this.log(`  warning: the journal sequencer made no progress for ${this.stallS} s with ${queued.toLocaleString('en-US')} transactions queued; going on without it`);
      return true;
    }
    return false;
  }

  private last: number | undefined;
  private changedAt = Date.now();

  async drain(): Promise<void> {
    while (!(await this.settled())) await sleep(200);
  }
}

/**
 * Waits until the service's background jobs have caught up with the seed: no account due
 * for a balance checkpoint and nothing waiting for the journal sequencer. Returns how long
 * it took, in seconds.
 */
export async function waitForBackgroundWork(client: pg.Client, journal: JournalQueue, timeoutS: number, log: Log): Promise<number> {
  const started = Date.now();
  let lastReport = 0;
  for (;;) {
    const due = await count(
      client,
      `SELECT count(*) AS n FROM (SELECT account_id FROM account_balances GROUP BY account_id
                                  HAVING sum(entries_since_checkpoint) >= $1) d`,
      [CHECKPOINT_EVERY_ENTRIES],
    );
    const journalDone = await journal.settled();
    const elapsedS = (Date.now() - started) / 1000;
    if (due === 0 && journalDone) return elapsedS;
    if (elapsedS > timeoutS) {
      throw new Error(`background work did not catch up in ${timeoutS} s: ${due} accounts due for checkpoints, ${await journal.queued()} transactions to sequence`);
    }
    if (Date.now() - lastReport > 5_000) {
      lastReport = Date.now();
      log(`  settling (${elapsedS.toFixed(0)} s): ${due} accounts due for balance checkpoints, ${(await journal.queued()).toLocaleString('en-US')} transactions waiting for the journal sequencer`);
    }
    await sleep(300);
  }
}

/** Entries whose transaction takes effect in [from, to). */
export async function entriesBetween(client: pg.Client, from: string, to: string): Promise<number> {
  return count(client, 'SELECT count(*) AS n FROM entries WHERE occurred_at >= $1::timestamptz AND occurred_at < $2::timestamptz', [from, to]);
}
