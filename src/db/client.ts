import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema.js';
import { runPrepared } from './throughput/prepared.js';

export { driverError, sqlState } from './faults.js';

/** A connection or an open transaction: what every repository function runs on. */
export type Executor = PgDatabase<PgQueryResultHKT, typeof schema>;

/** Where the database runs (for logs): the service's own embedded cluster, or a server. */
export type Engine = 'embedded' | 'postgres';

/**
 * The database's connections. It runs work once: whether and how often work is run again
 * after a serialization failure or a deadlock is the application's decision
 * (src/services/unit-of-work.ts), made in one place.
 */
export interface Database {
  readonly engine: Engine;
  readonly db: Executor;
  /**
   * For reads outside a transaction: a pool of its own on PostgreSQL, so that reads (and
   * the authentication of every request) keep their capacity while writes wait on locks.
   */
  readonly reads: Executor;
  /** Runs `work` in one database transaction: BEGIN before it, COMMIT after (ROLLBACK on a throw). */
  transaction<T>(work: (tx: Executor) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /**
   * Runs `work` on the pool without BEGIN/COMMIT. Only for work that writes with one
   * statement (one ledger_post call is atomic on its own): it saves two round trips on the
   * hottest paths.
   */
  autocommit<T>(work: (ex: Executor) => Promise<T>, options?: AutocommitOptions): Promise<T>;
  /** Answers when the database does, over a connection nothing else uses. */
  ping(): Promise<void>;
  /** Each pool's connections, for the metrics. */
  poolStats(): PoolStats[];
  close(): Promise<void>;
}

export interface AutocommitOptions {
  /**
   * Run in the group-commit lane: its own connections, which give up on a row lock after
   * a fraction of a second (GROUP_COMMIT_LOCK_TIMEOUT_MS) instead of the configured wait.
   */
  quick?: boolean;
}

export interface PoolStats {
  name: string;
  total: number;
  idle: number;
  waiting: number;
}

/** What database work reports to the metrics. */
export interface DatabaseObserver {
  /** Work is run again after a serialization failure or a deadlock. */
  retried(sqlState: string): void;
  /** Work gave up on a lock_timeout or a statement_timeout. */
  timedOut(kind: 'lock' | 'statement'): void;
}

export interface TransactionOptions {
  /** A read-only snapshot: every statement sees the same committed data. */
  readOnly?: boolean;
}

/**
 * The rows a statement returns. Given a `prepared` name, a statement of fixed shape run on
 * PostgreSQL (on a pool, or in a transaction of openPostgres's) becomes a named prepared
 * statement (db/throughput/prepared.ts).
 */
export async function rows<T>(executor: Executor, query: SQL, prepared?: string): Promise<T[]> {
  if (prepared) {
    const found = await runPrepared<T>(executor, prepared, query);
    if (found) return found;
  }
  const result = (await executor.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
