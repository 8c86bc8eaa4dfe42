import { sql } from 'drizzle-orm';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { type BuildOptions, buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { arrayLiteral } from '../../src/db/sql.js';
import { testDatabaseUrl } from './database.js';

/**
 * Where the suite runs: a PostgreSQL server (DATABASE_URL) or the embedded PostgreSQL the
 * run starts. Either way, each test file has a database of its own (test/helpers/database.ts).
 */
export const engine: 'postgres' | 'embedded' = process.env.DATABASE_URL ? 'postgres' : 'embedded';

/**
 * Every test app starts with this admin key (BOOTSTRAP_ADMIN_KEY) under one fixed server
 * secret, so that apps sharing a database all accept it.
 */
export const ADMIN_KEY = 'tbk_test-admin-key-for-the-test-suite-only-0001';
export const TEST_API_KEY_SECRET = 'test-server-secret-for-the-test-suite-only-00000001';

/**
 * An app on this test file's database (every app of a file shares it). `options` reaches
 * buildApp as is: a test that must watch the logs passes its own logger.
 */
export async function buildTestApp(env: Record<string, string> = {}, options: BuildOptions = {}): Promise<FastifyInstance> {
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    DATA_DIR: 'memory://',
    API_KEY_SECRET: TEST_API_KEY_SECRET,
    BOOTSTRAP_ADMIN_KEY: ADMIN_KEY,
    RATE_LIMIT_PER_MINUTE: '0',
    RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '0',
    // A test may name another database (isolatedApp); the file's own is made only when used.
    DATABASE_URL: env.DATABASE_URL ?? (await testDatabaseUrl()),
    DB_POOL_MAX: '8',
    // The template is migrated.
    MIGRATE_ON_START: 'false',
    // Certified claims post when a test runs the job (services.jobs.postCertified), on its clock.
    CERTIFIED_POSTING_INTERVAL_MS: '0',
    ...env,
  });
  const app = await buildApp(config, options);
  app.addHook('onSend', async (request, reply, payload) => {
    noteUndeclaredProblem(request.routeOptions.schema as { operationId?: string; 'x-problem-codes'?: string[] } | undefined, reply, payload);
    return payload;
  });
  return app;
}

/**
 * Problem codes answered by an operation whose OpenAPI document does not list them in its
 * `x-problem-codes`. Every test app watches its answers, so the whole suite checks the
 * document's per-operation lists against what the service really says; a test file that saw
 * one fails as it exits, naming them.
 */
const undeclaredProblems = new Map<string, number>();

function noteUndeclaredProblem(
  schema: { operationId?: string; 'x-problem-codes'?: string[] } | undefined,
  reply: { statusCode: number; getHeader(name: string): unknown },
  payload: unknown,
): void {
  const declared = schema?.['x-problem-codes'];
  if (!declared || typeof payload !== 'string' || !String(reply.getHeader('content-type') ?? '').startsWith('application/problem+json')) return;
  const code = (JSON.parse(payload) as { code?: string }).code;
  if (code && !declared.includes(code)) {
    const key = `${schema.operationId ?? '?'} answered ${reply.statusCode} ${code}`;
    undeclaredProblems.set(key, (undeclaredProblems.get(key) ?? 0) + 1);
  }
}

process.on('exit', () => {
  if (undeclaredProblems.size === 0) return;
  process.stderr.write(
    `not ok - problem codes the OpenAPI document does not list for their operation (x-problem-codes, src/http/documentation.ts):\n${[...undeclaredProblems].map(([what, n]) => `#   ${what} (${n}x)`).join('\n')}\n`,
  );
  process.exitCode = 1;
});

/**
 * The setting of a test that writes history: credits dated back years (the default window
 * is 31 days). Its accounts must also have been opened back then (openedAt).
 */
export const HISTORY_ENV = { BACKDATE_WINDOW_DAYS: '36500' } as const;

/**
 * Dates the opening of accounts back, as for residents whose paper passbooks were carried
 * over: a credit never takes effect before its account was opened (migrations/0010), and the
 * API opens accounts now. Straight SQL, the way such a migration would be made.
 */
export async function openedAt(app: FastifyInstance, at: string | Date | number, ...accountIds: string[]): Promise<void> {
  const when = new Date(at).toISOString();
  await app.db.db.execute(sql`UPDATE accounts SET created_at = ${when}::timestamptz WHERE id = ANY(${arrayLiteral(accountIds)}::text[])`);
}

/** Waits: for the tests whose subject is time passing (a cache bound, a rate window). */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

let counter = 0;
/** A code no other test, in this file or another one sharing the database, will use. */
export function uniqueCode(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}

export interface Client {
  request(method: InjectOptions['method'], url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

/** An HTTP client over app.inject; it calls as the test admin unless told otherwise. */
export function client(app: FastifyInstance, defaultHeaders: Record<string, string> = {}): Client {
  const base = { authorization: `Bearer ${ADMIN_KEY}`, ...defaultHeaders };
  const request: Client['request'] = (method, url, body, headers = {}) =>
    app.inject({ method, url, headers: { ...base, ...headers }, ...(body === undefined ? {} : { payload: body as never }) });
  return {
    request,
    post: (url, body, headers) => request('POST', url, body, headers),
    get: (url, headers) => request('GET', url, undefined, headers),
    patch: (url, body, headers) => request('PATCH', url, body, headers),
  };
}

export interface Fixture {
  member(opening?: string): Promise<{ id: string; code: string }>;
  merchant(): Promise<{ id: string; code: string }>;
  balance(accountId: string): Promise<string>;
}

/** Accounts made through the API, optionally with points earned first. */
export function fixture(c: Client): Fixture {
  const open = async (kind: string, prefix: string) => {
    const code = uniqueCode(prefix);
    const res = await c.post('/v1/accounts', { code, name: `${kind} ${code}`, kind });
    if (res.statusCode !== 201) throw new Error(`could not open ${kind}: ${res.statusCode} ${res.body}`);
    return { id: res.json().id as string, code };
  };
  return {
    async member(opening) {
      const m = await open('member', 'R');
      if (opening) {
        const res = await c.post('/v1/earnings', { accountId: m.id, amount: opening, category: 'public_labour' });
        if (res.statusCode !== 201) throw new Error(`could not credit ${m.id}: ${res.body}`);
      }
      return m;
    },
    merchant: () => open('merchant', 'S'),
    async balance(accountId) {
      const res = await c.get(`/v1/accounts/${accountId}`);
      return res.json().balance as string;
    },
  };
}
