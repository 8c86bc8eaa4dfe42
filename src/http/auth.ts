import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { type Operation, OPERATIONS, rolesFor } from '../services/access.js';
import type { KeyService, Principal } from '../services/keys.js';
import { sendProblem } from './errors.js';
import { problem } from './problems.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The operation of src/services/access.ts's table a route serves, for a route without
     * an operationId (one the OpenAPI document does not show).
     */
    operation?: Operation;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

/** The scheme is case-insensitive and may be followed by several spaces (RFC 9110, 11.4). */
const BEARER = /^Bearer +([\x21-\x7e]{1,512})$/i;

/** Both limits count requests in fixed windows of a minute. */
const LIMIT_WINDOW_MS = 60_000;
/**
 * An address over its limit waits this long for its 429 (less if its window ends sooner):
 * a client flooding over keep-alive connections then sends one request per connection a
 * second, instead of keeping the event loop busy answering 429s to it alone.
 */
const REFUSAL_DELAY_MS = 1_000;
/** Refusals held back at once; past this, they are answered at once. */
const DELAYED_REFUSALS_MAX = 1_000;

export interface RateLimits {
  /** Requests per minute per API key; 0: no limit. */
  perKeyPerMinute: number;
  /** Requests per minute per client address whose key this instance does not know; 0: no limit. */
  perAddressPerMinute: number;
}

/** What @fastify/rate-limit's counters answer for a request they counted. */
interface Counted {
  isAllowed: boolean;
  max?: number;
  remaining?: number;
  ttlInSeconds?: number;
}

/**
 * The limit a request was counted against, as the IETF draft's RateLimit-Limit, -Remaining
 * and -Reset (seconds until the window ends): a client can slow down before it meets 429.
 * The per-key count, when there is one, is set last and so is the one a known key sees.
 */
function advertise(reply: FastifyReply, counted: Counted): void {
  if (counted.isAllowed || counted.max === undefined) return;
  reply.header('ratelimit-limit', String(counted.max));
  reply.header('ratelimit-remaining', String(counted.remaining ?? 0));
  reply.header('ratelimit-reset', String(Math.max(0, counted.ttlInSeconds ?? 0)));
}

function tooManyRequests(request: FastifyRequest, reply: FastifyReply, retryAfterS: number, detail: string): FastifyReply {
  reply.header('retry-after', String(Math.max(1, retryAfterS)));
  return sendProblem(reply, problem('rate_limited', detail, request.id));
}

/** The access table's row of a route: its config's `operation`, or its operationId. */
function operationOf(config: { operation?: Operation } | undefined, schema: { operationId?: unknown } | undefined): Operation | undefined {
  const operation = config?.operation ?? schema?.operationId;
  return typeof operation === 'string' && operation in OPERATIONS ? (operation as Operation) : undefined;
}

/**
 * Documents every /v1 route's roles in the OpenAPI document (security requirement, a note
 * and `x-roles`), from the access table. A /v1 route without a row there
 * is a mistake, refused when it is registered. Registered before swagger, which reads
 * routes as they come.
 */
export const accessDocumentation = fp(
  async (app: FastifyInstance) => {
    app.addHook('onRoute', (route: RouteOptions) => {
      if (!route.url.startsWith('/v1')) return;
      const operation = operationOf(route.config as { operation?: Operation } | undefined, route.schema as { operationId?: unknown } | undefined);
      if (!operation) throw new Error(`${route.method} ${route.url} has no row in the access table (src/services/access.ts)`);
      const roles = rolesFor(operation);
      const schema = (route.schema ?? {}) as Record<string, unknown>;
      const note = `Roles: ${roles.join(', ')}.`;
      // A GET route's schema is also its HEAD route's, and this hook sees it twice: note it once.
      const described = schema.description === undefined ? '' : String(schema.description);
      if (!described.endsWith(note)) schema.description = described ? `${described}\n\n${note}` : note;
      schema.security = [{ bearerAuth: [] }];
      schema['x-roles'] = [...roles];
      // Its 401, 403, 429 and 503 answers: src/http/documentation.ts, for every route with bearerAuth.
      route.schema = schema;
    });
  },
  { name: 'access-documentation' },
);

/**
 * Authenticates every request in its scope with `Authorization: Bearer <key>`, applies the
 * rate limits, then the route's roles. Register inside the /v1 scope only, after
 * @fastify/rate-limit (which counts, in an LRU store of bounded size).
 *
 * A request whose key has not authenticated here lately (no key, a wrong one, a revoked one,
 * or a new one) costs a database lookup, so it first counts against its client address
 * (IPv6 by /64): a flood of made-up keys meets 429 before any lookup, while keys known to be
 * good pass, and only their own per-key limit applies.
 */
export function authentication(keys: KeyService, limits: RateLimits) {
  return async (app: FastifyInstance) => {
    const perAddress =
      limits.perAddressPerMinute > 0 ? app.createRateLimit({ max: limits.perAddressPerMinute, timeWindow: LIMIT_WINDOW_MS }) : undefined;
    const perKey =
      limits.perKeyPerMinute > 0
        ? app.createRateLimit({
            max: limits.perKeyPerMinute,
            timeWindow: LIMIT_WINDOW_MS,
            keyGenerator: (request) => request.principal?.keyId ?? '',
          })
        : undefined;
    let delayedRefusals = 0;

    app.decorateRequest('principal', null);
    app.addHook('onRequest', async (request: FastifyRequest, reply) => {
      const header = request.headers.authorization;
      const match = typeof header === 'string' ? BEARER.exec(header) : null;
      const secret = match?.[1];
      const digest = secret ? keys.hash(secret) : undefined;
      if (perAddress && !(digest && keys.isKnown(digest))) {
        const counted = await perAddress(request);
        advertise(reply, counted);
        if (!counted.isAllowed && counted.isExceeded) {
          if (delayedRefusals < DELAYED_REFUSALS_MAX) {
            delayedRefusals += 1;
            await sleep(Math.min(REFUSAL_DELAY_MS, counted.ttl)).finally(() => {
              delayedRefusals -= 1;
            });
          }
          return tooManyRequests(request, reply, counted.ttlInSeconds, 'too many requests without a known API key from this address; retry later');
        }
      }
      if (!secret || !digest) {
        reply.header('www-authenticate', 'Bearer');
        return sendProblem(reply, problem('unauthorized', 'send an API key as Authorization: Bearer <key>', request.id));
      }
      const principal = await keys.authenticate(secret, digest);
      if (!principal) {
        reply.header('www-authenticate', 'Bearer error="invalid_token"');
        return sendProblem(reply, problem('unauthorized', 'the API key is unknown, revoked or expired', request.id));
      }
      request.principal = principal;
      if (perKey) {
        const counted = await perKey(request);
        advertise(reply, counted);
        if (!counted.isAllowed && counted.isExceeded) {
          return tooManyRequests(request, reply, counted.ttlInSeconds, 'this key is sending requests too fast; retry later');
        }
      }
      request.actor = {
        keyId: principal.keyId,
        role: principal.role,
        merchantAccountIds: principal.merchantAccountIds,
        estates: principal.estates,
        categoryCodes: principal.categoryCodes,
        memberAccountId: principal.memberAccountId,
      };
      // The request's own logger (shared with the reply's), so every line it writes, the
      // "request completed" line included, names the key.
      (request.log as unknown as { setBindings(b: object): void }).setBindings({ keyId: principal.keyId, role: principal.role });
      // The access table's verdict, before the body is read; the use case asks it again.
      const { config, schema } = request.routeOptions;
      const operation = operationOf(config, schema as { operationId?: unknown } | undefined);
      if (!operation || !rolesFor(operation).includes(principal.role)) {
        return sendProblem(reply, problem('forbidden', `a ${principal.role} key may not call this route`, request.id));
      }
    });
  };
}

/**
 * The per-address limit alone, for the keyless public pages (the notice board): a board is
 * read by people, not scripts, and each read is a query.
 */
export function publicRateLimit(limits: RateLimits) {
  return async (app: FastifyInstance) => {
    if (limits.perAddressPerMinute <= 0) return;
    const perAddress = app.createRateLimit({ max: limits.perAddressPerMinute, timeWindow: LIMIT_WINDOW_MS });
    app.addHook('onRequest', async (request: FastifyRequest, reply) => {
      const counted = await perAddress(request);
      if (!counted.isAllowed && counted.isExceeded) {
        return tooManyRequests(request, reply, counted.ttlInSeconds, 'too many requests from this address; retry later');
      }
    });
  };
}
