import { z } from 'zod';
import { AccountId, MoneyOut, PageQuery, Timestamp, TimestampOut, TransactionId } from './common.js';
import { TransactionKind } from './transactions.js';

export const StatementQuery = z.strictObject({
  from: Timestamp.optional().describe('occurredAt at or after; default: the account was opened'),
  to: Timestamp.optional().describe('occurredAt before; default: now'),
  ...PageQuery,
});

export const StatementLine = z
  .object({
    transactionId: TransactionId,
    occurredAt: TimestampOut,
    kind: TransactionKind,
    description: z.string().nullable(),
    category: z.string().nullable(),
    reference: z.string().nullable(),
    amount: MoneyOut,
    balanceAfter: MoneyOut,
  })
  .meta({ id: 'StatementLine' });

export const Statement = z
  .object({
    accountId: AccountId,
    code: z.string(),
    name: z.string(),
    from: TimestampOut.nullable(),
    to: TimestampOut,
    openingBalance: MoneyOut,
    closingBalance: MoneyOut,
    totalIn: MoneyOut,
    totalOut: MoneyOut,
    lines: z.array(StatementLine),
    nextCursor: z.string().nullable(),
  })
  .meta({
    id: 'Statement',
    description:
      'A passbook page, oldest first: openingBalance + totalIn - totalOut = closingBalance on every page, and the next page opens where this one closes.',
  });
