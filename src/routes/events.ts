import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { EventFeed, EventFeedQuery } from '../schemas/events.js';
import { problems } from '../schemas/common.js';

export const eventRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/events',
    {
      schema: {
        operationId: 'listEvents',
        tags: ['events'],
        summary: 'The event feed, oldest first, for apps that cannot receive webhooks',
        description:
          "Events after `after`, in commit order (a gap-free sequence), that this key may see: an issuer's, events of earning categories; a cashier's, those touching its supermarkets. With `wait`, an empty answer waits up to that many seconds for the next event. Read on with the answer's `nextAfter`.",
        querystring: EventFeedQuery,
        response: { 200: EventFeed, ...problems(400) },
      },
    },
    async (request) =>
      app.services.events.feed(request.actor, {
        after: BigInt(request.query.after),
        limit: request.query.limit,
        waitMs: request.query.wait * 1000,
        types: request.query.types,
      }),
  );
};
