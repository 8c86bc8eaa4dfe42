import { formatMinor } from '../ledger/money.js';
import type { Account, Hold, Transaction } from '../ledger/types.js';

/** The JSON shapes of the v1 contract: amounts become decimal strings here and only here. */

export function presentAccount(a: Account) {
  return {
    id: a.id,
    code: a.code,
    name: a.name,
    kind: a.kind,
    status: a.status,
    balance: formatMinor(a.balance),
    held: formatMinor(a.held),
    available: formatMinor(a.available),
    metadata: a.metadata,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}

export function presentTransaction(t: Transaction) {
  return {
    id: t.id,
    kind: t.kind,
    occurredAt: t.occurredAt,
    recordedAt: t.recordedAt,
    description: t.description,
    reference: t.reference,
    category: t.categoryCode,
    amount: formatMinor(t.amount),
    entries: t.entries.map((e) => ({ accountId: e.accountId, amount: formatMinor(e.amount) })),
    reversesTransactionId: t.reversesTransactionId,
    reversedAmount: formatMinor(t.reversedAmount),
    holdId: t.holdId,
    metadata: t.metadata,
    receipt: t.receipt,
    postedBy: t.postedBy,
  };
}

export function presentHold(h: Hold) {
  return {
    id: h.id,
    accountId: h.accountId,
    merchantAccountId: h.merchantAccountId,
    amount: formatMinor(h.amount),
    status: h.status,
    description: h.description,
    expiresAt: h.expiresAt,
    createdAt: h.createdAt,
    resolvedAt: h.resolvedAt,
    capturedAmount: h.capturedAmount === null ? null : formatMinor(h.capturedAmount),
    transactionId: h.transactionId,
  };
}
