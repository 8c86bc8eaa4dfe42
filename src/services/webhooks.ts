/**
 * Webhook endpoints and their delivery (issue 16).
 *
 * Delivery is at least once and in order per endpoint: an endpoint's cursor (delivered_seq)
 * moves past an event only once the receiver answered 2xx and that was committed, so a crash
 * at any point (kill -9 included) sends the same event again, never the next one first.
 * Instances share the work through leases taken with SKIP LOCKED; a crashed instance's
 * lease runs out. Failures back off exponentially with jitter, judged by the service clock;
 * an endpoint failing for DELIVERY_GIVE_UP_MS, or answering 410 Gone, is disabled, with a
 * webhook_endpoint.disabled event saying so.
 *
 * Longer than the house's ~300 lines: endpoint management and the delivery loop share the
 * lease and cursor rules above; a split is due when either grows (noted in issue 16).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import * as accountsDb from '../db/accounts.js';
import * as keysDb from '../db/api-keys.js';
import * as categoriesDb from '../db/categories.js';
import * as eventsDb from '../db/events.js';
import * as webhooksDb from '../db/webhooks.js';
import type { Clock } from '../ledger/clock.js';
import { LedgerError } from '../ledger/errors.js';
import { DELIVERY_GIVE_UP_MS, EVENT_TYPES, judgeStatus, retryDelayMs } from '../ledger/events.js';
import type { Actor } from '../ledger/types.js';
import { type OrderedSender, ThreadSender } from '../outbound/ordered-sender.js';
import { refuseTarget, type SendResult, signedHeaders } from '../outbound/webhook-sender.js';
import { decodeCursor, encodeCursor, pageOf } from './cursor.js';
import { eventScope, hidden, requireOperation } from './access.js';
import { type Events, toEvent } from './events.js';
import type { Answer, Answering, UnitOfWork } from './unit-of-work.js';

export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string | null;
  eventTypes: string[];
  filter: { accountIds: string[]; categoryCodes: string[] };
  apiKeyId: string | null;
  scope: { role: string; merchantAccountIds: string[] };
  status: 'enabled' | 'disabled';
  disabledReason: string | null;
  deliveredSeq: string;
  failures: number;
  nextAttemptAt: string;
  createdAt: string;
}

export interface NewEndpointInput {
  url: string;
  eventTypes: string[];
  description?: string | undefined;
  filter?: { accountIds?: string[] | undefined; categoryCodes?: string[] | undefined } | undefined;
  /** The API key whose scope the endpoint has; the creating admin's when absent. */
  apiKeyId?: string | undefined;
}

export interface DeliveryOptions {
  allowPrivateTargets: boolean;
  attemptTimeoutMs: number;
  /** The wait after an endpoint's first failure (WEBHOOK_RETRY_FIRST_MS); it doubles with each failure after. */
  retryFirstMs?: number | undefined;
  /** Endpoints one instance delivers to at once. */
  concurrency: number;
  /** How long a rotated-out secret keeps signing beside the new one. */
  rotationOverlapMs: number;
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

function present(row: webhooksDb.EndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.eventTypes,
    filter: { accountIds: row.filterAccountIds, categoryCodes: row.filterCategoryCodes },
    apiKeyId: row.ownerKeyId,
    scope: { role: row.scopeRole, merchantAccountIds: row.scopeMerchantIds },
    status: row.status,
    disabledReason: row.disabledReason,
    deliveredSeq: row.deliveredSeq,
    failures: row.failures,
    nextAttemptAt: row.nextAttemptAt,
    createdAt: row.createdAt,
  };
}

const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;
const newEndpointId = () => `whe_${randomUUID().replaceAll('-', '')}`;

export class Webhooks {
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
    private readonly events: Events,
    private readonly options: DeliveryOptions,
  ) {
    if (options.sender) {
      this.sender = options.sender;
    } else {
      this.thread = new ThreadSender();
      this.sender = this.thread.send;
    }
  }

  create(input: NewEndpointInput, actor: Actor, answering: Answering<WebhookEndpoint & { secret: string }>): Promise<Answer> {
    requireOperation(actor, 'createWebhookEndpoint');
    const refused = refuseTarget(input.url, this.options.allowPrivateTargets);
    if (refused) throw new LedgerError('validation_failed', `url ${refused}`, [{ path: 'url', message: refused }]);
    const unknown = input.eventTypes.find((t) => !(EVENT_TYPES as readonly string[]).includes(t));
    if (unknown) throw new LedgerError('validation_failed', `unknown event type ${unknown}`, [{ path: 'eventTypes', message: `unknown type ${unknown}` }]);
    return this.uow.write(answering, {}, async ({ ex }) => {
      const now = this.clock.now();
      // A filter naming what does not exist would silently hear nothing: refused instead.
      for (const [i, id] of (input.filter?.accountIds ?? []).entries()) {
        if (!(await accountsDb.findAccountKind(ex, id))) {
          throw new LedgerError('validation_failed', `account ${id} does not exist`, [{ path: `filter.accountIds.${i}`, message: 'no such account' }]);
        }
      }
      for (const [i, code] of (input.filter?.categoryCodes ?? []).entries()) {
        if (!(await categoriesDb.findCategory(ex, code))) {
          throw new LedgerError('validation_failed', `category ${code} does not exist`, [{ path: `filter.categoryCodes.${i}`, message: 'no such category' }]);
        }
      }
      let scope = { role: actor.role ?? 'admin', merchantAccountIds: [...actor.merchantAccountIds] };
      if (input.apiKeyId) {
        const key = await keysDb.findKey(ex, input.apiKeyId, now);
        if (!key?.usable) throw new LedgerError('not_found', `API key ${input.apiKeyId} does not exist or is revoked`);
        scope = { role: key.role, merchantAccountIds: key.merchantAccountIds };
      }
      const id = newEndpointId();
      const secret = newSecret();
      await webhooksDb.insertEndpoint(ex, {
        id,
        url: input.url,
        description: input.description ?? null,
        eventTypes: [...new Set(input.eventTypes)],
        filterAccountIds: [...new Set(input.filter?.accountIds ?? [])],
        filterCategoryCodes: [...new Set(input.filter?.categoryCodes ?? [])],
        ownerKeyId: input.apiKeyId ?? actor.keyId,
        scopeRole: scope.role as 'admin',
        scopeMerchantIds: scope.merchantAccountIds,
        secret,
        deliveredSeq: await eventsDb.eventsHead(ex),
        now,
      });
      const row = await webhooksDb.findEndpoint(ex, id);
      if (!row) throw hidden('webhook endpoint', id);
      return { ...present(row), secret };
    });
  }

  async list(actor: Actor, q: { cursor?: string | undefined; limit: number }): Promise<{ data: WebhookEndpoint[]; nextCursor: string | null }> {
    requireOperation(actor, 'listWebhookEndpoints');
    const before = q.cursor ? decodeCursor(q.cursor, ['id']).id : undefined;
    const found = await webhooksDb.listEndpoints(this.uow.reads, before, q.limit + 1);
    return pageOf(found.map(present), q.limit, (last) => encodeCursor({ id: last.id }));
  }

  async get(id: string, actor: Actor): Promise<WebhookEndpoint> {
    requireOperation(actor, 'getWebhookEndpoint');
    return present(await this.find(id));
  }

  /** Enables (from where it stopped, its failures forgotten) or disables an endpoint. */
  async setStatus(id: string, status: 'enabled' | 'disabled', actor: Actor): Promise<WebhookEndpoint> {
    requireOperation(actor, 'updateWebhookEndpoint');
    await this.find(id);
    await webhooksDb.setEndpointStatus(this.uow.pool, id, status === 'enabled', 'disabled by an administrator', this.clock.now());
    if (status === 'enabled') this.kick();
    return present(await this.find(id));
  }

  async delete(id: string, actor: Actor): Promise<void> {
    requireOperation(actor, 'deleteWebhookEndpoint');
    if (!(await webhooksDb.deleteEndpoint(this.uow.pool, id))) throw hidden('webhook endpoint', id);
  }

  /** A new signing secret, shown this once; the old one still signs beside it for the overlap. */
  rotate(id: string, actor: Actor, answering: Answering<WebhookEndpoint & { secret: string }>): Promise<Answer> {
    requireOperation(actor, 'rotateWebhookEndpointSecret');
    return this.uow.write(answering, {}, async ({ ex }) => {
      await this.find(id);
      const secret = newSecret();
      await webhooksDb.rotateSecret(ex, id, secret, new Date(this.clock.now().getTime() + this.options.rotationOverlapMs));
      return { ...present(await this.find(id)), secret };
    });
  }

  async attempts(id: string, actor: Actor, q: { cursor?: string | undefined; limit: number }) {
    requireOperation(actor, 'listWebhookAttempts');
    await this.find(id);
    const before = q.cursor ? decodeCursor(q.cursor, ['id']).id : undefined;
    if (before !== undefined && !/^[0-9]{1,18}$/.test(before)) {
      throw new LedgerError('validation_failed', 'the cursor is not one this API issued', [{ path: 'cursor', message: 'invalid cursor' }]);
    }
    const found = await webhooksDb.listAttempts(this.uow.reads, id, before, q.limit + 1);
    return pageOf(found, q.limit, (last) => encodeCursor({ id: last.id }));
  }

  /** Delivers again, in order, every event after `afterSeq` (a redelivery by hand); enables the endpoint. */
  async replay(id: string, afterSeq: bigint, actor: Actor): Promise<WebhookEndpoint> {
    requireOperation(actor, 'replayWebhookEndpoint');
    await this.find(id);
    const now = this.clock.now();
    await this.uow.transaction(async (tx) => {
      await webhooksDb.rewindEndpoint(tx, id, afterSeq.toString(), now);
      await webhooksDb.setEndpointStatus(tx, id, true, null, now);
    });
    this.kick();
    return present(await this.find(id));
  }

  private async find(id: string): Promise<webhooksDb.EndpointRow> {
    const row = await webhooksDb.findEndpoint(this.uow.reads, id);
    if (!row) throw hidden('webhook endpoint', id);
    return row;
  }

  /* ------------------------------------------------------------ delivery */

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
    // the endpoint is disabled, with an event saying why (enabled again, it is disabled again
    // at its next round while the key stays unusable).
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
