import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { canonicalJson } from '../ledger/canonical.js';
import { LedgerError } from '../ledger/errors.js';
import type { Answer, Answering, IdempotencyClaim } from '../services/unit-of-work.js';

/**
 * The request's Idempotency-Key, checked, with what identifies the request (method, URL and
 * body); undefined without one. What is done with it is the unit of work's
 * (src/services/unit-of-work.ts): the answer is stored with the write, and replayed.
 */
export function idempotencyOf(request: FastifyRequest): IdempotencyClaim | undefined {
  const key = request.headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || !/^[\x20-\x7e]{1,255}$/.test(key)) {
    throw new LedgerError('validation_failed', 'Idempotency-Key must be 1-255 printable ASCII characters', [
      { path: 'Idempotency-Key', message: 'invalid' },
    ]);
  }
  return {
    // Keys are scoped to the caller's API key: one caller never receives another's response.
    scope: request.actor.keyId ?? '',
    key,
    requestHash: createHash('sha256')
      .update(canonicalJson([request.method, request.url, request.body ?? null]))
      .digest('hex'),
  };
}

/** How a write of this request is answered: with `statusCode`, presented by `present`, once per Idempotency-Key. */
export function answering<T>(
  request: FastifyRequest,
  statusCode: number,
  present: (value: T) => unknown,
  options: { storable?: (presented: unknown) => unknown } = {},
): Answering<T> {
  return { statusCode, present, idempotency: idempotencyOf(request), ...options };
}

/** Sends a write's answer; a replayed one says so. */
export async function send(reply: FastifyReply, answer: Answer): Promise<void> {
  if (answer.replayed) reply.header('idempotency-replayed', 'true');
  await reply.code(answer.statusCode).send(answer.body);
}
