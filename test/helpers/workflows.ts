import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { BuildOptions } from '../../src/app.js';
import { buildTestApp, type Client, client } from './app.js';
import { getAccount, type TransactionView } from './contract.js';

/**
 * Helpers for the workflow tests (holds, reversals, batch earnings, balances as of a moment,
 * account life cycle). They judge the service by its HTTP answers; the contract's shapes,
 * amounts and problem check are contract.ts's.
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

/** Posts and insists on the given status: for the set-up steps a test builds on. */
export async function postOk<B = unknown>(c: Client, url: string, body: unknown, status = 201, headers?: Record<string, string>): Promise<B> {
  const res = await c.post(url, body, headers);
  if (res.statusCode !== status) throw new Error(`POST ${url}: expected ${status}, got ${res.statusCode} ${res.body}`);
  return res.json() as B;
}

export async function patchStatus(c: Client, id: string, status: string): Promise<LightMyRequestResponse> {
  return c.patch(`/v1/accounts/${id}`, { status });
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
