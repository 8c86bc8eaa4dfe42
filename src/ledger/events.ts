/**
 * Events apps hear (issue 16), as plain data: their types, what a webhook carries, and the
 * delivery schedule. No SQL, no HTTP.
 */

/**
 * The certification history's state names (certification_events.state). Each row becomes an
 * event `claim.<state>` or `activity.<state>`: the SQL that writes it
 * (sql/functions/ledger_outbox_certification.sql) prefixes the state, nothing else maps it.
 */
export const CLAIM_HISTORY_STATES = ['submitted', 'approved', 'rejected', 'certified', 'on_notice', 'objected', 'upheld', 'dismissed', 'dropped', 'posted'] as const;
export const ACTIVITY_HISTORY_STATES = ['opened', 'held'] as const;

/** Every event type, as subscribers name them. */
export const EVENT_TYPES = [
  'transaction.posted',
  'hold.created',
  'hold.captured',
  'hold.voided',
  'hold.expired',
  'account.frozen',
  'account.closed',
  'balance.crossed',
  'webhook_endpoint.disabled',
  ...CLAIM_HISTORY_STATES.map((s) => `claim.${s}` as const),
  ...ACTIVITY_HISTORY_STATES.map((s) => `activity.${s}` as const),
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export interface LedgerEvent {
  /** `evt_` and the seq: the same for every delivery of the event (Standard Webhooks' webhook-id). */
  id: string;
  /** The gap-free, commit-ordered sequence number, as decimal text. */
  seq: string;
  type: string;
  /** When the change was committed (for a transaction, its recordedAt). */
  timestamp: string;
  data: Record<string, unknown>;
}

export const eventId = (seq: string) => `evt_${seq}`;

/** Webhook delivery gives up on an endpoint whose oldest undelivered event has failed this long. */
export const DELIVERY_GIVE_UP_MS = 3 * 24 * 60 * 60 * 1000;
/** The first retry's wait when WEBHOOK_RETRY_FIRST_MS is not set. */
export const RETRY_FIRST_MS_DEFAULT = 5_000;
const BACKOFF_MAX_MS = 60 * 60 * 1000;

/**
 * When to try again after the `failures`-th failure in a row: `firstMs` (WEBHOOK_RETRY_FIRST_MS,
 * 5 s by default) doubling to an hour, each wait drawn between half and all of it ("equal
 * jitter"), so endpoints that failed together do not retry together. `random` is in [0, 1).
 */
export function retryDelayMs(failures: number, random: number, firstMs: number = RETRY_FIRST_MS_DEFAULT): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, firstMs * 2 ** Math.min(failures - 1, 20));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}

/** What a receiver's status means: delivered, refused for good (410 Gone: disable), or try again. */
export function judgeStatus(statusCode: number | null): 'delivered' | 'gone' | 'retry' {
  if (statusCode !== null && statusCode >= 200 && statusCode < 300) return 'delivered';
  if (statusCode === 410) return 'gone';
  return 'retry';
}
