import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * The headers a browser script may read from an answer: what a client acts on (a replay, a
 * rate limit, a version to send back in If-Match, a file name, the id to quote to support).
 */
export const EXPOSED_HEADERS = [
  'ETag',
  'Idempotency-Replayed',
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
  'Retry-After',
  'X-Request-Id',
  'Content-Disposition',
  'Location',
];

/**
 * CORS for the browser origins listed in CORS_ORIGINS; none listed, no CORS at all (a
 * preflight is then a 404 like any unknown route). Keys travel as Authorization headers,
 * never cookies, so credentials are not allowed. The preflight route is fastify's root
 * wildcard OPTIONS, outside /v1: it needs no key and costs no rate limit.
 */
export const corsPolicy = fp(
  async (app: FastifyInstance, options: { origins: readonly string[] }) => {
    if (options.origins.length === 0) return;
    await app.register(cors, {
      origin: options.origins.includes('*') ? '*' : [...options.origins],
      methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'],
      exposedHeaders: EXPOSED_HEADERS,
      credentials: false,
      // Browsers cap this (Chromium at 2 hours); 10 minutes keeps a changed list from lingering.
      maxAge: 600,
      // A bare OPTIONS (no Origin) gets 204 without CORS headers, not the plugin's text/plain 400.
      strictPreflight: false,
    });
  },
  { name: 'cors-policy' },
);
