import { canReadStatement, hidden } from '../access/policy.js';
import type { Database } from '../db/client.js';
import * as statementsDb from '../db/statements.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { LedgerError } from './errors.js';
import type { Ledger } from './ledger.js';
import type { Account, Actor } from './types.js';

export interface StatementLine {
  transactionId: string;
  occurredAt: string;
  kind: string;
  description: string | null;
  category: string | null;
  reference: string | null;
  amount: bigint;
  balanceAfter: bigint;
}

export interface StatementPage {
  account: Account;
  from: string | null;
  to: string;
  openingBalance: bigint;
  closingBalance: bigint;
  totalIn: bigint;
  totalOut: bigint;
  lines: StatementLine[];
  nextCursor: string | null;
}

export interface StatementQuery {
  from?: Date | undefined;
  to?: Date | undefined;
  limit: number;
  cursor?: string | undefined;
}

/**
 * Passbooks: an account's entries in effective-time order with a running balance. Every
 * page carries its own opening and closing balance, computed from balance checkpoints, so
 * any page is right without reading the account's whole history, and pages join exactly.
 */
export class Statements {
  constructor(
    private readonly database: Database,
    private readonly ledger: Ledger,
  ) {}

  async page(accountId: string, q: StatementQuery, viewer: Actor): Promise<StatementPage> {
    const account = await this.ledger.getAccount(accountId);
    if (!canReadStatement(viewer, account)) throw hidden('account', accountId);
    const to = q.to ?? new Date();
    if (q.from && q.from.getTime() >= to.getTime()) {
      throw new LedgerError('validation_failed', 'from must be before to', [{ path: 'from', message: 'must be before to' }]);
    }
    const after = q.cursor ? this.position(q.cursor) : undefined;
    // One statement, so the opening balance and the lines agree under concurrent writes.
    const page = await statementsDb.statementPage(this.database.reads, accountId, { from: q.from, to, after }, q.limit + 1);
    const opening = BigInt(page.opening);
    const pageRows = page.lines.slice(0, q.limit);
    let running = opening;
    let totalIn = 0n;
    let totalOut = 0n;
    const lines = pageRows.map((r) => {
      const amount = BigInt(r.amount);
      running += amount;
      if (amount > 0n) totalIn += amount;
      else totalOut -= amount;
      return {
        transactionId: r.transactionId,
        occurredAt: r.occurredAt,
        kind: r.kind,
        description: r.description,
        category: r.category,
        reference: r.reference,
        amount,
        balanceAfter: running,
      };
    });
    const last = pageRows[pageRows.length - 1];
    return {
      account,
      from: q.from ? q.from.toISOString() : null,
      to: to.toISOString(),
      openingBalance: opening,
      closingBalance: running,
      totalIn,
      totalOut,
      lines,
      nextCursor: page.lines.length > q.limit && last ? encodeCursor({ t: last.occurredAt, e: last.entryId }) : null,
    };
  }

  /** Every line of the period, page by page, for exports that stream. */
  async *allPages(accountId: string, q: Omit<StatementQuery, 'limit' | 'cursor'>, viewer: Actor): AsyncGenerator<StatementPage> {
    const to = q.to ?? new Date();
    let cursor: string | undefined;
    do {
      const page = await this.page(accountId, { ...q, to, limit: 1000, cursor }, viewer);
      yield page;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  private position(cursor: string): statementsDb.Position {
    const { t, e } = decodeCursor(cursor, ['t', 'e']);
    if (!t || !e || !/^[0-9]{1,19}$/.test(e) || Number.isNaN(Date.parse(t))) {
      throw new LedgerError('validation_failed', 'the cursor is not one this API issued', [{ path: 'cursor', message: 'invalid cursor' }]);
    }
    return { occurredAt: t, entryId: e };
  }
}
