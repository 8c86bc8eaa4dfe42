import { z } from 'zod';
import { AccountId, Amount, Description, MoneyOut, Timestamp, TimestampOut, TransactionId } from './common.js';
import { Receipt } from './transactions.js';

export const HoldId = z
  .string()
  .regex(/^hold_[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a hold id (hold_…)')
  .meta({ id: 'HoldId' });

export const CreateHoldBody = z
  .strictObject({
    accountId: AccountId,
    merchantAccountId: AccountId,
    amount: Amount,
    expiresAt: Timestamp.optional().describe(
      'Default 15 minutes from now; at most 7 days, or for a cashier key HOLD_TTL_MAX_CASHIER_MINUTES (60 by default, which also caps the default).',
    ),
    description: Description.optional(),
  })
  .meta({
    id: 'CreateHold',
    description: 'Points to reserve for a pending charge.',
    examples: [{ accountId: 'acct_01KB0Z8Y3Q4W5E6R7T8Y9V0J1P', merchantAccountId: 'acct_01KB0Z8Y3Q4W5E6R7T8Y9V0J1Q', amount: '20.00', description: 'Basket at till 1' }],
  });

export const CaptureHoldBody = z
  .strictObject({
    amount: Amount.optional().describe('At most the held amount; default all of it. The rest is released.'),
    description: Description.optional(),
    receipt: Receipt.optional(),
  })
  .meta({ id: 'CaptureHold', description: 'What to charge of a pending hold.', examples: [{ amount: '17.50', description: 'Rice and cooking oil' }] });

export const HoldStatus = z.enum(['pending', 'captured', 'voided', 'expired']).meta({ id: 'HoldStatus' });

export const Hold = z
  .object({
    id: HoldId,
    accountId: AccountId,
    merchantAccountId: AccountId,
    amount: MoneyOut,
    status: HoldStatus,
    description: z.string().nullable(),
    expiresAt: TimestampOut,
    createdAt: TimestampOut,
    resolvedAt: TimestampOut.nullable(),
    capturedAmount: MoneyOut.nullable(),
    transactionId: TransactionId.nullable(),
  })
  .meta({
    id: 'Hold',
    description: 'Points reserved for a pending charge; a pending hold past expiresAt is expired and reserves nothing.',
    examples: [
      {
        id: 'hold_01KB0Z8Y3Q4W5E6R7T8Y9V0J1P',
        accountId: 'acct_01KB0Z8Y3Q4W5E6R7T8Y9V0J1P',
        merchantAccountId: 'acct_01KB0Z8Y3Q4W5E6R7T8Y9V0J1Q',
        amount: '20.00',
        status: 'pending',
        description: 'Basket at till 1',
        expiresAt: '2026-11-27T08:45:00.000Z',
        createdAt: '2026-11-27T08:30:00.000Z',
        resolvedAt: null,
        capturedAmount: null,
        transactionId: null,
      },
    ],
  });

export const HoldParams = z.object({ holdId: HoldId });
