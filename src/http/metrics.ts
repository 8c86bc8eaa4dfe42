import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DatabaseObserver } from '../services/unit-of-work.js';
import type { PostingObserver } from '../services/postings.js';

/** What a scrape reads of the service: its pools' connections and the sequencer's lag. */
export interface Watched {
  poolStats(): { name: string; total: number; idle: number; waiting: number }[];
  journalLag(): Promise<{ queued: number; seconds: number }>;
}

/** Latency buckets in seconds: from a cached read to a posting that waited on a lock. */
const LATENCY_BUCKETS_S = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The service's Prometheus metrics, on a registry of its own (not prom-client's global
 * one: each app, as tests build many in one process, counts only itself).
 */
export class Metrics {
  readonly registry = new Registry();
  private database: Watched | undefined;

  readonly httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    registers: [this.registry],
  });
  readonly httpErrors = new Counter({
    name: 'http_request_errors_total',
    help: 'HTTP requests answered with a 4xx or 5xx, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from receiving a request to answering it, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: LATENCY_BUCKETS_S,
    registers: [this.registry],
  });
  readonly postings = new Counter({
    name: 'ledger_postings_total',
    help: 'Postings by kind and outcome (posted, refused, busy, unavailable, failed)',
    labelNames: ['kind', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly retries = new Counter({
    name: 'db_transaction_retries_total',
    help: 'Database work run again after a serialization failure (40001) or a deadlock (40P01)',
    labelNames: ['sqlstate'] as const,
    registers: [this.registry],
  });
  readonly timeouts = new Counter({
    name: 'db_timeouts_total',
    help: 'Database work that gave up on lock_timeout (lock) or statement_timeout (statement)',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    for (const kind of ['lock', 'statement']) this.timeouts.inc({ kind }, 0);
    // collect() runs with `this` bound to its gauge.
    const database = () => this.database;
    new Gauge({
      name: 'db_pool_connections',
      help: 'Connections of each database pool: total open, idle, and requests waiting for one',
      labelNames: ['pool', 'state'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const p of database()?.poolStats() ?? []) {
          this.set({ pool: p.name, state: 'total' }, p.total);
          this.set({ pool: p.name, state: 'idle' }, p.idle);
          this.set({ pool: p.name, state: 'waiting' }, p.waiting);
        }
      },
    });
    const lagSeconds = new Gauge({
      name: 'journal_sequencer_lag_seconds',
      help: 'How long the oldest committed transaction not yet in the journal has waited (0: none waits)',
      registers: [this.registry],
    });
    new Gauge({
      name: 'journal_sequencer_lag_transactions',
      help: 'Committed transactions not yet numbered and hash-chained into the journal',
      registers: [this.registry],
      async collect() {
        const db = database();
        if (!db) return;
        try {
          const lag = await db.journalLag();
          this.set(lag.queued);
          lagSeconds.set(lag.seconds);
        } catch {
          // The database does not answer: the scrape still gives every other series, and
          // these two are left out rather than reported as a lag of zero.
          this.reset();
          lagSeconds.reset();
        }
      },
    });
  }

  /** What the scrape reads: the database's pools and the journal's lag. */
  watch(database: Watched): void {
    this.database = database;
  }

  readonly databaseObserver: DatabaseObserver = {
    retried: (sqlState) => this.retries.inc({ sqlstate: sqlState }),
    timedOut: (kind) => this.timeouts.inc({ kind }),
  };

  readonly postingObserver: PostingObserver = {
    posting: (kind, outcome) => this.postings.inc({ kind, outcome }),
  };
}

/** Counts every answer by its route's pattern (never the raw URL: ids would explode the series). */
export const httpMetrics = fp(
  async (app: FastifyInstance, options: { metrics: Metrics }) => {
    const { metrics } = options;
    app.addHook('onResponse', async (request, reply) => {
      const labels = { method: request.method, route: request.routeOptions.url ?? 'unmatched', status_code: String(reply.statusCode) };
      metrics.httpRequests.inc(labels);
      if (reply.statusCode >= 400) metrics.httpErrors.inc(labels);
      metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
    });
  },
  { name: 'http-metrics' },
);
