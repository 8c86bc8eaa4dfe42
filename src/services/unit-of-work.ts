/**
 * The unit of work: where a request's database transaction starts and ends, for every use
 * case. It also keeps the Idempotency-Key record, picks the write strategy (a posting that
 * is its request's only write may share a group commit; anything else runs in a transaction
 * of its own, gated per account), and holds the service's one retry loop.
 */
import type { Logger } from 'pino';
import type { Database, DatabaseObserver, Executor, TransactionOptions } from '../db/client.js';
import { RETRYABLE_STATES, sqlState, timeoutKind } from '../db/faults.js';
import * as idempotencyDb from '../db/idempotency.js';
import { Throughput } from '../db/throughput/index.js';
import { insertPosting, type PostingRecord } from '../db/transactions.js';
import type { Clock } from '../ledger/clock.js';
import { ServiceError } from './errors.js';

export type { DatabaseObserver } from '../db/client.js';

/** Tries of one piece of database work after a serialization failure or a deadlock, first included. */
const ATTEMPTS_MAX = 5;

/** A request's Idempotency-Key, as the HTTP layer checked it, and what identifies the request. */
export interface IdempotencyClaim {
  /** Keys are scoped to the caller's API key: one caller never receives another's response. */
  scope: string;
  key: string;
  /** A hash of what was asked: the same key with another request is refused. */
  requestHash: string;
}

/** How a write's result is answered: the contract's JSON, and the status it is sent with. */
export interface Answering<T> {
  statusCode: number;
  present: (value: T) => unknown;
  /** What a replay answers instead, for an answer holding what must never be stored (a secret). */
  storable?: (presented: unknown) => unknown;
  idempotency?: IdempotencyClaim | undefined;
}

export interface Answer {
  statusCode: number;
  body: unknown;
  /** The stored answer of an earlier request with the same Idempotency-Key. */
  replayed: boolean;
}

/** What a use case's write runs with. */
export interface Work {
  /** Its reads and writes: a transaction, or the pool when the work is one posting alone. */
  readonly ex: Executor;
  /** Writes a posting the way this unit writes: with others in a group commit, or in its transaction. */
  post(record: PostingRecord): Promise<{ recordedAt: string }>;
}

/** What a use case says of its write, for the strategy: never a fact the route must know. */
export interface WriteShape {
  /** The accounts it writes to: a contended one waits at the gate, not in the pool. */
  accounts?: readonly string[] | undefined;
  /** The work writes one posting and nothing else, so it is atomic without a transaction. */
  onePosting?: boolean;
}

export interface UnitOfWorkOptions {
  clock: Clock;
  /** How long a posting may wait for a contended account: the database's lock_timeout. */
  lockWaitMs: number;
  /** Postings in flight per account that hold a connection of their own while they wait. */
  postingsPerAccountMax: number;
  logger?: Pick<Logger, 'warn'> | undefined;
  observer?: DatabaseObserver | undefined;
}

export class UnitOfWork {
  readonly throughput: Throughput;
  /** A posting that is its request's only write: group commit when it may, else one statement alone. */
  private readonly alone: Work;

  constructor(
    private readonly database: Database,
    private readonly options: UnitOfWorkOptions,
  ) {
    this.throughput = new Throughput(database, {
      lockWaitMs: options.lockWaitMs,
      postingsPerAccountMax: options.postingsPerAccountMax,
      busy: () => new ServiceError('busy', 'an account of this posting is busy (another write holds it); nothing was written, retry shortly'),
      run: (work, o) => this.retrying(() => database.autocommit(work, o)),
      now: () => options.clock.now(),
      logger: options.logger,
    });
    this.alone = {
      ex: database.db,
      post: (record) =>
        Throughput.groupable(record)
          ? this.throughput.post(record)
          : this.retrying(() => database.autocommit((ex) => insertPosting(ex, record, options.clock.now()))),
    };
  }

  /** Reads outside any transaction, on the reads' pool. */
  get reads(): Executor {
    return this.database.reads;
  }

  /** The writes' pool, for background work that reads across the journal. */
  get pool(): Executor {
    return this.database.db;
  }

  /**
   * A use case's write, answered once. With an Idempotency-Key, the key, the request's hash
   * and the answer are written in the same transaction as the work, so they are stored
   * together or not at all; a transaction-scoped advisory lock on the key tells a concurrent
   * duplicate that the first is still running. Only successful answers are stored: a refused
   * request changed nothing, so a retry of it runs afresh.
   */
  async write<T>(answering: Answering<T>, shape: WriteShape, work: (w: Work) => Promise<T>): Promise<Answer> {
    const claim = answering.idempotency;
    if (!claim && shape.onePosting) {
      // Atomic without BEGIN/COMMIT, and may share a commit with other requests' postings.
      const value = await work(this.alone);
      return { statusCode: answering.statusCode, body: answering.present(value), replayed: false };
    }
    const gated = <R>(run: () => Promise<R>) => (shape.accounts ? this.throughput.gated(shape.accounts, run) : run());
    if (!claim) {
      const value = await gated(() => this.transaction((tx) => work(this.inTransaction(tx))));
      return { statusCode: answering.statusCode, body: answering.present(value), replayed: false };
    }
    return gated(() =>
      this.transaction(async (tx) => {
        if (!(await idempotencyDb.tryLockKey(tx, claim.scope, claim.key))) {
          throw new ServiceError('idempotency_key_in_flight', 'a request with this Idempotency-Key is still being processed; retry shortly');
        }
        const stored = await idempotencyDb.findStoredResponse(tx, claim.scope, claim.key);
        if (stored) {
          if (stored.requestHash !== claim.requestHash) {
            throw new ServiceError('idempotency_key_reused', 'this Idempotency-Key was already used with a different request');
          }
          return { statusCode: stored.statusCode, body: stored.responseBody, replayed: true };
        }
        const body = answering.present(await work(this.inTransaction(tx)));
        await idempotencyDb.storeResponse(tx, {
          scope: claim.scope,
          key: claim.key,
          requestHash: claim.requestHash,
          statusCode: answering.statusCode,
          body: answering.storable ? answering.storable(body) : body,
        });
        return { statusCode: answering.statusCode, body, replayed: false };
      }),
    );
  }

  /**
   * Runs `work` in one database transaction, run again from the start (ATTEMPTS_MAX at most)
   * after a serialization failure or a deadlock. Every transaction of the service starts and
   * ends here.
   */
  transaction<T>(work: (tx: Executor) => Promise<T>, options?: TransactionOptions): Promise<T> {
    return this.retrying(() => this.database.transaction(work, options));
  }

  /** Work inside a transaction: its posting is one statement of it. */
  private inTransaction(tx: Executor): Work {
    return { ex: tx, post: (record) => insertPosting(tx, record, this.options.clock.now()) };
  }

  /** The service's one retry loop: bounded, with jitter, never around another. */
  private async retrying<T>(run: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await run();
      } catch (error) {
        const state = sqlState(error);
        const timeout = timeoutKind(error);
        if (timeout) this.options.observer?.timedOut(timeout);
        if (!state || !RETRYABLE_STATES.has(state) || attempt >= ATTEMPTS_MAX) throw error;
        this.options.logger?.warn({ sqlState: state, attempt }, 'retrying a database transaction');
        this.options.observer?.retried(state);
        // Jittered backoff so that two colliding transactions do not collide again.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
      }
    }
  }
}
