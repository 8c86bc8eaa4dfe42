import { formatMinor } from '../ledger/money.js';
import type { StatementPage } from '../ledger/statements.js';
import type { Account, Category, Hold, Transaction } from '../ledger/types.js';
import type { ApiKey } from '../services/keys.js';
import type { EarningsReport, TrialBalance } from '../services/reports.js';

/**
 * The JSON shapes of the v1 contract: the one serializer of each object for the API.
 * Amounts become decimal strings here (formatMinor); hashed and exported content has its
 * own (src/ledger/journal.ts's hashedContent).
 */

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

export function presentBalance(accountId: string, b: { balance: bigint; asOf: string }) {
  return { accountId, asOf: b.asOf, balance: formatMinor(b.balance) };
}

export function presentCategory(c: Category) {
  const { noticeSeconds, ...rest } = c;
  return { ...rest, noticeDays: noticeSeconds / (24 * 60 * 60) };
}

export function presentTrialBalance(tb: TrialBalance) {
  return {
    asOf: tb.asOf,
    accounts: tb.accounts.map((a) => ({ ...a, kind: a.kind as never, balance: formatMinor(a.balance) })),
    total: formatMinor(tb.total),
  };
}

export function presentEarningsReport(report: EarningsReport) {
  return { ...report, rows: report.rows.map((r) => ({ ...r, total: formatMinor(r.total) })), total: formatMinor(report.total) };
}

export function presentStatement(p: StatementPage) {
  return {
    accountId: p.account.id,
    code: p.account.code,
    name: p.account.name,
    from: p.from,
    to: p.to,
    openingBalance: formatMinor(p.openingBalance),
    closingBalance: formatMinor(p.closingBalance),
    totalIn: formatMinor(p.totalIn),
    totalOut: formatMinor(p.totalOut),
    lines: p.lines.map((l) => ({
      transactionId: l.transactionId,
      occurredAt: l.occurredAt,
      kind: l.kind as never,
      description: l.description,
      category: l.category,
      reference: l.reference,
      amount: formatMinor(l.amount),
      balanceAfter: formatMinor(l.balanceAfter),
    })),
    nextCursor: p.nextCursor,
  };
}

/** A new key: its secret is in this answer only. */
export function presentCreatedKey(k: ApiKey & { key: string | null }) {
  return k;
}
