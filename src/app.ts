import fastify, { type FastifyInstance, type FastifyServerOptions, LogController } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import rateLimit from '@fastify/rate-limit';
import { randomUUID } from 'node:crypto';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { openDatabase } from './db/postgres.js';
import { REVOKED_CHANNEL } from './db/api-keys.js';
import { listen } from './db/listener.js';
import { migrate } from './db/migrate.js';
import { databaseTarget } from './db/connect.js';
import { accessDocumentation, authentication, publicRateLimit } from './http/auth.js';
import { documentation } from './http/documentation.js';
import { clientErrorHandler, errorHandling, frameworkErrors } from './http/errors.js';
import { httpMetrics, Metrics } from './http/metrics.js';
import { waitForDatabase } from './db/wait.js';
import { storableText } from './http/text.js';
import { REDACTED_PATHS, serializeRequest } from './http/logging.js';
import { ExportSlots } from './http/export-slots.js';
import { compression } from './http/compression.js';
import { corsPolicy } from './http/cors.js';
import { windowStoreOn } from './http/rate-limit-store.js';
import { apiKeyRoutes } from './routes/api-keys.js';
import { openApi } from './http/swagger.js';
import { type Clock, systemClock } from './ledger/clock.js';
import { ServiceError } from './services/errors.js';
import { createServices, type Services } from './services/index.js';
import { resolveServerSecret } from './services/keys.js';
import { exportConnections, Semaphore } from './services/semaphore.js';
import { journalRoutes } from './routes/journal.js';
import { reportRoutes } from './routes/reports.js';
import { statementRoutes } from './routes/statements.js';
import { type Actor, SYSTEM_ACTOR } from './ledger/types.js';
import { accountRoutes } from './routes/accounts.js';
import { categoryRoutes } from './routes/categories.js';
import { earningRoutes } from './routes/earnings.js';
import { healthRoutes } from './routes/health.js';
import { holdRoutes } from './routes/holds.js';
import { redemptionRoutes } from './routes/redemptions.js';
import { transactionRoutes } from './routes/transactions.js';
import { transferRoutes } from './routes/transfers.js';
import { eventRoutes } from './routes/events.js';
import { webhookEndpointRoutes } from './routes/webhook-endpoints.js';
import { balanceMonitorRoutes } from './routes/balance-monitors.js';
import { EVENTS_CHANNEL } from './db/events.js';
import { activityRoutes } from './routes/activities.js';
import { budgetRoutes } from './routes/budgets.js';
import { claimRoutes } from './routes/claims.js';
import { certificationEventRoutes } from './routes/certification-events.js';
import { publicNoticeRoutes } from './routes/notices.js';
import { objectionRoutes } from './routes/objections.js';
import { backgroundJobs } from './jobs.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    /** The use cases (src/services): what routes call. */
    services: Services;
    /**
     * The database, for tests and operations that reach under the service on purpose.
     * Routes never use it (eslint.config.js refuses `app.db` under src/routes and src/http).
     */
    db: Database;
  }
  interface FastifyRequest {
    /** Who is calling; recorded on every transaction the request posts. */
    actor: Actor;
  }
}

export interface BuildOptions {
  /**
   * pino options (a level, a stream) merged over the defaults; the redaction of secrets (and
   * of query strings from logged URLs) is always applied on top, whatever the caller passes.
   */
  logger?: Record<string, unknown>;
  /** An already-open database (tests share one); otherwise opened from config. */
  database?: Database;
  /** Where the service reads the time: the system clock unless a test moves its own. */
  clock?: Clock;
}

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/** How often Node looks for requests past their timeouts (its default is 30 s). */
export const CONNECTIONS_CHECKING_INTERVAL_MS = 1000;

/**
 * Builds the service without listening: config, database, errors, OpenAPI, then routes, in
 * that order. The caller owns the returned instance; closing it closes the database.
 */
export async function buildApp(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = fastify({
    logger: {
      level: config.logLevel,
      ...(process.stdout.isTTY && process.env.NODE_ENV !== 'production' && !options.logger ? { transport: { target: 'pino-pretty' } } : {}),
      ...options.logger,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { req: serializeRequest },
    } as FastifyServerOptions['logger'],
    bodyLimit: config.bodyLimitBytes,
    // A client trickling its headers or body holds a connection and a parser for as long as
    // it likes without these (fastify's requestTimeout defaults to 0, off). Node checks them
    // every connectionsCheckingInterval, so that is added to the bound. No idle-socket timeout
    // (connectionTimeout): a verify of a long journal may write nothing for a while.
    requestTimeout: config.requestTimeoutMs,
    http: {
      requestTimeout: config.requestTimeoutMs,
      headersTimeout: config.headersTimeoutMs,
      connectionsCheckingInterval: CONNECTIONS_CHECKING_INTERVAL_MS,
    },
    requestIdHeader: false,
    logController: new LogController({
      requestIdLogLabel: 'requestId',
      // Probes every few seconds would drown the lines that matter.
      disableRequestLogging: (request) => request.url === '/healthz' || request.url === '/readyz',
    }),
    // A caller's X-Request-Id ties our logs to theirs; anything odd is replaced, not trusted.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID_PATTERN.test(given) ? given : randomUUID();
    },
    // Refused by our own hook below instead, as problem+json.
    return503OnClosing: false,
    // Refusals before routing (a URL that does not decode, an overlong path segment, headers
    // past Node's limit) answer problem+json like every other error.
    frameworkErrors,
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();

  // The API speaks JSON only: a text/plain body is refused (415), not parsed as a string.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const metrics = new Metrics();
  let database: Database;
  /** Where the database is: DATABASE_URL, or the embedded cluster's socket. */
  let databaseUrl = config.databaseUrl;
  if (options.database) {
    database = options.database;
  } else {
    const target = await databaseTarget(config, 'service', app.log as never);
    const opened = await openDatabase({
      databaseUrl: target.url,
      engine: target.engine,
      poolMax: config.dbPoolMax,
      readPoolMax: config.dbReadPoolMax,
      lockTimeoutMs: config.dbLockTimeoutMs,
      statementTimeoutMs: config.dbStatementTimeoutMs,
      logger: app.log as never,
    });
    try {
      // A database that is still starting (or restarting) is waited for, not a reason to exit.
      await waitForDatabase(() => opened.ping(), config.dbConnectTimeoutMs, app.log);
      if (config.migrateOnStart) await migrate(target.url);
    } catch (error) {
      await opened.close();
      await target.release();
      throw error;
    }
    database = opened;
    databaseUrl = target.url;
    // The pool first, then the cluster under it.
    app.addHook('onClose', async () => {
      try {
        await opened.close();
      } finally {
        await target.release();
      }
    });
  }
  app.decorate('config', config);
  app.decorate('db', database);
  const services = createServices(database, {
    clock: options.clock ?? systemClock,
    serverSecret: resolveServerSecret(config.apiKeySecret, config.dataDir),
    lockWaitMs: config.dbLockTimeoutMs,
    // A quarter of the writes' pool: a locked account leaves the rest to everyone else.
    postingsPerAccountMax: Math.max(2, Math.floor(config.dbPoolMax / 4)),
    holdTtlMaxCashierMs: config.holdTtlMaxCashierMinutes * 60_000,
    backdateWindowMs: config.backdateWindowDays * 24 * 60 * 60 * 1000,
    displayTimeZone: config.displayTimeZone,
    exportGate: new Semaphore(exportConnections(config.dbPoolMax)),
    logger: app.log,
    databaseObserver: metrics.databaseObserver,
    postingObserver: metrics.postingObserver,
    eventsRetentionDays: config.eventsRetentionDays,
    webhooks: {
      allowPrivateTargets: config.webhookAllowPrivateTargets,
      attemptTimeoutMs: config.webhookTimeoutMs,
      retryFirstMs: config.webhookRetryFirstMs,
      concurrency: config.webhookConcurrency,
      rotationOverlapMs: 24 * 60 * 60 * 1000,
    },
  });
  app.decorate('services', services);
  // The close's first step (preClose hooks run in the order added): from here on, requests are
  // refused and answers close their connections (the hooks below the routes' plugins).
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
    services.events.close();
  });
  metrics.watch({ poolStats: () => database.poolStats(), journalLag: () => services.journalLag() });
  const keys = services.keys;
  const bootstrapped = await keys.bootstrap({ bootstrapKey: config.bootstrapAdminKey, dataDir: config.dataDir });
  if (bootstrapped.file) {
    app.log.warn({ file: bootstrapped.file }, 'created the first admin API key; read it from this file (mode 0600), then keep it safe');
  } else if (bootstrapped.created) {
    app.log.info('created the admin API key given in BOOTSTRAP_ADMIN_KEY');
  }
  if (databaseUrl) {
    // Revocations made on any instance reach this one at once; without this connection, within
    // KEY_CACHE_TTL_MS.
    const revocations = listen({
      databaseUrl,
      channel: REVOKED_CHANNEL,
      applicationName: `timebank-ledger key revocations (pid ${process.pid})`,
      onMessage: (keyId) => keys.forget(keyId),
      onGap: () => keys.expireAll(),
      logger: app.log as never,
    });
    await revocations.ready;
    // Before the pool and the cluster under it close, so it does not try to reconnect.
    app.addHook('preClose', () => revocations.close());
    // Events numbered on any instance wake this one's long-polls and webhook deliveries.
    const newEvents = listen({
      databaseUrl,
      channel: EVENTS_CHANNEL,
      applicationName: `timebank-ledger events (pid ${process.pid})`,
      onMessage: () => services.events.wake(),
      onGap: () => services.events.wake(),
      logger: app.log as never,
    });
    await newEvents.ready;
    app.addHook('preClose', () => newEvents.close());
  }
  app.decorateRequest('actor', null as unknown as Actor);

  app.addHook('onRequest', async (request, reply) => {
    request.actor = SYSTEM_ACTOR;
    reply.header('x-request-id', request.id);
    // Every answer is meant to be read as the type it declares, never sniffed into another.
    reply.header('x-content-type-options', 'nosniff');
  });

  // Once closing, every answer also closes its keep-alive connection: otherwise a client's
  // idle connection, opened before the close, would hold the process up until it timed out.
  app.addHook('onSend', async (_request, reply, payload) => {
    if (closing) reply.header('connection', 'close');
    return payload;
  });
  // A request that arrives once closing has begun (on a connection opened before) is refused
  // as every other refusal is, problem+json with a code, rather than with fastify's own body
  // (return503OnClosing is off for this): nothing of it was started, so a retry is safe.
  app.addHook('onRequest', async () => {
    if (closing) throw new ServiceError('shutting_down', 'this instance is shutting down; the request was not started, retry in a moment');
  });

  await app.register(httpMetrics, { metrics });
  await app.register(errorHandling);
  await app.register(corsPolicy, { origins: config.corsOrigins });
  // Before any route: it decides, route by route, as they are added.
  await app.register(compression, { thresholdBytes: config.compressionThresholdBytes });
  await app.register(storableText);
  // Counters only (createRateLimit); the /v1 authentication decides what is counted, and when.
  await app.register(rateLimit, { global: false, store: windowStoreOn(services.clock) });
  await app.register(accessDocumentation);
  await app.register(documentation);
  await app.register(openApi);

  await app.register(healthRoutes);
  const rateLimits = { perKeyPerMinute: config.rateLimitPerMinute, perAddressPerMinute: config.rateLimitPerAddressPerMinute };
  // The public notice board needs no key (it shows what hangs on the estate's board anyway),
  // only the per-address limit.
  await app.register(async (scope) => {
    await publicRateLimit(rateLimits)(scope);
    await scope.register(publicNoticeRoutes);
  });
  await app.register(
    async (v1) => {
      await authentication(keys, rateLimits)(v1);
      await v1.register(accountRoutes);
      await v1.register(categoryRoutes);
      await v1.register(earningRoutes);
      await v1.register(redemptionRoutes);
      await v1.register(transferRoutes);
      await v1.register(holdRoutes);
      await v1.register(statementRoutes);
      await v1.register(journalRoutes, { slots: new ExportSlots(config.exportConcurrencyMax, config.exportConcurrencyPerKeyMax) });
      await v1.register(reportRoutes);
      await v1.register(apiKeyRoutes);
      await v1.register(transactionRoutes);
      await v1.register(eventRoutes);
      await v1.register(webhookEndpointRoutes);
      await v1.register(balanceMonitorRoutes);
      await v1.register(activityRoutes);
      await v1.register(claimRoutes);
      await v1.register(objectionRoutes);
      await v1.register(budgetRoutes);
      await v1.register(certificationEventRoutes);
    },
    { prefix: '/v1' },
  );

  // Operational, not part of the v1 contract: Prometheus text, for the same roles that may
  // read the whole journal.
  await app.register(async (scope) => {
    await authentication(keys, rateLimits)(scope);
    scope.get('/metrics', { config: { operation: 'metrics' }, schema: { hide: true } }, async (_request, reply) => {
      reply.type(metrics.registry.contentType);
      return metrics.registry.metrics();
    });
  });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  backgroundJobs(app, services, config);

  return app;
}
