import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import type { KeyService } from '../access/keys.js';
import type { Principal, Role } from '../access/policy.js';
import { problems } from '../schemas/common.js';
import { sendProblem } from './errors.js';
import { problem } from './problems.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The roles that may call this route. Every /v1 route names its own; none means admin only. */
    access?: readonly Role[];
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

const BEARER = /^Bearer ([\x21-\x7e]{1,512})$/;

/** A fixed-window-free token bucket per key: smooth, and no timer per key. */
class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(private readonly perMinute: number) {}

  /** Milliseconds to wait before the next request is allowed; 0 when allowed now. */
  take(key: string, now = Date.now()): number {
    if (this.perMinute <= 0) return 0;
    const refillPerMs = this.perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * refillPerMs);
    bucket.at = now;
    if (this.buckets.size > 100_000) this.buckets.clear();
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / refillPerMs);
  }
}

/**
 * Documents every /v1 route's roles in the OpenAPI document (security requirement, a note,
 * and the 401/403/429/503 answers). Registered before swagger, which reads routes as they come.
 */
export const accessDocumentation = fp(
  async (app: FastifyInstance) => {
    app.addHook('onRoute', (route: RouteOptions) => {
      if (!route.url.startsWith('/v1')) return;
      const roles = route.config?.access ?? ['admin'];
      const schema = (route.schema ?? {}) as Record<string, unknown>;
      const note = `Roles: ${roles.join(', ')}.`;
      schema.description = schema.description ? `${String(schema.description)}\n\n${note}` : note;
      schema.security = [{ bearerAuth: [] }];
      schema['x-roles'] = [...roles];
      schema.response = { ...problems(401, 403, 429, 503), ...((schema.response as object) ?? {}) };
      route.schema = schema;
    });
  },
  { name: 'access-documentation' },
);

/**
 * Authenticates every request in its scope with `Authorization: Bearer <key>`, applies the
 * per-key rate limit, then the route's roles. Register inside the /v1 scope only.
 */
export function authentication(keys: KeyService, ratePerMinute: number) {
  const limiter = new RateLimiter(ratePerMinute);
  return async (app: FastifyInstance) => {
    app.decorateRequest('principal', null);
    app.addHook('onRequest', async (request: FastifyRequest, reply) => {
      const header = request.headers.authorization;
      const match = typeof header === 'string' ? BEARER.exec(header) : null;
      if (!match?.[1]) {
        reply.header('www-authenticate', 'Bearer');
        return sendProblem(reply, problem('unauthorized', 'send an API key as Authorization: Bearer <key>', request.id));
      }
      const principal = await keys.authenticate(match[1]);
      if (!principal) {
        reply.header('www-authenticate', 'Bearer error="invalid_token"');
        return sendProblem(reply, problem('unauthorized', 'the API key is unknown, revoked or expired', request.id));
      }
      const waitMs = limiter.take(principal.keyId);
      if (waitMs > 0) {
        reply.header('retry-after', String(Math.ceil(waitMs / 1000)));
        return sendProblem(reply, problem('rate_limited', 'this key is sending requests too fast; retry later', request.id));
      }
      request.principal = principal;
      request.actor = { keyId: principal.keyId, role: principal.role, merchantAccountIds: principal.merchantAccountIds };
      // The request's own logger (shared with the reply's), so every line it writes, the
      // "request completed" line included, names the key.
      (request.log as unknown as { setBindings(b: object): void }).setBindings({ keyId: principal.keyId, role: principal.role });
      const allowed = request.routeOptions.config.access ?? ['admin'];
      if (!allowed.includes(principal.role)) {
        return sendProblem(reply, problem('forbidden', `a ${principal.role} key may not call this route`, request.id));
      }
    });
  };
}
