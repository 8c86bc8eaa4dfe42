import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { databaseFault } from '../db/faults.js';
import { InvariantViolation, LedgerError } from '../ledger/errors.js';
import { type ProblemBody, type ProblemCode, problem } from './problems.js';

export function sendProblem(reply: FastifyReply, body: ProblemBody): FastifyReply {
  return reply.code(body.status).type('application/problem+json; charset=utf-8').send(body);
}

/** "/amount" or "/entries/0/amount" -> "amount" / "entries.0.amount" */
function pathOf(instancePath: string | undefined, context: string | undefined): string {
  const inner = (instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
  if (context === 'body' || context === undefined) return inner || 'body';
  return inner || context;
}

function fromFastify(error: FastifyError): { code: ProblemCode; detail: string; errors?: { path: string; message: string }[] } | undefined {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = error.validation.flatMap((v) => {
      const path = pathOf(v.instancePath, error.validationContext);
      const keys = (v.params as { keys?: unknown }).keys;
      if (v.keyword === 'unrecognized_keys' && Array.isArray(keys)) {
        // Name each unknown field by its own path, so the client sees what to remove.
        const parent = path === 'body' || path === error.validationContext ? '' : `${path}.`;
        return keys.map((k) => ({ path: `${parent}${String(k)}`, message: 'unknown field' }));
      }
      return [{ path, message: v.message ?? 'invalid' }];
    });
    return { code: 'validation_failed', detail: `the ${error.validationContext ?? 'request'} is not valid`, errors };
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { code: 'payload_too_large', detail: 'the request body exceeds the size limit' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { code: 'unsupported_media_type', detail: 'send the body as application/json' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { code: 'validation_failed', detail: 'the JSON body is empty', errors: [{ path: 'body', message: 'required' }] };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { code: 'validation_failed', detail: 'the body is not valid JSON', errors: [{ path: 'body', message: 'invalid JSON' }] };
  }
  if (error instanceof SyntaxError || error.statusCode === 400) {
    return { code: 'validation_failed', detail: 'the request could not be read', errors: [{ path: 'body', message: error.message }] };
  }
  if (error.statusCode === 413) return { code: 'payload_too_large', detail: 'the request body exceeds the size limit' };
  if (error.statusCode === 415) return { code: 'unsupported_media_type', detail: 'send the body as application/json' };
  return undefined;
}

/** Seconds a client is asked to wait before retrying a 503. */
const RETRY_AFTER_S = '1';

/**
 * One place turns every error into RFC 9457 problem+json. Client errors say what was wrong;
 * server errors are logged in full and answered with the request id only.
 */
export const errorHandling = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      if (error instanceof LedgerError) {
        if (error.code === 'busy') reply.header('retry-after', RETRY_AFTER_S);
        return sendProblem(reply, problem(error.code, error.message, request.id, error.errors));
      }
      const known = fromFastify(error);
      if (known) return sendProblem(reply, problem(known.code, known.detail, request.id, known.errors));
      if (error.statusCode === 429) {
        return sendProblem(reply, problem('rate_limited', error.message, request.id));
      }
      const fault = databaseFault(error);
      if (fault) {
        // Neither is the client's doing, and both pass: a timeout wrote nothing (its
        // transaction rolled back, Idempotency-Key and all); a lost connection may have
        // committed, which a retry with the same Idempotency-Key answers.
        request.log.warn({ err: error, fault }, fault === 'busy' ? 'database work timed out' : 'the database connection failed');
        reply.header('retry-after', RETRY_AFTER_S);
        return sendProblem(
          reply,
          fault === 'busy'
            ? problem('busy', 'the service is busy; nothing was written, retry in a moment', request.id)
            : problem('unavailable', 'the database is not available; retry in a moment (with the same Idempotency-Key)', request.id),
        );
      }
      const level = error instanceof InvariantViolation ? 'fatal' : 'error';
      request.log[level]({ err: error }, 'request failed');
      return sendProblem(reply, problem('internal', `an internal error occurred; quote ${request.id} when reporting it`, request.id));
    });

    app.setNotFoundHandler((request, reply) =>
      sendProblem(reply, problem('not_found', `no route ${request.method} ${request.url.split('?')[0]}`, request.id)),
    );
  },
  { name: 'error-handling' },
);
