/**
 * A typed client of the timebank-ledger API: openapi-fetch over the types openapi-typescript
 * generates from openapi/openapi.json (./schema.d.ts), and three thin helpers the API's
 * conventions call for: a bearer key on every request, an Idempotency-Key per write, and the
 * problem+json answers as a typed error.
 *
 *   const ledger = createLedgerClient({ baseUrl: 'http://localhost:3000', apiKey });
 *   const account = await unwrap(ledger.GET('/v1/accounts/{accountId}', { params: { path: { accountId } } }));
 */
import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, operations, paths } from './schema.js';

export type { components, operations, paths };

export type Schemas = components['schemas'];
/** RFC 9457 problem details with the service's stable `code`. */
export type Problem = Schemas['Problem'];
/** Every code the service answers with (`insufficient_funds`, `hold_not_pending`, ...). */
export type ProblemCode = Schemas['ProblemCode'];

export type LedgerClient = Client<paths>;

export interface LedgerClientOptions extends Omit<ClientOptions, 'baseUrl'> {
  /** Where the service is, without /v1: `http://localhost:3000`. */
  baseUrl: string;
  /** An API key, sent as `Authorization: Bearer <key>` on every request. */
  apiKey: string;
}

export function createLedgerClient({ apiKey, ...options }: LedgerClientOptions): LedgerClient {
  const client = createClient<paths>(options);
  client.use({
    onRequest({ request }) {
      request.headers.set('authorization', `Bearer ${apiKey}`);
      return request;
    },
  });
  return client;
}

/**
 * A fresh Idempotency-Key for one write, to send again, unchanged, when retrying that write:
 * the service then answers the first response instead of posting twice.
 *
 *   const key = idempotencyKey();
 *   await ledger.POST('/v1/redemptions', { body, params: { header: key } });
 */
export function idempotencyKey(key: string = crypto.randomUUID()): { 'idempotency-key': string } {
  return { 'idempotency-key': key };
}

/** A problem+json answer, thrown by `unwrap`: `code` is the service's stable code. */
export class ProblemError extends Error {
  readonly problem: Problem;
  readonly status: number;
  readonly code: ProblemCode;

  constructor(problem: Problem) {
    super(`${problem.code}: ${problem.detail}`);
    this.name = 'ProblemError';
    this.problem = problem;
    this.status = problem.status;
    this.code = problem.code;
  }
}

/** True when `error` is a ProblemError, of one of `codes` when any are given. */
export function isProblem(error: unknown, ...codes: ProblemCode[]): error is ProblemError {
  return error instanceof ProblemError && (codes.length === 0 || codes.includes(error.code));
}

function isProblemBody(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'code' in value && 'status' in value && 'detail' in value;
}

/**
 * The data of a successful answer, or a ProblemError for a problem answer.
 *
 *   const tx = await unwrap(ledger.POST('/v1/earnings', { body }));
 */
export async function unwrap<Data>(
  pending: Promise<{ data?: Data; error?: unknown; response: Response }>,
): Promise<Data> {
  const { data, error, response } = await pending;
  if (response.ok) {
    if (data === undefined) throw new Error(`${response.status} ${response.url}: no body where one was expected`);
    return data;
  }
  if (isProblemBody(error)) throw new ProblemError(error);
  throw new Error(`${response.status} ${response.url}: ${typeof error === 'string' ? error : JSON.stringify(error)}`);
}

/** The answer was a stored one, replayed for a retried Idempotency-Key. */
export function wasReplayed(response: Response): boolean {
  return response.headers.get('idempotency-replayed') === 'true';
}
