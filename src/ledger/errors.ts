/**
 * Every refusal the ledger can give, by its stable code. The HTTP edge maps a code to a
 * status; the ledger itself knows nothing of HTTP.
 */
export type LedgerErrorCode =
  | 'validation_failed'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'insufficient_funds'
  | 'account_not_active'
  | 'hold_not_pending'
  | 'reversal_exceeds_original'
  | 'idempotency_key_reused'
  | 'idempotency_key_in_flight'
  /** Gave up waiting for a contended account; nothing was written, a retry may pass. */
  | 'busy';

export interface FieldError {
  path: string;
  message: string;
}

export class LedgerError extends Error {
  readonly code: LedgerErrorCode;
  readonly errors: FieldError[] | undefined;

  constructor(code: LedgerErrorCode, detail: string, errors?: FieldError[]) {
    super(detail);
    this.name = 'LedgerError';
    this.code = code;
    this.errors = errors;
  }
}

/** Thrown when an invariant our own code relies on does not hold: a bug, never a client error. */
export class InvariantViolation extends Error {
  constructor(message: string) {
    super(`ledger invariant violated: ${message}`);
    this.name = 'InvariantViolation';
  }
}

export function assertInvariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new InvariantViolation(message);
}
