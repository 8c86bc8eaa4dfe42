import * as statementsDb from '../db/statements.js';
import type { Clock } from '../ledger/clock.js';
import { LedgerError } from '../ledger/errors.js';
import { runningLines, type StatementPage } from '../ledger/statements.js';
import type { Actor } from '../ledger/types.js';
import { canReadStatement, hidden, requireOperation } from './access.js';
import type { Accounts } from './accounts.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { UnitOfWork } from './unit-of-work.js';

export type { StatementPage } from '../ledger/statements.js';

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
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly accounts: Accounts,
  ) {}

  async page(accountId: string, q: StatementQuery, viewer: Actor): Promise<StatementPage> {
    requireOperation(viewer, 'getStatement');
    const account = await this.accounts.find(accountId);
    if (!canReadStatement(viewer, account)) throw hidden('account', accountId);
    const to = q.to ?? this.clock.now();
    if (q.from && q.from.getTime() >= to.getTime()) {
      throw new LedgerError('validation_failed', 'from must be before to', [{ path: 'from', message: 'must be before to' }]);
    }
    const after = q.cursor ? statementPosition(q.cursor) : undefined;
    // One statement, so the opening balance and the lines agree under concurrent writes.
    const page = await statementsDb.statementPage(this.uow.reads, accountId, { from: q.from, to, after }, q.limit + 1);
    const opening = BigInt(page.opening);
    const pageRows = page.lines.slice(0, q.limit);
    const run = runningLines(
      opening,
      pageRows.map((r) => ({
        transactionId: r.transactionId,
        occurredAt: r.occurredAt,
        kind: r.kind,
        description: r.description,
        category: r.category,
        reference: r.reference,
        amount: BigInt(r.amount),
      })),
    );
    const last = pageRows[pageRows.length - 1];
    return {
      account,
      from: q.from ? q.from.toISOString() : null,
      to: to.toISOString(),
      openingBalance: opening,
      ...run,
      nextCursor: page.lines.length > q.limit && last ? encodeCursor({ t: last.occurredAt, e: last.entryId }) : null,
    };
  }

  /** Every line of the period, page by page, for exports that stream. */
  async *allPages(accountId: string, q: Omit<StatementQuery, 'limit' | 'cursor'>, viewer: Actor): AsyncGenerator<StatementPage> {
    const to = q.to ?? this.clock.now();
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
