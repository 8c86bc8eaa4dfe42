import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { ConnectionError, FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { InvariantViolation } from '../ledger/errors.js';
import { faultOf, refusalOf } from '../services/errors.js';
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
      const refusal = refusalOf(error);
      if (refusal) {
        if (refusal.code === 'busy' || refusal.code === 'shutting_down') reply.header('retry-after', RETRY_AFTER_S);
        return sendProblem(reply, problem(refusal.code, refusal.message, request.id, refusal.errors));
      }
      const known = fromFastify(error);
      if (known) return sendProblem(reply, problem(known.code, known.detail, request.id, known.errors));
      if (error.statusCode === 429) {
        return sendProblem(reply, problem('rate_limited', error.message, request.id));
      }
      const fault = faultOf(error);
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

/**
 * fastify's `frameworkErrors`: what goes wrong before a route is found, a URL that does not
 * decode or a path parameter past maxParamLength, answered as problem+json like the rest.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  // The root onRequest hook does not run for these: set what it would have set.
  reply.header('x-request-id', request.id).header('x-content-type-options', 'nosniff');
  if (error.code === 'FST_ERR_BAD_URL') {
    void sendProblem(
      reply,
      problem('validation_failed', 'the URL is not percent-encoded UTF-8', request.id, [{ path: 'url', message: 'invalid percent-encoding' }]),
    );
    return;
  }
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    void sendProblem(reply, problem('uri_too_long', 'a path segment is longer than any this API takes', request.id));
    return;
  }
  request.log.error({ err: error }, 'request failed before routing');
  void sendProblem(reply, problem('internal', `an internal error occurred; quote ${request.id} when reporting it`, request.id));
}

/** What Node's HTTP parser refuses before fastify sees a request, by the parser's error code. */
const CLIENT_ERRORS: Record<string, { code: 'headers_too_large' | 'request_timeout'; detail: string }> = {
  HPE_HEADER_OVERFLOW: { code: 'headers_too_large', detail: 'the request line and headers exceed the size limit' },
  ERR_HTTP_REQUEST_TIMEOUT: { code: 'request_timeout', detail: 'the request did not arrive in time' },
};

/**
 * fastify's `clientErrorHandler`: a request Node's HTTP parser refused (headers or URL over
 * the size limit, a timeout, malformed HTTP) never reaches a route, so the answer is written
 * to the socket here, as problem+json, and the connection closed.
 */
export function clientErrorHandler(this: FastifyInstance, error: ConnectionError, socket: Socket): void {
  // A reset connection has no one left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const id = randomUUID();
  const known = error.code ? CLIENT_ERRORS[error.code] : undefined;
  const body = known
    ? problem(known.code, known.detail, id)
    : problem('validation_failed', 'the request is not valid HTTP', id, [{ path: 'request', message: 'malformed HTTP request' }]);
  // A client's mistake, and one a scanner makes by the thousand: not worth more than debug.
  this.log.debug({ err: error, requestId: id }, 'refused a request the HTTP parser could not read');
  if (socket.writable) {
    const json = JSON.stringify(body);
    socket.write(
      `HTTP/1.1 ${body.status} ${STATUS_CODES[body.status]}\r\n` +
        'Content-Type: application/problem+json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(json)}\r\n` +
        `X-Request-Id: ${id}\r\n` +
        'X-Content-Type-Options: nosniff\r\n' +
        'Connection: close\r\n\r\n' +
        json,
    );
  }
  socket.destroy(error);
}
