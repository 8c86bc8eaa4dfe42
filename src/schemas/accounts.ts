import { z } from 'zod';
import { AccountId, CODE_LENGTH_MAX, Metadata, MoneyOut, NAME_LENGTH_MAX, PageQuery, pageOf, Timestamp, TimestampOut } from './common.js';

export const AccountKind = z.enum(['member', 'merchant', 'system']).meta({ id: 'AccountKind' });
export const AccountStatus = z.enum(['active', 'frozen', 'closed']).meta({ id: 'AccountStatus' });

export const AccountCode = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" and "-", starting with a letter or digit')
  .max(CODE_LENGTH_MAX)
  .meta({ id: 'AccountCode', description: "A unique human code, such as a resident's card number.", examples: ['R-0001'] });

export const CreateAccountBody = z
  .strictObject({
    code: AccountCode,
    name: z.string().trim().min(1).max(NAME_LENGTH_MAX),
    kind: AccountKind,
    metadata: Metadata.optional(),
  })
  .meta({ id: 'CreateAccount', description: 'A new account.', examples: [{ code: 'R-0001', name: '王秀芳', kind: 'member', metadata: { estate: '幸福小区' } }] });

export const UpdateAccountBody = z
  .strictObject({
    name: z.string().trim().min(1).max(NAME_LENGTH_MAX).optional(),
    metadata: Metadata.optional(),
    status: AccountStatus.optional(),
  })
  .meta({ id: 'UpdateAccount', description: 'What changes; what is left out stays.', examples: [{ status: 'frozen' }] });

export const Account = z
  .object({
    id: AccountId,
    code: z.string(),
    name: z.string(),
    kind: AccountKind,
    status: AccountStatus,
    balance: MoneyOut,
    held: MoneyOut,
    available: MoneyOut,
    metadata: Metadata,
    createdAt: TimestampOut,
    updatedAt: TimestampOut,
  })
  .meta({
    id: 'Account',
    description: 'A holder of points; `available` is `balance` less pending holds.',
    examples: [
      {
        id: 'acct_01KB0Z8Y3Q4W5E6R7T8Y9V0J1P',
        code: 'R-0001',
        name: '王秀芳',
        kind: 'member',
        status: 'active',
        balance: '47.50',
        held: '20.00',
        available: '27.50',
        metadata: { estate: '幸福小区' },
        createdAt: '2026-11-01T02:00:00.000Z',
        updatedAt: '2026-11-01T02:00:00.000Z',
      },
    ],
  });

export const AccountPage = pageOf(Account).meta({ id: 'AccountPage', description: 'A page of accounts, newest first, and the cursor of the next page (null at the end).' });

export const AccountParams = z.object({ accountId: AccountId });

/**
 * An entity tag list as RFC 9110 writes it: `*`, or quoted tags (weak ones with W/),
 * comma-separated; at most 255 characters, like every header the API reads.
 */
const EntityTags = z
  .string()
  .max(255)
  .regex(/^(\*|(W\/)?"[\x21\x23-\x7e]*"( *, *(W\/)?"[\x21\x23-\x7e]*")*)$/, 'must be * or a list of quoted entity tags');

export const AccountReadHeaders = z.object({
  'if-none-match': EntityTags.optional().describe('The ETag of the copy the client holds: 304 without a body while it is current.'),
});

export const AccountUpdateHeaders = z.object({
  'if-match': EntityTags.optional().describe(
    'The ETag of the account as the client last read it: the update applies only if the account still shows exactly that (balance included), else 412 precondition_failed. Without it, the update is unconditional.',
  ),
});

export const ListAccountsQuery = z.strictObject({
  kind: AccountKind.optional(),
  status: AccountStatus.optional(),
  code: z.string().min(1).max(CODE_LENGTH_MAX).optional(),
  ...PageQuery,
});

export const BalanceQuery = z.strictObject({
  asOf: Timestamp.optional().describe('A moment of effective time (occurredAt); default now.'),
});

export const BalanceAsOf = z
  .object({ accountId: AccountId, asOf: TimestampOut, balance: MoneyOut })
  .meta({ id: 'BalanceAsOf', description: 'The sum of the entries that took effect at or before asOf.' });
