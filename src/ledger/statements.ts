/** Passbooks as data: the lines of a page with their running balance, and the page's totals. */
import type { Account } from './types.js';

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

/** An entry of the account, oldest first: what a passbook line is made from. */
export type StatementEntry = Omit<StatementLine, 'balanceAfter'>;

/** A page's lines from its opening balance: each with the balance after it, and what came in and went out. */
export function runningLines(
  opening: bigint,
  entries: readonly StatementEntry[],
): { lines: StatementLine[]; closingBalance: bigint; totalIn: bigint; totalOut: bigint } {
  let running = opening;
  let totalIn = 0n;
  let totalOut = 0n;
  const lines = entries.map((e) => {
    running += e.amount;
    if (e.amount > 0n) totalIn += e.amount;
    else totalOut -= e.amount;
    return { ...e, balanceAfter: running };
  });
  return { lines, closingBalance: running, totalIn, totalOut };
}
