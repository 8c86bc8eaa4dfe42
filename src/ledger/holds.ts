/** Holds as rules: how long one may reserve, when it may be charged, and what it may take. */
import { LedgerError } from './errors.js';
import type { Hold } from './types.js';

/** How long a hold reserves points when the terminal does not say, and at most. */
export const HOLD_TTL_DEFAULT_MS = 15 * 60 * 1000;
export const HOLD_TTL_MAX_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * When a new hold expires: as asked, or after the default; in the future and at most
 * `ttlMaxMs` away. `most` says that bound in words, for the refusal.
 */
export function holdExpiry(requested: Date | undefined, now: Date, ttlMaxMs: number, most: string): Date {
  const at = now.getTime();
  const expiresAt = requested ?? new Date(at + Math.min(HOLD_TTL_DEFAULT_MS, ttlMaxMs));
  if (expiresAt.getTime() <= at || expiresAt.getTime() > at + ttlMaxMs) {
    throw new LedgerError('validation_failed', `expiresAt must be in the future and at most ${most}`, [{ path: 'expiresAt', message: 'out of range' }]);
  }
  return expiresAt;
}

/** What a member has, under the lock every posting takes: its balance, what holds reserve, whether it is active. */
export interface Availability {
  balance: bigint;
  held: bigint;
  acceptsEntries: boolean;
}

/** A hold reserves only what is available, on an account that takes entries. */
export function requireAvailable(accountId: string, a: Availability, amountMinor: bigint): void {
  if (!a.acceptsEntries) {
    throw new LedgerError('account_not_active', `account ${accountId} is frozen or closed and takes no new entries`);
  }
  if (a.balance - a.held < amountMinor) {
    throw new LedgerError('insufficient_funds', `account ${accountId} does not have enough available points`);
  }
}

/** A hold resolves exactly once: one that is no longer pending, or has expired, is refused. */
export function requirePending(hold: Hold): void {
  if (hold.status !== 'pending') throw new LedgerError('hold_not_pending', `hold ${hold.id} is ${hold.status}`);
}

/** What a capture charges: as asked or the whole hold, never more than it. */
export function captureAmount(hold: Hold, requested: bigint | undefined): bigint {
  const amountMinor = requested ?? hold.amount;
  if (amountMinor > hold.amount) {
    throw new LedgerError('validation_failed', `the capture exceeds the held amount`, [{ path: 'amount', message: 'must be at most the held amount' }]);
  }
  return amountMinor;
}
