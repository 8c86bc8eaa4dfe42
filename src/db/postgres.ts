import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { Logger } from 'pino';
import type { Database, Engine, Executor, PoolStats } from './client.js';
import { databaseFault } from './faults.js';
import * as schema from './schema.js';
import { registerConnection, registerPool, staleStatement } from './throughput/prepared.js';

export interface PostgresOptions {
  databaseUrl: string;
  /** Which server this is: the service's own embedded one, or one at DATABASE_URL. */
  engine: Engine;
  /** Connections for writes, transactions and background jobs. */
  poolMax: number;
  /** Connections for reads outside a transaction (authentication included). */
  readPoolMax: number;
  /** How long a write waits for a row lock before it gives up (lock_timeout). */
  lockTimeoutMs: number;
  /** How long any statement may run (statement_timeout). */
  statementTimeoutMs: number;
  /** Postings per group-commit call in flight at once: the quick lane's connections. */
  groupCommitConnections: number;
  logger?: Logger | undefined;
}

/**
 * A group-commit call gives up on a row lock after this long and leaves its postings to be
 * written one by one (db/throughput/group-commit.ts). Rows are held for milliseconds by healthy work;
 * waiting longer means a row is locked by something slow, and one such row must not hold
 * up a hundred unrelated postings.
 */
export const GROUP_COMMIT_LOCK_TIMEOUT_MS = 200;

/** How long a request waits for a pooled connection before it is answered busy. */
const CONNECTION_WAIT_MS = 10_000;
/** The readiness probe's own connection: it answers within this, or the database is not there. */
const HEALTH_WAIT_MS = 2_000;

interface PoolSpec {
  name: string;
  max: number;
  lockTimeoutMs: number;
  statementTimeoutMs: number;
  connectionWaitMs: number;
}

/**
 * One pool with its timeouts set per connection (no round trip per transaction), and an
 * error listener on every connection for its whole life: pg-pool listens only while a
 * connection is idle, and a connection that dies while checked out (a terminated backend,
 * a restarting server) would otherwise emit an 'error' nobody handles and end the process.
 * The work it was doing fails on its own promise; the pool drops the dead connection.
 */
function createPool(url: string, spec: PoolSpec, logger: Logger | undefined): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: spec.max,
    connectionTimeoutMillis: spec.connectionWaitMs,
    idleTimeoutMillis: 30_000,
    application_name: `timebank-ledger:${spec.name}`,
    options: `-c lock_timeout=${spec.lockTimeoutMs} -c statement_timeout=${spec.statementTimeoutMs}`,
  });
  pool.on('connect', (client) => {
    client.on('error', (error) => logger?.warn({ err: error, pool: spec.name }, 'database connection lost'));
  });
  // Already logged by the connection's own listener above; a pool without any listener
  // would crash the process on an idle connection's error.
  pool.on('error', () => undefined);
  return pool;
}

/** How long closing waits for connections still checked out before it leaves them behind. */
const POOL_END_WAIT_MS = 2_000;

/**
 * Ends a pool. pool.end() waits for every checked-out connection to come back; one whose
 * statement never settles (seen after a backend was terminated under a transaction) would
 * hold the close, and so the process, for ever. The process is closing: after a bound, such
 * a connection is left behind, and said so.
 */
async function endPool(name: string, pool: pg.Pool, logger: Logger | undefined): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const ended = await Promise.race([
    pool.end().then(() => true),
    new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), POOL_END_WAIT_MS))),
  ]);
  clearTimeout(timer);
  if (!ended) {
    logger?.warn({ pool: name, total: pool.totalCount, idle: pool.idleCount }, 'closing: a database connection was still checked out; left behind');
  }
}

/** The executor of each pooled connection's transactions, made once per connection. */
const connectionExecutors = new WeakMap<pg.PoolClient, Executor>();

function executorOn(connection: pg.PoolClient, prepare: boolean): Executor {
  let tx = prepare ? connectionExecutors.get(connection) : undefined;
  if (!tx) {
    tx = drizzlePg({ client: connection, schema }) as unknown as Executor;
    if (prepare) {
      registerConnection(tx, connection);
      connectionExecutors.set(connection, tx);
    }
  }
  return tx;
}

/**
 * Runs `work` in one transaction on a connection of `pool`, where rows() prepares its named
 * statements as on the pool: a write in a transaction (a posting with its Idempotency-Key)
 * is then parsed and planned once per connection, not on every request.
 *
 * A prepared statement the server refuses (a migration by another instance changed its
 * result) has aborted the transaction: the connection is dropped and the work runs once
 * more, on another connection, unprepared. That is a fallback, as runPrepared's on a pool,
 * not a retry policy: serialization failures and deadlocks are the unit of work's
 * (src/services/unit-of-work.ts), and reach it from here as they came.
 */
async function inTransaction<T>(pool: pg.Pool, work: (tx: Executor) => Promise<T>, begin: string): Promise<T> {
  for (let prepare = true; ; prepare = false) {
    const connection = await pool.connect();
    try {
      await connection.query(begin);
      const result = await work(executorOn(connection, prepare));
      await connection.query('COMMIT');
      connection.release();
      return result;
    } catch (error) {
      // A connection that failed under the work, or cannot roll back, is not handed out again.
      let broken = databaseFault(error) === 'unavailable' || staleStatement(error);
      await connection.query('ROLLBACK').catch(() => {
        broken = true;
      });
      connection.release(broken ? (error as Error) : undefined);
      if (!(prepare && staleStatement(error))) throw error;
    }
  }
}

/**
 * PostgreSQL over four pools, so that no kind of work can take every connection from the
 * others: writes (postings in transactions, background jobs), the group-commit lane (short
 * lock waits), reads outside transactions, and one connection for the readiness probe.
 */
export function openPostgres(options: PostgresOptions): Database {
  const timeouts = { lockTimeoutMs: options.lockTimeoutMs, statementTimeoutMs: options.statementTimeoutMs };
  const pools = {
    writes: createPool(options.databaseUrl, { name: 'writes', max: options.poolMax, ...timeouts, connectionWaitMs: CONNECTION_WAIT_MS }, options.logger),
    'group-commit': createPool(
      options.databaseUrl,
      {
        name: 'group-commit',
        max: options.groupCommitConnections,
        lockTimeoutMs: Math.min(GROUP_COMMIT_LOCK_TIMEOUT_MS, options.lockTimeoutMs),
        statementTimeoutMs: options.statementTimeoutMs,
        connectionWaitMs: CONNECTION_WAIT_MS,
      },
      options.logger,
    ),
    reads: createPool(options.databaseUrl, { name: 'reads', max: options.readPoolMax, ...timeouts, connectionWaitMs: CONNECTION_WAIT_MS }, options.logger),
    health: createPool(
      options.databaseUrl,
      { name: 'health', max: 1, lockTimeoutMs: HEALTH_WAIT_MS, statementTimeoutMs: HEALTH_WAIT_MS, connectionWaitMs: HEALTH_WAIT_MS },
      options.logger,
    ),
  };
  const executor = (pool: pg.Pool) => {
    const db = drizzlePg({ client: pool, schema }) as unknown as Executor;
    registerPool(db, pool);
    return db;
  };
  const db = executor(pools.writes);
  const quick = executor(pools['group-commit']);
  const reads = executor(pools.reads);
  const health = executor(pools.health);
  return {
    engine: options.engine,
    db,
    reads,
    transaction: (work, o) =>
      // A read-only snapshot takes no locks: it runs on the read pool, beside the writes.
      o?.readOnly
        ? inTransaction(pools.reads, work, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
        : inTransaction(pools.writes, work, 'BEGIN'),
    autocommit: (work, o) => work(o?.quick ? quick : db),
    async ping() {
      await health.execute(sql`select 1`);
    },
    poolStats(): PoolStats[] {
      return Object.entries(pools).map(([name, p]) => ({ name, total: p.totalCount, idle: p.idleCount, waiting: p.waitingCount }));
    },
    async close() {
      await Promise.all(Object.entries(pools).map(([name, p]) => endPool(name, p, options.logger)));
    },
  };
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
}

/** The service's database: PostgreSQL over its pools (see openPostgres). */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return openPostgres({
    databaseUrl: options.databaseUrl,
    engine: options.engine,
    poolMax: options.poolMax,
    readPoolMax: options.readPoolMax ?? 1,
    lockTimeoutMs: options.lockTimeoutMs ?? 5_000,
    statementTimeoutMs: options.statementTimeoutMs ?? 30_000,
    // The group commit's calls in flight (db/throughput/group-commit.ts): one connection each.
    groupCommitConnections: 2,
    logger: options.logger,
  });
}
