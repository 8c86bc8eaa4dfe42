import { z } from 'zod';
import { AccountId, MoneyOut, Timestamp, TimestampOut } from './common.js';
import { AccountKind } from './accounts.js';

export const TrialBalanceQuery = z.strictObject({ asOf: Timestamp.optional().describe('Effective time; default now.') });

export const TrialBalance = z
  .object({
    asOf: TimestampOut,
    accounts: z.array(z.object({ accountId: AccountId, code: z.string(), name: z.string(), kind: AccountKind, balance: MoneyOut })),
    total: MoneyOut.describe('Always "0.00": every transaction balances.'),
  })
  .meta({ id: 'TrialBalance', description: 'Every account\'s balance at asOf and their total, which is always "0.00".' });

export const EarningsQuery = z.strictObject({
  from: Timestamp.optional(),
  to: Timestamp.optional(),
  groupBy: z.enum(['category', 'account']).default('category'),
});

export const EarningsReport = z
  .object({
    from: TimestampOut.nullable(),
    to: TimestampOut.nullable(),
    groupBy: z.enum(['category', 'account']),
    rows: z.array(
      z.object({
        rank: z.number().int(),
        key: z.string().describe('The category code, or the account id'),
        name: z.string(),
        total: MoneyOut.describe('Earned, less reversals of earnings'),
        earnings: z.number().int(),
        reversals: z.number().int(),
        residents: z.number().int(),
      }),
    ),
    total: MoneyOut,
  })
  .meta({ id: 'EarningsReport', description: 'Totals for the public notice board (公示), ranked.' });

/** The largest journal sequence number: the seq column is a PostgreSQL bigint. */
export const SEQ_MAX = 2n ** 63n - 1n;

/** A journal sequence number as a decimal string, from `min` up to SEQ_MAX. */
function sequenceNumber(min: 0 | 1) {
  return z
    .string()
    .regex(min === 0 ? /^(0|[1-9][0-9]{0,18})$/ : /^[1-9][0-9]{0,18}$/, `a decimal integer of at least ${min}, without leading zeros`)
    .refine((v) => !/^[0-9]+$/.test(v) || BigInt(v) <= SEQ_MAX, { message: `at most ${SEQ_MAX}` });
}

export const JournalQuery = z.strictObject({
  format: z.enum(['jsonl', 'csv', 'ledger']).default('jsonl'),
  afterSeq: sequenceNumber(0)
    .optional()
    .describe('Only transactions with a sequence number above this one (jsonl, csv: resume where the last export ended)'),
  from: Timestamp.optional().describe('occurredAt at or after'),
  to: Timestamp.optional().describe('occurredAt before'),
});

export const VerifyQuery = z.strictObject({
  fromSeq: sequenceNumber(1).optional().describe('Start at this sequence number (default 1)'),
});

export const VerifyResult = z
  .object({
    ok: z.boolean(),
    checkedTransactions: z.number().int(),
    headHash: z.string(),
    fromSeq: z.string(),
    firstBadTransactionId: z.string().nullable(),
    firstBadSeq: z.string().nullable(),
  })
  .meta({ id: 'VerifyResult', description: 'The hash chain recomputed from the stored journal.' });
