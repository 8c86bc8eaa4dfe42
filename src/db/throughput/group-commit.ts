import type { Executor } from '../client.js';
import { databaseFault, LOCK_TIMEOUT, sqlState } from '../faults.js';
import { type PostingRecord, insertPosting, insertPostings } from '../transactions.js';

interface Waiting {
  record: PostingRecord;
  resolve: (written: { recordedAt: string }) => void;
  reject: (error: unknown) => void;
}

/** A posting the database refused, shaped like the driver's error so one translation serves both. */
export class PostingRefused extends Error {
  constructor(
    readonly code: string,
    readonly detail: string | null,
    message: string,
  ) {
    super(message);
    this.name = 'PostingRefused';
  }
}

export interface BatcherOptions {
  /** Postings per database call, at most. */
  maxBatch: number;
  /** Database calls under way at once; postings arriving meanwhile wait and go together. */
  maxInFlight: number;
  /** Caps the postings of one account written apart at once (see below). */
  aside: PerAccountLimit;
  /** How each database call is run, and run again after a deadlock (the application's policy). */
  run: <T>(work: (ex: Executor) => Promise<T>, options: { quick?: boolean }) => Promise<T>;
  /** The service clock, read as each call is sent: it decides whether a hold still reserves points. */
  now: () => Date;
  logger?: WarningLog;
}

/** Runs work under a cap per account (an AccountGate). */
export interface PerAccountLimit {
  run<T>(accounts: readonly string[], work: () => Promise<T>): Promise<T>;
  /** Work in flight on the account. */
  load(account: string): number;
}

/** Where a batch that failed as a whole is reported (pino's and fastify's loggers both fit). */
export interface WarningLog {
  warn(details: object, message: string): void;
}

/**
 * Group commit for independent postings. A posting is sent at once when a slot is free (on
 * its own, through ledger_post); while every slot is busy, postings queue and the next free
 * slot takes all of them (up to maxBatch) in one ledger_post_batch call: one round trip,
 * one lock statement and one commit for the lot. An idle ledger therefore adds no delay,
 * and a busy one spends its database time on postings rather than on commits and round
 * trips (the hot supermarket's balance row is locked once per batch, not once per basket).
 *
 * Each posting is still all or nothing: the database checks it before writing and refuses
 * it alone. Should the database refuse the call as a whole (something no check foresaw),
 * every posting of the batch is written again on its own, so that only the posting at
 * fault fails; a call that lost its connection fails for all of its postings.
 *
 * A locked row must not hold up the lot. The calls run in the database's quick lane, which
 * gives up on a row lock within a fraction of a second; their postings are then written
 * apart: one by one, with the full lock_timeout, on the writes' pool and outside the
 * batcher's slots, under a cap per account (`aside`). Only the postings
 * of the locked account wait (and fail busy if the lock outlasts lock_timeout); while any
 * of an account's postings are being written apart, its new ones go straight there, so
 * that the quick lane does not stop at the same lock again and again.
 */
export class PostingBatcher {
  private readonly queue: Waiting[] = [];
  private inFlight = 0;
  constructor(
    private readonly options: BatcherOptions,
  ) {}

  post(record: PostingRecord): Promise<{ recordedAt: string }> {
    return new Promise((resolve, reject) => {
      const waiting = { record, resolve, reject };
      if (record.legs.some((l) => this.options.aside.load(l.accountId) > 0)) {
        this.writeAside(waiting);
        return;
      }
      this.queue.push(waiting);
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.inFlight < this.options.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      this.inFlight++;
      void this.write(batch)
        .catch((error: unknown) => {
          for (const w of batch) w.reject(error);
        })
        .finally(() => {
          this.inFlight--;
          this.dispatch();
        });
    }
  }

  private async write(batch: Waiting[]): Promise<void> {
    if (batch.length === 1) {
      // Alone, a posting goes through ledger_post: the batch function's batch of one, whose
      // refusal arrives as an error, as for a posting in a transaction of its own.
      const w = batch[0] as Waiting;
      try {
        w.resolve(await this.options.run((ex) => insertPosting(ex, w.record, this.options.now()), { quick: true }));
      } catch (error) {
        if (sqlState(error) === LOCK_TIMEOUT) this.writeAside(w);
        else w.reject(error);
      }
      return;
    }
    let results;
    try {
      const records = batch.map((w) => w.record);
      results = await this.options.run((ex) => insertPostings(ex, records, this.options.now()), { quick: true });
    } catch (error) {
      // Only a statement PostgreSQL refused is known to have written nothing. A lost
      // connection may have lost it after the commit: writing those postings again could
      // record them twice, so they fail as they are.
      if (databaseFault(error) === 'unavailable' || sqlState(error) === undefined) {
        for (const w of batch) w.reject(error);
        return;
      }
      if (sqlState(error) !== LOCK_TIMEOUT) {
        this.options.logger?.warn({ err: error, postings: batch.length }, 'a posting batch failed as a whole; writing its postings one by one');
      }
      for (const w of batch) this.writeAside(w);
      return;
    }
    results.forEach((result, i) => {
      const waiting = batch[i] as Waiting;
      if (result.ok) waiting.resolve({ recordedAt: result.recordedAt });
      else waiting.reject(new PostingRefused(result.code, result.detail, result.message));
    });
  }

  /**
   * One posting through ledger_post on the writes' pool, with the full lock_timeout, apart
   * from the batches; a refusal reaches its request as the driver's error.
   */
  private writeAside(w: Waiting): void {
    const accounts = w.record.legs.map((l) => l.accountId);
    this.options.aside
      .run(accounts, () => this.options.run((ex) => insertPosting(ex, w.record, this.options.now()), {}))
      .then(w.resolve, w.reject);
  }
}
