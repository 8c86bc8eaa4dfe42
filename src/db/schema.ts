/**
 * The drizzle schema: every table of the ledger, in one file, as drizzle-kit reads it to
 * write migrations. Longer than the house's ~300 lines on purpose: the tables are one model
 * (foreign keys run between them), and a reader checks a migration against one file.
 */
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** The caller's own labels on an account or a transaction: short scalar values only. */
export type Metadata = Record<string, string | number | boolean | null>;

/** The values the CHECK constraints below allow, as TypeScript types of the columns. */
export const ACCOUNT_KINDS = ['member', 'merchant', 'system'] as const;
export const ACCOUNT_STATUSES = ['active', 'frozen', 'closed'] as const;
export const TRANSACTION_KINDS = ['earning', 'redemption', 'transfer', 'reversal', 'adjustment'] as const;
export const HOLD_STATUSES = ['pending', 'captured', 'voided'] as const;
export const KEY_ROLES = ['admin', 'issuer', 'cashier', 'auditor', 'organiser', 'certifier', 'app'] as const;
export const EARNING_PATHS = ['direct', 'certified'] as const;
export const CLAIM_STATES = ['submitted', 'rejected', 'on_notice', 'objected', 'dropped', 'posted'] as const;
export const OBJECTION_STATES = ['open', 'upheld', 'dismissed'] as const;

/** Holders of points. Mutable (name, status, metadata); their balances live apart. */
export const accounts = pgTable(
  'accounts',
  {
    id: text('id').primaryKey(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ACCOUNT_KINDS }).notNull(),
    status: text('status', { enum: ACCOUNT_STATUSES }).notNull().default('active'),
    metadata: jsonb('metadata').$type<Metadata>().notNull().default({}),
    /** How many balance rows the account's balance is spread over (see account_balances). */
    balanceShards: smallint('balance_shards').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('accounts_code_key').on(t.code),
    index('accounts_kind_status_idx').on(t.kind, t.status, t.id),
    check('accounts_kind_check', sql`${t.kind} IN ('member', 'merchant', 'system')`),
    check('accounts_status_check', sql`${t.status} IN ('active', 'frozen', 'closed')`),
    check('accounts_balance_shards_check', sql`${t.balanceShards} BETWEEN 1 AND 64`),
  ],
);

/**
 * An account's balance, split over `balance_shards` rows so that the accounts every
 * transaction touches (a supermarket, an issuance account) are not one hot row. The
 * balance is the sum of the rows. Rows are maintained only by the trigger on `entries`,
 * so they always equal the sum of the journal.
 */
export const accountBalances = pgTable(
  'account_balances',
  {
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
    shard: smallint('shard').notNull(),
    balance: bigint('balance', { mode: 'bigint' }).notNull().default(sql`0`),
    /** Copied from the account's kind: only system accounts may go below zero. */
    allowNegative: boolean('allow_negative').notNull(),
    /** Copied from the account's status under the row lock, so a freeze cannot race a posting. */
    acceptsEntries: boolean('accepts_entries').notNull().default(true),
    /** Entries since the last balance checkpoint: tells the checkpointer where work waits. */
    entriesSinceCheckpoint: integer('entries_since_checkpoint').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.shard] }),
    check('account_balances_non_negative', sql`${t.allowNegative} OR ${t.balance} >= 0`),
  ],
);

/**
 * An account's balance at an effective time (occurredAt), so a balance as of any moment
 * sums at most one checkpoint interval of entries. Derived data: an entry backdated to or
 * before a checkpoint deletes it, and the checkpointer writes it again.
 */
export const balanceCheckpoints = pgTable(
  'balance_checkpoints',
  {
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
    /** The balance includes every entry with occurred_at <= as_of. */
    asOf: ts('as_of').notNull(),
    balance: bigint('balance', { mode: 'bigint' }).notNull(),
    entryCount: bigint('entry_count', { mode: 'bigint' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.asOf] })],
);

/**
 * Earning categories; each owns one system issuance account. `earnings` says how its points
 * are earned: 'direct' (an issuer credits at once) or 'certified' (an activity's claims are
 * certified, hang on public notice for `notice_seconds`, then post).
 */
export const categories = pgTable(
  'categories',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    issuanceAccountId: text('issuance_account_id')
      .notNull()
      .unique()
      .references(() => accounts.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    earnings: text('earnings', { enum: EARNING_PATHS }).notNull().default('direct'),
    /** The public notice window; the API speaks of days (3 by default), fractions allowed. */
    noticeSeconds: integer('notice_seconds').notNull().default(259200),
  },
  (t) => [
    check('categories_earnings_check', sql`${t.earnings} IN ('direct', 'certified')`),
    check('categories_notice_seconds_check', sql`${t.noticeSeconds} BETWEEN 0 AND 5184000`),
  ],
);

/** The journal's header rows. Append-only: triggers refuse UPDATE, DELETE and TRUNCATE. */
export const transactions = pgTable(
  'transactions',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: TRANSACTION_KINDS }).notNull(),
    occurredAt: ts('occurred_at').notNull(),
    recordedAt: ts('recorded_at').notNull().defaultNow(),
    description: text('description'),
    reference: text('reference'),
    categoryCode: text('category_code').references(() => categories.code),
    reversesTransactionId: text('reverses_transaction_id').references((): AnyPgColumn => transactions.id),
    holdId: text('hold_id'),
    metadata: jsonb('metadata').$type<Metadata>().notNull().default({}),
    /** A redemption's itemised receipt, as the terminal sent it. */
    receipt: jsonb('receipt'),
    postedByKeyId: text('posted_by_key_id'),
    postedByRole: text('posted_by_role'),
  },
  (t) => [
    index('transactions_occurred_at_idx').on(t.occurredAt, t.id),
    index('transactions_kind_idx').on(t.kind, t.id),
    index('transactions_reverses_idx')
      .on(t.reversesTransactionId)
      .where(sql`${t.reversesTransactionId} IS NOT NULL`),
    check(
      'transactions_kind_check',
      sql`${t.kind} IN ('earning', 'redemption', 'transfer', 'reversal', 'adjustment')`,
    ),
    // Backdating is bounded (migrations/0010); post-dating beyond clock skew is not allowed.
    check('transactions_not_future', sql`${t.occurredAt} <= ${t.recordedAt} + interval '5 minutes'`),
    // Years 1970-9999 only: older dates are not a time bank's, and export formats break on them.
    check('transactions_occurred_from_1970', sql`${t.occurredAt} >= '1970-01-01T00:00:00Z'::timestamptz`),
    check(
      'transactions_reversal_link',
      sql`(${t.kind} = 'reversal') = (${t.reversesTransactionId} IS NOT NULL)`,
    ),
  ],
);

/** The journal's legs: +amount into the account, -amount out. Append-only. */
export const entries = pgTable(
  'entries',
  {
    id: bigint('id', { mode: 'bigint' }).primaryKey().generatedAlwaysAsIdentity(),
    transactionId: text('transaction_id')
      .notNull()
      .references(() => transactions.id),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
    /** Which balance row of the account this entry moved. */
    shard: smallint('shard').notNull(),
    amount: bigint('amount', { mode: 'bigint' }).notNull(),
    /** The transaction's occurredAt, copied so balances-as-of read one index. */
    occurredAt: ts('occurred_at').notNull(),
  },
  (t) => [
    index('entries_transaction_idx').on(t.transactionId),
    index('entries_account_occurred_idx').on(t.accountId, t.occurredAt, t.id),
    check('entries_amount_nonzero', sql`${t.amount} <> 0`),
  ],
);

/** Reserved points awaiting capture or void. */
export const holds = pgTable(
  'holds',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
    merchantAccountId: text('merchant_account_id')
      .notNull()
      .references(() => accounts.id),
    amount: bigint('amount', { mode: 'bigint' }).notNull(),
    status: text('status', { enum: HOLD_STATUSES }).notNull().default('pending'),
    description: text('description'),
    expiresAt: ts('expires_at').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    resolvedAt: ts('resolved_at'),
    capturedAmount: bigint('captured_amount', { mode: 'bigint' }),
    transactionId: text('transaction_id').references(() => transactions.id),
    createdByKeyId: text('created_by_key_id'),
  },
  (t) => [
    index('holds_account_pending_idx')
      .on(t.accountId, t.expiresAt)
      .where(sql`${t.status} = 'pending'`),
    index('holds_merchant_idx').on(t.merchantAccountId, t.id),
    check('holds_amount_positive', sql`${t.amount} > 0`),
    check('holds_status_check', sql`${t.status} IN ('pending', 'captured', 'voided')`),
    check(
      'holds_capture_within',
      sql`${t.capturedAmount} IS NULL OR (${t.capturedAmount} > 0 AND ${t.capturedAmount} <= ${t.amount})`,
    ),
  ],
);

/**
 * Responses to requests that carried an Idempotency-Key, written in the same database
 * transaction as the posting they describe.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    /** The API key id of the caller, or '' before keys exist. */
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code').notNull(),
    responseBody: jsonb('response_body').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] }), index('idempotency_keys_created_idx').on(t.createdAt)],
);

/**
 * API keys. The secret is stored only as an HMAC under a server secret, so a copy of the
 * database alone does not let anyone call the API. Revoked keys stay, so that the journal's
 * posted_by_key_id always names a key that can be looked up.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    role: text('role', { enum: KEY_ROLES }).notNull(),
    merchantAccountIds: jsonb('merchant_account_ids').$type<string[]>().notNull().default([]),
    /** An organiser's or a certifier's estates (codes, as accounts' metadata.estate). */
    estates: jsonb('estates').$type<string[]>().notNull().default([]),
    /** An organiser's categories. */
    categoryCodes: jsonb('category_codes').$type<string[]>().notNull().default([]),
    /** The member the key's holder is, so that nobody certifies their own points. */
    memberAccountId: text('member_account_id').references(() => accounts.id),
    secretHash: text('secret_hash').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    expiresAt: ts('expires_at'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [
    uniqueIndex('api_keys_secret_hash_key').on(t.secretHash),
    check('api_keys_role_check', sql`${t.role} IN ('admin', 'issuer', 'cashier', 'auditor', 'organiser', 'certifier', 'app')`),
  ],
);

/**
 * The journal in commit order: a gap-free sequence assigned by the sequencer to committed
 * transactions in the order their commits became visible, each with a hash over its
 * content and the previous hash. Append-only, like the rows it orders.
 */
export const journal = pgTable('journal', {
  seq: bigint('seq', { mode: 'bigint' }).primaryKey(),
  transactionId: text('transaction_id')
    .notNull()
    .unique()
    .references(() => transactions.id),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
  sequencedAt: ts('sequenced_at').notNull().defaultNow(),
});

/** Committed transactions not yet sequenced: filled by a trigger, drained by the sequencer. */
export const journalQueue = pgTable('journal_queue', {
  transactionId: text('transaction_id')
    .primaryKey()
    .references(() => transactions.id),
});

/* ------------------------------------------------------------------ events (issue 16) */

/**
 * Changes an app may care about, written by triggers in the same database transaction as
 * the change (sql/triggers/*_outbox.sql): one row per posted transaction, hold change or
 * account freeze/close. Not yet numbered: the sequencer drains it into `events` in the
 * order commits became visible to it, as it does journal_queue into `journal`.
 */
export const eventOutbox = pgTable('event_outbox', {
  id: bigint('id', { mode: 'bigint' }).primaryKey().generatedAlwaysAsIdentity(),
  type: text('type').notNull(),
  resourceId: text('resource_id').notNull(),
  /** What the change was, for resources that change (holds, accounts); null for transactions, which never do. */
  data: jsonb('data'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/**
 * Events in commit order: a gap-free sequence assigned by the sequencer, with what apps are
 * sent and what scoping needs (the accounts touched, the category). Kept EVENTS_RETENTION_DAYS.
 */
export const events = pgTable(
  'events',
  {
    seq: bigint('seq', { mode: 'bigint' }).primaryKey(),
    type: text('type').notNull(),
    resourceId: text('resource_id').notNull(),
    accountIds: text('account_ids').array().notNull().default(sql`'{}'::text[]`),
    categoryCode: text('category_code'),
    data: jsonb('data').notNull(),
    occurredAt: ts('occurred_at').notNull(),
    sequencedAt: ts('sequenced_at').notNull(),
  },
  (t) => [index('events_resource_idx').on(t.resourceId, t.type), index('events_sequenced_at_idx').on(t.sequencedAt)],
);

export const WEBHOOK_ENDPOINT_STATUSES = ['enabled', 'disabled'] as const;

/**
 * Where events are pushed. The secret signs (Standard Webhooks) and so is kept as is; it is
 * shown once, at creation and rotation. `scope_role` and `scope_merchant_ids` are the scope
 * of the API key the endpoint was made for (src/services/access.ts EVENT_SCOPES).
 * Delivery is in order per endpoint: `delivered_seq` is the last event it acknowledged (or
 * passed over as not its own); the next waits until then.
 */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: text('id').primaryKey(),
    url: text('url').notNull(),
    description: text('description'),
    eventTypes: text('event_types').array().notNull(),
    filterAccountIds: text('filter_account_ids').array().notNull().default(sql`'{}'::text[]`),
    filterCategoryCodes: text('filter_category_codes').array().notNull().default(sql`'{}'::text[]`),
    ownerKeyId: text('owner_key_id'),
    scopeRole: text('scope_role', { enum: KEY_ROLES }).notNull(),
    scopeMerchantIds: text('scope_merchant_ids').array().notNull().default(sql`'{}'::text[]`),
    secret: text('secret').notNull(),
    /** The secret before the last rotation: still signs alongside until previous_secret_until. */
    previousSecret: text('previous_secret'),
    previousSecretUntil: ts('previous_secret_until'),
    status: text('status', { enum: WEBHOOK_ENDPOINT_STATUSES }).notNull().default('enabled'),
    disabledReason: text('disabled_reason'),
    deliveredSeq: bigint('delivered_seq', { mode: 'bigint' }).notNull(),
    /** Failed tries of the event after delivered_seq, and since when it has failed. */
    failures: integer('failures').notNull().default(0),
    failingSince: ts('failing_since'),
    nextAttemptAt: ts('next_attempt_at').notNull(),
    /** Who is delivering to it, until when: a crashed instance's lease runs out. */
    leaseToken: text('lease_token'),
    leaseUntil: ts('lease_until'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    index('webhook_endpoints_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'enabled'`),
    check('webhook_endpoints_status_check', sql`${t.status} IN ('enabled', 'disabled')`),
  ],
);

/** Every try to deliver an event to an endpoint, kept as long as the events. */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: bigint('id', { mode: 'bigint' }).primaryKey().generatedAlwaysAsIdentity(),
    endpointId: text('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    eventSeq: bigint('event_seq', { mode: 'bigint' }).notNull(),
    attemptedAt: ts('attempted_at').notNull(),
    statusCode: integer('status_code'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
    ok: boolean('ok').notNull(),
  },
  (t) => [index('webhook_attempts_endpoint_idx').on(t.endpointId, t.id)],
);

/**
 * "Tell me when account X's available balance crosses below (or above) T". `beyond` is which
 * side of the threshold the balance was last seen on: a monitor fires when it flips to true,
 * once, and re-arms when it flips back.
 */
export const balanceMonitors = pgTable(
  'balance_monitors',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
    direction: text('direction', { enum: ['below', 'above'] }).notNull(),
    threshold: bigint('threshold', { mode: 'bigint' }).notNull(),
    beyond: boolean('beyond').notNull(),
    description: text('description'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    index('balance_monitors_account_idx').on(t.accountId),
    check('balance_monitors_direction_check', sql`${t.direction} IN ('below', 'above')`),
  ],
);

/**
 * An activity an organiser ran (cleaning the courtyard on Saturday), whose participants' claims
 * are certified, put on public notice and then posted. Its points rule is fixed per
 * participant, or per hour with a cap per person; amounts in hundredths.
 */
export const activities = pgTable(
  'activities',
  {
    id: text('id').primaryKey(),
    title: text('title').notNull(),
    categoryCode: text('category_code')
      .notNull()
      .references(() => categories.code),
    estate: text('estate').notNull(),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    place: text('place').notNull(),
    pointsRule: text('points_rule', { enum: ['fixed', 'hourly'] }).notNull(),
    /** Per participant (fixed) or per hour (hourly). */
    pointsMinor: bigint('points_minor', { mode: 'bigint' }).notNull(),
    /** Per person, for an hourly rule. */
    capMinor: bigint('cap_minor', { mode: 'bigint' }),
    plannedParticipants: integer('planned_participants').notNull(),
    certifiersRequired: smallint('certifiers_required').notNull().default(2),
    organiserKeyId: text('organiser_key_id'),
    organiserAccountId: text('organiser_account_id').references(() => accounts.id),
    /** Why its due claims are held back (a budget), or null. */
    heldReason: text('held_reason'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    index('activities_estate_idx').on(t.estate, t.id),
    check('activities_points_rule_check', sql`${t.pointsRule} IN ('fixed', 'hourly')`),
    check('activities_points_positive', sql`${t.pointsMinor} > 0 AND (${t.capMinor} IS NULL OR ${t.capMinor} > 0)`),
    check('activities_cap_hourly', sql`${t.capMinor} IS NULL OR ${t.pointsRule} = 'hourly'`),
    check('activities_times', sql`${t.endsAt} >= ${t.startsAt}`),
    check('activities_certifiers_check', sql`${t.certifiersRequired} BETWEEN 1 AND 9`),
    check('activities_planned_check', sql`${t.plannedParticipants} BETWEEN 1 AND 1000`),
  ],
);

/** One member's claim on an activity's points: at most one per member per activity. */
export const claims = pgTable(
  'claims',
  {
    id: text('id').primaryKey(),
    activityId: text('activity_id')
      .notNull()
      .references(() => activities.id),
    memberAccountId: text('member_account_id')
      .notNull()
      .references(() => accounts.id),
    /** Hundredths of an hour, for an hourly rule. */
    hoursHundredths: bigint('hours_hundredths', { mode: 'bigint' }),
    pointsMinor: bigint('points_minor', { mode: 'bigint' }).notNull(),
    note: text('note'),
    evidence: text('evidence'),
    state: text('state', { enum: CLAIM_STATES }).notNull().default('submitted'),
    certifiedAt: ts('certified_at'),
    noticeEndsAt: ts('notice_ends_at'),
    transactionId: text('transaction_id').references(() => transactions.id),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('claims_activity_member_key').on(t.activityId, t.memberAccountId),
    index('claims_due_idx')
      .on(t.noticeEndsAt)
      .where(sql`${t.state} = 'on_notice'`),
    check('claims_points_positive', sql`${t.pointsMinor} > 0`),
    check('claims_state_check', sql`${t.state} IN ('submitted', 'rejected', 'on_notice', 'objected', 'dropped', 'posted')`),
    check('claims_notice_set', sql`${t.state} NOT IN ('on_notice', 'objected', 'posted') OR ${t.noticeEndsAt} IS NOT NULL`),
    check('claims_posted_link', sql`(${t.state} = 'posted') = (${t.transactionId} IS NOT NULL)`),
  ],
);

/** One certifier's decision on one claim: a key decides a claim once. */
export const claimCertifications = pgTable(
  'claim_certifications',
  {
    claimId: text('claim_id')
      .notNull()
      .references(() => claims.id),
    certifierKeyId: text('certifier_key_id')
      .notNull()
      .references(() => apiKeys.id),
    decision: text('decision', { enum: ['approve', 'reject'] }).notNull(),
    reason: text('reason').notNull(),
    decidedAt: ts('decided_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.claimId, t.certifierKeyId] }),
    check('claim_certifications_decision_check', sql`${t.decision} IN ('approve', 'reject')`),
  ],
);

/** A resident's objection to a claim on notice, and its decision. */
export const claimObjections = pgTable(
  'claim_objections',
  {
    id: text('id').primaryKey(),
    claimId: text('claim_id')
      .notNull()
      .references(() => claims.id),
    objectorAccountId: text('objector_account_id')
      .notNull()
      .references(() => accounts.id),
    objectorKeyId: text('objector_key_id'),
    reason: text('reason').notNull(),
    state: text('state', { enum: OBJECTION_STATES }).notNull().default('open'),
    createdAt: ts('created_at').notNull(),
    decidedByKeyId: text('decided_by_key_id'),
    decisionReason: text('decision_reason'),
    decidedAt: ts('decided_at'),
  },
  (t) => [
    index('claim_objections_claim_idx').on(t.claimId),
    check('claim_objections_state_check', sql`${t.state} IN ('open', 'upheld', 'dismissed')`),
  ],
);

/**
 * The one earning each claim became: the primary key is the database's promise that a claim
 * posts once, whatever instance, retry or restart tries again.
 */
export const claimPostings = pgTable('claim_postings', {
  claimId: text('claim_id')
    .primaryKey()
    .references(() => claims.id),
  transactionId: text('transaction_id')
    .notNull()
    .unique()
    .references(() => transactions.id),
});

/**
 * Every state change of an activity or a claim, with its actor and time. Append-only, and
 * hash-chained: a trigger numbers each row and hashes it with the previous row's hash
 * (sql/functions/certification_event_chain.sql), and an auditor recomputes the chain.
 */
export const certificationEvents = pgTable(
  'certification_events',
  {
    seq: bigint('seq', { mode: 'bigint' }).primaryKey(),
    activityId: text('activity_id')
      .notNull()
      .references(() => activities.id),
    claimId: text('claim_id').references(() => claims.id),
    state: text('state').notNull(),
    actorKeyId: text('actor_key_id'),
    actorAccountId: text('actor_account_id'),
    reason: text('reason'),
    at: ts('at').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('certification_events_activity_idx').on(t.activityId, t.seq)],
);

/**
 * Issuance budgets (积分总额控制): what a category may issue in an estate in a month; '*'
 * stands for every category or every estate. `issued` grows under the row lock with each
 * posted batch, and the CHECK is the last word.
 */
export const issuanceBudgets = pgTable(
  'issuance_budgets',
  {
    categoryCode: text('category_code').notNull(),
    estate: text('estate').notNull(),
    /** YYYY-MM in the display time zone. */
    month: text('month').notNull(),
    limitMinor: bigint('limit_minor', { mode: 'bigint' }).notNull(),
    issuedMinor: bigint('issued_minor', { mode: 'bigint' }).notNull().default(sql`0`),
  },
  (t) => [
    primaryKey({ columns: [t.categoryCode, t.estate, t.month] }),
    check('issuance_budgets_within', sql`${t.issuedMinor} >= 0 AND ${t.issuedMinor} <= ${t.limitMinor}`),
    check('issuance_budgets_month', sql`${t.month} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`),
  ],
);
