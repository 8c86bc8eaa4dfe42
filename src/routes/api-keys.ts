import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { answering, send } from '../http/answer.js';
import { dateOf } from '../http/inputs.js';
import { presentCreatedKey } from '../http/present.js';
import { ApiKeyPage, ApiKeyParams, CreateApiKeyBody, CreatedApiKey, ListApiKeysQuery } from '../schemas/api-keys.js';
import { IdempotencyHeaders, problems } from '../schemas/common.js';

export const apiKeyRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api-keys',
    {
      schema: {
        operationId: 'createApiKey',
        tags: ['api-keys'],
        summary: 'Issue an API key; the secret is in this answer only',
        description:
          'The secret (`key`) is shown in the first answer only. A replay of the request with the same Idempotency-Key answers the same key with `key: null`: the secret is never stored, only its HMAC.',
        headers: IdempotencyHeaders,
        body: CreateApiKeyBody,
        response: { 201: CreatedApiKey, ...problems('validation_failed', 'conflict') },
      },
    },
    async (request, reply) => {
      const input = { ...request.body, expiresAt: dateOf(request.body.expiresAt) };
      // The secret is answered once and never stored: only its HMAC is kept, so an
      // Idempotency-Key replay answers the key without it.
      const how = answering(request, 201, presentCreatedKey, { storable: (created) => ({ ...(created as object), key: null }) });
      await send(reply, await app.services.keys.create(input, request.actor, how));
    },
  );

  app.get(
    '/api-keys',
    {
      schema: {
        operationId: 'listApiKeys',
        tags: ['api-keys'],
        summary: 'List API keys, newest first, never their secrets',
        querystring: ListApiKeysQuery,
        response: { 200: ApiKeyPage, ...problems('validation_failed') },
      },
    },
    async (request) => app.services.keys.list(request.query, request.actor),
  );

  app.delete(
    '/api-keys/:keyId',
    {
      schema: {
        operationId: 'revokeApiKey',
        tags: ['api-keys'],
        summary: 'Revoke an API key; it gets 401 from then on',
        params: ApiKeyParams,
        response: { 204: z.undefined().describe('Revoked'), ...problems('validation_failed', 'not_found') },
      },
    },
    async (request, reply) => {
      await app.services.keys.revoke(request.params.keyId, request.actor);
      return reply.code(204).send();
    },
  );
};
