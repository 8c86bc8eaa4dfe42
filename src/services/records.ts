/**
 * Stored rows as the domain's objects: one mapper per shape, and the only place that reads
 * the database's text (amounts as decimal text, timestamps as RFC 3339) into them.
 */
import type { AccountRow } from '../db/accounts.js';
import type { HoldRow } from '../db/holds.js';
import type { TransactionRow } from '../db/transactions.js';
import { movedAmount } from '../ledger/postings.js';
import { InvariantViolation } from '../ledger/errors.js';
import { type Account, type Hold, type Receipt, ROLES, type Role, type Transaction } from '../ledger/types.js';

/** The role a transaction was posted by, as stored (text; null for the service itself). */
function postedByRole(text: string | null): Role | null {
  if (text === null) return null;
  const role = ROLES.find((r) => r === text);
  if (!role) throw new InvariantViolation(`a transaction was posted by an unknown role ${text}`);
  return role;
}

export function toAccount(row: AccountRow): Account {
  const balance = BigInt(row.balance);
  const held = BigInt(row.held);
  return { ...row, balance, held, available: balance - held };
}

/** A stored transaction with its entries (already in the order every view lists them). */
export function toTransaction(row: TransactionRow): Transaction {
  const entries = row.entries.map((e) => ({ accountId: e.accountId, amount: BigInt(e.amount) }));
  return {
    id: row.id,
    kind: row.kind,
    occurredAt: row.occurredAt,
    recordedAt: row.recordedAt,
    description: row.description,
    reference: row.reference,
    categoryCode: row.categoryCode,
    reversesTransactionId: row.reversesTransactionId,
    holdId: row.holdId,
    amount: movedAmount(entries),
    reversedAmount: BigInt(row.reversedAmount),
    entries,
    metadata: row.metadata,
    receipt: (row.receipt as Receipt | null) ?? null,
    postedBy: { keyId: row.postedByKeyId, role: postedByRole(row.postedByRole) },
  };
}

/** A pending hold past its expiresAt reads as expired: no sweeper has to mark it. */
export function toHold(row: HoldRow): Hold {
  return {
    id: row.id,
    accountId: row.accountId,
    merchantAccountId: row.merchantAccountId,
    amount: BigInt(row.amount),
    status: row.expired ? 'expired' : row.status,
    description: row.description,
    expiresAt: row.expiresAt,
    createdAt: row.createdAt,
    resolvedAt: row.resolvedAt,
    capturedAmount: row.capturedAmount === null ? null : BigInt(row.capturedAmount),
    transactionId: row.transactionId,
  };
}
