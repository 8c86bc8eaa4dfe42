/** The hold use cases: reserve points, read a hold, capture it (a redemption) or void it. */
import * as accountsDb from '../db/accounts.js';
import type { Executor } from '../db/client.js';
import * as holdsDb from '../db/holds.js';
import type { Clock } from '../ledger/clock.js';
import { assertInvariant, LedgerError } from '../ledger/errors.js';
import * as holds from '../ledger/holds.js';
import { newId } from '../ledger/ids.js';
import type { AccountKind, Actor, Hold, Receipt, Transaction } from '../ledger/types.js';
import { canSeeHold, hidden, holdsLimitedAsCashier, requireOperation, requireOwnMerchant } from './access.js';
import type { Postings } from './postings.js';
import { toHold } from './records.js';
import type { Answer, Answering, UnitOfWork } from './unit-of-work.js';

export interface HoldLimits {
  /**
   * The longest a cashier key's hold may reserve a resident's points: a till reserves for a
   * basket being scanned, not for days (an admin keeps HOLD_TTL_MAX_MS).
   */
  holdTtlMaxCashierMs: number;
}

export interface HoldInput {
  accountId: string;
  merchantAccountId: string;
  amountMinor: bigint;
  expiresAt?: Date | undefined;
  description?: string | undefined;
}

export class Holds {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly postings: Postings,
    private readonly limits: HoldLimits,
  ) {}

  /**
   * Reserves points for a pending charge. The check is made under the member's balance-row
   * lock, the same one every posting takes, so holds, redemptions and transfers can never
   * together spend more than the balance.
   */
  create(input: HoldInput, actor: Actor, answering: Answering<Hold>): Promise<Answer> {
    requireOperation(actor, 'createHold');
    return this.uow.write(answering, { accounts: [input.accountId, input.merchantAccountId] }, async ({ ex }) => {
      requireOwnMerchant(actor, input.merchantAccountId);
      const now = this.clock.now();
      const cashier = holdsLimitedAsCashier(actor);
      const ttlMaxMs = cashier ? this.limits.holdTtlMaxCashierMs : holds.HOLD_TTL_MAX_MS;
      const expiresAt = holds.holdExpiry(input.expiresAt, now, ttlMaxMs, cashier ? `${ttlMaxMs / 60_000} minutes away for a cashier key` : '7 days away');
      const [, merchant] = await requireKinds(ex, [
        [input.accountId, ['member'], 'accountId'],
        [input.merchantAccountId, ['merchant'], 'merchantAccountId'],
      ]);
      if (merchant?.status !== 'active') {
        throw new LedgerError('account_not_active', `account ${input.merchantAccountId} is frozen or closed and takes no new entries`);
      }
      const available = await holdsDb.lockAvailable(ex, input.accountId, now);
      assertInvariant(available, `account ${input.accountId} has no balance rows`);
      holds.requireAvailable(
        input.accountId,
        { balance: BigInt(available.balance), held: BigInt(available.held), acceptsEntries: available.acceptsEntries },
        input.amountMinor,
      );
      const id = newId('hold');
      await holdsDb.insertHold(ex, {
        id,
        accountId: input.accountId,
        merchantAccountId: input.merchantAccountId,
        amountMinor: input.amountMinor,
        description: input.description ?? null,
        expiresAt,
        createdByKeyId: actor.keyId,
      });
      return this.read(id, actor, ex);
    });
  }

  get(id: string, viewer: Actor): Promise<Hold> {
    requireOperation(viewer, 'getHold');
    return this.read(id, viewer, this.uow.reads);
  }

  /**
   * Charges a pending hold, in full or in part; what is not captured is released. A hold
   * resolves exactly once: its row is locked first, and a hold that is no longer pending,
   * or has expired, is refused.
   */
  capture(
    id: string,
    input: { amountMinor?: bigint | undefined; description?: string | undefined; receipt?: Receipt | undefined },
    actor: Actor,
    answering: Answering<Transaction>,
  ): Promise<Answer> {
    requireOperation(actor, 'captureHold');
    return this.uow.write(answering, {}, async (w) => {
      const hold = await this.lockPending(w.ex, id, actor);
      const amountMinor = holds.captureAmount(hold, input.amountMinor);
      // Releasing the reservation first lets the posting's availability check count these
      // points as the member's again; the posting then takes them under the same lock.
      await holdsDb.resolveHold(w.ex, id, { status: 'captured', capturedAmountMinor: amountMinor });
      const txn = await this.postings.redeemIn(
        w,
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
      await holdsDb.linkHoldTransaction(w.ex, id, txn.id);
      return txn;
    });
  }

  void(id: string, actor: Actor, answering: Answering<Hold>): Promise<Answer> {
    requireOperation(actor, 'voidHold');
    return this.uow.write(answering, {}, async ({ ex }) => {
      await this.lockPending(ex, id, actor);
      await holdsDb.resolveHold(ex, id, { status: 'voided' });
      return this.read(id, actor, ex);
    });
  }

  private async read(id: string, viewer: Actor, ex: Executor): Promise<Hold> {
    const row = await holdsDb.findHold(ex, id, this.clock.now());
    if (!row || !canSeeHold(viewer, row)) throw hidden('hold', id);
    return toHold(row);
  }

  private async lockPending(ex: Executor, id: string, actor: Actor): Promise<Hold> {
    const row = await holdsDb.findHold(ex, id, this.clock.now(), { lock: true });
    if (!row || !canSeeHold(actor, row)) throw hidden('hold', id);
    const hold = toHold(row);
    holds.requirePending(hold);
    return hold;
  }
}

/**
 * Refuses accounts that do not exist (404) or are of the wrong kind (400), for the one
 * write (a hold) that is not a posting and so is not checked by ledger_post; returns them.
 */
async function requireKinds(ex: Executor, wanted: [id: string, kinds: AccountKind[], field: string][]) {
  const found = [];
  for (const [id, kinds, field] of wanted) {
    const row = await accountsDb.findAccountKind(ex, id);
    if (!row) throw new LedgerError('not_found', `account ${id} does not exist`);
    if (!kinds.includes(row.kind)) {
      throw new LedgerError('validation_failed', `account ${id} is a ${row.kind} account; expected ${kinds.join(' or ')}`, [
        { path: field, message: `must be a ${kinds.join(' or ')} account` },
      ]);
    }
    found.push(row);
  }
  return found;
}
