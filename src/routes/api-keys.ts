import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { KeyService } from '../access/keys.js';
import { respondOnce } from '../http/idempotency.js';
import { dateOf } from '../http/inputs.js';
import { ApiKeyPage, ApiKeyParams, CreateApiKeyBody, CreatedApiKey, ListApiKeysQuery } from '../schemas/api-keys.js';
import { IdempotencyHeaders, problems } from '../schemas/common.js';

export function apiKeyRoutes(keys: KeyService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api-keys',
      {
        config: { access: ['admin'] },
        schema: {
          operationId: 'createApiKey',
          tags: ['api-keys'],
          summary: 'Issue an API key; the secret is in this answer only',
          description:
            'The secret (`key`) is shown in the first answer only. A replay of the request with the same Idempotency-Key answers the same key with `key: null`: the secret is never stored, only its HMAC.',
          headers: IdempotencyHeaders,
          body: CreateApiKeyBody,
          response: { 201: CreatedApiKey, ...problems(400, 409, 413, 422) },
        },
      },
      (request, reply) =>
        respondOnce(
          app.db,
          request,
          reply,
          201,
          (tx) => keys.create(tx, { ...request.body, expiresAt: dateOf(request.body.expiresAt) }),
          // The secret is answered once and never stored: only its HMAC is kept, so an
          // Idempotency-Key replay answers the key without it.
          { storable: (created) => ({ ...created, key: null }) },
        ),
    );

    app.get(
      '/api-keys',
      {
        config: { access: ['admin'] },
        schema: {
          operationId: 'listApiKeys',
          tags: ['api-keys'],
          summary: 'List API keys, newest first, never their secrets',
          querystring: ListApiKeysQuery,
          response: { 200: ApiKeyPage, ...problems(400) },
        },
      },
      async (request) => keys.list(request.query),
    );

    app.delete(
      '/api-keys/:keyId',
      {
        config: { access: ['admin'] },
        schema: {
          operationId: 'revokeApiKey',
          tags: ['api-keys'],
          summary: 'Revoke an API key; it gets 401 from then on',
          params: ApiKeyParams,
          response: { 204: z.undefined().describe('Revoked'), ...problems(400, 404) },
        },
      },
      async (request, reply) => {
        await keys.revoke(request.params.keyId);
        return reply.code(204).send();
      },
    );
  };
}
