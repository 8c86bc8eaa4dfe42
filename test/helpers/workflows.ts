import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Test } from 'tap';
import type { BuildOptions } from '../../src/app.js';
import { buildTestApp, type Client, client } from './app.js';

/**
 * Helpers for the workflow tests (holds, reversals, batch earnings, balances as of a moment,
 * account life cycle). They judge the service by its HTTP answers and parse amounts on
 * their own, independently of src/ledger/money.ts.
 */

/**
 * One app for a test file, and a client that calls as an admin. Each file bootstraps an admin
 * key of its own (the client sends it instead of app.ts's shared ADMIN_KEY): on a fresh
 * PostgreSQL database, files starting together with the same BOOTSTRAP_ADMIN_KEY race to
 * insert it, and the loser fails to start ("this key already exists").
 */
export async function buildWorkflowApp(
  env: Record<string, string> = {},
  options: BuildOptions = {},
): Promise<{ app: FastifyInstance; c: Client }> {
  const key = `tbk_wf-${randomBytes(24).toString('hex')}`;
  const app = await buildTestApp({ BOOTSTRAP_ADMIN_KEY: key, ...env }, options);
  return { app, c: client(app, { authorization: `Bearer ${key}` }) };
}

/** What every amount the API answers looks like: signed, exactly two fractional digits. */
export const MONEY = /^-?(0|[1-9][0-9]*)\.[0-9]{2}$/;
export const TXN_ID = /^txn_[0-9A-HJKMNP-TV-Z]{26}$/;
export const HOLD_ID = /^hold_[0-9A-HJKMNP-TV-Z]{26}$/;
/** A well-formed account id that nothing has (its time part is far in the future). */
export const MISSING_ACCOUNT_ID = 'acct_ZZZZZZZZZZ0000000000000000';

/** Minor units (fen) of an answered amount. */
export function minor(amount: string): bigint {
  if (!MONEY.test(amount)) throw new Error(`not an answered amount: ${JSON.stringify(amount)}`);
  const negative = amount.startsWith('-');
  const value = BigInt(amount.replace('-', '').replace('.', ''));
  return negative ? -value : value;
}

/** Minor units as the API answers them: "12.50", "-0.05". */
export function money(minorUnits: bigint): string {
  const negative = minorUnits < 0n;
  const abs = negative ? -minorUnits : minorUnits;
  return `${negative ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

export interface AccountView {
  id: string;
  code: string;
  kind: string;
  status: string;
  balance: string;
  held: string;
  available: string;
}

export interface TransactionView {
  id: string;
  kind: string;
  occurredAt: string;
  recordedAt: string;
  description: string | null;
  category: string | null;
  amount: string;
  entries: { accountId: string; amount: string }[];
  reversesTransactionId: string | null;
  reversedAmount: string;
  holdId: string | null;
}

export interface HoldView {
  id: string;
  accountId: string;
  merchantAccountId: string;
  amount: string;
  status: string;
  expiresAt: string;
  createdAt: string;
  resolvedAt: string | null;
  capturedAmount: string | null;
  transactionId: string | null;
}

export async function getAccount(c: Client, id: string): Promise<AccountView> {
  const res = await c.get(`/v1/accounts/${id}`);
  if (res.statusCode !== 200) throw new Error(`GET account ${id}: ${res.statusCode} ${res.body}`);
  return res.json() as AccountView;
}

export async function getTransaction(c: Client, id: string): Promise<TransactionView> {
  const res = await c.get(`/v1/transactions/${id}`);
  if (res.statusCode !== 200) throw new Error(`GET transaction ${id}: ${res.statusCode} ${res.body}`);
  return res.json() as TransactionView;
}

export async function getHold(c: Client, id: string): Promise<HoldView> {
  const res = await c.get(`/v1/holds/${id}`);
  if (res.statusCode !== 200) throw new Error(`GET hold ${id}: ${res.statusCode} ${res.body}`);
  return res.json() as HoldView;
}

/** The id of a seeded or other account, found by its code. */
export async function accountIdByCode(c: Client, code: string): Promise<string> {
  const res = await c.get(`/v1/accounts?code=${encodeURIComponent(code)}`);
  const found = (res.json() as { data: { id: string }[] }).data[0];
  if (res.statusCode !== 200 || !found) throw new Error(`no account with code ${code}: ${res.statusCode} ${res.body}`);
  return found.id;
}

/** Posts and insists on the given status: for the set-up steps a test builds on. */
export async function postOk<B = unknown>(c: Client, url: string, body: unknown, status = 201, headers?: Record<string, string>): Promise<B> {
  const res = await c.post(url, body, headers);
  if (res.statusCode !== status) throw new Error(`POST ${url}: expected ${status}, got ${res.statusCode} ${res.body}`);
  return res.json() as B;
}

export async function patchStatus(c: Client, id: string, status: string): Promise<LightMyRequestResponse> {
  return c.patch(`/v1/accounts/${id}`, { status });
}

/**
 * Asserts a problem+json answer: status, stable code, and (when given) the exact set of
 * errors[].path values.
 */
export function expectProblem(t: Test, res: LightMyRequestResponse, status: number, code: string, paths?: string[]): void {
  t.equal(res.statusCode, status, `answers ${status} (${code}); got ${res.statusCode} ${res.body.slice(0, 300)}`);
  t.match(String(res.headers['content-type']), /^application\/problem\+json/, 'as application/problem+json');
  let body: { code?: string; status?: number; errors?: { path: string }[] } = {};
  try {
    body = res.json();
  } catch {
    t.fail(`the body is not JSON: ${res.body.slice(0, 200)}`);
  }
  t.equal(body.code, code, `code ${code}`);
  t.equal(body.status, status, 'body.status matches');
  if (paths) {
    const found = [...new Set((body.errors ?? []).map((e) => e.path))].sort();
    t.same(found, [...paths].sort(), `errors name ${paths.join(', ')}`);
  }
}

/** Balance, held and available of many accounts at once, for before/after comparisons. */
export async function snapshot(c: Client, ids: string[]): Promise<Record<string, [string, string, string]>> {
  const out: Record<string, [string, string, string]> = {};
  for (const id of ids) {
    const a = await getAccount(c, id);
    out[id] = [a.balance, a.held, a.available];
  }
  return out;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Maps with at most `limit` calls in flight: enough to keep a PostgreSQL pool busy without
 * queueing thousands of requests at once. Results keep the order of `items`.
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
