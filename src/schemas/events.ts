import { z } from 'zod';
import { EVENT_TYPES } from '../ledger/events.js';
import { AccountId, Amount, Description, MoneyOut, PageQuery, pageOf, TimestampOut } from './common.js';

export const EventType = z.enum(EVENT_TYPES).meta({
  id: 'EventType',
  description:
    'transaction.posted; hold.created, hold.captured, hold.voided, hold.expired; account.frozen, account.closed; balance.crossed (a balance monitor fired); webhook_endpoint.disabled; claim.<state> for every claim state change (submitted, approved, rejected, certified, on_notice, objected, upheld, dismissed, dropped, posted) and activity.opened, activity.held: one per row of the certification history.',
});

const Seq = z.string().regex(/^(0|[1-9][0-9]{0,17})$/, 'a decimal integer of at least 0, without leading zeros');

export const Event = z
  .object({
    id: z.string().describe('`evt_` and the seq: the same in every delivery of the event (the webhook-id header).'),
    seq: Seq.describe('Gap-free, in commit order.'),
    type: z.string(),
    timestamp: TimestampOut.describe('When the change was committed.'),
    data: z.record(z.string(), z.unknown()).describe('`transaction`, `hold`, `account`, `monitor`, `webhookEndpoint` or `certification` (a claim or activity state change: activityId, claimId, memberAccountId, state, actorKeyId, reason, at, and its history seq): the resource as it was.'),
  })
  .meta({ id: 'Event', description: 'A change an app may care about, in commit order. The same object is a webhook body.' });

export const EventFeedQuery = z.strictObject({
  after: Seq.default('0').describe('The last seq already read (the previous answer\'s nextAfter); 0 for the oldest kept.'),
  // A string with a pattern, not a coerced number: "wait=" must be refused, not read as 0.
  wait: z
    .string()
    .regex(/^(0|[1-9][0-9]?)$/, 'whole seconds, 0 to 30')
    .default('0')
    .transform(Number)
    .pipe(z.number().int().max(30, 'at most 30 seconds'))
    .describe('Seconds (0-30) to wait for an event when none is there yet (long-poll).'),
  limit: PageQuery.limit,
  types: z
    .string()
    .max(1000)
    .optional()
    .transform((v) => (v ? v.split(',') : undefined))
    .pipe(z.array(EventType).max(EVENT_TYPES.length).optional())
    .describe('Comma-separated event types; all when absent.'),
});

export const EventFeed = z
  .object({ data: z.array(Event), nextAfter: Seq.describe('Pass as `after` to read on: past the events this key may not see, too.') })
  .meta({ id: 'EventFeed', description: 'The next events this key may see, oldest first, and where to read on.' });

export const WebhookEndpointId = z.string().regex(/^whe_[0-9a-f]{32}$/, 'must be a webhook endpoint id (whe_…)').meta({ id: 'WebhookEndpointId' });

export const CreateWebhookEndpointBody = z
  .strictObject({
    url: z.string().min(1).max(2000).describe('http(s). Private, loopback and link-local targets are refused unless WEBHOOK_ALLOW_PRIVATE_TARGETS.'),
    eventTypes: z.array(EventType).min(1).max(EVENT_TYPES.length),
    description: Description.optional(),
    filter: z
      .strictObject({
        accountIds: z.array(AccountId).max(100).optional().describe('Only events touching one of these accounts (members or merchants).'),
        categoryCodes: z.array(z.string().min(1).max(64)).max(50).optional().describe('Only events of these earning categories.'),
      })
      .optional(),
    apiKeyId: z
      .string()
      .regex(/^key_[0-9A-HJKMNP-TV-Z]{26}$/, 'must be an API key id (key_…)')
      .optional()
      .describe("The app's API key: the endpoint hears only what that key may (an issuer's, earnings; a cashier's, its supermarkets). The admin's own scope when absent."),
  })
  .meta({ id: 'CreateWebhookEndpoint' });

export const WebhookEndpoint = z
  .object({
    id: WebhookEndpointId,
    url: z.string(),
    description: z.string().nullable(),
    eventTypes: z.array(z.string()),
    filter: z.object({ accountIds: z.array(z.string()), categoryCodes: z.array(z.string()) }),
    apiKeyId: z.string().nullable(),
    scope: z.object({ role: z.string(), merchantAccountIds: z.array(z.string()) }),
    status: z.enum(['enabled', 'disabled']),
    disabledReason: z.string().nullable(),
    deliveredSeq: Seq.describe('The last event delivered (or passed over as not its own); the next waits until it is.'),
    failures: z.number().int(),
    nextAttemptAt: TimestampOut,
    createdAt: TimestampOut,
  })
  .meta({ id: 'WebhookEndpoint', description: 'Where events are pushed, signed per Standard Webhooks; never with its secret.' });

export const CreatedWebhookEndpoint = WebhookEndpoint.extend({
  secret: z
    .string()
    .nullable()
    .describe('The signing secret (whsec_…), shown this once; null in an Idempotency-Key replay.'),
}).meta({ id: 'CreatedWebhookEndpoint', description: 'The endpoint, with its signing secret shown this once.' });

export const WebhookEndpointPage = pageOf(WebhookEndpoint).meta({ id: 'WebhookEndpointPage', description: 'A page of webhook endpoints, newest first, never with their secrets.' });
export const WebhookEndpointParams = z.object({ endpointId: WebhookEndpointId });
export const ListWebhookEndpointsQuery = z.strictObject({ ...PageQuery });
export const UpdateWebhookEndpointBody = z.strictObject({ status: z.enum(['enabled', 'disabled']) }).meta({ id: 'UpdateWebhookEndpoint' });
export const ReplayWebhookEndpointBody = z
  .strictObject({ afterSeq: Seq.describe('Every event after this one is delivered again, in order.') })
  .meta({ id: 'ReplayWebhookEndpoint' });

export const WebhookAttempt = z
  .object({
    id: z.string(),
    eventSeq: Seq,
    attemptedAt: TimestampOut,
    statusCode: z.number().int().nullable(),
    error: z.string().nullable(),
    durationMs: z.number().int(),
    ok: z.boolean(),
  })
  .meta({ id: 'WebhookAttempt', description: 'One try to deliver an event: what the receiver answered, or why nothing came back.' });
export const WebhookAttemptPage = pageOf(WebhookAttempt).meta({ id: 'WebhookAttemptPage', description: "A page of an endpoint's delivery attempts, newest first." });

export const BalanceMonitorId = z.string().regex(/^bmon_[0-9a-f]{32}$/, 'must be a balance monitor id (bmon_…)').meta({ id: 'BalanceMonitorId' });
export const CreateBalanceMonitorBody = z
  .strictObject({
    accountId: AccountId,
    direction: z.enum(['below', 'above']),
    threshold: Amount,
    description: Description.optional(),
  })
  .meta({ id: 'CreateBalanceMonitor' });
export const BalanceMonitor = z
  .object({
    id: BalanceMonitorId,
    accountId: AccountId,
    direction: z.enum(['below', 'above']),
    threshold: MoneyOut,
    beyond: z.boolean().describe('Whether the available balance was beyond the threshold when last evaluated.'),
    description: z.string().nullable(),
    createdAt: TimestampOut,
  })
  .meta({
    id: 'BalanceMonitor',
    description: 'Fires one balance.crossed event each time the available balance crosses to beyond the threshold; re-arms when it crosses back.',
  });
export const BalanceMonitorPage = pageOf(BalanceMonitor).meta({ id: 'BalanceMonitorPage', description: "An account's balance monitors, newest first." });
export const BalanceMonitorParams = z.object({ monitorId: BalanceMonitorId });
export const ListBalanceMonitorsQuery = z.strictObject({ accountId: AccountId, limit: PageQuery.limit });
