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
    examples: [
      {
        accountId: 'acct_01KB0Z8Y3Q4W5E6R7T8Y9V0J1P',
        code: 'R-0001',
        name: '王秀芳',
        from: '2026-11-01T00:00:00.000Z',
        to: '2026-12-01T00:00:00.000Z',
        openingBalance: '35.00',
        closingBalance: '47.50',
        totalIn: '30.00',
        totalOut: '17.50',
        lines: [
          {
            transactionId: 'txn_01KB0Z8Y3Q4W5E6R7T8Y9V0J1P',
            occurredAt: '2026-11-22T01:00:00.000Z',
            kind: 'earning',
            description: 'Cleaning the courtyard',
            category: 'public_labour',
            reference: 'rota-2026-11-22',
            amount: '30.00',
            balanceAfter: '65.00',
          },
          {
            transactionId: 'txn_01KB0Z8Y3Q4W5E6R7T8Y9V0J1Q',
            occurredAt: '2026-11-27T08:30:00.000Z',
            kind: 'redemption',
            description: 'Rice and cooking oil',
            category: null,
            reference: 'till-1-000123',
            amount: '-17.50',
            balanceAfter: '47.50',
          },
        ],
        nextCursor: null,
      },
    ],
  });
