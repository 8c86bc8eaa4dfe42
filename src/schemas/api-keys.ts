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

/**
 * What a key is bound to depends on its role, and the schemas say so, so that a generated
 * client types it: a cashier to its supermarkets, an organiser to estates or categories, a
 * certifier to estates, the other roles to nothing (src/services/keys.ts and key-bindings.ts
 * check the same, for the command-line tools, and that the accounts and categories exist).
 * Any key may name the member who holds it.
 */
const KeyName = z.string().trim().min(1).max(NAME_LENGTH_MAX);
const MerchantAccountIds = z.array(AccountId).min(1).max(50).describe('The supermarkets (merchant accounts) this cashier charges for.');
const Estates = z.array(EstateCode).min(1).max(50);
const CategoryCodes = z.array(CategoryCode).min(1).max(50);
const MemberAccountId = AccountId.describe('The member who holds the key: they never certify a claim paying themselves, or an activity they organised.');
/** The roles whose keys are bound to nothing. */
const UnboundRole = z.enum(['admin', 'issuer', 'auditor', 'app']).describe('A role whose keys are bound to nothing: see Role.');

/** OpenAPI's discriminator of the key schemas below: which schema each role reads with. */
function byRole(prefix: string) {
  const ref = (kind: string) => `#/components/schemas/${prefix.replace('{}', kind)}`;
  const unbound = ref('Staff');
  return {
    propertyName: 'role',
    mapping: { cashier: ref('Cashier'), organiser: ref('Organiser'), certifier: ref('Certifier'), admin: unbound, issuer: unbound, auditor: unbound, app: unbound },
  };
}

const created = { name: KeyName, memberAccountId: MemberAccountId.optional(), expiresAt: Timestamp.optional() };

export const CreateApiKeyBody = z
  .discriminatedUnion('role', [
    z
      .strictObject({ ...created, role: z.literal('cashier'), merchantAccountIds: MerchantAccountIds })
      .meta({ id: 'CreateCashierApiKey', description: 'A key for a supermarket terminal: it charges into these merchant accounts only.' }),
    z
      .strictObject({
        ...created,
        role: z.literal('organiser'),
        estates: Estates.optional().describe('The estates it organises in (this, categoryCodes, or both).'),
        categoryCodes: CategoryCodes.optional().describe('The categories it organises in any estate (this, estates, or both).'),
      })
      .meta({ id: 'CreateOrganiserApiKey', description: "An organiser's key: bound to estates, categories, or both (at least one of them)." }),
    z
      .strictObject({ ...created, role: z.literal('certifier'), estates: Estates.describe('The estates whose claims it certifies.') })
      .meta({ id: 'CreateCertifierApiKey', description: "A certifier's key, bound to estates." }),
    z
      .strictObject({ ...created, role: UnboundRole })
      .meta({ id: 'CreateStaffApiKey', description: 'A key of an admin, an issuer, an auditor or an app: bound to nothing.' }),
  ])
  .meta({
    id: 'CreateApiKey',
    discriminator: byRole('Create{}ApiKey'),
    description: 'A new key: what it is bound to depends on its role.',
    examples: [{ name: 'Supermarket till 1', role: 'cashier', merchantAccountIds: ['acct_01KB0Z8Y3Q4W5E6R7T8Y9V0J1P'] }],
  });

const keyFields = {
  id: ApiKeyId,
  name: z.string(),
  memberAccountId: AccountId.nullable(),
  expiresAt: TimestampOut.nullable(),
  revokedAt: TimestampOut.nullable(),
  createdAt: TimestampOut,
};
const none = z.array(z.string()).max(0).describe('Always empty for this role.');
const boundFields = {
  Cashier: { role: z.literal('cashier'), merchantAccountIds: z.array(AccountId).min(1), estates: none, categoryCodes: none },
  Organiser: { role: z.literal('organiser'), merchantAccountIds: none, estates: z.array(z.string()), categoryCodes: z.array(z.string()) },
  Certifier: { role: z.literal('certifier'), merchantAccountIds: none, estates: z.array(z.string()).min(1), categoryCodes: none },
  Staff: { role: UnboundRole, merchantAccountIds: none, estates: none, categoryCodes: none },
};
const KIND_DESCRIPTIONS = {
  Cashier: 'a cashier key and the supermarkets it charges for',
  Organiser: 'an organiser key and the estates and categories it organises in',
  Certifier: 'a certifier key and the estates it certifies in',
  Staff: 'an admin, issuer, auditor or app key',
} as const;

const KEY_EXAMPLE = {
  id: 'key_01KB0Z8Y3Q4W5E6R7T8Y9V0J1P',
  name: 'Supermarket till 1',
  role: 'cashier',
  merchantAccountIds: ['acct_01KB0Z8Y3Q4W5E6R7T8Y9V0J1Q'],
  estates: [],
  categoryCodes: [],
  memberAccountId: null,
  expiresAt: null,
  revokedAt: null,
  createdAt: '2026-11-27T08:30:00.000Z',
} as const;

/** The four kinds of key as answered, each with `extra` fields, under `<Kind><suffix>` ids. */
function keyKinds<T extends z.ZodRawShape>(extra: T, prefix: string, suffix: string, said: string) {
  const kind = <K extends keyof typeof boundFields>(k: K) =>
    z.object({ ...keyFields, ...boundFields[k], ...extra }).meta({ id: `${prefix}${k}${suffix}`, description: `${said}${KIND_DESCRIPTIONS[k]}.` });
  return [kind('Cashier'), kind('Organiser'), kind('Certifier'), kind('Staff')] as const;
}

export const ApiKey = z
  .discriminatedUnion('role', keyKinds({}, '', 'ApiKey', 'An API key without its secret: '))
  .meta({ id: 'ApiKey', description: 'An API key, without its secret.', discriminator: byRole('{}ApiKey'), examples: [KEY_EXAMPLE] });

const Secret = z
  .string()
  .nullable()
  .describe(
    'The secret, shown this once: send it as Authorization: Bearer <key>. null in a replay (Idempotency-Replayed: true): the secret is never stored, so it cannot be shown again.',
  );

export const CreatedApiKey = z
  .discriminatedUnion('role', keyKinds({ key: Secret }, 'Created', 'ApiKey', 'A new API key with its secret: '))
  .meta({
    id: 'CreatedApiKey',
    discriminator: byRole('Created{}ApiKey'),
    description: 'A new API key with its secret, shown in this answer only.',
    examples: [{ ...KEY_EXAMPLE, key: 'tbk_4f9a1c2e7b3d8e6f0a5c9b2d7e1f3a8c4b6d0e2f9a7c5b3d1e8f6a4c2b0d9e7f' }],
  });

export const ApiKeyPage = pageOf(ApiKey).meta({ id: 'ApiKeyPage', description: 'A page of API keys, newest first, without their secrets, and the cursor of the next page.' });
export const ApiKeyParams = z.object({ keyId: ApiKeyId });
export const ListApiKeysQuery = z.strictObject({ ...PageQuery });
