/**
 * Every refusal the domain's rules can give, by its stable code. The HTTP edge maps a code
 * to a status; the ledger itself knows nothing of HTTP. Refusals of the application (access,
 * idempotency, a busy account) are src/services/errors.ts's.
 */
export type LedgerErrorCode =
  | 'validation_failed'
  | 'not_found'
  | 'conflict'
  | 'insufficient_funds'
  | 'account_not_active'
  | 'hold_not_pending'
  | 'reversal_exceeds_original'
  /** A direct earning in a category whose points are earned through certification. */
  | 'certified_category'
  /** A certifier decides a claim a second time. */
  | 'already_certified'
  /** Certifying a claim that pays oneself, or on an activity one organised. */
  | 'conflict_of_interest'
  /** A claim not in the state the step needs (certifying a posted claim, objecting to an uncertified one). */
  | 'claim_not_open'
  /** Objecting once the public notice window has ended. */
  | 'notice_closed'
  /** An objection already decided. */
  | 'objection_decided'
  /** Posting a claim that is posted already (another instance, a retry). */
  | 'claim_already_posted'
  /** A batch of certified earnings would exceed an issuance budget: held back whole. */
  | 'budget_exceeded';

/**
 * What was wrong with one field of an operation's input. `path` names the field in the
 * input the domain was given (`occurredAt`, `entries.2.accountId`); the v1 contract's
 * bodies use the same names, which is why a client can read them as its own.
 */
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
