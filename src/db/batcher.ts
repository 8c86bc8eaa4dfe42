import { type Database, sqlState } from './client.js';
import { type PostingRecord, insertPosting, insertPostings } from './transactions.js';

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
  logger?: WarningLog;
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
 */
export class PostingBatcher {
  private readonly queue: Waiting[] = [];
  private inFlight = 0;

  constructor(
    private readonly database: Database,
    private readonly options: BatcherOptions,
  ) {}

  post(record: PostingRecord): Promise<{ recordedAt: string }> {
    return new Promise((resolve, reject) => {
      this.queue.push({ record, resolve, reject });
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
      // Alone, a posting is cheaper through ledger_post, which takes no arrays to unpack and
      // answers nothing to sort out.
      await this.writeAlone(batch[0] as Waiting);
      return;
    }
    let results;
    try {
      results = await this.database.autocommit((ex) => insertPostings(ex, batch.map((w) => w.record)));
    } catch (error) {
      // Only a statement PostgreSQL refused is known to have written nothing. A lost
      // connection (class 08, or no SQLSTATE at all) may have lost it after the commit:
      // writing those postings again could record them twice, so they fail as they are.
      const state = sqlState(error);
      if (state === undefined || state.startsWith('08')) {
        for (const w of batch) w.reject(error);
        return;
      }
      this.options.logger?.warn({ err: error, postings: batch.length }, 'a posting batch failed as a whole; writing its postings one by one');
      await Promise.all(batch.map((w) => this.writeAlone(w)));
      return;
    }
    results.forEach((result, i) => {
      const waiting = batch[i] as Waiting;
      if (result.ok) waiting.resolve({ recordedAt: result.recordedAt });
      else waiting.reject(new PostingRefused(result.code, result.detail, result.message));
    });
  }

  /** One posting through ledger_post; a refusal reaches its request as the driver's error. */
  private writeAlone(w: Waiting): Promise<void> {
    return this.database.autocommit((ex) => insertPosting(ex, w.record)).then(w.resolve, w.reject);
  }
}
