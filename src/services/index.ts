/**
 * The application layer, assembled: one object per use-case family over one unit of work
 * and one clock. Routes and command-line tools call these; they never see a database handle.
 *
 *   routes (HTTP) -> services (use cases, access, unit of work) -> ledger (domain rules)
 *                                                                -> db (SQL, pools, throughput)
 */
import type { Logger } from 'pino';
import type { Database, DatabaseObserver } from '../db/client.js';
import * as idempotencyDb from '../db/idempotency.js';
import { journalLag } from '../db/journal.js';
import type { Clock } from '../ledger/clock.js';
import { Accounts } from './accounts.js';
import { Activities } from './activities.js';
import { CertifiedPostings } from './certified-postings.js';
import { Notices } from './notices.js';
import { Objections } from './objections.js';
import { Audit } from './audit.js';
import { Events } from './events.js';
import { Monitors } from './monitors.js';
import { type DeliveryOptions, WebhookDelivery } from './webhook-delivery.js';
import { type EndpointOptions, Webhooks } from './webhooks.js';
import { runCheckpoints } from './checkpoints.js';
import { Holds } from './holds.js';
import { KeyService } from './keys.js';
import { type PostingObserver, Postings } from './postings.js';
import { Reports } from './reports.js';
import type { Semaphore } from './semaphore.js';
import { Statements } from './statements.js';
import { UnitOfWork } from './unit-of-work.js';

export interface ServicesOptions {
  clock: Clock;
  /** The secret API keys are hashed under. */
  serverSecret: string;
  /** How long a posting may wait for a contended account: the database's lock_timeout. */
  lockWaitMs: number;
  /** Postings in flight per account that hold a connection of their own while they wait. */
  postingsPerAccountMax: number;
  /** The longest a cashier key's hold may reserve. */
  holdTtlMaxCashierMs: number;
  /** How far back a credit may be dated. */
  backdateWindowMs: number;
  /** The time zone dated exports print in. */
  displayTimeZone: string;
  /** The connections whole-journal reads share. */
  exportGate?: Semaphore | undefined;
  logger?: Pick<Logger, 'warn'> | undefined;
  databaseObserver?: DatabaseObserver | undefined;
  postingObserver?: PostingObserver | undefined;
  /** How long events are kept (EVENTS_RETENTION_DAYS). */
  eventsRetentionDays?: number | undefined;
  /** Webhook endpoints' and delivery's settings (WEBHOOK_*). */
  webhooks?: (Omit<DeliveryOptions, 'logger'> & Partial<EndpointOptions>) | undefined;
}

export interface Services {
  readonly clock: Clock;
  readonly accounts: Accounts;
  readonly postings: Postings;
  readonly holds: Holds;
  readonly statements: Statements;
  readonly reports: Reports;
  readonly audit: Audit;
  readonly keys: KeyService;
  readonly events: Events;
  readonly webhooks: Webhooks;
  readonly webhookDelivery: WebhookDelivery;
  readonly monitors: Monitors;
  readonly activities: Activities;
  readonly objections: Objections;
  readonly certifiedPostings: CertifiedPostings;
  readonly notices: Notices;
  /** The background jobs, one round each; each returns how much it did. */
  readonly jobs: {
    checkpoints(): Promise<number>;
    sequence(): Promise<number>;
    /** Numbers the events outbox (and writes hold expiries and monitor crossings). */
    sequenceEvents(): Promise<number>;
    /** Forgets events and delivery attempts past EVENTS_RETENTION_DAYS. */
    purgeEvents(): Promise<number>;
    /** Forgets Idempotency-Keys stored more than `hours` ago. */
    purgeIdempotencyKeys(hours: number): Promise<number>;
    /** Posts certified claims whose public notice has ended; returns how many. */
    postCertified(): Promise<number>;
  };
  /** Answers when the database does (readiness). */
  ping(): Promise<void>;
  /** How far the journal's sequencer is behind (metrics). */
  journalLag(): Promise<{ queued: number; seconds: number }>;
}

export function createServices(database: Database, options: ServicesOptions): Services {
  const { clock } = options;
  const uow = new UnitOfWork(database, {
    clock,
    lockWaitMs: options.lockWaitMs,
    postingsPerAccountMax: options.postingsPerAccountMax,
    logger: options.logger,
    observer: options.databaseObserver,
  });
  const accounts = new Accounts(uow, clock);
  const postings = new Postings(uow, clock, { backdateWindowMs: options.backdateWindowMs }, options.postingObserver);
  const certifiedPostings = new CertifiedPostings(uow, clock, postings, { timeZone: options.displayTimeZone, logger: options.logger });
  const audit = new Audit(uow, clock, { timeZone: options.displayTimeZone, gate: options.exportGate });
  const events = new Events(uow, clock, { retentionDays: options.eventsRetentionDays ?? 30 });
  const webhookSettings = { allowPrivateTargets: false, attemptTimeoutMs: 10_000, concurrency: 8, rotationOverlapMs: 24 * 60 * 60 * 1000, ...options.webhooks };
  const webhookDelivery = new WebhookDelivery(uow, clock, { ...webhookSettings, logger: options.logger as DeliveryOptions['logger'] });
  const webhooks = new Webhooks(uow, clock, webhookDelivery, webhookSettings);
  return {
    clock,
    accounts,
    events,
    webhooks,
    webhookDelivery,
    monitors: new Monitors(uow, clock),
    postings,
    holds: new Holds(uow, clock, postings, { holdTtlMaxCashierMs: options.holdTtlMaxCashierMs }),
    statements: new Statements(uow, clock, accounts),
    reports: new Reports(uow, clock),
    audit,
    keys: new KeyService(uow, clock, options.serverSecret, database.engine === 'postgres'),
    activities: new Activities(uow, clock),
    objections: new Objections(uow, clock),
    certifiedPostings,
    notices: new Notices(uow, clock),
    jobs: {
      checkpoints: () => runCheckpoints(uow),
      sequence: () => audit.sequence(),
      sequenceEvents: () => events.sequence(),
      purgeEvents: () => events.purge(),
      postCertified: () => certifiedPostings.postDue(),
      purgeIdempotencyKeys: (hours) => idempotencyDb.purgeKeys(uow.pool, new Date(clock.now().getTime() - hours * 60 * 60 * 1000)),
    },
    ping: () => database.ping(),
    journalLag: () => journalLag(database.reads),
  };
}
