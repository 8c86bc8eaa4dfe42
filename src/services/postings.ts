/**
 * The posting use cases: earnings (one or a batch), redemptions, transfers, adjustments and
 * reversals, and reading transactions. Each checks access, builds its posting with the
 * domain (src/ledger/postings.ts) and writes it through the unit of work.
 */
import * as accountsDb from '../db/accounts.js';
import * as categoriesDb from '../db/categories.js';
import type { Executor } from '../db/client.js';
import * as transactionsDb from '../db/transactions.js';
import type { Clock } from '../ledger/clock.js';
import { assertInvariant, LedgerError } from '../ledger/errors.js';
import { newId } from '../ledger/ids.js';
import * as postings from '../ledger/postings.js';
import type { Actor, Category, Page, Transaction, TransactionKind } from '../ledger/types.js';
import {
  canReadTransaction,
  hidden,
  requireOperation,
  requireDirectEarning,
  requireOwnMerchant,
  requireReversible,
  requireTransactionListing,
} from './access.js';
import { decodeCursor, encodeCursor, pageOf } from './cursor.js';
import { translateDatabaseError } from './db-refusals.js';
import { faultOf, ServiceError } from './errors.js';
import { toTransaction } from './records.js';
import type { Answer, Answering, UnitOfWork, Work } from './unit-of-work.js';

/** posted; refused (by a rule, 4xx); busy or unavailable (the database, 503); failed (anything else). */
export type PostingOutcome = 'posted' | 'refused' | 'busy' | 'unavailable' | 'failed';

/** What the postings report to the metrics. */
export interface PostingObserver {
  posting(kind: TransactionKind, outcome: PostingOutcome): void;
}

function postingOutcome(error: unknown): PostingOutcome {
  if (error instanceof ServiceError && error.code === 'busy') return 'busy';
  if (error instanceof LedgerError || error instanceof ServiceError) return 'refused';
  return faultOf(error) ?? 'failed';
}

export interface PostingLimits {
  /** How far back a credit may be dated (occurredAt before its recording). */
  backdateWindowMs: number;
}

export class Postings {
  /**
   * Categories are few and never change once made, so a found one is kept in memory; an
   * unknown code always asks the database (another instance may have just created it).
   */
  private readonly categories = new Map<string, Category>();

  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly limits: PostingLimits,
    private readonly observer?: PostingObserver | undefined,
  ) {}

  /** Points for volunteer work: from the category's issuance account to a member. */
  earn(input: postings.EarningInput, actor: Actor, answering: Answering<Transaction>): Promise<Answer> {
    requireOperation(actor, 'createEarning');
    return this.uow.write(answering, { onePosting: true, accounts: [input.accountId] }, async (w) =>
      this.post(w, postings.earning(input, await this.directCategory(w.ex, input.category, actor)), actor),
    );
  }

  /**
   * Credits many earnings at once, all or nothing: the first item that is refused rolls the
   * whole batch back, and its error names the item.
   */
  earnBatch(items: postings.EarningInput[], actor: Actor, answering: Answering<Transaction[]>): Promise<Answer> {
    requireOperation(actor, 'createEarningBatch');
    assertInvariant(items.length <= postings.EARNING_BATCH_MAX, `a batch holds at most ${postings.EARNING_BATCH_MAX} earnings`);
    return this.uow.write(answering, {}, async (w) => {
      const posted: Transaction[] = [];
      for (const [i, item] of items.entries()) {
        try {
          posted.push(await this.post(w, postings.earning(item, await this.directCategory(w.ex, item.category, actor)), actor));
        } catch (error) {
          throw itemRefusal(error, i);
        }
      }
      return posted;
    });
  }

  /** A purchase at the charity supermarket: member to merchant. */
  redeem(input: postings.RedemptionInput, actor: Actor, answering: Answering<Transaction>): Promise<Answer> {
    requireOperation(actor, 'createRedemption');
    return this.uow.write(answering, { onePosting: true, accounts: [input.accountId, input.merchantAccountId] }, (w) => this.redeemIn(w, input, actor));
  }

  /** A redemption inside a unit of work: on its own, or as a hold's capture. */
  redeemIn(w: Work, input: postings.RedemptionInput, actor: Actor): Promise<Transaction> {
    requireOwnMerchant(actor, input.merchantAccountId);
    return this.post(w, postings.redemption(input), actor);
  }

  /** A gift between members, or a donation from a member to a system pool. */
  transfer(input: postings.TransferInput, actor: Actor, answering: Answering<Transaction>): Promise<Answer> {
    requireOperation(actor, 'createTransfer');
    return this.uow.write(answering, { accounts: [input.fromAccountId, input.toAccountId] }, async (w) => {
      const intoIssuance = (await categoriesDb.findCategoryByIssuanceAccount(w.ex, input.toAccountId)) !== undefined;
      return this.post(w, postings.transfer(input, intoIssuance), actor);
    });
  }

  /** A balanced correction or opening balance with any legs an administrator names. */
  adjust(input: postings.AdjustmentInput, actor: Actor, answering: Answering<Transaction>): Promise<Answer> {
    requireOperation(actor, 'createAdjustment');
    return this.uow.write(answering, {}, (w) => this.post(w, postings.adjustment(input), actor));
  }

  /**
   * Moves all or part of a transaction back, as a new linked transaction. Racing reversals
   * of one original take turns on its row lock, so together they never exceed it.
   */
  reverse(originalId: string, input: postings.ReversalInput, actor: Actor, answering: Answering<Transaction>): Promise<Answer> {
    requireOperation(actor, 'createReversal');
    return this.uow.write(answering, {}, async (w) => {
      const locked = await transactionsDb.lockTransactionForReversal(w.ex, originalId);
      if (!locked) throw new LedgerError('not_found', `transaction ${originalId} does not exist`);
      const original = await this.readTransaction(originalId, actor, w.ex);
      requireReversible(actor, original);
      return this.post(w, postings.reversal(original, input), actor);
    });
  }

  getTransaction(id: string, viewer: Actor): Promise<Transaction> {
    requireOperation(viewer, 'getTransaction');
    return this.readTransaction(id, viewer, this.uow.reads);
  }

  async listTransactions(
    filter: {
      accountId?: string | undefined;
      kind?: TransactionKind | undefined;
      from?: Date | undefined;
      to?: Date | undefined;
      limit: number;
      cursor?: string | undefined;
    },
    viewer: Actor,
  ): Promise<Page<Transaction>> {
    requireOperation(viewer, 'listTransactions');
    await requireTransactionListing(viewer, filter.accountId, async (id) => (await accountsDb.findAccountKind(this.uow.reads, id))?.kind);
    const beforeId = filter.cursor ? decodeCursor(filter.cursor, ['id']).id : undefined;
    const found = await transactionsDb.listTransactions(this.uow.reads, { ...filter, beforeId, limit: filter.limit + 1 });
    return pageOf(found.map(toTransaction), filter.limit, (last) => encodeCursor({ id: last.id }));
  }

  /** A transaction as the viewer may see it: out of scope reads as absent. */
  async readTransaction(id: string, viewer: Actor, ex: Executor): Promise<Transaction> {
    const row = await transactionsDb.findTransaction(ex, id);
    if (!row) throw hidden('transaction', id);
    const accountIds = row.entries.map((e) => e.accountId);
    if (!(await canReadTransaction(viewer, accountIds, () => accountsDb.anyMember(ex, accountIds)))) throw hidden('transaction', id);
    return toTransaction(row);
  }

  /** Checks a posting and writes it the way the unit of work writes; returns the transaction it became. */
  async post(w: Work, draft: postings.PostingDraft, actor: Actor): Promise<Transaction> {
    postings.assertBalanced(draft);
    if (draft.occurredAt) {
      const now = this.clock.now();
      const accounts = await accountsDb.findAccounts(w.ex, draft.legs.map((l) => l.accountId), now);
      postings.checkEffectiveTime(draft, now, this.limits.backdateWindowMs, new Map(accounts.map((a) => [a.id, a])));
    }
    const record: transactionsDb.PostingRecord = {
      id: newId('txn'),
      kind: draft.kind,
      occurredAt: draft.occurredAt,
      description: draft.description,
      reference: draft.reference,
      categoryCode: draft.categoryCode,
      reversesTransactionId: draft.reversesTransactionId,
      holdId: draft.holdId,
      metadata: draft.metadata,
      receipt: draft.receipt,
      postedByKeyId: actor.keyId,
      postedByRole: actor.role,
      legs: draft.legs.map((l) => ({ accountId: l.accountId, amountMinor: l.amountMinor, kinds: l.kinds })),
    };
    let recordedAt: string;
    try {
      ({ recordedAt } = await w.post(record));
    } catch (error) {
      try {
        translateDatabaseError(error, draft.legs);
      } catch (translated) {
        this.observer?.posting(record.kind, postingOutcome(translated));
        throw translated;
      }
    }
    // In a transaction, "posted" means the statement succeeded; the commit may still fail
    // (and the request with it).
    this.observer?.posting(record.kind, 'posted');
    return postings.postedTransaction(draft, record.id, recordedAt, actor);
  }

  /** A category a direct earning may credit from, for this caller. */
  private async directCategory(ex: Executor, code: string, actor: Actor): Promise<Category> {
    const category = await this.category(ex, code);
    requireDirectEarning(actor, category);
    return category;
  }

  async category(ex: Executor, code: string): Promise<Category> {
    const known = this.categories.get(code);
    if (known) return known;
    const found = await categoriesDb.findCategory(ex, code);
    if (!found) {
      throw new LedgerError('validation_failed', `no earning category ${code}`, [{ path: 'category', message: 'unknown category' }]);
    }
    this.categories.set(code, found);
    return found;
  }
}

/** A refusal of one item of a batch, named as the batch's items.N. */
function itemRefusal(error: unknown, i: number): unknown {
  if (!(error instanceof LedgerError || error instanceof ServiceError)) return error;
  const errors = (error.errors ?? [{ path: '', message: error.message }]).map((e) => ({
    path: e.path ? `items.${i}.${e.path}` : `items.${i}`,
    message: e.message,
  }));
  return error instanceof LedgerError
    ? new LedgerError(error.code, `items.${i}: ${error.message}`, errors)
    : new ServiceError(error.code, `items.${i}: ${error.message}`, errors);
}
