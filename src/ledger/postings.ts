/**
 * Postings as plain data: each kind of transaction built from its input, and the rules every
 * posting must pass before it is written. Nothing here reads or writes; what a rule needs to
 * know (the category, the original of a reversal, the accounts, the time) it is given.
 */
import { assertInvariant, LedgerError } from './errors.js';
import { toMinor } from './money.js';
import type { AccountKind, Actor, Category, Metadata, Receipt, Transaction, TransactionKind } from './types.js';

/** How many earnings one batch may credit: a whole duty rota fits with room to spare. */
export const EARNING_BATCH_MAX = 1000;

/** How many legs one adjustment may have. */
export const ADJUSTMENT_LEGS_MAX = 100;

const DAY_MS = 24 * 60 * 60 * 1000;

export interface Leg {
  accountId: string;
  amountMinor: bigint;
  /** The kinds of account this leg accepts; checked by the database under the posting's lock. */
  kinds: readonly AccountKind[];
  /** The input field that named the account, for the refusal that names it. */
  field: string;
}

const ANY_KIND: readonly AccountKind[] = ['member', 'merchant', 'system'];

/** A posting ready to be written: its header and its balanced legs. */
export interface PostingDraft {
  kind: TransactionKind;
  legs: Leg[];
  /** Absent: it takes effect when it is recorded. */
  occurredAt: Date | undefined;
  description: string | null;
  reference: string | null;
  categoryCode: string | null;
  reversesTransactionId: string | null;
  holdId: string | null;
  metadata: Metadata;
  receipt: Receipt | null;
}

type Header = Partial<Pick<PostingDraft, 'occurredAt' | 'categoryCode' | 'reversesTransactionId' | 'holdId'>> & {
  description?: string | null | undefined;
  reference?: string | null | undefined;
  metadata?: Metadata | undefined;
  receipt?: Receipt | null | undefined;
};

function draft(kind: TransactionKind, legs: Leg[], h: Header): PostingDraft {
  return {
    kind,
    legs,
    occurredAt: h.occurredAt ?? undefined,
    description: h.description ?? null,
    reference: h.reference ?? null,
    categoryCode: h.categoryCode ?? null,
    reversesTransactionId: h.reversesTransactionId ?? null,
    holdId: h.holdId ?? null,
    metadata: h.metadata ?? {},
    receipt: h.receipt ?? null,
  };
}

export interface EarningInput {
  accountId: string;
  amountMinor: bigint;
  category: string;
  description?: string | undefined;
  occurredAt?: Date | undefined;
  reference?: string | undefined;
  metadata?: Metadata | undefined;
}

/** Points for volunteer work: from the category's issuance account to a member. */
export function earning(input: EarningInput, category: Category): PostingDraft {
  return draft(
    'earning',
    [
      { accountId: category.issuanceAccountId, amountMinor: -input.amountMinor, kinds: ['system'], field: 'category' },
      { accountId: input.accountId, amountMinor: input.amountMinor, kinds: ['member'], field: 'accountId' },
    ],
    { ...input, categoryCode: category.code },
  );
}

/** A redemption takes its points when it is recorded: it has no occurredAt (see checkEffectiveTime). */
export interface RedemptionInput {
  accountId: string;
  merchantAccountId: string;
  amountMinor: bigint;
  description?: string | undefined;
  reference?: string | undefined;
  metadata?: Metadata | undefined;
  receipt?: Receipt | undefined;
  /** Set when the redemption captures a hold. */
  holdId?: string | undefined;
}

/** A purchase at the charity supermarket: member to merchant; a receipt must add up to the amount. */
export function redemption(input: RedemptionInput): PostingDraft {
  if (input.receipt) {
    const total = input.receipt.lines.reduce((sum, l) => sum + BigInt(l.quantity) * toMinor(l.unitPrice), 0n);
    if (total !== input.amountMinor) {
      throw new LedgerError('validation_failed', 'amount must equal the sum of quantity x unitPrice over the receipt lines', [
        { path: 'amount', message: 'does not match the receipt lines' },
      ]);
    }
  }
  return draft(
    'redemption',
    [
      { accountId: input.accountId, amountMinor: -input.amountMinor, kinds: ['member'], field: 'accountId' },
      { accountId: input.merchantAccountId, amountMinor: input.amountMinor, kinds: ['merchant'], field: 'merchantAccountId' },
    ],
    input,
  );
}

/** A transfer takes its points when it is recorded: it has no occurredAt. */
export interface TransferInput {
  fromAccountId: string;
  toAccountId: string;
  amountMinor: bigint;
  description?: string | undefined;
  reference?: string | undefined;
  metadata?: Metadata | undefined;
}

/** A gift between members, or a donation from a member to a system pool (never an issuance account). */
export function transfer(input: TransferInput, toIsIssuanceAccount: boolean): PostingDraft {
  if (input.fromAccountId === input.toAccountId) {
    throw new LedgerError('validation_failed', 'a transfer needs two different accounts', [
      { path: 'toAccountId', message: 'must differ from fromAccountId' },
    ]);
  }
  if (toIsIssuanceAccount) {
    throw new LedgerError('validation_failed', 'points cannot be transferred into an issuance account', [
      { path: 'toAccountId', message: 'is an issuance account' },
    ]);
  }
  return draft(
    'transfer',
    [
      { accountId: input.fromAccountId, amountMinor: -input.amountMinor, kinds: ['member'], field: 'fromAccountId' },
      { accountId: input.toAccountId, amountMinor: input.amountMinor, kinds: ['member', 'system'], field: 'toAccountId' },
    ],
    input,
  );
}

export interface AdjustmentInput {
  entries: { accountId: string; amountMinor: bigint }[];
  description: string;
  occurredAt?: Date | undefined;
  reference?: string | undefined;
  metadata?: Metadata | undefined;
}

/** A balanced correction or opening balance with any legs an administrator names, each account once. */
export function adjustment(input: AdjustmentInput): PostingDraft {
  const seen = new Set<string>();
  input.entries.forEach((leg, i) => {
    if (seen.has(leg.accountId)) {
      throw new LedgerError('validation_failed', 'each account may appear once in an adjustment', [
        { path: `entries.${i}.accountId`, message: 'repeats an earlier entry' },
      ]);
    }
    seen.add(leg.accountId);
  });
  const sum = input.entries.reduce((s, l) => s + l.amountMinor, 0n);
  if (sum !== 0n) {
    throw new LedgerError('validation_failed', 'the entries of an adjustment must sum to zero', [{ path: 'entries', message: `sum is not zero` }]);
  }
  return draft(
    'adjustment',
    input.entries.map((leg, i) => ({ accountId: leg.accountId, amountMinor: leg.amountMinor, kinds: ANY_KIND, field: `entries.${i}.accountId` })),
    input,
  );
}

export interface ReversalInput {
  amountMinor?: bigint | undefined;
  reason: string;
  metadata?: Metadata | undefined;
}

/**
 * Moves all or part of a transaction back, as a new linked transaction: the original's
 * legs turned around. A reversal keeps the original's category and is not itself
 * reversible; together the reversals of one original never exceed it.
 */
export function reversal(original: Transaction, input: ReversalInput): PostingDraft {
  if (original.kind === 'reversal') {
    throw new LedgerError('conflict', `transaction ${original.id} is a reversal; a reversal cannot be reversed`);
  }
  const remaining = original.amount - original.reversedAmount;
  const amountMinor = input.amountMinor ?? remaining;
  if (remaining === 0n || amountMinor > remaining) {
    throw new LedgerError('reversal_exceeds_original', `transaction ${original.id} has ${remaining === 0n ? 'nothing' : 'less'} left to reverse`);
  }
  let legs: Leg[];
  if (original.entries.length === 2) {
    legs = original.entries.map((e) => ({ accountId: e.accountId, amountMinor: e.amount > 0n ? -amountMinor : amountMinor, kinds: ANY_KIND, field: 'entries' }));
  } else if (amountMinor === original.amount && original.reversedAmount === 0n) {
    legs = original.entries.map((e) => ({ accountId: e.accountId, amountMinor: -e.amount, kinds: ANY_KIND, field: 'entries' }));
  } else {
    // Splitting a partial amount over many legs has no single right answer; refuse rather than guess.
    throw new LedgerError('validation_failed', 'a transaction with more than two entries can only be reversed in full', [
      { path: 'amount', message: 'omit it to reverse in full' },
    ]);
  }
  return draft('reversal', legs, {
    categoryCode: original.categoryCode,
    reversesTransactionId: original.id,
    description: input.reason,
    metadata: input.metadata,
  });
}

/** The checks every posting passes, whatever built it: a bug of ours if one fails. */
export function assertBalanced(d: PostingDraft): void {
  // The database refuses an unbalanced transaction at commit; refuse it here first, where
  // the mistake is ours and the message can say so.
  const sum = d.legs.reduce((s, l) => s + l.amountMinor, 0n);
  assertInvariant(sum === 0n, `posting legs sum to ${sum}, not zero`);
  assertInvariant(d.legs.length >= 2, 'a posting has at least two legs');
  assertInvariant(
    d.legs.every((l) => l.amountMinor !== 0n),
    'no leg of a posting is zero',
  );
}

/** The accounts of a posting as the effective-time rule needs them. */
export interface LegAccount {
  id: string;
  kind: AccountKind;
  createdAt: string;
}

/**
 * Whether a posting dated back (occurredAt) may take effect then. A member's or a
 * merchant's balance is never below zero at any effective time: a balance as of a moment
 * sums what occurred up to it, so a debit dated back would lower balances that were never
 * checked. A debit from a member or a merchant therefore takes effect when it is recorded
 * (checked against the balance now, which holds every entry); a credit, which only raises
 * past balances, may be dated back within the window, never before the credited account was
 * opened, never into the future. The posting function holds the same rules but the window
 * (sql/functions/ledger_effective_time_refused.sql). `accounts`: those of the legs that exist (an absent one is refused by
 * the posting itself, 404).
 */
export function checkEffectiveTime(d: PostingDraft, now: Date, backdateWindowMs: number, accounts: ReadonlyMap<string, LegAccount>): void {
  const occurredAt = d.occurredAt;
  if (!occurredAt) return;
  const refuse = (message: string) => new LedgerError('validation_failed', message, [{ path: 'occurredAt', message }]);
  if (occurredAt.getTime() > now.getTime()) {
    throw new LedgerError('validation_failed', 'occurredAt is in the future: the ledger records what has happened', [
      { path: 'occurredAt', message: 'must not be in the future' },
    ]);
  }
  for (const leg of d.legs) {
    const account = accounts.get(leg.accountId);
    if (!account) continue;
    if (leg.amountMinor < 0n && account.kind !== 'system') {
      throw refuse(`a posting that takes points from a member or a merchant (${account.id}) takes effect when it is recorded: omit occurredAt`);
    }
    if (leg.amountMinor > 0n && occurredAt.getTime() < Date.parse(account.createdAt)) {
      throw refuse(`occurredAt is before account ${account.id} was opened (${account.createdAt})`);
    }
  }
  const earliest = now.getTime() - backdateWindowMs;
  if (occurredAt.getTime() < earliest) {
    throw refuse(`occurredAt may be at most ${backdateWindowMs / DAY_MS} days back (not before ${new Date(earliest).toISOString()})`);
  }
}

/** The order every view of a transaction lists its legs in: out before in, then by account. */
export function sortEntries<T extends { accountId: string; amount: bigint }>(legs: T[]): T[] {
  return [...legs].sort((a, b) =>
    a.amount !== b.amount ? (a.amount < b.amount ? -1 : 1) : a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0,
  );
}

/** How many points a transaction moved: the sum of its positive legs. */
export function movedAmount(entries: readonly { amount: bigint }[]): bigint {
  return entries.reduce((sum, e) => (e.amount > 0n ? sum + e.amount : sum), 0n);
}

/** The transaction a written posting became. */
export function postedTransaction(d: PostingDraft, id: string, recordedAt: string, actor: Actor): Transaction {
  const entries = sortEntries(d.legs.map((l) => ({ accountId: l.accountId, amount: l.amountMinor })));
  return {
    id,
    kind: d.kind,
    occurredAt: d.occurredAt ? d.occurredAt.toISOString() : recordedAt,
    recordedAt,
    description: d.description,
    reference: d.reference,
    categoryCode: d.categoryCode,
    reversesTransactionId: d.reversesTransactionId,
    holdId: d.holdId,
    amount: movedAmount(entries),
    reversedAmount: 0n,
    entries,
    metadata: d.metadata,
    receipt: d.receipt,
    postedBy: { keyId: actor.keyId, role: actor.role },
  };
}
