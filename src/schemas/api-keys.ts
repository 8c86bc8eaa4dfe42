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

export const CreateApiKeyBody = z
  .strictObject({
    name: z.string().trim().min(1).max(NAME_LENGTH_MAX),
    role: Role,
    merchantAccountIds: z.array(AccountId).min(1).max(50).optional().describe('Required for, and only for, a cashier.'),
    expiresAt: Timestamp.optional(),
  })
  .meta({ id: 'CreateApiKey' });

export const ApiKey = z
  .object({
    id: ApiKeyId,
    name: z.string(),
    role: Role,
    merchantAccountIds: z.array(AccountId),
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
