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
import { ApiKeyId, Role } from './api-keys.js';

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
  .meta({
    id: 'CreateEarning',
    description: 'Points earned by a member for public service, issued from the category\'s account.',
    examples: [{ accountId: 'acct_01KB0Z8Y3Q4W5E6R7T8Y9V0J1P', amount: '30', category: 'public_labour', description: 'Cleaning the courtyard', reference: 'rota-2026-11-22' }],
  });

export const CreateEarningBatchBody = z
  .strictObject({ items: z.array(CreateEarningBody).min(1).max(EARNING_BATCH_MAX) })
  .meta({ id: 'CreateEarningBatch', description: 'Up to 1000 earnings, posted all or nothing.' });

export const CreateReversalBody = z
  .strictObject({
    amount: Amount.optional().describe('Default: all that is left to reverse.'),
    reason: Description,
    metadata: Metadata.optional(),
  })
  .meta({ id: 'CreateReversal', description: 'What to move back, and why.', examples: [{ amount: '5.00', reason: 'Cooking oil returned' }] });

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
  .meta({
    id: 'CreateRedemption',
    description: 'A redemption takes effect when it is recorded: it takes no occurredAt.',
    examples: [
      {
        accountId: 'acct_01KB0Z8Y3Q4W5E6R7T8Y9V0J1P',
        merchantAccountId: 'acct_01KB0Z8Y3Q4W5E6R7T8Y9V0J1Q',
        amount: '17.50',
        description: 'Rice and cooking oil',
        receipt: {
          number: '000123',
          lines: [
            { name: 'Rice 5 kg', quantity: 1, unitPrice: '12.50', sku: '6901234567892' },
            { name: 'Cooking oil 1 L', quantity: 1, unitPrice: '5' },
          ],
        },
      },
    ],
  });

export const CreateTransferBody = z
  .strictObject({
    fromAccountId: AccountId,
    toAccountId: AccountId,
    amount: Amount,
    description: Description.optional(),
    reference: Reference.optional(),
    metadata: Metadata.optional(),
  })
  .meta({
    id: 'CreateTransfer',
    description: 'A transfer takes effect when it is recorded: it takes no occurredAt.',
    examples: [{ fromAccountId: 'acct_01KB0Z8Y3Q4W5E6R7T8Y9V0J1P', toAccountId: 'acct_01KB0Z8Y3Q4W5E6R7T8Y9V0J1Q', amount: '5', description: 'A gift to my neighbour' }],
  });

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

/** A sale at the supermarket's till, as the API answers it: realistic, and valid against Transaction. */
const TRANSACTION_EXAMPLE = {
  id: 'txn_01KB0Z8Y3Q4W5E6R7T8Y9V0J1P',
  kind: 'redemption',
  occurredAt: '2026-11-27T08:30:00.000Z',
  recordedAt: '2026-11-27T08:30:00.000Z',
  description: 'Rice and cooking oil',
  reference: 'till-1-000123',
  category: null,
  amount: '17.50',
  entries: [
    { accountId: 'acct_01KB0Z8Y3Q4W5E6R7T8Y9V0J1P', amount: '-17.50' },
    { accountId: 'acct_01KB0Z8Y3Q4W5E6R7T8Y9V0J1Q', amount: '17.50' },
  ],
  reversesTransactionId: null,
  reversedAmount: '0.00',
  holdId: null,
  metadata: {},
  receipt: {
    number: '000123',
    lines: [
      { name: 'Rice 5 kg', quantity: 1, unitPrice: '12.50', sku: '6901234567892' },
      { name: 'Cooking oil 1 L', quantity: 1, unitPrice: '5.00' },
    ],
  },
  postedBy: { keyId: 'key_01KB0Z8Y3Q4W5E6R7T8Y9V0J1P', role: 'cashier' },
} as const;

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
        lines: z.array(
          z.object({ name: z.string(), quantity: z.number().int().min(1).max(RECEIPT_QUANTITY_MAX), unitPrice: MoneyOut, sku: z.string().optional() }),
        ),
      })
      .nullable(),
    postedBy: z
      .object({ keyId: ApiKeyId.nullable(), role: Role.nullable() })
      .describe('The key that posted it; both null for the service itself (start-up, command-line tools).'),
  })
  .meta({ id: 'Transaction', description: 'One balanced event in the journal with its entries.', examples: [TRANSACTION_EXAMPLE] });

export const TransactionPage = pageOf(Transaction).meta({ id: 'TransactionPage', description: 'A page of transactions, newest first, and the cursor of the next page (null at the end).' });

export const TransactionList = z.object({ data: z.array(Transaction) }).meta({ id: 'TransactionList', description: 'The transactions posted, in the order of the request.' });

export const TransactionParams = z.object({ transactionId: TransactionId });

export const ListTransactionsQuery = z.strictObject({
  accountId: AccountId.optional(),
  kind: TransactionKind.optional(),
  from: Timestamp.optional().describe('occurredAt at or after'),
  to: Timestamp.optional().describe('occurredAt before'),
  ...PageQuery,
});
