import type { FastifyRequest } from 'fastify';

/**
 * What the request log may show: the secrets it never does (REDACTED_PATHS, applied over any
 * logger options a caller passes) and the request as it is logged (no query string).
 */

/** Header values that are secrets and must never reach a log line. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'headers.authorization',
  'authorization',
  'key',
  '*.key',
  'apiKey',
  'secret',
];

/**
 * A URL as the request log shows it: the path, and no query string, which may carry a
 * secret however often clients are told not to put one there (`?api_key=tbk_…`).
 */
export function loggedUrl(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : `${url.slice(0, query)}?[redacted]`;
}

/** fastify's own request serializer, but for the query string. */
export function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: loggedUrl(request.url),
    version: request.headers['accept-version'],
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}
