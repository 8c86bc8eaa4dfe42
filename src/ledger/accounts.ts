/** Accounts as rules: how a balance is spread, which status changes are allowed, how issuance accounts are named. */
import { LedgerError } from './errors.js';
import type { Account, AccountKind, AccountStatus } from './types.js';

/**
 * Balance rows per account kind. A member is touched by its own resident's requests only; a
 * supermarket or an issuance account is touched by everyone's, so its balance is spread over
 * rows that concurrent postings can update without waiting for each other.
 */
export const BALANCE_SHARDS: Record<AccountKind, number> = { member: 1, merchant: 16, system: 16 };

/**
 * Whether an account may change status. Frozen accounts may be thawed; closed is final; a
 * system account's status never changes.
 */
export function requireStatusChangeAllowed(before: Account): void {
  if (before.status === 'closed') {
    throw new LedgerError('conflict', `account ${before.id} is closed; a closed account cannot be reopened`);
  }
  if (before.kind === 'system') {
    throw new LedgerError('conflict', `account ${before.id} is a system account; its status does not change`);
  }
}

/** Only an account with nothing in it and nothing reserved may close (judged under its balance-row locks). */
export function requireClosable(id: string, next: AccountStatus, totals: { balance: bigint; pendingHolds: number }): void {
  if (next === 'closed' && (totals.balance !== 0n || totals.pendingHolds !== 0)) {
    throw new LedgerError('conflict', `account ${id} cannot close: its balance must be 0.00 with no pending hold (it has ${totals.pendingHolds} pending)`);
  }
}

/** The code of a category's own system issuance account. */
export function issuanceAccountCode(categoryCode: string): string {
  return `SYS-ISSUE-${categoryCode.toUpperCase().replace(/_/g, '-')}`;
}
