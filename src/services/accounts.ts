/** The account and category use cases: open, read, list, update, balance as of a moment; categories. */
import * as accountsDb from '../db/accounts.js';
import * as categoriesDb from '../db/categories.js';
import * as checkpointsDb from '../db/checkpoints.js';
import type { Executor } from '../db/client.js';
import * as accounts from '../ledger/accounts.js';
import type { Clock } from '../ledger/clock.js';
import { assertInvariant, LedgerError } from '../ledger/errors.js';
import { newId } from '../ledger/ids.js';
import type { Account, AccountKind, AccountStatus, Actor, Category, EarningPath, Metadata, Page } from '../ledger/types.js';
import { accountListing, canReadAccount, hidden, requireMayOpen, requireOperation } from './access.js';
import { decodeCursor, encodeCursor, pageOf } from './cursor.js';
import { translateDatabaseError } from './db-refusals.js';
import { ServiceError } from './errors.js';
import { toAccount } from './records.js';
import type { Answer, Answering, UnitOfWork } from './unit-of-work.js';

export interface OpenAccountInput {
  code: string;
  name: string;
  kind: AccountKind;
  metadata?: Metadata | undefined;
}

export class Accounts {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  open(input: OpenAccountInput, actor: Actor, answering: Answering<Account>): Promise<Answer> {
    requireOperation(actor, 'createAccount');
    return this.uow.write(answering, {}, ({ ex }) => {
      requireMayOpen(actor, input.kind);
      return this.openIn(ex, input);
    });
  }

  /** An account as the viewer may see it: out of scope reads as absent. */
  async get(id: string, viewer: Actor): Promise<Account> {
    requireOperation(viewer, 'getAccount');
    return this.readable(id, viewer);
  }

  /** Any account, for another use case that has checked access itself (a statement). */
  async find(id: string): Promise<Account> {
    // Outside a transaction, reads arriving together share one query (db/throughput).
    const row = await this.uow.throughput.readAccount(id);
    if (!row) throw new LedgerError('not_found', `account ${id} does not exist`);
    return toAccount(row);
  }

  /**
   * The balance as of a moment of effective time (occurredAt): every entry that took effect
   * at or before it. Without a moment, the balance now.
   */
  async balanceAsOf(id: string, asOf: Date | undefined, viewer: Actor): Promise<{ balance: bigint; asOf: string }> {
    requireOperation(viewer, 'getBalanceAsOf');
    const account = await this.readable(id, viewer);
    if (!asOf) return { balance: account.balance, asOf: this.clock.now().toISOString() };
    const balance = BigInt(await checkpointsDb.balanceAsOf(this.uow.reads, id, asOf));
    return { balance, asOf: asOf.toISOString() };
  }

  async list(
    filter: { kind?: AccountKind | undefined; status?: AccountStatus | undefined; code?: string | undefined; limit: number; cursor?: string | undefined },
    viewer: Actor,
  ): Promise<Page<Account>> {
    requireOperation(viewer, 'listAccounts');
    const scoped = accountListing(viewer, filter);
    if (!scoped) return { data: [], nextCursor: null };
    const beforeId = scoped.cursor ? decodeCursor(scoped.cursor, ['id']).id : undefined;
    const found = await accountsDb.listAccounts(this.uow.reads, { ...scoped, beforeId, limit: scoped.limit + 1 }, this.clock.now());
    const page = pageOf(found.map(toAccount), scoped.limit, (last) => encodeCursor({ id: last.id }));
    return { data: page.data.filter((a) => canReadAccount(viewer, a)), nextCursor: page.nextCursor };
  }

  /**
   * Renames, re-tags or changes the status of an account. Frozen accounts may be thawed;
   * closed is final, and only an account with nothing in it and nothing reserved may close.
   * With `unlessChanged`, the caller's test of the account as it is now (the version it
   * read, say): false refuses the update, judged under the row's lock so no other update
   * slips in between.
   */
  async update(
    id: string,
    patch: { name?: string | undefined; metadata?: Metadata | undefined; status?: AccountStatus | undefined },
    actor: Actor,
    answering: Answering<Account>,
    unlessChanged?: (current: Account) => boolean,
  ): Promise<Answer> {
    requireOperation(actor, 'updateAccount');
    return this.uow.write(answering, {}, async ({ ex }) => {
      const now = this.clock.now();
      if (unlessChanged) await accountsDb.lockAccountRow(ex, id);
      const before = await this.inTransaction(ex, id, now);
      if (unlessChanged && !unlessChanged(before)) {
        throw new ServiceError('precondition_failed', `account ${id} has changed since the version the request names (If-Match)`);
      }
      if (patch.status !== undefined && patch.status !== before.status) {
        accounts.requireStatusChangeAllowed(before);
        // Lock its balance rows so that no posting or hold can slip in between check and change.
        const totals = await accountsDb.lockAccountForStatusChange(ex, id, now);
        assertInvariant(totals, `account ${id} has no balance rows`);
        accounts.requireClosable(id, patch.status, { balance: BigInt(totals.balance), pendingHolds: Number(totals.pendingHolds) });
      }
      await accountsDb.updateAccount(ex, id, patch);
      return this.inTransaction(ex, id, now);
    });
  }

  listCategories(viewer: Actor): Promise<Category[]> {
    requireOperation(viewer, 'listCategories');
    return categoriesDb.listCategories(this.uow.reads);
  }

  /** A new earning category, with the system issuance account its earnings are drawn from. */
  createCategory(input: { code: string; name: string; earnings: EarningPath; noticeDays: number }, actor: Actor, answering: Answering<Category>): Promise<Answer> {
    requireOperation(actor, 'createCategory');
    return this.uow.write(answering, {}, async ({ ex }) => {
      if (await categoriesDb.findCategory(ex, input.code)) {
        throw new LedgerError('conflict', `category ${input.code} already exists`);
      }
      const issuance = await this.openIn(ex, { code: accounts.issuanceAccountCode(input.code), name: `${input.name} issuance`, kind: 'system' });
      const noticeSeconds = Math.round(input.noticeDays * 24 * 60 * 60);
      await categoriesDb.insertCategory(ex, { code: input.code, name: input.name, earnings: input.earnings, noticeSeconds, issuanceAccountId: issuance.id });
      const category = await categoriesDb.findCategory(ex, input.code);
      assertInvariant(category, `category ${input.code} was not written`);
      return category;
    });
  }

  private async readable(id: string, viewer: Actor): Promise<Account> {
    const account = await this.find(id);
    if (!canReadAccount(viewer, account)) throw hidden('account', id);
    return account;
  }

  private async inTransaction(ex: Executor, id: string, now: Date): Promise<Account> {
    const row = await accountsDb.findAccount(ex, id, now);
    if (!row) throw new LedgerError('not_found', `account ${id} does not exist`);
    return toAccount(row);
  }

  private async openIn(ex: Executor, input: OpenAccountInput): Promise<Account> {
    const id = newId('acct');
    const now = this.clock.now();
    if (await accountsDb.findAccountByCode(ex, input.code, now)) {
      throw new LedgerError('conflict', `an account with code ${input.code} already exists`);
    }
    try {
      await accountsDb.insertAccount(ex, {
        id,
        code: input.code,
        name: input.name,
        kind: input.kind,
        metadata: input.metadata ?? {},
        shards: accounts.BALANCE_SHARDS[input.kind],
      });
    } catch (error) {
      translateDatabaseError(error);
    }
    const row = await accountsDb.findAccount(ex, id, now);
    assertInvariant(row, `account ${id} was not written`);
    return toAccount(row);
  }
}
