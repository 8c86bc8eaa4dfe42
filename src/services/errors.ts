import { type FieldError, LedgerError, type LedgerErrorCode } from '../ledger/errors.js';
import { databaseFault, type DatabaseFault } from '../db/faults.js';

/** Refusals of the application itself, beside the domain's (LedgerError). */
export type ServiceErrorCode =
  /** The access table (access.ts) does not let this caller do this. */
  | 'forbidden'
  | 'idempotency_key_reused'
  | 'idempotency_key_in_flight'
  /** Gave up waiting for a contended account; nothing was written, a retry may pass. */
  | 'busy'
  /** The caller's condition on the current state (an If-Match version) does not hold; nothing was written. */
  | 'precondition_failed'
  /** The instance is closing: the request was not started; another instance (or this one, restarted) will take it. */
  | 'shutting_down';

export class ServiceError extends Error {
  readonly code: ServiceErrorCode;
  readonly errors: FieldError[] | undefined;

  constructor(code: ServiceErrorCode, detail: string, errors?: FieldError[]) {
    super(detail);
    this.name = 'ServiceError';
    this.code = code;
    this.errors = errors;
  }
}

export type RefusalCode = LedgerErrorCode | ServiceErrorCode;

/** A refusal a caller is told about, by its stable code; undefined for anything else (a bug, a fault). */
export function refusalOf(error: unknown): { code: RefusalCode; message: string; errors: FieldError[] | undefined } | undefined {
  if (error instanceof LedgerError || error instanceof ServiceError) return { code: error.code, message: error.message, errors: error.errors };
  return undefined;
}

/**
 * What a database failure means for the caller (db/faults.ts): `busy` (it gave up waiting,
 * nothing was written) or `unavailable` (it could not be reached, or the connection died).
 */
export function faultOf(error: unknown): DatabaseFault | undefined {
  return databaseFault(error);
}
