import { createHash } from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import { type PgDatabase, PgDialect, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import type { Logger } from 'pino';
import { databaseFault } from './faults.js';
import { openPostgres } from './postgres.js';
import * as schema from './schema.js';

/** A connection or an open transaction: what every repository function runs on. */
export type Executor = PgDatabase<PgQueryResultHKT, typeof schema>;

/** Where the database runs (for logs): the service's own embedded cluster, or a server. */
export type Engine = 'embedded' | 'postgres';

export interface Database {
  readonly engine: Engine;
  readonly db: Executor;
  /**
   * For reads outside a transaction: a pool of its own on PostgreSQL, so that reads (and
   * the authentication of every request) keep their capacity while writes wait on locks.
   */
  readonly reads: Executor;
  /**
   * Runs `work` in one database transaction, retrying it from the start (a bounded number
   * of times) when PostgreSQL reports a serialization failure or a deadlock.
   */
  transaction<T>(work: (tx: Executor) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /**
   * Runs `work` on the pool without BEGIN/COMMIT, with the same retries. Only for work that
   * writes with one statement (one ledger_post call is atomic on its own): it saves two
   * round trips on the hottest paths.
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

/** What the database layer reports to the metrics. */
export interface DatabaseObserver {
  /** A transaction is run again after a serialization failure or a deadlock. */
  retried(sqlState: string): void;
  /** Work gave up on a lock_timeout or a statement_timeout. */
  timedOut(kind: 'lock' | 'statement'): void;
}

export interface TransactionOptions {
  /** A read-only snapshot: every statement sees the same committed data. */
  readOnly?: boolean;
}

export interface DatabaseOptions {
  databaseUrl: string;
  engine: Engine;
  poolMax: number;
  /** The defaults suit a command-line tool: one connection, the service's default timeouts. */
  readPoolMax?: number;
  lockTimeoutMs?: number;
  statementTimeoutMs?: number;
  logger?: Logger;
  observer?: DatabaseObserver;
}

/** SQLSTATEs after which the same work may simply be run again. */
const RETRYABLE = new Set(['40001', '40P01']);
const RETRY_ATTEMPTS_MAX = 5;

/** drizzle wraps driver errors; the SQLSTATE lives on the driver's own one. */
export function sqlState(error: unknown): string | undefined {
  const code = driverError(error).code;
  return code && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** The driver's own error (message, detail, constraint), unwrapped from drizzle's. */
export function driverError(error: unknown): { code?: string; message?: string; detail?: string; constraint?: string } {
  let e: unknown = error;
  for (let depth = 0; depth < 5 && e && typeof e === 'object'; depth++) {
    if (typeof (e as { code?: unknown }).code === 'string') return e as never;
    e = (e as { cause?: unknown }).cause;
  }
  return {};
}

/**
 * The rows a statement returns. Given a `prepared` name, a statement of fixed shape run on
 * PostgreSQL (on a pool, or in a transaction of openPostgres's) becomes a named prepared
 * statement: each pooled connection parses and plans it once instead of on every call. An
 * account read cost the server about twice as much unprepared (pgbench, one client: 4,000
 * against 8,700 a second).
 * Only for statements whose text takes a bounded number of shapes (values as parameters):
 * every shape stays prepared on every connection for the connection's life.
 */
export async function rows<T>(executor: Executor, query: SQL, prepared?: string): Promise<T[]> {
  const target = prepared ? preparable.get(executor) : undefined;
  if (target && prepared) {
    const { sql: text, params } = dialect.sqlToQuery(query);
    const statement = { name: statementName(prepared, text), text, values: params, types: DRIZZLE_TYPES };
    // In a transaction, a refused statement has aborted it: the transaction's owner drops
    // the connection and runs the work again, unprepared (see staleStatement).
    if ('connection' in target) return (await target.connection.query(statement)).rows as T[];
    const connection = await target.pool.connect();
    try {
      const result = await connection.query(statement);
      connection.release();
      return result.rows as T[];
    } catch (error) {
      // A migration by another instance can change what a prepared statement returns; the
      // server then refuses it on this connection for good ("cached plan must not change
      // result type"). Drop the connection, and run the statement once unprepared.
      const stale = staleStatement(error);
      // A terminated backend's FATAL answer comes before the socket closes: the pool would
      // still think the connection usable and hand it to the next caller.
      const lost = databaseFault(error) === 'unavailable';
      connection.release(stale || lost ? (error as Error) : undefined);
      if (!stale) throw error;
    }
  }
  const result = (await executor.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** feature_not_supported (a cached plan's result type changed), invalid_sql_statement_name. */
const STALE_STATEMENT = new Set(['0A000', '26000']);

/** Whether the server refused a prepared statement it holds for this connection (see rows()). */
export function staleStatement(error: unknown): boolean {
  return STALE_STATEMENT.has(sqlState(error) ?? '');
}

/** Where rows() may prepare statements: each pooled connection in turn, or a transaction's one. */
const preparable = new WeakMap<Executor, { pool: pg.Pool } | { connection: pg.PoolClient }>();

/** Lets rows() prepare statements on the pool behind `executor`. */
export function registerPool(executor: Executor, pool: pg.Pool): void {
  preparable.set(executor, { pool });
}

/** Lets rows() prepare statements on the connection a transaction's `executor` runs on. */
export function registerConnection(executor: Executor, connection: pg.PoolClient): void {
  preparable.set(executor, { connection });
}
const dialect = new PgDialect();
const statementNames = new Map<string, string>();

/** prefix_<hash of the text>: one name per shape of the statement, never one name for two texts. */
function statementName(prefix: string, text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `${prefix}_${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
    statementNames.set(text, name);
  }
  return name;
}

/** As drizzle reads them: date and time values stay the text PostgreSQL sent. */
const RAW_TYPE_IDS = new Set([1184, 1114, 1082, 1186, 1185, 1115, 1182, 1187, 1231]);
const DRIZZLE_TYPES = {
  getTypeParser: ((id: number, format?: string) =>
    RAW_TYPE_IDS.has(id) ? (value: string) => value : pg.types.getTypeParser(id, format as 'text')) as typeof pg.types.getTypeParser,
};

type Runner = <T>(work: (tx: Executor) => Promise<T>, options?: TransactionOptions) => Promise<T>;

export function withRetry(run: Runner, logger?: Logger, observer?: DatabaseObserver) {
  return async function transaction<T>(work: (tx: Executor) => Promise<T>, options?: TransactionOptions): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await run(work, options);
      } catch (error) {
        const state = sqlState(error);
        if (state === '55P03' || state === '57014') observer?.timedOut(state === '55P03' ? 'lock' : 'statement');
        if (!state || !RETRYABLE.has(state) || attempt >= RETRY_ATTEMPTS_MAX) throw error;
        logger?.warn({ sqlState: state, attempt }, 'retrying a database transaction');
        observer?.retried(state);
        // Jittered backoff so that two colliding transactions do not collide again.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
      }
    }
  };
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return openPostgres({
    databaseUrl: options.databaseUrl,
    engine: options.engine,
    poolMax: options.poolMax,
    readPoolMax: options.readPoolMax ?? 1,
    lockTimeoutMs: options.lockTimeoutMs ?? 5_000,
    statementTimeoutMs: options.statementTimeoutMs ?? 30_000,
    // The batcher's calls in flight (see Ledger): one connection each.
    groupCommitConnections: 2,
    logger: options.logger,
    observer: options.observer,
  });
}
