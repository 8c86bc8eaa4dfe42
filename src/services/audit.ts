/**
 * The audit use cases: the journal's sequencer (numbering and hash-chaining what committed),
 * its verification, and its export as jsonl, csv or a plain-text ledger journal.
 */
import * as accountsDb from '../db/accounts.js';
import type { Executor } from '../db/client.js';
import * as journalDb from '../db/journal.js';
import { BOM, csvRow } from '../export/csv.js';
import { ledgerHeader, ledgerTransaction } from '../export/ledger-journal.js';
import { chainHash, GENESIS_HASH } from '../ledger/canonical.js';
import type { Clock } from '../ledger/clock.js';
import { hashedContent, linkHolds } from '../ledger/journal.js';
import { toMinor } from '../ledger/money.js';
import type { Actor } from '../ledger/types.js';
import { requireOperation } from './access.js';
import { toTransaction } from './records.js';
import type { Semaphore } from './semaphore.js';
import type { UnitOfWork } from './unit-of-work.js';

/**
 * A whole-journal read's way to the database: through the gate, when there is one, so that
 * such reads together hold no more connections than the gate admits.
 */
export function gatedBy(gate: Semaphore | undefined): <T>(read: () => Promise<T>) => Promise<T> {
  return (read) => (gate ? gate.use(read) : read());
}

/** Transactions sequenced per database transaction: bounds the sequencer's lock time. */
const SEQUENCE_BATCH_MAX = 2000;

/**
 * Gives every committed, unsequenced transaction the next sequence number and its chain
 * hash. Posting never waits for this: the chain is built behind the writes, by one
 * sequencer at a time (an advisory lock), in the order commits became visible to it. A
 * transaction that commits late is sequenced late; none is ever skipped or renumbered.
 * The background job passes on a busy lock; a reader about to export or verify waits for it,
 * so it sees everything committed before it asked.
 */
export async function sequencePending(uow: UnitOfWork, options: { wait?: boolean } = {}): Promise<number> {
  let total = 0;
  for (;;) {
    const done = await uow.transaction(async (tx: Executor) => {
      if (!(await journalDb.lockSequencer(tx, options.wait === true))) return -1;
      const queued = await journalDb.queuedTransactions(tx, SEQUENCE_BATCH_MAX);
      if (queued.length === 0) return 0;
      const head = await journalDb.journalHead(tx);
      let seq = head ? BigInt(head.seq) : 0n;
      let prevHash = head?.hash ?? GENESIS_HASH;
      const items = queued.map((row) => {
        seq += 1n;
        const hash = chainHash(prevHash, hashedContent(seq.toString(), toTransaction(row)));
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
async function verifyChain(uow: UnitOfWork, fromSeq: bigint, gate: Semaphore | undefined): Promise<VerifyResult> {
  const read = gatedBy(gate);
  let after = fromSeq - 1n;
  let expectedPrev: string | undefined;
  let checked = 0;
  let headHash = GENESIS_HASH;
  if (after === 0n) expectedPrev = GENESIS_HASH;
  for (;;) {
    const page = await read(() => journalDb.journalPage(uow.pool, {}, after, 1000));
    if (page.length === 0) break;
    for (const row of page) {
      if (!linkHolds(row, toTransaction(row), expectedPrev, after)) {
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
  return `${JSON.stringify({ ...hashedContent(row.seq, toTransaction(row)), hash: row.hash, prevHash: row.prevHash })}\n`;
}

/**
 * The jsonl lines of (after, through]: as the database writes them, unless a transaction
 * holds a number JavaScript writes with an exponent; then the service writes the page.
 */
async function jsonlPage(ex: Executor, filter: journalDb.JournalFilter, after: bigint, through: bigint): Promise<string[]> {
  const page = await journalDb.journalJsonlPage(ex, filter, after, through);
  if (page.exponents === 0) return page.texts;
  const rows = await journalDb.journalPage(ex, filter, after, Number(through - after), through);
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
async function* exportJournal(
  uow: UnitOfWork,
  format: JournalFormat,
  filter: journalDb.JournalFilter,
  options: { timeZone: string; generatedAt: Date; gate: Semaphore | undefined },
): AsyncGenerator<string> {
  const read = gatedBy(options.gate);
  const ex = uow.pool;
  await read(() => sequencePending(uow, { wait: true }));
  if (format === 'jsonl') {
    // Pages are ranges of seq up to the head as it stands now, so the next ones can be read
    // while this one is written: two database backends and the service each keep a core
    // busy instead of taking turns.
    const head = BigInt((await read(() => journalDb.journalHead(ex)))?.seq ?? 0);
    let from = filter.afterSeq ?? 0n;
    const reads: Promise<string[]>[] = [];
    const readNext = () => {
      if (from >= head) return;
      const after = from;
      const through = from + JSONL_PAGE_SEQS < head ? from + JSONL_PAGE_SEQS : head;
      const page = read(() => jsonlPage(ex, filter, after, through));
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
  const accounts = await read(() => accountsDb.accountNames(ex));
  if (format === 'ledger') {
    const whole = filter.afterSeq === undefined && filter.from === undefined;
    const balances = new Map<string, bigint>();
    yield ledgerHeader(options.generatedAt.toISOString(), whole);
    let after: { occurredAt: string; id: string } | undefined;
    for (;;) {
      const page = await read(() => journalDb.journalPageByTime(ex, filter, after, EXPORT_PAGE_ROWS));
      if (page.length === 0) return;
      let chunk = '';
      for (const row of page) {
        const entries = hashedContent(row.seq, toTransaction(row)).entries.map((e) => ({ accountId: e.accountId, amount: toMinor(e.amount) }));
        for (const e of entries) balances.set(e.accountId, (balances.get(e.accountId) ?? 0n) + e.amount);
        chunk += ledgerTransaction(
          { ...row, category: row.categoryCode, entries },
          accounts,
          options.timeZone,
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
    const page = await read(() => journalDb.journalPage(ex, filter, afterSeq, EXPORT_PAGE_ROWS));
    if (page.length === 0) return;
    let chunk = '';
    for (const row of page) {
      for (const e of hashedContent(row.seq, toTransaction(row)).entries) {
        chunk += csvRow([row.seq, row.id, row.kind, row.occurredAt, row.recordedAt, row.categoryCode, e.accountId, accounts.get(e.accountId)?.code, e.amount, row.description, row.reference, row.hash]);
      }
    }
    yield chunk;
    afterSeq = BigInt((page[page.length - 1] as journalDb.JournalRow).seq);
  }
}

/** The audit use cases, for auditors and administrators. */
export class Audit {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly options: {
      timeZone: string;
      /** The connections whole-journal reads share: they hold no more than it admits. */
      gate?: Semaphore | undefined;
    },
  ) {}

  /** Sequences what committed (the background job; a reader waits for a running one instead). */
  sequence(options: { wait?: boolean } = {}): Promise<number> {
    return sequencePending(this.uow, options);
  }

  /** Sequences what has committed, then recomputes the chain from `fromSeq`. */
  async verify(fromSeq: bigint, actor: Actor): Promise<VerifyResult> {
    requireOperation(actor, 'verifyJournal');
    await gatedBy(this.options.gate)(() => sequencePending(this.uow, { wait: true }));
    return verifyChain(this.uow, fromSeq, this.options.gate);
  }

  /** The journal as text, streamed (see exportJournal); access is checked before the first byte. */
  export(format: JournalFormat, filter: journalDb.JournalFilter, actor: Actor): AsyncGenerator<string> {
    requireOperation(actor, 'exportJournal');
    return exportJournal(this.uow, format, filter, { timeZone: this.options.timeZone, generatedAt: this.clock.now(), gate: this.options.gate });
  }
}
