import { driverError } from '../db/faults.js';
import { LedgerError } from '../ledger/errors.js';
import type { Leg } from '../ledger/postings.js';

/**
 * The refusals the ledger's own triggers and functions raise (their SQLSTATEs, see
 * migrations), as the domain's errors; anything else is thrown as it is. `legs`: the
 * posting's, so that a leg of the wrong kind is named by the field that named its account.
 */
export function translateDatabaseError(error: unknown, legs: readonly Leg[] = []): never {
  const e = driverError(error);
  const subject = e.detail ?? 'an account';
  switch (e.code) {
    case 'LD007': {
      const leg = legs[Number(e.detail) - 1];
      const kinds = leg?.kinds.join(' or ') ?? 'another kind of';
      throw new LedgerError('validation_failed', e.message ?? 'an account is of the wrong kind', [
        { path: leg?.field ?? 'entries', message: `must be a ${kinds} account` },
      ]);
    }
    case 'LD003':
      throw new LedgerError('insufficient_funds', `account ${subject} does not have enough available points`);
    case 'LD004':
      throw new LedgerError('account_not_active', `account ${subject} is frozen or closed and takes no new entries`);
    case 'LD005':
      throw new LedgerError('not_found', `account ${subject} does not exist`);
    case 'LD009':
      // The posting functions' own effective-time rule: the ledger's check should have refused first.
      throw new LedgerError('validation_failed', e.message ?? 'the posting cannot take effect then', [
        { path: 'occurredAt', message: 'refused for this posting' },
      ]);
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
