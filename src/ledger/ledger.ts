import * as accountsDb from '../db/accounts.js';
import * as categoriesDb from '../db/categories.js';
import * as checkpointsDb from '../db/checkpoints.js';
import * as holdsDb from '../db/holds.js';
import { PostingBatcher, type WarningLog } from '../db/batcher.js';
import { type Database, type Executor } from '../db/client.js';
import { ReadBatcher } from '../db/read-batcher.js';
import * as transactionsDb from '../db/transactions.js';
import { canReadAccount, canReadTransaction, hidden, ownsMerchant, requireOwnMerchant, requireReversible } from '../access/policy.js';
import { decodeCursor, encodeCursor, pageOf } from './cursor.js';
import { translateDatabaseError } from './database-errors.js';
import { assertInvariant, LedgerError } from './errors.js';
import { AccountGate } from './gate.js';
import { databaseFault } from '../db/faults.js';
import { newId } from './ids.js';
import { toMinor } from './money.js';
import type {
  Account,
  AccountKind,
  AccountStatus,
  Actor,
  Category,
  Hold,
  Metadata,
  Page,
  Receipt,
  Transaction,
  TransactionKind,
} from './types.js';
import { SYSTEM_ACTOR } from './types.js';

/**
 * Balance rows per account kind. A member is touched by its own resident's requests only; a
 * supermarket or an issuance account is touched by everyone's, so its balance is spread over
 * rows that concurrent postings can update without waiting for each other.
 */
const BALANCE_SHARDS: Record<AccountKind, number> = { member: 1, merchant: 16, system: 16 };

/** How long a hold reserves points when the terminal does not say, and at most. */
export const HOLD_TTL_DEFAULT_MS = 15 * 60 * 1000;
export const HOLD_TTL_MAX_MS = 7 * 24 * 60 * 60 * 1000;

/** The bounds the service's configuration sets on the domain. */
export interface LedgerLimits {
  /**
   * The longest a cashier key's hold may reserve a resident's points: a till reserves for a
   * basket being scanned, not for days (an admin keeps HOLD_TTL_MAX_MS).
   */
  holdTtlMaxCashierMs: number;
  /** How far back a credit may be dated (occurredAt before its recording). */
  backdateWindowMs: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const DEFAULT_LIMITS: LedgerLimits = { holdTtlMaxCashierMs: 60 * 60 * 1000, backdateWindowMs: 31 * DAY_MS };

/** How many earnings one batch may credit: a whole duty rota fits with room to spare. */
export const EARNING_BATCH_MAX = 1000;

/** How many legs one adjustment may have. */
export const ADJUSTMENT_LEGS_MAX = 100;

export interface Leg {
  accountId: string;
  amountMinor: bigint;
  /** The kinds of account this leg accepts; checked by the database under the posting's lock. */
  kinds?: readonly AccountKind[];
  /** Where the account came from in the request, for the error that names it. */
  path?: string;
}

const ANY_KIND: readonly AccountKind[] = ['member', 'merchant', 'system'];

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

/** A redemption takes its points when it is recorded: it has no occurredAt (see post). */
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

/** A transfer takes its points when it is recorded: it has no occurredAt (see post). */
export interface TransferInput {
  fromAccountId: string;
  toAccountId: string;
  amountMinor: bigint;
  description?: string | undefined;
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

function toHold(row: holdsDb.HoldRow): Hold {
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

/** Accounts one batched read asks for at most (the array is one parameter). */
const ACCOUNT_READS_PER_QUERY = 100;

/** Accounts by id, for the read batcher. */
async function loadAccounts(database: Database, ids: string[]): Promise<Map<string, accountsDb.AccountRow>> {
  const found = await accountsDb.findAccounts(database.reads, ids);
  return new Map(found.map((row) => [row.id, row]));
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

/**
 * What the group-commit lane takes: no reversal or hold to lock first, and every debit from
 * a member or a system account (a member has one balance row; a system account is not
 * checked). ledger_post_batch could gather a multi-row merchant's rows too, but that locks
 * all of them for the whole batch and stalls every till crediting the merchant meanwhile.
 */
function batchable(record: transactionsDb.PostingRecord): boolean {
  return (
    record.reversesTransactionId === null &&
    record.holdId === null &&
    record.legs.every((l) => l.amountMinor > 0n || l.kinds.every((k) => k === 'member' || k === 'system'))
  );
}

function postingOutcome(error: unknown): PostingOutcome {
  if (error instanceof LedgerError) return error.code === 'busy' ? 'busy' : 'refused';
  return databaseFault(error) ?? 'failed';
}

/** The order every view of a transaction lists its legs in: out before in, then by account. */
function sortLegs<T extends { accountId: string; amount: bigint }>(legs: T[]): T[] {
  return [...legs].sort((a, b) =>
    a.amount !== b.amount ? (a.amount < b.amount ? -1 : 1) : a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0,
  );
}

/** The group-commit lane's postings written apart per account at once (see PostingBatcher). */
const ASIDE_PER_ACCOUNT_MAX = 1;

/** What the ledger reports to the metrics. */
export interface LedgerObserver {
  posting(kind: TransactionKind, outcome: PostingOutcome): void;
}

/** posted; refused (by a rule, 4xx); busy or unavailable (the database, 503); failed (anything else). */
export type PostingOutcome = 'posted' | 'refused' | 'busy' | 'unavailable' | 'failed';

export interface LedgerOptions {
  logger?: WarningLog | undefined;
  observer?: LedgerObserver | undefined;
  /** How long a posting may wait for a contended account: the database's lock_timeout. */
  lockWaitMs?: number | undefined;
  /**
   * Postings in flight per account that hold a connection of their own while they wait;
   * with the one written apart, what a locked account can take of the writes' pool.
   */
  postingsPerAccountMax?: number | undefined;
}

export class Ledger {
  private readonly batcher: PostingBatcher;
  private readonly accountReads: ReadBatcher<accountsDb.AccountRow>;
  private readonly observer: LedgerObserver | undefined;
  /**
   * Caps the postings in flight per account that hold a connection while they wait (in a
   * transaction of their own): one locked account cannot take every connection.
   */
  readonly gate: AccountGate;

  constructor(
    private readonly database: Database,
    options: LedgerOptions = {},
    private readonly limits: LedgerLimits = DEFAULT_LIMITS,
  ) {
    const { logger } = options;
    const lockWaitMs = options.lockWaitMs ?? 5_000;
    this.observer = options.observer;
    this.gate = new AccountGate(options.postingsPerAccountMax ?? 2, lockWaitMs);
    // Two calls in flight keep both cores busy: one batch executes while the other commits
    // and answers.
    this.batcher = new PostingBatcher(database, {
      maxBatch: 100,
      maxInFlight: 2,
      aside: new AccountGate(ASIDE_PER_ACCOUNT_MAX, lockWaitMs),
      ...(logger ? { logger } : {}),
    });
    // As for postings: two queries in flight.
    this.accountReads = new ReadBatcher((ids) => loadAccounts(database, ids), {
      maxBatch: ACCOUNT_READS_PER_QUERY,
      maxInFlight: 2,
    });
  }

  /* ---------------------------------------------------------------- accounts */

  async openAccount(
    tx: Executor,
    input: { code: string; name: string; kind: AccountKind; metadata?: Metadata | undefined },
    actor: Actor = SYSTEM_ACTOR,
  ): Promise<Account> {
    if (actor.role === 'issuer' && input.kind !== 'member') {
      throw new LedgerError('forbidden', 'an issuer key opens member accounts only');
    }
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

  async getAccount(id: string, ex?: Executor): Promise<Account> {
    // Outside a transaction, reads arriving together share one query (db/read-batcher.ts).
    const row = ex ? await accountsDb.findAccount(ex, id) : await this.accountReads.get(id);
    if (!row) throw new LedgerError('not_found', `account ${id} does not exist`);
    return toAccount(row);
  }

  /**
   * The balance as of a moment of effective time (occurredAt): every entry that took effect
   * at or before it. Without a moment, the balance now.
   */
  async balanceAsOf(id: string, asOf: Date | undefined, viewer: Actor = SYSTEM_ACTOR): Promise<{ balance: bigint; asOf: string }> {
    const account = await this.readAccount(id, viewer);
    if (!asOf) return { balance: account.balance, asOf: new Date().toISOString() };
    const balance = BigInt(await checkpointsDb.balanceAsOf(this.database.reads, id, asOf));
    return { balance, asOf: asOf.toISOString() };
  }

  /** An account as the viewer may see it: out of scope reads as absent. */
  async readAccount(id: string, viewer: Actor): Promise<Account> {
    const account = await this.getAccount(id);
    if (!canReadAccount(viewer, account)) throw hidden('account', id);
    return account;
  }

  async listAccounts(filter: {
    kind?: AccountKind | undefined;
    status?: AccountStatus | undefined;
    code?: string | undefined;
    limit: number;
    cursor?: string | undefined;
  }, viewer: Actor = SYSTEM_ACTOR): Promise<Page<Account>> {
    if (viewer.role === 'cashier' && !filter.code) {
      throw new LedgerError('forbidden', 'a cashier key looks accounts up by code only');
    }
    if (viewer.role === 'issuer' && filter.kind && filter.kind !== 'member') return { data: [], nextCursor: null };
    const kind = viewer.role === 'issuer' ? 'member' : filter.kind;
    const beforeId = filter.cursor ? decodeCursor(filter.cursor, ['id']).id : undefined;
    const found = await accountsDb.listAccounts(this.database.reads, { ...filter, kind, beforeId, limit: filter.limit + 1 });
    const page = pageOf(found.map(toAccount), filter.limit, (last) => encodeCursor({ id: last.id }));
    return { data: page.data.filter((a) => canReadAccount(viewer, a)), nextCursor: page.nextCursor };
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
    return categoriesDb.listCategories(this.database.reads);
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
    const category = await this.category(tx, input.category);
    return this.post(
      tx,
      {
        kind: 'earning',
        legs: [
          { accountId: category.issuanceAccountId, amountMinor: -input.amountMinor, kinds: ['system'], path: 'category' },
          { accountId: input.accountId, amountMinor: input.amountMinor, kinds: ['member'], path: 'accountId' },
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
    requireOwnMerchant(actor, input.merchantAccountId);
    if (input.receipt) {
      const total = input.receipt.lines.reduce((sum, l) => sum + BigInt(l.quantity) * toMinor(l.unitPrice), 0n);
      if (total !== input.amountMinor) {
        throw new LedgerError('validation_failed', 'amount must equal the sum of quantity x unitPrice over the receipt lines', [
          { path: 'amount', message: 'does not match the receipt lines' },
        ]);
      }
    }
    return this.post(
      tx,
      {
        kind: 'redemption',
        legs: [
          { accountId: input.accountId, amountMinor: -input.amountMinor, kinds: ['member'], path: 'accountId' },
          { accountId: input.merchantAccountId, amountMinor: input.amountMinor, kinds: ['merchant'], path: 'merchantAccountId' },
        ],
        description: input.description,
        reference: input.reference,
        metadata: input.metadata,
        receipt: input.receipt,
        holdId: input.holdId,
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
          { accountId: input.fromAccountId, amountMinor: -input.amountMinor, kinds: ['member'], path: 'fromAccountId' },
          { accountId: input.toAccountId, amountMinor: input.amountMinor, kinds: ['member', 'system'], path: 'toAccountId' },
        ],
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
        legs: input.entries.map((leg, i) => ({ ...leg, path: `entries.${i}.accountId` })),
        occurredAt: input.occurredAt,
        description: input.description,
        reference: input.reference,
        metadata: input.metadata,
      },
      actor,
    );
  }

  /**
   * Credits many earnings at once, all or nothing: the first item that is refused rolls the
   * whole batch back, and its error names the item.
   */
  async earnBatch(tx: Executor, items: EarningInput[], actor: Actor): Promise<Transaction[]> {
    assertInvariant(items.length <= EARNING_BATCH_MAX, `a batch holds at most ${EARNING_BATCH_MAX} earnings`);
    const posted: Transaction[] = [];
    for (const [i, item] of items.entries()) {
      try {
        posted.push(await this.earn(tx, item, actor));
      } catch (error) {
        if (error instanceof LedgerError) {
          throw new LedgerError(
            error.code,
            `items.${i}: ${error.message}`,
            (error.errors ?? [{ path: '', message: error.message }]).map((e) => ({
              path: e.path ? `items.${i}.${e.path}` : `items.${i}`,
              message: e.message,
            })),
          );
        }
        throw error;
      }
    }
    return posted;
  }

  /* ------------------------------------------------------------------ holds */

  /**
   * Reserves points for a pending charge. The check is made under the member's balance-row
   * lock, the same one every posting takes, so holds, redemptions and transfers can never
   * together spend more than the balance.
   */
  async createHold(
    tx: Executor,
    input: {
      accountId: string;
      merchantAccountId: string;
      amountMinor: bigint;
      expiresAt?: Date | undefined;
      description?: string | undefined;
    },
    actor: Actor,
  ): Promise<Hold> {
    requireOwnMerchant(actor, input.merchantAccountId);
    const now = Date.now();
    const ttlMaxMs = actor.role === 'cashier' ? this.limits.holdTtlMaxCashierMs : HOLD_TTL_MAX_MS;
    const expiresAt = input.expiresAt ?? new Date(now + Math.min(HOLD_TTL_DEFAULT_MS, ttlMaxMs));
    if (expiresAt.getTime() <= now || expiresAt.getTime() > now + ttlMaxMs) {
      const most = actor.role === 'cashier' ? `${ttlMaxMs / 60_000} minutes away for a cashier key` : '7 days away';
      throw new LedgerError('validation_failed', `expiresAt must be in the future and at most ${most}`, [
        { path: 'expiresAt', message: 'out of range' },
      ]);
    }
    const [, merchant] = await this.requireKinds(tx, [
      [input.accountId, ['member'], 'accountId'],
      [input.merchantAccountId, ['merchant'], 'merchantAccountId'],
    ]);
    if (merchant?.status !== 'active') {
      throw new LedgerError('account_not_active', `account ${input.merchantAccountId} is frozen or closed and takes no new entries`);
    }
    const available = await holdsDb.lockAvailable(tx, input.accountId);
    assertInvariant(available, `account ${input.accountId} has no balance rows`);
    if (!available.acceptsEntries) {
      throw new LedgerError('account_not_active', `account ${input.accountId} is frozen or closed and takes no new entries`);
    }
    if (BigInt(available.balance) - BigInt(available.held) < input.amountMinor) {
      throw new LedgerError('insufficient_funds', `account ${input.accountId} does not have enough available points`);
    }
    const id = newId('hold');
    await holdsDb.insertHold(tx, {
      id,
      accountId: input.accountId,
      merchantAccountId: input.merchantAccountId,
      amountMinor: input.amountMinor,
      description: input.description ?? null,
      expiresAt,
      createdByKeyId: actor.keyId,
    });
    return this.getHold(id, actor, tx);
  }

  async getHold(id: string, viewer: Actor = SYSTEM_ACTOR, ex: Executor = this.database.reads): Promise<Hold> {
    const row = await holdsDb.findHold(ex, id);
    if (!row || !ownsMerchant(viewer, row.merchantAccountId)) throw hidden('hold', id);
    return toHold(row);
  }

  /**
   * Charges a pending hold, in full or in part; what is not captured is released. A hold
   * resolves exactly once: its row is locked first, and a hold that is no longer pending,
   * or has expired, is refused.
   */
  async captureHold(
    tx: Executor,
    id: string,
    input: { amountMinor?: bigint | undefined; description?: string | undefined; receipt?: Receipt | undefined },
    actor: Actor,
  ): Promise<Transaction> {
    const hold = await this.lockPendingHold(tx, id, actor);
    const amountMinor = input.amountMinor ?? hold.amount;
    if (amountMinor > hold.amount) {
      throw new LedgerError('validation_failed', `the capture exceeds the held amount`, [
        { path: 'amount', message: 'must be at most the held amount' },
      ]);
    }
    // Releasing the reservation first lets the posting's availability check count these
    // points as the member's again; the posting then takes them under the same lock.
    await holdsDb.resolveHold(tx, id, { status: 'captured', capturedAmountMinor: amountMinor });
    const txn = await this.redeem(
      tx,
      {
        accountId: hold.accountId,
        merchantAccountId: hold.merchantAccountId,
        amountMinor,
        description: input.description ?? hold.description ?? undefined,
        receipt: input.receipt,
        holdId: id,
      },
      actor,
    );
    await holdsDb.linkHoldTransaction(tx, id, txn.id);
    return txn;
  }

  async voidHold(tx: Executor, id: string, actor: Actor): Promise<Hold> {
    await this.lockPendingHold(tx, id, actor);
    await holdsDb.resolveHold(tx, id, { status: 'voided' });
    return this.getHold(id, actor, tx);
  }

  private async lockPendingHold(tx: Executor, id: string, actor: Actor): Promise<Hold> {
    const row = await holdsDb.findHold(tx, id, { lock: true });
    if (!row || !ownsMerchant(actor, row.merchantAccountId)) throw hidden('hold', id);
    const hold = toHold(row);
    if (hold.status !== 'pending') {
      throw new LedgerError('hold_not_pending', `hold ${id} is ${hold.status}`);
    }
    return hold;
  }

  /* -------------------------------------------------------------- reversals */

  /**
   * Moves all or part of a transaction back, as a new linked transaction. Racing reversals
   * of one original take turns on its row lock, so together they never exceed it. A
   * reversal keeps the original's category and is not itself reversible.
   */
  async reverse(
    tx: Executor,
    originalId: string,
    input: { amountMinor?: bigint | undefined; reason: string; metadata?: Metadata | undefined },
    actor: Actor,
  ): Promise<Transaction> {
    const locked = await transactionsDb.lockTransactionForReversal(tx, originalId);
    if (!locked) throw new LedgerError('not_found', `transaction ${originalId} does not exist`);
    const original = await this.getTransaction(originalId, actor, tx);
    requireReversible(actor, original);
    if (original.kind === 'reversal') {
      throw new LedgerError('conflict', `transaction ${originalId} is a reversal; a reversal cannot be reversed`);
    }
    const remaining = original.amount - original.reversedAmount;
    const amountMinor = input.amountMinor ?? remaining;
    if (remaining === 0n || amountMinor > remaining) {
      throw new LedgerError(
        'reversal_exceeds_original',
        `transaction ${originalId} has ${remaining === 0n ? 'nothing' : 'less'} left to reverse`,
      );
    }
    let legs: Leg[];
    if (original.entries.length === 2) {
      legs = original.entries.map((e) => ({ accountId: e.accountId, amountMinor: e.amount > 0n ? -amountMinor : amountMinor }));
    } else if (amountMinor === original.amount && original.reversedAmount === 0n) {
      legs = original.entries.map((e) => ({ accountId: e.accountId, amountMinor: -e.amount }));
    } else {
      // Splitting a partial amount over many legs has no single right answer; refuse rather than guess.
      throw new LedgerError('validation_failed', 'a transaction with more than two entries can only be reversed in full', [
        { path: 'amount', message: 'omit it to reverse in full' },
      ]);
    }
    return this.post(
      tx,
      {
        kind: 'reversal',
        legs,
        categoryCode: original.categoryCode ?? undefined,
        reversesTransactionId: originalId,
        description: input.reason,
        metadata: input.metadata,
      },
      actor,
    );
  }

  /* --------------------------------------------------------------- reading */

  async getTransaction(id: string, viewer: Actor = SYSTEM_ACTOR, ex: Executor = this.database.reads): Promise<Transaction> {
    const row = await transactionsDb.findTransaction(ex, id);
    const accountIds = row ? row.entries.map((e) => e.accountId) : [];
    if (!row || !canReadTransaction(viewer, accountIds)) throw hidden('transaction', id);
    // An issuer serves residents: it sees what touches a member's account, nothing else.
    if (viewer.role === 'issuer' && !(await accountsDb.anyMember(ex, accountIds))) throw hidden('transaction', id);
    return toTransaction(row);
  }

  async listTransactions(filter: {
    accountId?: string | undefined;
    kind?: TransactionKind | undefined;
    from?: Date | undefined;
    to?: Date | undefined;
    limit: number;
    cursor?: string | undefined;
  }, viewer: Actor = SYSTEM_ACTOR): Promise<Page<Transaction>> {
    if (viewer.role === 'cashier') {
      if (!filter.accountId) throw new LedgerError('forbidden', "a cashier key lists its own supermarket's transactions only");
      requireOwnMerchant(viewer, filter.accountId);
    }
    if (viewer.role === 'issuer') {
      if (!filter.accountId) throw new LedgerError('forbidden', "an issuer key lists a member's transactions only");
      const account = await accountsDb.findAccountKind(this.database.reads, filter.accountId);
      if (account?.kind !== 'member') throw hidden('account', filter.accountId);
    }
    const beforeId = filter.cursor ? decodeCursor(filter.cursor, ['id']).id : undefined;
    const found = await transactionsDb.listTransactions(this.database.reads, { ...filter, beforeId, limit: filter.limit + 1 });
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
    if (input.occurredAt) await this.requireEffectiveTime(tx, input.occurredAt, input.legs);
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
      legs: input.legs.map((l) => ({ accountId: l.accountId, amountMinor: l.amountMinor, kinds: l.kinds ?? ANY_KIND })),
    };
    let recordedAt: string;
    try {
      // Outside a database transaction (tx is the pool itself) the posting is the request's
      // only write, so it may share a commit with other requests' postings.
      const alone = tx === this.database.db && batchable(record);
      ({ recordedAt } = alone ? await this.batcher.post(record) : await transactionsDb.insertPosting(tx, record));
    } catch (error) {
      try {
        translateDatabaseError(error, input.legs);
      } catch (translated) {
        this.observer?.posting(record.kind, postingOutcome(translated));
        throw translated;
      }
    }
    // In a transaction of the caller's, "posted" means the statement succeeded; the
    // caller's commit may still fail (and the request with it).
    this.observer?.posting(record.kind, 'posted');
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
      postedBy: { keyId: actor.keyId, role: actor.role },
    };
  }

  /**
   * Whether a posting dated back (occurredAt) may take effect then. A member's or a
   * merchant's balance is never below zero at any effective time: a balance as of a moment
   * sums what occurred up to it, so a debit dated back would lower balances that were never
   * checked. A debit from a member or a merchant therefore takes effect when it is recorded
   * (checked against the balance now, which holds every entry); a credit, which only raises
   * past balances, may be dated back within the configured window, never before the
   * credited account was opened. The posting function holds the same rules but the window
   * (sql/functions/ledger_effective_time_refused.sql).
   */
  private async requireEffectiveTime(tx: Executor, occurredAt: Date, legs: readonly Leg[]): Promise<void> {
    const refuse = (message: string) => new LedgerError('validation_failed', message, [{ path: 'occurredAt', message }]);
    const accounts = new Map((await accountsDb.findAccounts(tx, legs.map((l) => l.accountId))).map((a) => [a.id, a]));
    for (const leg of legs) {
      // An absent account is refused by the posting itself (404).
      const account = accounts.get(leg.accountId);
      if (!account) continue;
      if (leg.amountMinor < 0n && account.kind !== 'system') {
        throw refuse(`a posting that takes points from a member or a merchant (${account.id}) takes effect when it is recorded: omit occurredAt`);
      }
      if (leg.amountMinor > 0n && occurredAt.getTime() < Date.parse(account.createdAt)) {
        throw refuse(`occurredAt is before account ${account.id} was opened (${account.createdAt})`);
      }
    }
    const earliest = Date.now() - this.limits.backdateWindowMs;
    if (occurredAt.getTime() < earliest) {
      throw refuse(`occurredAt may be at most ${this.limits.backdateWindowMs / DAY_MS} days back (not before ${new Date(earliest).toISOString()})`);
    }
  }

  /**
   * Refuses accounts that do not exist (404) or are of the wrong kind (400), for the one
   * write (a hold) that is not a posting and so is not checked by ledger_post; returns them.
   */
  private async requireKinds(
    tx: Executor,
    wanted: [id: string, kinds: AccountKind[], path: string][],
  ): Promise<{ kind: AccountKind; status: AccountStatus }[]> {
    const found = [];
    for (const [id, kinds, path] of wanted) {
      const row = await accountsDb.findAccountKind(tx, id);
      if (!row) throw new LedgerError('not_found', `account ${id} does not exist`);
      if (!kinds.includes(row.kind)) {
        throw new LedgerError('validation_failed', `account ${id} is a ${row.kind} account; expected ${kinds.join(' or ')}`, [
          { path, message: `must be a ${kinds.join(' or ')} account` },
        ]);
      }
      found.push(row);
    }
    return found;
  }

  /**
   * Categories are few and never change once made, so a found one is kept in memory; an
   * unknown code always asks the database (another instance may have just created it).
   */
  private readonly categories = new Map<string, Category>();

  private async category(tx: Executor, code: string): Promise<Category> {
    const known = this.categories.get(code);
    if (known) return known;
    const found = await categoriesDb.findCategory(tx, code);
    if (!found) {
      throw new LedgerError('validation_failed', `no earning category ${code}`, [{ path: 'category', message: 'unknown category' }]);
    }
    this.categories.set(code, found);
    return found;
  }

  private async isIssuanceAccount(tx: Executor, id: string): Promise<boolean> {
    return (await categoriesDb.findCategoryByIssuanceAccount(tx, id)) !== undefined;
  }
}
