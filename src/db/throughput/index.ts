/**
 * The write path's speed machinery, behind one interface. Nothing here decides what is
 * written or whether it may be; it decides how fast what the application hands it reaches
 * the database:
 *
 * - group commit (group-commit.ts): independent single postings share one database call
 *   and one commit while the database is busy;
 * - the account gate (account-gate.ts): a posting that holds a connection while it waits
 *   for a row lock first takes a slot on each of its accounts, so one locked account cannot
 *   take every connection;
 * - read batching (read-batcher.ts): account reads that arrive together share one query;
 * - prepared statements (prepared.ts): fixed-shape statements on the pools are planned
 *   once per connection (used by db/client.ts's rows()).
 *
 * The tuning (batch sizes, calls in flight) lives here and nowhere else; what it buys is
 * in bench/results, not in comments.
 */
import * as accountsDb from '../accounts.js';
import type { Database, Executor } from '../client.js';
import type { PostingRecord } from '../transactions.js';
import { AccountGate } from './account-gate.js';
import { PostingBatcher, type WarningLog } from './group-commit.js';
import { ReadBatcher } from './read-batcher.js';

export { GateTimeout } from './account-gate.js';
export { PostingRefused } from './group-commit.js';

/** Postings one group-commit call carries at most. */
const GROUP_COMMIT_BATCH_MAX = 100;
/** Group-commit calls in flight: two keep both cores busy, one batch executing while the other commits. */
const GROUP_COMMIT_IN_FLIGHT = 2;
/** The group-commit lane's postings written apart per account at once (see PostingBatcher). */
const ASIDE_PER_ACCOUNT_MAX = 1;
/** Accounts one batched read asks for at most (the array is one parameter), and reads in flight. */
const ACCOUNT_READS_PER_QUERY = 100;
const ACCOUNT_READS_IN_FLIGHT = 2;

export interface ThroughputOptions {
  /** How long a posting may wait for a contended account: the database's lock_timeout. */
  lockWaitMs: number;
  /**
   * Postings in flight per account that hold a connection of their own while they wait;
   * with the one written apart, what a locked account can take of the writes' pool.
   */
  postingsPerAccountMax: number;
  /** The refusal of a posting that waited its longest at the gate (the application's busy error). */
  busy: () => Error;
  /** How each database call is run and run again (the application's one retry policy). */
  run: <T>(work: (ex: Executor) => Promise<T>, options: { quick?: boolean }) => Promise<T>;
  /**
   * The service clock: a batched account read judges hold expiry by its time when the query
   * is sent, and a group-commit call when it is sent.
   */
  now: () => Date;
  logger?: WarningLog | undefined;
}

export class Throughput {
  private readonly batcher: PostingBatcher;
  private readonly accountReads: ReadBatcher<accountsDb.AccountRow>;
  private readonly gate: AccountGate;

  constructor(database: Database, options: ThroughputOptions) {
    this.gate = new AccountGate(options.postingsPerAccountMax, options.lockWaitMs, options.busy);
    this.batcher = new PostingBatcher({
      maxBatch: GROUP_COMMIT_BATCH_MAX,
      maxInFlight: GROUP_COMMIT_IN_FLIGHT,
      aside: new AccountGate(ASIDE_PER_ACCOUNT_MAX, options.lockWaitMs, options.busy),
      run: options.run,
      now: options.now,
      ...(options.logger ? { logger: options.logger } : {}),
    });
    this.accountReads = new ReadBatcher(
      async (ids) => new Map((await accountsDb.findAccounts(database.reads, ids, options.now())).map((row) => [row.id, row])),
      { maxBatch: ACCOUNT_READS_PER_QUERY, maxInFlight: ACCOUNT_READS_IN_FLIGHT },
    );
  }

  /**
   * Whether a posting may go through group commit: no reversal or hold to lock first, and
   * every debit from a member or a system account (a member has one balance row; a system
   * account is not checked). ledger_post_batch could gather a multi-row merchant's rows too,
   * but that locks all of them for the whole batch and stalls every till crediting the
   * merchant meanwhile. Only a posting that is its request's only write, outside any
   * transaction, may be handed to `post`.
   */
  static groupable(record: PostingRecord): boolean {
    return (
      record.reversesTransactionId === null &&
      record.holdId === null &&
      record.legs.every((l) => l.amountMinor > 0n || l.kinds.every((k) => k === 'member' || k === 'system'))
    );
  }

  /** Writes a groupable posting, with others when the database is busy; settles when it committed. */
  post(record: PostingRecord): Promise<{ recordedAt: string }> {
    return this.batcher.post(record);
  }

  /** Runs work that holds a connection while it waits for locks, under a slot per account. */
  gated<T>(accounts: readonly string[], work: () => Promise<T>): Promise<T> {
    return this.gate.run(accounts, work);
  }

  /** Work in flight on an account at the gate (for tests and metrics). */
  load(account: string): number {
    return this.gate.load(account);
  }

  /** An account read outside any transaction; reads arriving together share one query. */
  readAccount(id: string): Promise<accountsDb.AccountRow | undefined> {
    return this.accountReads.get(id);
  }
}
