import { z } from 'zod';
import { AccountId, NAME_LENGTH_MAX, PageQuery, pageOf, Timestamp, TimestampOut } from './common.js';

export const Role = z.enum(['admin', 'issuer', 'cashier', 'auditor']).meta({
  id: 'Role',
  description:
    'admin: everything. issuer (community apps): member accounts, earnings and their reversals, gifts, reading members. cashier (a supermarket terminal): redemptions and holds into its own merchant accounts and reversals of those sales, member look-up by code. auditor: read everything, write nothing.',
});

export const ApiKeyId = z
  .string()
  .regex(/^key_[0-9A-HJKMNP-TV-Z]{26}$/, 'must be an API key id (key_…)')
  .meta({ id: 'ApiKeyId' });

const KeyName = z.string().trim().min(1).max(NAME_LENGTH_MAX);
const MerchantAccountIds = z.array(AccountId).min(1).max(50).describe('The supermarkets (merchant accounts) this cashier charges for.');
/** OpenAPI's discriminator of the key schemas below: which schema a role reads with. */
function byRole(cashier: string, staff: string) {
  const ref = (id: string) => `#/components/schemas/${id}`;
  return { propertyName: 'role', mapping: { cashier: ref(cashier), admin: ref(staff), issuer: ref(staff), auditor: ref(staff) } };
}

/** The roles whose keys act for no supermarket in particular. */
const NonCashierRole = z.enum(['admin', 'issuer', 'auditor']).describe('Any role but cashier: see Role.');

/**
 * Only a cashier carries merchantAccountIds: the schemas say so by the role, so a generated
 * client types it (src/services/keys.ts checks the same, for the command-line tools).
 */
export const CreateApiKeyBody = z
  .discriminatedUnion('role', [
    z
      .strictObject({ name: KeyName, role: z.literal('cashier'), merchantAccountIds: MerchantAccountIds, expiresAt: Timestamp.optional() })
      .meta({ id: 'CreateCashierApiKey', description: 'A key for a supermarket terminal: it charges into these merchant accounts only.' }),
    z
      .strictObject({ name: KeyName, role: NonCashierRole, expiresAt: Timestamp.optional() })
      .meta({ id: 'CreateStaffApiKey', description: 'A key of an admin, an issuer (a community app) or an auditor.' }),
  ])
  .meta({
    id: 'CreateApiKey',
    discriminator: byRole('CreateCashierApiKey', 'CreateStaffApiKey'),
    description: 'A new key: a cashier names its supermarkets, any other role none.',
    examples: [{ name: 'Supermarket till 1', role: 'cashier', merchantAccountIds: ['acct_01KB0Z8Y3Q4W5E6R7T8Y9V0J1P'] }],
  });

const keyFields = {
  id: ApiKeyId,
  name: z.string(),
  expiresAt: TimestampOut.nullable(),
  revokedAt: TimestampOut.nullable(),
  createdAt: TimestampOut,
};
const cashierFields = { ...keyFields, role: z.literal('cashier'), merchantAccountIds: z.array(AccountId).min(1) };
const staffFields = { ...keyFields, role: NonCashierRole, merchantAccountIds: z.array(AccountId).max(0).describe('Always empty: only a cashier acts for supermarkets.') };

const KEY_EXAMPLE = {
  id: 'key_01KB0Z8Y3Q4W5E6R7T8Y9V0J1P',
  name: 'Supermarket till 1',
  role: 'cashier',
  merchantAccountIds: ['acct_01KB0Z8Y3Q4W5E6R7T8Y9V0J1Q'],
  expiresAt: null,
  revokedAt: null,
  createdAt: '2026-11-27T08:30:00.000Z',
} as const;

export const ApiKey = z
  .discriminatedUnion('role', [
    z.object(cashierFields).meta({ id: 'CashierApiKey', description: 'A cashier key and the supermarkets it charges for.' }),
    z.object(staffFields).meta({ id: 'StaffApiKey', description: 'An admin, issuer or auditor key.' }),
  ])
  .meta({ id: 'ApiKey', description: 'An API key, without its secret.', discriminator: byRole('CashierApiKey', 'StaffApiKey'), examples: [KEY_EXAMPLE] });

const Secret = z
  .string()
  .nullable()
  .describe(
    'The secret, shown this once: send it as Authorization: Bearer <key>. null in a replay (Idempotency-Replayed: true): the secret is never stored, so it cannot be shown again.',
  );

export const CreatedApiKey = z
  .discriminatedUnion('role', [
    z.object({ ...cashierFields, key: Secret }).meta({ id: 'CreatedCashierApiKey', description: 'A new cashier key with its secret.' }),
    z.object({ ...staffFields, key: Secret }).meta({ id: 'CreatedStaffApiKey', description: 'A new admin, issuer or auditor key with its secret.' }),
  ])
  .meta({
    id: 'CreatedApiKey',
    discriminator: byRole('CreatedCashierApiKey', 'CreatedStaffApiKey'),
    description: 'A new API key with its secret, shown in this answer only.',
    examples: [{ ...KEY_EXAMPLE, key: 'tbk_4f9a1c2e7b3d8e6f0a5c9b2d7e1f3a8c4b6d0e2f9a7c5b3d1e8f6a4c2b0d9e7f' }],
  });

export const ApiKeyPage = pageOf(ApiKey).meta({ id: 'ApiKeyPage', description: 'A page of API keys, newest first, without their secrets, and the cursor of the next page.' });
export const ApiKeyParams = z.object({ keyId: ApiKeyId });
export const ListApiKeysQuery = z.strictObject({ ...PageQuery });
