import { createHash } from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { databaseFault, sqlState } from '../faults.js';

/**
 * Named prepared statements on PostgreSQL: a statement of fixed shape run on a pool, or in
 * a transaction of openPostgres's (db/postgres.ts), is parsed and planned once per pooled
 * connection instead of on every call. What that saves is measured in bench/results/2026-12-06-figures-from-comments.md.
 * Only for statements whose text takes a bounded number of shapes (values as parameters):
 * every shape stays prepared on every connection for the connection's life.
 */

/** feature_not_supported (a cached plan's result type changed), invalid_sql_statement_name. */
const STALE_STATEMENT = new Set(['0A000', '26000']);

/** Whether the server refused a prepared statement it holds for this connection (see runPrepared). */
export function staleStatement(error: unknown): boolean {
  return STALE_STATEMENT.has(sqlState(error) ?? '');
}

/**
 * Where statements may be prepared, per executor (an object drizzle made): each connection
 * of a pool in turn, or the one connection a transaction runs on.
 */
const preparable = new WeakMap<object, { pool: pg.Pool } | { connection: pg.PoolClient }>();

/** Lets runPrepared prepare statements on the pool behind `executor`. */
export function registerPool(executor: object, pool: pg.Pool): void {
  preparable.set(executor, { pool });
}

/** Lets runPrepared prepare statements on the connection a transaction's `executor` runs on. */
export function registerConnection(executor: object, connection: pg.PoolClient): void {
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

/**
 * The rows of `query` as a named prepared statement, when `executor` is registered;
 * undefined when it is not (a pool of another engine, a transaction not opened by
 * openPostgres), or when a pool's connection refused the prepared form as stale: the caller
 * then runs the statement plainly. In a transaction, a refused statement has aborted it:
 * the error goes to the transaction's owner, which drops the connection and runs the work
 * again unprepared (db/postgres.ts).
 */
export async function runPrepared<T>(executor: object, name: string, query: SQL): Promise<T[] | undefined> {
  const target = preparable.get(executor);
  if (!target) return undefined;
  const { sql: text, params } = dialect.sqlToQuery(query);
  const statement = { name: statementName(name, text), text, values: params, types: DRIZZLE_TYPES };
  if ('connection' in target) return (await target.connection.query(statement)).rows as T[];
  const connection = await target.pool.connect();
  try {
    const result = await connection.query(statement);
    connection.release();
    return result.rows as T[];
  } catch (error) {
    // A migration by another instance can change what a prepared statement returns; the
    // server then refuses it on this connection for good ("cached plan must not change
    // result type"). Drop the connection, and let the caller run the statement unprepared.
    const stale = staleStatement(error);
    // A terminated backend's FATAL answer comes before the socket closes: the pool would
    // still think the connection usable and hand it to the next caller.
    const lost = databaseFault(error) === 'unavailable';
    connection.release(stale || lost ? (error as Error) : undefined);
    if (!stale) throw error;
    return undefined;
  }
}
