import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database, Executor } from '../db/client.js';
import * as keys from '../db/idempotency.js';
import { canonicalJson } from '../ledger/canonical.js';
import { LedgerError } from '../ledger/errors.js';

function requestHash(request: FastifyRequest): string {
  return createHash('sha256')
    .update(canonicalJson([request.method, request.url, request.body ?? null]))
    .digest('hex');
}

/** Keys are scoped to the caller's API key: one caller never receives another's response. */
function scopeOf(request: FastifyRequest): string {
  return request.actor.keyId ?? '';
}

/**
 * Runs a write in one database transaction and answers it, honouring Idempotency-Key: the
 * key, the request's hash and the response are written in the same transaction as the
 * posting, so a posting and its key are stored together or not at all. A transaction-scoped
 * advisory lock on the key tells a concurrent duplicate that the first is still running.
 * Only successful answers are stored: a refused request changed nothing, so a retry of it
 * runs afresh; so is a request that timed out (busy), its key row rolled back with the rest.
 *
 * `accounts` are the accounts the write posts to, when the request names them: a write
 * that holds a connection for a transaction of its own first takes a slot on each (the
 * ledger's AccountGate), so that a locked account cannot take every connection. A single
 * statement without a key goes through the group-commit lane instead, which limits itself.
 */
export async function respondOnce<T>(
  database: Database,
  request: FastifyRequest,
  reply: FastifyReply,
  statusCode: number,
  work: (tx: Executor) => Promise<T>,
  options: {
    singleStatement?: boolean;
    /** The accounts a posting writes to: a contended one waits at the gate, not in the pool. */
    accounts?: readonly string[];
    /** What a replay answers instead, for an answer holding what must never be stored (a secret). */
    storable?: (body: T) => unknown;
  } = {},
): Promise<void> {
  const key = request.headers['idempotency-key'];
  if (key === undefined && options.singleStatement) {
    // Work that writes with one statement is atomic without a transaction around it.
    await reply.code(statusCode).send(await database.autocommit(work));
    return;
  }
  const gated = <R>(run: () => Promise<R>) => (options.accounts ? request.server.ledger.gate.run(options.accounts, run) : run());
  if (key === undefined) {
    const body = await gated(() => database.transaction(work));
    await reply.code(statusCode).send(body);
    return;
  }
  if (typeof key !== 'string' || !/^[\x20-\x7e]{1,255}$/.test(key)) {
    throw new LedgerError('validation_failed', 'Idempotency-Key must be 1-255 printable ASCII characters', [
      { path: 'Idempotency-Key', message: 'invalid' },
    ]);
  }
  const scope = scopeOf(request);
  const hash = requestHash(request);
  const outcome = await gated(() => database.transaction(async (tx) => {
    if (!(await keys.tryLockKey(tx, scope, key))) {
      throw new LedgerError('idempotency_key_in_flight', 'a request with this Idempotency-Key is still being processed; retry shortly');
    }
    const stored = await keys.findStoredResponse(tx, scope, key);
    if (stored) {
      if (stored.requestHash !== hash) {
        throw new LedgerError('idempotency_key_reused', 'this Idempotency-Key was already used with a different request');
      }
      return { replayed: true, statusCode: stored.statusCode, body: stored.responseBody };
    }
    const body = await work(tx);
    await keys.storeResponse(tx, { scope, key, requestHash: hash, statusCode, body: options.storable ? options.storable(body) : body });
    return { replayed: false, statusCode, body };
  }));
  if (outcome.replayed) reply.header('idempotency-replayed', 'true');
  await reply.code(outcome.statusCode).send(outcome.body);
}
