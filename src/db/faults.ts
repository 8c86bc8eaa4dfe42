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
 * What a database failure means for the caller, apart from the ledger's own refusals:
 * - `unavailable`: the database could not be reached, or the connection died under the
 *   work. A write in flight may or may not have committed; a retry with the same
 *   Idempotency-Key settles which.
 * - `busy`: the database answered, but the work gave up waiting (lock_timeout,
 *   statement_timeout, or no pooled connection freed up in time). Nothing was written.
 */
export type DatabaseFault = 'unavailable' | 'busy';

/** SQLSTATEs after which the same work may simply be run again: serialization failure, deadlock. */
export const RETRYABLE_STATES: ReadonlySet<string> = new Set(['40001', '40P01']);

/** lock_not_available: lock_timeout ran out (or NOWAIT found the row locked). */
export const LOCK_TIMEOUT = '55P03';
/** query_canceled: statement_timeout ran out (the service never cancels a query otherwise). */
export const STATEMENT_TIMEOUT = '57014';

/**
 * Class 08 (connection exception), 57P01-57P03 (administrator or crash shutdown, the
 * database system is starting up), 53300 (too many connections).
 */
function lostState(state: string): boolean {
  return state.startsWith('08') || state === '57P01' || state === '57P02' || state === '57P03' || state === '53300';
}

/** Socket-level failures node and pg report without a SQLSTATE. */
const LOST_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOENT']);
const LOST_MESSAGES =
  /connection terminated|terminating connection|not queryable|connection error|server closed the connection|the database system is (starting up|shutting down|in recovery mode)|Connection refused/i;
const POOL_TIMEOUT = /timeout exceeded when trying to connect/i;

/** The fault behind `error`, looking through drizzle's wrapping; undefined for anything else. */
export function databaseFault(error: unknown): DatabaseFault | undefined {
  const state = sqlState(error);
  if (state === LOCK_TIMEOUT || state === STATEMENT_TIMEOUT) return 'busy';
  if (state && lostState(state)) return 'unavailable';
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++, e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && LOST_CODES.has(code)) return 'unavailable';
    const message = e instanceof Error ? e.message : '';
    // Every pooled connection stayed busy for the whole wait: a load problem, not an outage.
    if (POOL_TIMEOUT.test(message)) return 'busy';
    if (LOST_MESSAGES.test(message)) return 'unavailable';
    // AggregateError (a host that resolves to several addresses refused on each).
    const inner = (e as { errors?: unknown }).errors;
    if (Array.isArray(inner) && inner.some((x) => databaseFault(x) === 'unavailable')) return 'unavailable';
  }
  return undefined;
}

/** Which timeout a `busy` fault was, for the metrics. */
export function timeoutKind(error: unknown): 'lock' | 'statement' | undefined {
  const state = sqlState(error);
  return state === LOCK_TIMEOUT ? 'lock' : state === STATEMENT_TIMEOUT ? 'statement' : undefined;
}
