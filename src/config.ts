import { z } from 'zod';

/** Environment flags are strings; accept the usual spellings and nothing else. */
const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** An origin as browsers send it (RFC 6454): scheme, host and an optional port; or `*`, any. */
const ORIGIN = /^(\*|https?:\/\/[A-Za-z0-9.-]+(:[0-9]{1,5})?|https?:\/\/\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?)$/;

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  // Loopback unless told otherwise: the admin API is not for every interface by accident.
  // The image sets HOST=0.0.0.0 (Dockerfile), where the container's network is the boundary.
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(100).default(8),
  DB_READ_POOL_MAX: z.coerce.number().int().min(1).max(100).default(4),
  DB_LOCK_TIMEOUT_S: z.coerce.number().min(0.01).max(600).default(5),
  DB_STATEMENT_TIMEOUT_S: z.coerce.number().min(0.1).max(3600).default(30),
  DB_CONNECT_TIMEOUT_S: z.coerce.number().min(0).max(3600).default(30),
  MIGRATE_ON_START: flag.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(16 * 1024 * 1024).default(1024 * 1024),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(10_000),
  IDEMPOTENCY_TTL_HOURS: z.coerce.number().int().min(24).max(24 * 90).default(48),
  API_KEY_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  BOOTSTRAP_ADMIN_KEY: z
    .string()
    .regex(/^[\x21-\x7e]{32,512}$/, 'must be 32-512 printable ASCII characters without spaces')
    .optional(),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(10_000_000).default(6000),
  RATE_LIMIT_PER_ADDRESS_PER_MINUTE: z.coerce.number().int().min(0).max(10_000_000).default(300),
  EXPORT_CONCURRENCY_MAX: z.coerce.number().int().min(1).max(1000).default(4),
  EXPORT_CONCURRENCY_PER_KEY_MAX: z.coerce.number().int().min(1).max(1000).default(2),
  CHECKPOINT_INTERVAL_MS: z.coerce.number().int().min(0).max(3_600_000).default(1000),
  DISPLAY_TIME_ZONE: z
    .string()
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone such as Asia/Shanghai')
    .default('Asia/Shanghai'),
  SEQUENCER_INTERVAL_MS: z.coerce.number().int().min(0).max(3_600_000).default(250),
  /** Where residents reach the service, for the notice board's QR code; unset: the request's own host. */
  PUBLIC_BASE_URL: z
    .string()
    .regex(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, 'must be an http(s) address such as https://ledger.example.org')
    .max(160)
    .optional(),
  /** How often certified claims whose public notice has ended are posted; 0: never (tests run the job themselves). */
  CERTIFIED_POSTING_INTERVAL_MS: z.coerce.number().int().min(0).max(3_600_000).default(10_000),
  HOLD_TTL_MAX_CASHIER_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(60),
  BACKDATE_WINDOW_DAYS: z.coerce.number().int().min(0).max(36_500).default(31),
  EVENTS_SEQUENCER_INTERVAL_MS: z.coerce.number().int().min(0).max(3_600_000).default(100),
  EVENTS_RETENTION_DAYS: z.coerce.number().int().min(8).max(3650).default(30),
  WEBHOOK_ALLOW_PRIVATE_TARGETS: flag.default(false),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  WEBHOOK_RETRY_FIRST_MS: z.coerce.number().int().min(100).max(3_600_000).default(5000),
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(8),
  WEBHOOK_POLL_INTERVAL_MS: z.coerce.number().int().min(0).max(3_600_000).default(1000),
  CORS_ORIGINS: z
    .string()
    .transform((v) => v.split(',').map((o) => o.trim()).filter((o) => o !== ''))
    .pipe(z.array(z.string().regex(ORIGIN, 'each origin must be scheme://host[:port] (no path), or * alone')))
    .refine((origins) => !origins.includes('*') || origins.length === 1, 'each origin must be scheme://host[:port] (no path), or * alone')
    .default([]),
  COMPRESSION_THRESHOLD_BYTES: z.coerce.number().int().min(0).max(16 * 1024 * 1024).default(2048),
});

export type Config = Readonly<{
  port: number;
  host: string;
  /** Unset means the embedded PostgreSQL, whose cluster lives in `dataDir`/pg. */
  databaseUrl: string | undefined;
  dataDir: string;
  dbPoolMax: number;
  /** Connections for reads outside transactions, apart from the writes' pool. */
  dbReadPoolMax: number;
  /** How long a write waits for a row lock before it is answered busy. */
  dbLockTimeoutMs: number;
  /** How long any statement may run. */
  dbStatementTimeoutMs: number;
  /** How long start waits for the database to accept connections before giving up. */
  dbConnectTimeoutMs: number;
  migrateOnStart: boolean;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  bodyLimitBytes: number;
  shutdownTimeoutMs: number;
  /** How long a client may take to send a whole request, headers and body; then 408 and closed. */
  requestTimeoutMs: number;
  /** How long a client may take to send a request's headers; at most requestTimeoutMs. */
  headersTimeoutMs: number;
  idempotencyTtlHours: number;
  /** The server secret API keys are hashed under; unset: kept in dataDir/api-key-secret. */
  apiKeySecret: string | undefined;
  /** An admin key created on start if no key with this secret exists yet. */
  bootstrapAdminKey: string | undefined;
  /** Requests per minute per API key; 0 turns the limit off. */
  rateLimitPerMinute: number;
  /**
   * Requests per minute per client address that carry no key known to this instance (none,
   * unknown, revoked, or not seen yet): each costs a key lookup. 0 turns the limit off.
   */
  rateLimitPerAddressPerMinute: number;
  /** Whole-journal reads (exports, verifies) running at once, in all; more get 503. */
  exportConcurrencyMax: number;
  /** Whole-journal reads running at once for one API key; more get 429. */
  exportConcurrencyPerKeyMax: number;
  /** How often balance checkpoints are written; 0 turns the background writer off. */
  checkpointIntervalMs: number;
  /** How often committed transactions are sequenced and hashed into the journal; 0: only on demand. */
  sequencerIntervalMs: number;
  /** How often certified claims past their public notice are posted; 0: never. */
  certifiedPostingIntervalMs: number;
  /** Where residents reach the service (the notice board's QR code); unset: the request's host. */
  publicBaseUrl: string | undefined;
  /** The community's time zone: the dates a passbook prints and a ledger journal is dated by. */
  displayTimeZone: string;
  /** The longest a cashier key's hold may reserve a resident's points (an admin's: 7 days). */
  holdTtlMaxCashierMinutes: number;
  /** How far back an earning or a crediting adjustment may be dated (debits never are). */
  backdateWindowDays: number;
  /** How often the events outbox is numbered (an event reaches feeds and webhooks then); 0: never, on this instance. */
  eventsSequencerIntervalMs: number;
  /** How long events (and webhook delivery attempts) are kept; at least 8 days, past a hold's longest life. */
  eventsRetentionDays: number;
  /** Whether webhooks may target private, loopback and link-local addresses (tests, a private network). */
  webhookAllowPrivateTargets: boolean;
  /** How long one webhook attempt may take, connecting included. */
  webhookTimeoutMs: number;
  webhookRetryFirstMs: number;
  /** Webhook endpoints one instance delivers to at once. */
  webhookConcurrency: number;
  /** How often due webhook retries are looked for (new events wake delivery at once); 0 turns delivery off. */
  webhookPollIntervalMs: number;
  /** Browser origins allowed to call the API (CORS); empty: CORS is off; `['*']`: any origin. */
  corsOrigins: readonly string[];
  /** Answers smaller than this are sent uncompressed; streamed answers are compressed whatever their size. */
  compressionThresholdBytes: number;
}>;

export class ConfigError extends Error {}

/** Reads the environment once, fails fast with every bad variable named. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable means "not set", as in most shells' `FOO= cmd`.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.HEADERS_TIMEOUT_MS > e.REQUEST_TIMEOUT_MS) {
    // Node refuses the pair: the headers are part of the request.
    throw new ConfigError('invalid configuration:\n  HEADERS_TIMEOUT_MS: must not exceed REQUEST_TIMEOUT_MS');
  }
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    dbPoolMax: e.DB_POOL_MAX,
    dbReadPoolMax: e.DB_READ_POOL_MAX,
    dbLockTimeoutMs: Math.round(e.DB_LOCK_TIMEOUT_S * 1000),
    dbStatementTimeoutMs: Math.round(e.DB_STATEMENT_TIMEOUT_S * 1000),
    dbConnectTimeoutMs: Math.round(e.DB_CONNECT_TIMEOUT_S * 1000),
    migrateOnStart: e.MIGRATE_ON_START,
    logLevel: e.LOG_LEVEL,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    headersTimeoutMs: e.HEADERS_TIMEOUT_MS,
    idempotencyTtlHours: e.IDEMPOTENCY_TTL_HOURS,
    exportConcurrencyMax: e.EXPORT_CONCURRENCY_MAX,
    exportConcurrencyPerKeyMax: e.EXPORT_CONCURRENCY_PER_KEY_MAX,
    checkpointIntervalMs: e.CHECKPOINT_INTERVAL_MS,
    sequencerIntervalMs: e.SEQUENCER_INTERVAL_MS,
    certifiedPostingIntervalMs: e.CERTIFIED_POSTING_INTERVAL_MS,
    publicBaseUrl: e.PUBLIC_BASE_URL?.replace(/\/+$/, ''),
    displayTimeZone: e.DISPLAY_TIME_ZONE,
    apiKeySecret: e.API_KEY_SECRET,
    bootstrapAdminKey: e.BOOTSTRAP_ADMIN_KEY,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    holdTtlMaxCashierMinutes: e.HOLD_TTL_MAX_CASHIER_MINUTES,
    backdateWindowDays: e.BACKDATE_WINDOW_DAYS,
    eventsSequencerIntervalMs: e.EVENTS_SEQUENCER_INTERVAL_MS,
    eventsRetentionDays: e.EVENTS_RETENTION_DAYS,
    webhookAllowPrivateTargets: e.WEBHOOK_ALLOW_PRIVATE_TARGETS,
    webhookTimeoutMs: e.WEBHOOK_TIMEOUT_MS,
    webhookRetryFirstMs: e.WEBHOOK_RETRY_FIRST_MS,
    webhookConcurrency: e.WEBHOOK_CONCURRENCY,
    webhookPollIntervalMs: e.WEBHOOK_POLL_INTERVAL_MS,
    rateLimitPerAddressPerMinute: e.RATE_LIMIT_PER_ADDRESS_PER_MINUTE,
    corsOrigins: Object.freeze([...e.CORS_ORIGINS]),
    compressionThresholdBytes: e.COMPRESSION_THRESHOLD_BYTES,
  });
}
