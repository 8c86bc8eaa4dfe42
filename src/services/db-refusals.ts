import { ledgerSqlstate, type LedgerSqlstateCode } from '../db/error-codes.js';
import { driverError } from '../db/faults.js';
import { type FieldError, LedgerError } from '../ledger/errors.js';

/** What a translated refusal needs to know of the posting's legs (a ledger Leg fits). */
export interface LegFields {
  kinds?: readonly string[];
  /** The input field that named the account, for the refusal that names it. */
  field?: string;
}

type DriverError = ReturnType<typeof driverError>;

/**
 * The words of each refusal that reaches a client; its problem code and status come from the
 * registry (src/db/error-codes.ts). Codes the registry marks internal are not here: they are
 * bugs, and stay 500s.
 */
const REFUSALS: Partial<Record<LedgerSqlstateCode, (e: DriverError, legs: readonly LegFields[]) => [string, FieldError[]?]>> = {
  LD003: (e) => [`account ${e.detail ?? 'an account'} does not have enough available points`],
  LD004: (e) => [`account ${e.detail ?? 'an account'} is frozen or closed and takes no new entries`],
  LD005: (e) => [`account ${e.detail ?? 'an account'} does not exist`],
  LD007: (e, legs) => {
    const leg = legs[Number(e.detail) - 1];
    const kinds = leg?.kinds?.join(' or ') ?? 'another kind of';
    return [e.message ?? 'an account is of the wrong kind', [{ path: leg?.field ?? 'entries', message: `must be a ${kinds} account` }]];
  },
  // The posting functions' own effective-time rule: the ledger's check should have refused first.
  LD013: (e) => [`${e.message ?? 'the batch would exceed an issuance budget'} (${e.detail ?? ''}); nothing of the batch was posted`],
  LD009: (e) => [e.message ?? 'the posting cannot take effect then', [{ path: 'occurredAt', message: 'refused for this posting' }]],
};

/**
 * A refusal raised by the ledger's own triggers and functions (their SQLSTATEs, see the
 * registry), or by a constraint, as the domain's error; anything else is thrown as it is.
 * `legs`: the posting's, so that a leg of the wrong kind is named by the field that named
 * its account.
 */
export function translateDatabaseError(error: unknown, legs: readonly LegFields[] = []): never {
  const e = driverError(error);
  const known = ledgerSqlstate(e.code);
  const words = known && REFUSALS[known.code];
  if (known && known.problem !== 'internal' && words) {
    const [detail, errors] = words(e, legs);
    // known.problem is the registry's literal: this compiles only while it is a LedgerErrorCode.
    throw new LedgerError(known.problem, detail, errors);
  }
  switch (e.code) {
    case '23514':
      // The CHECKs on a stored balance and on a date: our own checks should have refused first.
      if (e.constraint === 'account_balances_non_negative') {
        throw new LedgerError('insufficient_funds', 'the posting would take a balance below zero');
      }
      if (e.constraint === 'transactions_occurred_from_1970') {
        throw new LedgerError('validation_failed', 'occurredAt must be in 1970 or later', [{ path: 'occurredAt', message: 'before 1970' }]);
      }
      break;
    case '23505':
      throw new LedgerError('conflict', e.detail ?? 'a unique value is already taken');
  }
  throw error;
}
