/**
 * Webhook delivery (issue 16): at least once and in order per endpoint.
 *
 * An endpoint's cursor (delivered_seq) moves past an event only once the receiver answered
 * 2xx and that was committed, so a crash at any point (kill -9 included) sends the same event
 * again, never the next one first. Instances share the work through leases taken with SKIP
 * LOCKED; a crashed instance's lease runs out. Failures back off exponentially with jitter,
 * judged by the service clock; an endpoint failing for DELIVERY_GIVE_UP_MS, answering 410
 * Gone, or whose API key was revoked or expired, is disabled, with a webhook_endpoint.disabled
 * event saying so. The requests go out from a thread of their own (outbound/ordered-sender.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import * as eventsDb from '../db/events.js';
import * as webhooksDb from '../db/webhooks.js';
import type { Clock } from '../ledger/clock.js';
import { DELIVERY_GIVE_UP_MS, judgeStatus, retryDelayMs } from '../ledger/events.js';
import { type OrderedSender, ThreadSender } from '../outbound/ordered-sender.js';
import { type SendResult, signedHeaders } from '../outbound/webhook-sender.js';
import { eventScope } from './access.js';
import { toEvent } from './events.js';
import type { UnitOfWork } from './unit-of-work.js';

export interface DeliveryOptions {
  allowPrivateTargets: boolean;
  attemptTimeoutMs: number;
  /** The wait after an endpoint's first failure (WEBHOOK_RETRY_FIRST_MS); it doubles with each failure after. */
  retryFirstMs?: number | undefined;
  /** Endpoints one instance delivers to at once. */
  concurrency: number;
  logger?: Pick<Logger, 'warn' | 'info'> | undefined;
  /** How an endpoint's events are sent in order: a thread of their own unless given (tests). */
  sender?: OrderedSender | undefined;
  /** For tests: the jitter's randomness. */
  random?: () => number;
}

/** Events sent to one endpoint per lease, at most. */
const EVENTS_PER_ROUND = 500;
const PAGE_EVENTS = 100;
/** Delivered events whose attempts and progress are written together. */
const FLUSH_ATTEMPTS = 50;
const SCAN_MAX = 10_000;

export class WebhookDelivery {
  private claiming: Promise<void> | undefined;
  private readonly inFlight = new Map<string, Promise<number>>();
  private again = false;
  /** Rounds run on kicks once started (app.ts starts it unless WEBHOOK_POLL_INTERVAL_MS is 0). */
  private active = false;
  private readonly thread: ThreadSender | undefined;
  private readonly sender: OrderedSender;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly options: DeliveryOptions,
  ) {
    if (options.sender) {
      this.sender = options.sender;
    } else {
      this.thread = new ThreadSender();
      this.sender = this.thread.send;
    }
  }

  /**
   * Looks for due endpoints soon, and starts a round for each one it leases, up to
   * WEBHOOK_CONCURRENCY at once. Endpoints are independent: a slow or hanging receiver holds
   * up its own events only. A round that delivered something looks again when it ends.
   */
  kick(): void {
    if (!this.active) return;
    if (this.claiming) {
      this.again = true;
      return;
    }
    this.claiming = this.claimAndStart()
      .catch((error: unknown) => this.options.logger?.warn({ err: error }, 'looking for due webhook endpoints failed; it will run again'))
      .finally(() => {
        this.claiming = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  start(): void {
    this.active = true;
  }

  /** Waits for the rounds in flight, then stops the sending thread; no round starts after. */
  async stop(): Promise<void> {
    this.active = false;
    await this.claiming;
    await Promise.all(this.inFlight.values());
    await this.thread?.close();
  }

  private async claimAndStart(): Promise<void> {
    const free = this.options.concurrency - this.inFlight.size;
    if (free <= 0) return;
    const now = this.clock.now();
    const token = randomUUID();
    const claimed = await webhooksDb.claimDue(this.uow.pool, now, new Date(now.getTime() + this.leaseMs()), token, free);
    for (const endpoint of claimed) {
      const round = this.deliverTo(endpoint, this.leaseMs())
        .catch((error: unknown) => {
          this.options.logger?.warn({ err: error, endpointId: endpoint.id }, 'a webhook delivery round failed; its lease runs out and it is tried again');
          return 0;
        })
        .then((sent) => {
          this.inFlight.delete(endpoint.id);
          if (sent > 0) this.kick();
          return sent;
        });
      this.inFlight.set(endpoint.id, round);
    }
  }

  /**
   * A round stops starting attempts at half its lease, and an attempt lasts at most the
   * timeout: the lease outlives the round. A crashed instance's lease holds its endpoints this long.
   */
  private leaseMs(): number {
    return this.options.attemptTimeoutMs * 4 + 5_000;
  }

  /**
   * One round for every due endpoint, all awaited (tests and tools; the service uses kick):
   * leases them and delivers to each, in order, until it fails, runs out of events or has
   * sent EVENTS_PER_ROUND. Returns the events delivered.
   */
  async deliverDue(): Promise<number> {
    const now = this.clock.now();
    const token = randomUUID();
    const claimed = await webhooksDb.claimDue(this.uow.pool, now, new Date(now.getTime() + this.leaseMs()), token, this.options.concurrency);
    const delivered = await Promise.all(claimed.map((endpoint) => this.deliverTo(endpoint, this.leaseMs())));
    return delivered.reduce((a, b) => a + b, 0);
  }

  private async deliverTo(endpoint: webhooksDb.ClaimedEndpoint, leaseMs: number): Promise<number> {
    const random = this.options.random ?? Math.random;
    const started = Date.now();
    const startBefore = started + leaseMs / 2;
    const filter = {
      ...eventScope({ role: endpoint.scopeRole, merchantAccountIds: endpoint.scopeMerchantIds }),
      types: endpoint.eventTypes,
      accountIds: endpoint.filterAccountIds,
      categoryCodes: endpoint.filterCategoryCodes,
    };
    const read = (after: bigint) => eventsDb.eventsAfter(this.uow.reads, after, filter, PAGE_EVENTS, SCAN_MAX);
    let cursor = BigInt(endpoint.deliveredSeq);
    let failures = endpoint.failures;
    let failingSince = endpoint.failingSince ? new Date(endpoint.failingSince) : null;
    let nextAttemptAt = this.clock.now();
    let disabledReason: string | undefined;
    let sent = 0;
    let lost = false;
    // Attempts and progress are written in batches, behind the sending (the next events go
    // out while these are recorded), one write at a time and in order: one write per event
    // would cap an endpoint near the database's commit rate. The recorded cursor only ever
    // trails what receivers acknowledged, so a crash sends a batch's events again, never skips one.
    let attempts: webhooksDb.NewAttempt[] = [];
    let recording: Promise<void> = Promise.resolve();
    let recordFailed: unknown;
    const record = () => {
      const batch = attempts;
      const through = cursor.toString();
      attempts = [];
      recording = recording
        .then(() =>
          this.uow.transaction(async (tx) => {
            await webhooksDb.insertAttempts(tx, endpoint.id, batch);
            if (!(await webhooksDb.recordProgress(tx, endpoint.id, endpoint.leaseToken, through))) lost = true;
          }),
        )
        .catch((error: unknown) => {
          recordFailed ??= error;
        });
    };
    // Up to two pages are with the sender at once: while one is sent, the next waits behind
    // it, so the sending never waits for this (busier) thread between pages. The sender sends
    // a stream's batches one after another and nothing after one not wholly delivered.
    // Everything in (cursor, readFrom] is in a queued page or matches nothing for this endpoint.
    const stream = `${endpoint.id} ${endpoint.leaseToken}`;
    const queue: { rows: eventsDb.EventRow[]; pageEnd: bigint; results: Promise<SendResult[]> }[] = [];
    let readFrom = cursor;
    let queuedEvents = 0;
    const enqueue = async (): Promise<boolean> => {
      let page = await read(readFrom);
      while (page.events.length === 0) {
        const through = BigInt(page.scannedThrough);
        if (through <= readFrom) return false;
        readFrom = through;
        page = await read(readFrom);
      }
      const batch = page.events;
      const messages = batch.map((row) => {
        const event = toEvent(row);
        const body = JSON.stringify(event);
        // Signed with the wall clock: the receiver checks the timestamp against its own.
        return { body, headers: signedHeaders(endpoint.secrets, event.id, new Date(), body) };
      });
      const lastSeq = BigInt(batch[batch.length - 1]?.seq ?? readFrom);
      // A page with less than a full page of matches: what was scanned past them is passed over.
      const scanned = BigInt(page.scannedThrough);
      const pageEnd = batch.length < PAGE_EVENTS && scanned > lastSeq ? scanned : lastSeq;
      const results = this.sender(stream, endpoint.url, messages, { timeoutMs: this.options.attemptTimeoutMs, allowPrivate: this.options.allowPrivateTargets, startBefore });
      // Awaited in turn below; a failed round may leave it unawaited until then.
      results.catch(() => undefined);
      queue.push({ rows: batch, pageEnd, results });
      queuedEvents += batch.length;
      readFrom = pageEnd;
      return true;
    };
    // An endpoint hears what its key may read: a key revoked or expired reads nothing, and
    // the endpoint is disabled, with an event saying why (and is not enabled again: webhooks.ts).
    if (!endpoint.ownerKeyUsable) disabledReason = 'the API key whose scope it has was revoked or has expired';
    let stopped = disabledReason !== undefined;
    try {
      while (!stopped) {
        const mayQueue = queuedEvents < EVENTS_PER_ROUND && Date.now() < startBefore && !lost && recordFailed === undefined;
        if (queue.length < 2 && mayQueue && (await enqueue())) continue;
        const head = queue.shift();
        if (!head) break;
        const results = await head.results;
        for (const [i, result] of results.entries()) {
          const row = head.rows[i];
          if (!row) break;
          const now = this.clock.now();
          const verdict = judgeStatus(result.statusCode);
          attempts.push({ eventSeq: row.seq, attemptedAt: now, statusCode: result.statusCode, error: result.error, durationMs: result.durationMs, ok: verdict === 'delivered' });
          if (verdict === 'delivered') {
            cursor = BigInt(row.seq);
            failures = 0;
            failingSince = null;
            nextAttemptAt = now;
            sent += 1;
            continue;
          }
          failures += 1;
          failingSince ??= now;
          if (verdict === 'gone') {
            disabledReason = 'the endpoint answered 410 Gone';
          } else if (now.getTime() - failingSince.getTime() >= DELIVERY_GIVE_UP_MS) {
            disabledReason = `deliveries failed for ${DELIVERY_GIVE_UP_MS / 3_600_000} hours`;
          } else {
            nextAttemptAt = new Date(now.getTime() + retryDelayMs(failures, random(), this.options.retryFirstMs));
          }
          break;
        }
        // A failure, or time run out part-way: the round ends where it got to.
        if (results.length < head.rows.length || judgeStatus(results[results.length - 1]?.statusCode ?? null) !== 'delivered') {
          stopped = true;
          break;
        }
        cursor = head.pageEnd;
        if (attempts.length >= FLUSH_ATTEMPTS) record();
      }
      // Nothing queued failed: what was passed over behind the last page is passed for good.
      if (!stopped) cursor = readFrom;
    } finally {
      // Pages queued behind a failure are not sent (the sender stops the stream); wait for
      // the sender to say so, so no batch of this round is still going when the next starts.
      await Promise.allSettled(queue.map((q) => q.results));
    }
    await recording;
    if (recordFailed !== undefined) throw recordFailed;
    if (lost) return sent;
    const outcome: webhooksDb.Outcome = { deliveredSeq: cursor.toString(), failures, failingSince, nextAttemptAt, disabledReason };
    await this.uow.transaction(async (tx) => {
      await webhooksDb.insertAttempts(tx, endpoint.id, attempts);
      const kept = await webhooksDb.finishRound(tx, endpoint.id, endpoint.leaseToken, outcome);
      if (kept && disabledReason) {
        await eventsDb.outboxEvent(tx, 'webhook_endpoint.disabled', endpoint.id, { webhookEndpoint: { id: endpoint.id, url: endpoint.url, reason: disabledReason } }, this.clock.now());
      }
    });
    if (disabledReason) this.options.logger?.warn({ endpointId: endpoint.id, reason: disabledReason }, 'disabled a webhook endpoint');
    return sent;
  }
}
