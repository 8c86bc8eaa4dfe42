/** The ledger's own view of its objects: amounts as bigint minor units, never numbers. */

/** The caller's own labels: short scalar values only. */
export type Metadata = Record<string, string | number | boolean | null>;

export type AccountKind = 'member' | 'merchant' | 'system';
export type AccountStatus = 'active' | 'frozen' | 'closed';
export type TransactionKind = 'earning' | 'redemption' | 'transfer' | 'reversal' | 'adjustment';

/** What an API key may be: what it may do is src/services/access.ts's table. */
export const ROLES = ['admin', 'issuer', 'cashier', 'auditor', 'organiser', 'certifier', 'app'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who asks: recorded on every transaction it posts, and what object-level scope is judged
 * by. A null role is the service itself (command-line tools, start-up), which is unscoped.
 */
export interface Actor {
  keyId: string | null;
  role: Role | null;
  /** For a cashier: the supermarkets it acts for. */
  merchantAccountIds: readonly string[];
  /** For an organiser or a certifier: the estates it acts in. */
  estates?: readonly string[] | undefined;
  /** For an organiser: the categories it organises (besides its estates). */
  categoryCodes?: readonly string[] | undefined;
  /** The member the key's holder is: nobody certifies points paid to themselves. */
  memberAccountId?: string | null | undefined;
}

export const SYSTEM_ACTOR: Actor = Object.freeze({ keyId: null, role: null, merchantAccountIds: [] });

export interface Account {
  id: string;
  code: string;
  name: string;
  kind: AccountKind;
  status: AccountStatus;
  balance: bigint;
  held: bigint;
  available: bigint;
  metadata: Metadata;
  createdAt: string;
  updatedAt: string;
}

/** How a category's points are earned: credited at once, or through certified activities. */
export type EarningPath = 'direct' | 'certified';

export interface Category {
  code: string;
  name: string;
  issuanceAccountId: string;
  createdAt: string;
  earnings: EarningPath;
  /** The public notice window of its certified claims. */
  noticeSeconds: number;
}

export interface ReceiptLine {
  name: string;
  quantity: number;
  /** Normalised decimal text, "12.50". */
  unitPrice: string;
  sku?: string | undefined;
}

export interface Receipt {
  number: string;
  lines: ReceiptLine[];
}

export interface Transaction {
  id: string;
  kind: TransactionKind;
  occurredAt: string;
  recordedAt: string;
  description: string | null;
  reference: string | null;
  categoryCode: string | null;
  reversesTransactionId: string | null;
  holdId: string | null;
  /** The sum of its positive legs: how many points it moved. */
  amount: bigint;
  reversedAmount: bigint;
  entries: { accountId: string; amount: bigint }[];
  metadata: Metadata;
  receipt: Receipt | null;
  postedBy: { keyId: string | null; role: Role | null };
}

/** A transaction as it was recorded: everything but what later reversals derive. */
export type RecordedTransaction = Omit<Transaction, 'amount' | 'reversedAmount'>;

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export type HoldStatus = 'pending' | 'captured' | 'voided' | 'expired';

export interface Hold {
  id: string;
  accountId: string;
  merchantAccountId: string;
  amount: bigint;
  status: HoldStatus;
  description: string | null;
  expiresAt: string;
  createdAt: string;
  resolvedAt: string | null;
  capturedAmount: bigint | null;
  transactionId: string | null;
}
