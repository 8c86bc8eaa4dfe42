import { z } from 'zod';
import { CategoryCode } from './categories.js';
import { AccountId, NAME_LENGTH_MAX, PageQuery, pageOf, Timestamp, TimestampOut } from './common.js';

export const Role = z.enum(['admin', 'issuer', 'cashier', 'auditor', 'organiser', 'certifier', 'app']).meta({
  id: 'Role',
  description:
    'admin: everything. issuer (community apps): member accounts, earnings and their reversals, gifts, reading members. cashier (a supermarket terminal): redemptions and holds into its own merchant accounts and reversals of those sales, member look-up by code. auditor: read everything, write nothing. organiser (a self-management committee, a team leader): opens activities and submits their claims in its estates or categories. certifier (a committee member): certifies claims in its estates. app (a community app): files objections for the member it names.',
});

/** An estate's code, as accounts carry it in metadata.estate. */
export const EstateCode = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'letters, digits, "_", "." and "-", at most 64')
  .meta({ id: 'EstateCode', examples: ['lanhu-3'] });

export const ApiKeyId = z
  .string()
  .regex(/^key_[0-9A-HJKMNP-TV-Z]{26}$/, 'must be an API key id (key_…)')
  .meta({ id: 'ApiKeyId' });

export const CreateApiKeyBody = z
  .strictObject({
    name: z.string().trim().min(1).max(NAME_LENGTH_MAX),
    role: Role,
    merchantAccountIds: z.array(AccountId).min(1).max(50).optional().describe('Required for, and only for, a cashier.'),
    estates: z.array(EstateCode).min(1).max(50).optional().describe('For an organiser (estates or categoryCodes required) and a certifier (required).'),
    categoryCodes: z.array(CategoryCode).min(1).max(50).optional().describe('For an organiser only: the categories it organises in any estate.'),
    memberAccountId: AccountId.optional().describe('The member who holds the key: they never certify a claim paying themselves, or an activity they organised.'),
    expiresAt: Timestamp.optional(),
  })
  .meta({ id: 'CreateApiKey' });

export const ApiKey = z
  .object({
    id: ApiKeyId,
    name: z.string(),
    role: Role,
    merchantAccountIds: z.array(AccountId),
    estates: z.array(z.string()),
    categoryCodes: z.array(z.string()),
    memberAccountId: AccountId.nullable(),
    expiresAt: TimestampOut.nullable(),
    revokedAt: TimestampOut.nullable(),
    createdAt: TimestampOut,
  })
  .meta({ id: 'ApiKey', description: 'An API key, without its secret.' });

export const CreatedApiKey = ApiKey.extend({
  key: z
    .string()
    .nullable()
    .describe(
      'The secret, shown this once: send it as Authorization: Bearer <key>. null in a replay (Idempotency-Replayed: true): the secret is never stored, so it cannot be shown again.',
    ),
}).meta({ id: 'CreatedApiKey' });

export const ApiKeyPage = pageOf(ApiKey).meta({ id: 'ApiKeyPage' });
export const ApiKeyParams = z.object({ keyId: ApiKeyId });
export const ListApiKeysQuery = z.strictObject({ ...PageQuery });
