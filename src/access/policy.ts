import { LedgerError } from '../ledger/errors.js';
import type { Actor, Transaction } from '../ledger/types.js';

export const ROLES = ['admin', 'issuer', 'cashier', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, as the API key says. */
export interface Principal {
  keyId: string;
  role: Role;
  /** For a cashier: the supermarkets it may charge into and read. Empty for other roles. */
  merchantAccountIds: readonly string[];
}

/**
 * Object-level scope. A caller that may not see an object is told it does not exist (404),
 * so probing ids reveals nothing.
 */
export function hidden(what: string, id: string): LedgerError {
  return new LedgerError('not_found', `${what} ${id} does not exist`);
}

const unscoped = (actor: Actor) => actor.role === null || actor.role === 'admin' || actor.role === 'auditor';

/** A cashier acts only for its own supermarkets. */
export function ownsMerchant(actor: Actor, merchantAccountId: string): boolean {
  return actor.role !== 'cashier' || actor.merchantAccountIds.includes(merchantAccountId);
}

export function requireOwnMerchant(actor: Actor, merchantAccountId: string): void {
  if (!ownsMerchant(actor, merchantAccountId)) throw hidden('account', merchantAccountId);
}

/**
 * Which accounts a caller may read: admins and auditors all; issuers members (the residents
 * their apps serve); cashiers members (to look a resident up at the till) and their own
 * supermarkets.
 */
export function canReadAccount(actor: Actor, account: { id: string; kind: string }): boolean {
  if (unscoped(actor) || account.kind === 'member') return true;
  return actor.role === 'cashier' && actor.merchantAccountIds.includes(account.id);
}

/** Statements: an issuer reads members'; a cashier only its own supermarkets'. */
export function canReadStatement(actor: Actor, account: { id: string; kind: string }): boolean {
  if (unscoped(actor)) return true;
  if (actor.role === 'issuer') return account.kind === 'member';
  return actor.role === 'cashier' && actor.merchantAccountIds.includes(account.id);
}

/** A transaction is visible to a cashier only when it touches one of its supermarkets. */
export function canReadTransaction(actor: Actor, accountIds: readonly string[]): boolean {
  if (actor.role !== 'cashier') return true;
  return accountIds.some((id) => actor.merchantAccountIds.includes(id));
}

type Reversible = Pick<Transaction, 'kind' | 'entries'>;

/**
 * Which transactions each role may reverse, once it may see them. A reversal takes points
 * back from whoever received them, so a role undoes only its own kind of posting: a cashier
 * the sales into its own supermarkets (a captured hold is a sale), an issuer earnings.
 * Anything else (adjustments, settlements, gifts) moved points no till or app moved, and only
 * an administrator corrects it.
 */
export const REVERSES: Record<Role, { what: string; allows: (actor: Actor, original: Reversible) => boolean }> = {
  admin: { what: 'any transaction', allows: () => true },
  issuer: { what: 'earnings', allows: (_actor, original) => original.kind === 'earning' },
  cashier: {
    what: 'sales into its own supermarkets',
    allows: (actor, original) =>
      original.kind === 'redemption' &&
      original.entries.some((e) => e.amount > 0n && actor.merchantAccountIds.includes(e.accountId)),
  },
  auditor: { what: 'nothing', allows: () => false },
};

export function canReverse(actor: Actor, original: Reversible): boolean {
  return actor.role === null || REVERSES[actor.role].allows(actor, original);
}

/** A transaction the caller can see but may not reverse is refused openly (403), not hidden. */
export function requireReversible(actor: Actor, original: Reversible & { id: string }): void {
  if (canReverse(actor, original) || actor.role === null) return;
  throw new LedgerError('forbidden', `a ${actor.role} key reverses ${REVERSES[actor.role].what} only; ${original.id} is not one`);
}
