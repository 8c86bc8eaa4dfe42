import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { answering, send } from '../http/answer.js';
import { IdempotencyHeaders, problems } from '../schemas/common.js';
import {
  CreatedWebhookEndpoint,
  CreateWebhookEndpointBody,
  ListWebhookEndpointsQuery,
  ReplayWebhookEndpointBody,
  UpdateWebhookEndpointBody,
  WebhookAttemptPage,
  WebhookEndpoint,
  WebhookEndpointPage,
  WebhookEndpointParams,
} from '../schemas/events.js';

/** The secret is answered once: an Idempotency-Key replay answers the endpoint without it. */
const withoutSecret = (created: unknown) => ({ ...(created as object), secret: null });

export const webhookEndpointRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/webhook-endpoints',
    {
      schema: {
        operationId: 'createWebhookEndpoint',
        tags: ['webhooks'],
        summary: 'Register a URL to receive events, signed per Standard Webhooks',
        description:
          'Answers the endpoint with its signing secret (`whsec_…`), shown this once. It receives the events committed from now on, in order, at least once.',
        headers: IdempotencyHeaders,
        body: CreateWebhookEndpointBody,
        response: { 201: CreatedWebhookEndpoint, ...problems(400, 404, 409, 413, 422) },
      },
    },
    async (request, reply) => {
      const how = answering(request, 201, (e) => e, { storable: withoutSecret });
      await send(reply, await app.services.webhooks.create(request.body, request.actor, how));
    },
  );

  app.get(
    '/webhook-endpoints',
    {
      schema: {
        operationId: 'listWebhookEndpoints',
        tags: ['webhooks'],
        summary: 'List webhook endpoints, newest first, never their secrets',
        querystring: ListWebhookEndpointsQuery,
        response: { 200: WebhookEndpointPage, ...problems(400) },
      },
    },
    async (request) => app.services.webhooks.list(request.actor, request.query),
  );

  app.get(
    '/webhook-endpoints/:endpointId',
    {
      schema: {
        operationId: 'getWebhookEndpoint',
        tags: ['webhooks'],
        summary: 'A webhook endpoint and where its delivery stands',
        params: WebhookEndpointParams,
        response: { 200: WebhookEndpoint, ...problems(400, 404) },
      },
    },
    async (request) => app.services.webhooks.get(request.params.endpointId, request.actor),
  );

  app.patch(
    '/webhook-endpoints/:endpointId',
    {
      schema: {
        operationId: 'updateWebhookEndpoint',
        tags: ['webhooks'],
        summary: 'Disable or enable a webhook endpoint',
        description:
          'Enabled again, it carries on from the event after the last one it acknowledged. An endpoint whose API key was revoked or has expired is not enabled again (409).',
        params: WebhookEndpointParams,
        body: UpdateWebhookEndpointBody,
        response: { 200: WebhookEndpoint, ...problems(400, 404, 409) },
      },
    },
    async (request) => app.services.webhooks.setStatus(request.params.endpointId, request.body.status, request.actor),
  );

  app.delete(
    '/webhook-endpoints/:endpointId',
    {
      schema: {
        operationId: 'deleteWebhookEndpoint',
        tags: ['webhooks'],
        summary: 'Delete a webhook endpoint and its attempts',
        params: WebhookEndpointParams,
        response: { 204: z.undefined().describe('Deleted'), ...problems(400, 404) },
      },
    },
    async (request, reply) => {
      await app.services.webhooks.delete(request.params.endpointId, request.actor);
      return reply.code(204).send();
    },
  );

  app.post(
    '/webhook-endpoints/:endpointId/secret-rotations',
    {
      schema: {
        operationId: 'rotateWebhookEndpointSecret',
        tags: ['webhooks'],
        summary: 'A new signing secret, shown this once',
        description: 'The old secret keeps signing beside the new one (two signatures in webhook-signature) for 24 hours, so receivers can switch without a gap.',
        headers: IdempotencyHeaders,
        params: WebhookEndpointParams,
        response: { 201: CreatedWebhookEndpoint, ...problems(400, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const how = answering(request, 201, (e) => e, { storable: withoutSecret });
      await send(reply, await app.services.webhooks.rotate(request.params.endpointId, request.actor, how));
    },
  );

  app.get(
    '/webhook-endpoints/:endpointId/attempts',
    {
      schema: {
        operationId: 'listWebhookAttempts',
        tags: ['webhooks'],
        summary: "The endpoint's delivery attempts, newest first",
        params: WebhookEndpointParams,
        querystring: ListWebhookEndpointsQuery,
        response: { 200: WebhookAttemptPage, ...problems(400, 404) },
      },
    },
    async (request) => app.services.webhooks.attempts(request.params.endpointId, request.actor, request.query),
  );

  app.post(
    '/webhook-endpoints/:endpointId/replays',
    {
      schema: {
        operationId: 'replayWebhookEndpoint',
        tags: ['webhooks'],
        summary: 'Deliver events again, in order, from a seq on (redelivery by hand)',
        description: 'Also enables a disabled endpoint, unless its API key was revoked or has expired (409). Events past the retention are gone.',
        params: WebhookEndpointParams,
        body: ReplayWebhookEndpointBody,
        response: { 200: WebhookEndpoint, ...problems(400, 404, 409) },
      },
    },
    async (request) => app.services.webhooks.replay(request.params.endpointId, BigInt(request.body.afterSeq), request.actor),
  );
};
