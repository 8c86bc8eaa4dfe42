import * as accountsDb from '../db/accounts.js';
import type { Database, Executor } from '../db/client.js';
import { BOM, csvRow } from '../export/csv.js';
import { ledgerHeader, ledgerTransaction } from '../export/ledger-journal.js';
import * as journalDb from '../db/journal.js';
import type { Semaphore } from '../db/semaphore.js';
import type { TransactionRow } from '../db/transactions.js';
import { chainHash, GENESIS_HASH, type HashedContent } from './canonical.js';
import { formatMinor, toMinor } from './money.js';

/**
 * A whole-journal read's way to the database: through the gate, when there is one, so that
 * such reads together hold no more connections than the gate admits.
 */
export function gatedBy(gate: Semaphore | undefined): <T>(read: () => Promise<T>) => Promise<T> {
  return (read) => (gate ? gate.use(read) : read());
}

/** Transactions sequenced per database transaction: bounds the sequencer's lock time. */
const SEQUENCE_BATCH_MAX = 2000;

/** The hashed content of a stored transaction; amounts as the API shows them. */
export function hashedContent(seq: string, row: TransactionRow): HashedContent {
  return {
    seq,
    id: row.id,
    kind: row.kind,
    occurredAt: row.occurredAt,
    recordedAt: row.recordedAt,
    description: row.description,
    reference: row.reference,
    category: row.categoryCode,
    reversesTransactionId: row.reversesTransactionId,
    holdId: row.holdId,
    metadata: row.metadata,
    receipt: row.receipt ?? null,
    postedBy: { keyId: row.postedByKeyId, role: row.postedByRole },
    entries: row.entries
      .map((e) => ({ accountId: e.accountId, amount: formatMinor(BigInt(e.amount)) }))
      .sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : a.amount < b.amount ? -1 : 1)),
  };
}

/**
 * Gives every committed, unsequenced transaction the next sequence number and its chain
 * hash. Posting never waits for this: the chain is built behind the writes, by one
 * sequencer at a time (an advisory lock), in the order commits became visible to it. A
 * transaction that commits late is sequenced late; none is ever skipped or renumbered.
 * The background job passes on a busy lock; a reader about to export or verify waits for it,
 * so it sees everything committed before it asked.
 */
export async function sequencePending(database: Database, options: { wait?: boolean } = {}): Promise<number> {
  let total = 0;
  for (;;) {
    const done = await database.transaction(async (tx: Executor) => {
      if (!(await journalDb.lockSequencer(tx, options.wait === true))) return -1;
      const queued = await journalDb.queuedTransactions(tx, SEQUENCE_BATCH_MAX);
      if (queued.length === 0) return 0;
      const head = await journalDb.journalHead(tx);
      let seq = head ? BigInt(head.seq) : 0n;
      let prevHash = head?.hash ?? GENESIS_HASH;
      const items = queued.map((row) => {
        seq += 1n;
        const hash = chainHash(prevHash, hashedContent(seq.toString(), row));
        const item = { seq, transactionId: row.id, prevHash, hash };
        prevHash = hash;
        return item;
      });
      await journalDb.appendJournal(tx, items);
      return items.length;
    });
    if (done <= 0) return total;
    total += done;
    if (done < SEQUENCE_BATCH_MAX) return total;
  }
}

export interface VerifyResult {
  ok: boolean;
  checkedTransactions: number;
  headHash: string;
  fromSeq: string;
  firstBadTransactionId: string | null;
  firstBadSeq: string | null;
}

/**
 * Recomputes the chain from the stored rows: each hash from its transaction's content and
 * the previous hash. Names the first transaction whose content or link does not match.
 */
export async function verifyChain(database: Database, fromSeq = 1n, gate?: Semaphore): Promise<VerifyResult> {
  const read = gatedBy(gate);
  let after = fromSeq - 1n;
  let expectedPrev: string | undefined;
  let checked = 0;
  let headHash = GENESIS_HASH;
  if (after === 0n) expectedPrev = GENESIS_HASH;
  for (;;) {
    const page = await read(() => journalDb.journalPage(database.db, {}, after, 1000));
    if (page.length === 0) break;
    for (const row of page) {
      const recomputed = chainHash(row.prevHash, hashedContent(row.seq, row));
      const linked = expectedPrev === undefined || row.prevHash === expectedPrev;
      if (!linked || recomputed !== row.hash || BigInt(row.seq) !== after + 1n) {
        return { ok: false, checkedTransactions: checked, headHash, fromSeq: fromSeq.toString(), firstBadTransactionId: row.id, firstBadSeq: row.seq };
      }
      checked += 1;
      after = BigInt(row.seq);
      expectedPrev = row.hash;
      headHash = row.hash;
    }
  }
  return { ok: true, checkedTransactions: checked, headHash, fromSeq: fromSeq.toString(), firstBadTransactionId: null, firstBadSeq: null };
}

export type JournalFormat = 'jsonl' | 'csv' | 'ledger';

/** One jsonl line as the chain hashed it: the form the database's lines must equal. */
function jsonlLine(row: journalDb.JournalRow): string {
  return `${JSON.stringify({ ...hashedContent(row.seq, row), hash: row.hash, prevHash: row.prevHash })}\n`;
}

/**
 * The jsonl lines of (after, through]: as the database writes them, unless a transaction
 * holds a number JavaScript writes with an exponent; then the service writes the page.
 */
async function jsonlPage(database: Database, filter: journalDb.JournalFilter, after: bigint, through: bigint): Promise<string[]> {
  const page = await journalDb.journalJsonlPage(database.db, filter, after, through);
  if (page.exponents === 0) return page.texts;
  const rows = await journalDb.journalPage(database.db, filter, after, Number(through - after), through);
  return rows.map(jsonlLine);
}

const EXPORT_PAGE_ROWS = 500;
/** At most about 600 kB of text a page: the pages read ahead and the one being written stay small. */
const JSONL_PAGE_SEQS = 1000n;
const JSONL_READS_AHEAD = 2;

/**
 * The journal as text, streamed page by page so memory stays flat however many entries it
 * holds (it keeps one row per account: names, and running balances for assertions).
 * jsonl and csv follow the sequence (commit order); ledger follows effective time, as an
 * accounting journal is dated.
 */
export async function* exportJournal(
  database: Database,
  format: JournalFormat,
  filter: journalDb.JournalFilter,
  timeZone: string,
  gate?: Semaphore,
): AsyncGenerator<string> {
  const read = gatedBy(gate);
  await read(() => sequencePending(database, { wait: true }));
  if (format === 'jsonl') {
    // Pages are ranges of seq up to the head as it stands now, so the next ones can be read
    // while this one is written: two database backends and the service each keep a core
    // busy instead of taking turns.
    const head = BigInt((await read(() => journalDb.journalHead(database.db)))?.seq ?? 0);
    let from = filter.afterSeq ?? 0n;
    const reads: Promise<string[]>[] = [];
    const readNext = () => {
      if (from >= head) return;
      const after = from;
      const through = from + JSONL_PAGE_SEQS < head ? from + JSONL_PAGE_SEQS : head;
      const page = read(() => jsonlPage(database, filter, after, through));
      // Handled when awaited; until then a failure must not count as an unhandled rejection.
      page.catch(() => undefined);
      reads.push(page);
      from = through;
    };
    for (let i = 0; i < JSONL_READS_AHEAD; i++) readNext();
    try {
      for (let page = reads.shift(); page; page = reads.shift()) {
        const texts = await page;
        readNext();
        yield* texts;
      }
    } finally {
      // A client that hangs up leaves reads in flight: let them finish, and drop their answers.
      await Promise.allSettled(reads);
    }
    return;
  }
  const accounts = await read(() => accountsDb.accountNames(database.db));
  if (format === 'ledger') {
    const whole = filter.afterSeq === undefined && filter.from === undefined;
    const balances = new Map<string, bigint>();
    yield ledgerHeader(new Date().toISOString(), whole);
    let after: { occurredAt: string; id: string } | undefined;
    for (;;) {
      const page = await read(() => journalDb.journalPageByTime(database.db, filter, after, EXPORT_PAGE_ROWS));
      if (page.length === 0) return;
      let chunk = '';
      for (const row of page) {
        const entries = hashedContent(row.seq, row).entries.map((e) => ({ accountId: e.accountId, amount: toMinor(e.amount) }));
        for (const e of entries) balances.set(e.accountId, (balances.get(e.accountId) ?? 0n) + e.amount);
        chunk += ledgerTransaction(
          { ...row, category: row.categoryCode, entries },
          accounts,
          timeZone,
          whole ? (id) => balances.get(id) : undefined,
        );
      }
      yield chunk;
      const last = page[page.length - 1] as journalDb.JournalRow;
      after = { occurredAt: last.occurredAt, id: last.id };
    }
  }
  yield BOM + csvRow(['seq', 'transaction_id', 'kind', 'occurred_at', 'recorded_at', 'category', 'account_id', 'account_code', 'amount', 'description', 'reference', 'hash']);
  let afterSeq = filter.afterSeq ?? 0n;
  for (;;) {
    const page = await read(() => journalDb.journalPage(database.db, filter, afterSeq, EXPORT_PAGE_ROWS));
    if (page.length === 0) return;
    let chunk = '';
    for (const row of page) {
      for (const e of hashedContent(row.seq, row).entries) {
        chunk += csvRow([row.seq, row.id, row.kind, row.occurredAt, row.recordedAt, row.categoryCode, e.accountId, accounts.get(e.accountId)?.code, e.amount, row.description, row.reference, row.hash]);
      }
    }
    yield chunk;
    afterSeq = BigInt((page[page.length - 1] as journalDb.JournalRow).seq);
  }
}
