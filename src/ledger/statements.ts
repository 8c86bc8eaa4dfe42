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
    const after = q.cursor ? statementPosition(q.cursor) : undefined;
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
}

/** The instant of an issued statement cursor: what the database hands out, UTC with milliseconds. */
const CURSOR_INSTANT = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$/;
/** An entry id is a PostgreSQL bigint. */
const ENTRY_ID_MAX = 2n ** 63n - 1n;

/**
 * The position a statement cursor names. Checked in full here, because the database would
 * take '1' as a date, refuse year 0 or overflow on a 20-digit id, and answer with an error,
 * not a 400. Older instants than a request may name are fine: they come from lines on file.
 */
export function statementPosition(cursor: string): statementsDb.Position {
  const { t, e } = decodeCursor(cursor, ['t', 'e']);
  const instant = t !== undefined && CURSOR_INSTANT.test(t) ? new Date(t) : undefined;
  const instantValid = instant !== undefined && !Number.isNaN(instant.getTime()) && instant.toISOString() === t && instant.getUTCFullYear() >= 1;
  const entryValid = e !== undefined && /^[0-9]{1,19}$/.test(e) && BigInt(e) <= ENTRY_ID_MAX;
  if (!instantValid || !entryValid) {
    throw new LedgerError('validation_failed', 'the cursor is not one this API issued', [{ path: 'cursor', message: 'invalid cursor' }]);
  }
  return { occurredAt: t as string, entryId: e as string };
}
