import { z } from 'zod';
import { ADJUSTMENT_LEGS_MAX, EARNING_BATCH_MAX } from '../ledger/postings.js';
import {
  AccountId,
  Amount,
  Description,
  Metadata,
  MoneyOut,
  NAME_LENGTH_MAX,
  PageQuery,
  pageOf,
  Reference,
  SignedAmount,
  Timestamp,
  TimestampOut,
  TransactionId,
} from './common.js';
import { CategoryCode } from './categories.js';

export const RECEIPT_LINES_MAX = 200;
export const RECEIPT_QUANTITY_MAX = 100_000;

export const TransactionKind = z
  .enum(['earning', 'redemption', 'transfer', 'reversal', 'adjustment'])
  .meta({ id: 'TransactionKind' });

const OccurredAt = Timestamp.describe(
  'When the work happened; defaults to now; never in the future. A credit may be dated back at most BACKDATE_WINDOW_DAYS (31 by default), never before the credited account was opened; a posting that takes points from a member or a merchant takes effect when it is recorded and takes no occurredAt.',
);

export const Receipt = z
  .strictObject({
    number: z.string().min(1).max(64),
    lines: z
      .array(
        z.strictObject({
          name: z.string().trim().min(1).max(NAME_LENGTH_MAX),
          quantity: z.number().int().min(1).max(RECEIPT_QUANTITY_MAX),
          unitPrice: Amount,
          sku: z.string().min(1).max(64).optional(),
        }),
      )
      .min(1)
      .max(RECEIPT_LINES_MAX),
  })
  .meta({ id: 'Receipt', description: "The basket: with lines, the redemption's amount must equal the sum of quantity x unitPrice." });

export const CreateEarningBody = z
  .strictObject({
    accountId: AccountId,
    amount: Amount,
    category: CategoryCode,
    description: Description.optional(),
    occurredAt: OccurredAt.optional(),
    reference: Reference.optional(),
    metadata: Metadata.optional(),
  })
  .meta({ id: 'CreateEarning' });

export const CreateEarningBatchBody = z
  .strictObject({ items: z.array(CreateEarningBody).min(1).max(EARNING_BATCH_MAX) })
  .meta({ id: 'CreateEarningBatch', description: 'Up to 1000 earnings, posted all or nothing.' });

export const CreateReversalBody = z
  .strictObject({
    amount: Amount.optional().describe('Default: all that is left to reverse.'),
    reason: Description,
    metadata: Metadata.optional(),
  })
  .meta({ id: 'CreateReversal' });

export const CreateRedemptionBody = z
  .strictObject({
    accountId: AccountId,
    merchantAccountId: AccountId,
    amount: Amount,
    description: Description.optional(),
    reference: Reference.optional(),
    metadata: Metadata.optional(),
    receipt: Receipt.optional(),
  })
  .meta({ id: 'CreateRedemption', description: 'A redemption takes effect when it is recorded: it takes no occurredAt.' });

export const CreateTransferBody = z
  .strictObject({
    fromAccountId: AccountId,
    toAccountId: AccountId,
    amount: Amount,
    description: Description.optional(),
    reference: Reference.optional(),
    metadata: Metadata.optional(),
  })
  .meta({ id: 'CreateTransfer', description: 'A transfer takes effect when it is recorded: it takes no occurredAt.' });

export const CreateAdjustmentBody = z
  .strictObject({
    entries: z
      .array(z.strictObject({ accountId: AccountId, amount: SignedAmount }))
      .min(2)
      .max(ADJUSTMENT_LEGS_MAX),
    description: Description,
    occurredAt: OccurredAt.optional(),
    reference: Reference.optional(),
    metadata: Metadata.optional(),
  })
  .meta({ id: 'CreateAdjustment', description: 'A balanced correction or opening balance: signed entries summing to zero.' });

export const Entry = z.object({ accountId: AccountId, amount: MoneyOut }).meta({ id: 'Entry' });

export const Transaction = z
  .object({
    id: TransactionId,
    kind: TransactionKind,
    occurredAt: TimestampOut,
    recordedAt: TimestampOut,
    description: z.string().nullable(),
    reference: z.string().nullable(),
    category: z.string().nullable(),
    amount: MoneyOut,
    entries: z.array(Entry),
    reversesTransactionId: TransactionId.nullable(),
    reversedAmount: MoneyOut,
    holdId: z.string().nullable(),
    metadata: Metadata,
    receipt: z
      .object({
        number: z.string(),
        lines: z.array(z.object({ name: z.string(), quantity: z.number().int(), unitPrice: MoneyOut, sku: z.string().optional() })),
      })
      .nullable(),
    postedBy: z.object({ keyId: z.string().nullable(), role: z.string().nullable() }),
  })
  .meta({ id: 'Transaction', description: 'One balanced event in the journal with its entries.' });

export const TransactionPage = pageOf(Transaction).meta({ id: 'TransactionPage' });

export const TransactionList = z.object({ data: z.array(Transaction) }).meta({ id: 'TransactionList' });

export const TransactionParams = z.object({ transactionId: TransactionId });

export const ListTransactionsQuery = z.strictObject({
  accountId: AccountId.optional(),
  kind: TransactionKind.optional(),
  from: Timestamp.optional().describe('occurredAt at or after'),
  to: Timestamp.optional().describe('occurredAt before'),
  ...PageQuery,
});
