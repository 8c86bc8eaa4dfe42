import * as accountsDb from '../db/accounts.js';
import * as categoriesDb from '../db/categories.js';
import { type Database, driverError, type Executor } from '../db/client.js';
import * as transactionsDb from '../db/transactions.js';
import { decodeCursor, encodeCursor, pageOf } from './cursor.js';
import { assertInvariant, LedgerError } from './errors.js';
import { newId } from './ids.js';
import { toMinor } from './money.js';
import type {
  Account,
  AccountKind,
  AccountStatus,
  Actor,
  Category,
  Metadata,
  Page,
  Receipt,
  Transaction,
  TransactionKind,
} from './types.js';

/**
 * Balance rows per account kind. A member is touched by its own resident's requests only; a
 * supermarket or an issuance account is touched by everyone's, so its balance is spread over
 * rows that concurrent postings can update without waiting for each other.
 */
const BALANCE_SHARDS: Record<AccountKind, number> = { member: 1, merchant: 16, system: 16 };

/** How many legs one adjustment may have. */
export const ADJUSTMENT_LEGS_MAX = 100;

export interface Leg {
  accountId: string;
  amountMinor: bigint;
}

interface PostingInput {
  kind: TransactionKind;
  legs: Leg[];
  occurredAt?: Date | undefined;
  description?: string | undefined;
  reference?: string | undefined;
  categoryCode?: string | undefined;
  reversesTransactionId?: string | undefined;
  holdId?: string | undefined;
  metadata?: Metadata | undefined;
  receipt?: Receipt | undefined;
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

export interface RedemptionInput {
  accountId: string;
  merchantAccountId: string;
  amountMinor: bigint;
  description?: string | undefined;
  occurredAt?: Date | undefined;
  reference?: string | undefined;
  metadata?: Metadata | undefined;
  receipt?: Receipt | undefined;
}

export interface TransferInput {
  fromAccountId: string;
  toAccountId: string;
  amountMinor: bigint;
  description?: string | undefined;
  occurredAt?: Date | undefined;
  reference?: string | undefined;
  metadata?: Metadata | undefined;
}

export interface AdjustmentInput {
  entries: Leg[];
  description: string;
  occurredAt?: Date | undefined;
  reference?: string | undefined;
  metadata?: Metadata | undefined;
}

/** SQLSTATEs raised by the ledger's own triggers and functions (see migrations). */
function translateDatabaseError(error: unknown): never {
  const e = driverError(error);
  const subject = e.detail ?? 'an account';
  switch (e.code) {
    case 'LD003':
      throw new LedgerError('insufficient_funds', `account ${subject} does not have enough available points`);
    case 'LD004':
      throw new LedgerError('account_not_active', `account ${subject} is frozen or closed and takes no new entries`);
    case 'LD005':
      throw new LedgerError('not_found', `account ${subject} does not exist`);
    case '23514':
      // The CHECK on a stored balance: our own check above it should have refused first.
      if (e.constraint === 'account_balances_non_negative') {
        throw new LedgerError('insufficient_funds', 'the posting would take a balance below zero');
      }
      break;
    case '23505':
      throw new LedgerError('conflict', e.detail ?? 'a unique value is already taken');
  }
  throw error;
}

function toAccount(row: accountsDb.AccountRow): Account {
  const balance = BigInt(row.balance);
  const held = BigInt(row.held);
  return { ...row, balance, held, available: balance - held };
}

function toTransaction(row: transactionsDb.TransactionRow): Transaction {
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
    amount: entries.reduce((sum, e) => (e.amount > 0n ? sum + e.amount : sum), 0n),
    reversedAmount: BigInt(row.reversedAmount),
    entries,
    metadata: row.metadata,
    receipt: (row.receipt as Receipt | null) ?? null,
    postedBy: { keyId: row.postedByKeyId, role: row.postedByRole },
  };
}

/** The order every view of a transaction lists its legs in: out before in, then by account. */
function sortLegs<T extends { accountId: string; amount: bigint }>(legs: T[]): T[] {
  return [...legs].sort((a, b) =>
    a.amount !== b.amount ? (a.amount < b.amount ? -1 : 1) : a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0,
  );
}

export class Ledger {
  constructor(private readonly database: Database) {}

  /* ---------------------------------------------------------------- accounts */

  async openAccount(
    tx: Executor,
    input: { code: string; name: string; kind: AccountKind; metadata?: Metadata | undefined },
  ): Promise<Account> {
    const id = newId('acct');
    if (await accountsDb.findAccountByCode(tx, input.code)) {
      throw new LedgerError('conflict', `an account with code ${input.code} already exists`);
    }
    try {
      await accountsDb.insertAccount(tx, {
        id,
        code: input.code,
        name: input.name,
        kind: input.kind,
        metadata: input.metadata ?? {},
        shards: BALANCE_SHARDS[input.kind],
      });
    } catch (error) {
      translateDatabaseError(error);
    }
    const row = await accountsDb.findAccount(tx, id);
    assertInvariant(row, `account ${id} was not written`);
    return toAccount(row);
  }

  async getAccount(id: string, ex: Executor = this.database.db): Promise<Account> {
    const row = await accountsDb.findAccount(ex, id);
    if (!row) throw new LedgerError('not_found', `account ${id} does not exist`);
    return toAccount(row);
  }

  async listAccounts(filter: {
    kind?: AccountKind | undefined;
    status?: AccountStatus | undefined;
    code?: string | undefined;
    limit: number;
    cursor?: string | undefined;
  }): Promise<Page<Account>> {
    const beforeId = filter.cursor ? decodeCursor(filter.cursor, ['id']).id : undefined;
    const found = await accountsDb.listAccounts(this.database.db, { ...filter, beforeId, limit: filter.limit + 1 });
    return pageOf(found.map(toAccount), filter.limit, (last) => encodeCursor({ id: last.id }));
  }

  /**
   * Renames, re-tags or changes the status of an account. Frozen accounts may be thawed;
   * closed is final, and only an account with nothing in it and nothing reserved may close.
   */
  async updateAccount(
    tx: Executor,
    id: string,
    patch: { name?: string | undefined; metadata?: Metadata | undefined; status?: AccountStatus | undefined },
  ): Promise<Account> {
    const before = await this.getAccount(id, tx);
    if (patch.status !== undefined && patch.status !== before.status) {
      if (before.status === 'closed') {
        throw new LedgerError('conflict', `account ${id} is closed; a closed account cannot be reopened`);
      }
      if (before.kind === 'system') {
        throw new LedgerError('conflict', `account ${id} is a system account; its status does not change`);
      }
      // Lock its balance rows so that no posting or hold can slip in between check and change.
      const totals = await accountsDb.lockAccountForStatusChange(tx, id);
      assertInvariant(totals, `account ${id} has no balance rows`);
      if (patch.status === 'closed' && (BigInt(totals.balance) !== 0n || totals.pendingHolds !== '0')) {
        throw new LedgerError(
          'conflict',
          `account ${id} cannot close: its balance must be 0.00 with no pending hold (it has ${totals.pendingHolds} pending)`,
        );
      }
    }
    await accountsDb.updateAccount(tx, id, patch);
    return this.getAccount(id, tx);
  }

  /* -------------------------------------------------------------- categories */

  async listCategories(): Promise<Category[]> {
    return categoriesDb.listCategories(this.database.db);
  }

  /** A new earning category, with the system issuance account its earnings are drawn from. */
  async createCategory(tx: Executor, input: { code: string; name: string }): Promise<Category> {
    if (await categoriesDb.findCategory(tx, input.code)) {
      throw new LedgerError('conflict', `category ${input.code} already exists`);
    }
    const issuance = await this.openAccount(tx, {
      code: `SYS-ISSUE-${input.code.toUpperCase().replace(/_/g, '-')}`,
      name: `${input.name} issuance`,
      kind: 'system',
    });
    await categoriesDb.insertCategory(tx, { ...input, issuanceAccountId: issuance.id });
    const category = await categoriesDb.findCategory(tx, input.code);
    assertInvariant(category, `category ${input.code} was not written`);
    return category;
  }

  /* ---------------------------------------------------------------- postings */

  /** Points for volunteer work: from the category's issuance account to a member. */
  async earn(tx: Executor, input: EarningInput, actor: Actor): Promise<Transaction> {
    const category = await categoriesDb.findCategory(tx, input.category);
    if (!category) {
      throw new LedgerError('validation_failed', `no earning category ${input.category}`, [
        { path: 'category', message: 'unknown category' },
      ]);
    }
    await this.requireKinds(tx, [[input.accountId, ['member'], 'accountId']]);
    return this.post(
      tx,
      {
        kind: 'earning',
        legs: [
          { accountId: category.issuanceAccountId, amountMinor: -input.amountMinor },
          { accountId: input.accountId, amountMinor: input.amountMinor },
        ],
        categoryCode: category.code,
        occurredAt: input.occurredAt,
        description: input.description,
        reference: input.reference,
        metadata: input.metadata,
      },
      actor,
    );
  }

  /** A purchase at the charity supermarket: member to merchant. */
  async redeem(tx: Executor, input: RedemptionInput, actor: Actor): Promise<Transaction> {
    if (input.receipt) {
      const total = input.receipt.lines.reduce((sum, l) => sum + BigInt(l.quantity) * toMinor(l.unitPrice), 0n);
      if (total !== input.amountMinor) {
        throw new LedgerError('validation_failed', 'amount must equal the sum of quantity x unitPrice over the receipt lines', [
          { path: 'amount', message: 'does not match the receipt lines' },
        ]);
      }
    }
    await this.requireKinds(tx, [
      [input.accountId, ['member'], 'accountId'],
      [input.merchantAccountId, ['merchant'], 'merchantAccountId'],
    ]);
    return this.post(
      tx,
      {
        kind: 'redemption',
        legs: [
          { accountId: input.accountId, amountMinor: -input.amountMinor },
          { accountId: input.merchantAccountId, amountMinor: input.amountMinor },
        ],
        occurredAt: input.occurredAt,
        description: input.description,
        reference: input.reference,
        metadata: input.metadata,
        receipt: input.receipt,
      },
      actor,
    );
  }

  /** A gift between members, or a donation from a member to a system pool. */
  async transfer(tx: Executor, input: TransferInput, actor: Actor): Promise<Transaction> {
    if (input.fromAccountId === input.toAccountId) {
      throw new LedgerError('validation_failed', 'a transfer needs two different accounts', [
        { path: 'toAccountId', message: 'must differ from fromAccountId' },
      ]);
    }
    await this.requireKinds(tx, [
      [input.fromAccountId, ['member'], 'fromAccountId'],
      [input.toAccountId, ['member', 'system'], 'toAccountId'],
    ]);
    if (await this.isIssuanceAccount(tx, input.toAccountId)) {
      throw new LedgerError('validation_failed', 'points cannot be transferred into an issuance account', [
        { path: 'toAccountId', message: 'is an issuance account' },
      ]);
    }
    return this.post(
      tx,
      {
        kind: 'transfer',
        legs: [
          { accountId: input.fromAccountId, amountMinor: -input.amountMinor },
          { accountId: input.toAccountId, amountMinor: input.amountMinor },
        ],
        occurredAt: input.occurredAt,
        description: input.description,
        reference: input.reference,
        metadata: input.metadata,
      },
      actor,
    );
  }

  /** A balanced correction or opening balance with any legs an administrator names. */
  async adjust(tx: Executor, input: AdjustmentInput, actor: Actor): Promise<Transaction> {
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
      throw new LedgerError('validation_failed', 'the entries of an adjustment must sum to zero', [
        { path: 'entries', message: `sum is not zero` },
      ]);
    }
    return this.post(
      tx,
      {
        kind: 'adjustment',
        legs: input.entries,
        occurredAt: input.occurredAt,
        description: input.description,
        reference: input.reference,
        metadata: input.metadata,
      },
      actor,
    );
  }

  /* --------------------------------------------------------------- reading */

  async getTransaction(id: string, ex: Executor = this.database.db): Promise<Transaction> {
    const row = await transactionsDb.findTransaction(ex, id);
    if (!row) throw new LedgerError('not_found', `transaction ${id} does not exist`);
    return toTransaction(row);
  }

  async listTransactions(filter: {
    accountId?: string | undefined;
    kind?: TransactionKind | undefined;
    from?: Date | undefined;
    to?: Date | undefined;
    limit: number;
    cursor?: string | undefined;
  }): Promise<Page<Transaction>> {
    const beforeId = filter.cursor ? decodeCursor(filter.cursor, ['id']).id : undefined;
    const found = await transactionsDb.listTransactions(this.database.db, { ...filter, beforeId, limit: filter.limit + 1 });
    return pageOf(found.map(toTransaction), filter.limit, (last) => encodeCursor({ id: last.id }));
  }

  /* -------------------------------------------------------------- internals */

  private async post(tx: Executor, input: PostingInput, actor: Actor): Promise<Transaction> {
    // The database refuses an unbalanced transaction at commit; refuse it here first, where
    // the mistake is ours and the message can say so.
    const sum = input.legs.reduce((s, l) => s + l.amountMinor, 0n);
    assertInvariant(sum === 0n, `posting legs sum to ${sum}, not zero`);
    assertInvariant(input.legs.length >= 2, 'a posting has at least two legs');
    assertInvariant(
      input.legs.every((l) => l.amountMinor !== 0n),
      'no leg of a posting is zero',
    );
    if (input.occurredAt && input.occurredAt.getTime() > Date.now()) {
      throw new LedgerError('validation_failed', 'occurredAt is in the future: the ledger records what has happened', [
        { path: 'occurredAt', message: 'must not be in the future' },
      ]);
    }
    const record: transactionsDb.PostingRecord = {
      id: newId('txn'),
      kind: input.kind,
      occurredAt: input.occurredAt,
      description: input.description ?? null,
      reference: input.reference ?? null,
      categoryCode: input.categoryCode ?? null,
      reversesTransactionId: input.reversesTransactionId ?? null,
      holdId: input.holdId ?? null,
      metadata: input.metadata ?? {},
      receipt: input.receipt ?? null,
      postedByKeyId: actor.keyId,
      postedByRole: actor.role,
      legs: input.legs,
    };
    let recordedAt: string;
    try {
      ({ recordedAt } = await transactionsDb.insertPosting(tx, record));
    } catch (error) {
      translateDatabaseError(error);
    }
    const entries = sortLegs(input.legs.map((l) => ({ accountId: l.accountId, amount: l.amountMinor })));
    return {
      id: record.id,
      kind: record.kind,
      occurredAt: input.occurredAt ? input.occurredAt.toISOString() : recordedAt,
      recordedAt,
      description: record.description,
      reference: record.reference,
      categoryCode: record.categoryCode,
      reversesTransactionId: record.reversesTransactionId,
      holdId: record.holdId,
      amount: entries.reduce((s, e) => (e.amount > 0n ? s + e.amount : s), 0n),
      reversedAmount: 0n,
      entries,
      metadata: record.metadata,
      receipt: input.receipt ?? null,
      postedBy: actor,
    };
  }

  /** Refuses a posting whose accounts do not exist (404) or are of the wrong kind (400). */
  private async requireKinds(tx: Executor, wanted: [id: string, kinds: AccountKind[], path: string][]): Promise<void> {
    for (const [id, kinds, path] of wanted) {
      const row = await accountsDb.findAccountKind(tx, id);
      if (!row) throw new LedgerError('not_found', `account ${id} does not exist`);
      if (!kinds.includes(row.kind)) {
        throw new LedgerError('validation_failed', `account ${id} is a ${row.kind} account; expected ${kinds.join(' or ')}`, [
          { path, message: `must be a ${kinds.join(' or ')} account` },
        ]);
      }
    }
  }

  private async isIssuanceAccount(tx: Executor, id: string): Promise<boolean> {
    return (await categoriesDb.findCategoryByIssuanceAccount(tx, id)) !== undefined;
  }
}
