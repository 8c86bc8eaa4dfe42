import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problem } from '../http/problems.js';
import { problems } from '../schemas/common.js';

const Health = z.object({ status: z.literal('ok') }).meta({ id: 'Health', description: 'The check passed.' });

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/healthz',
    { schema: { operationId: 'liveness', tags: ['operations'], summary: 'The process is alive', security: [], response: { 200: Health } } },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        operationId: 'readiness',
        tags: ['operations'],
        summary: 'The database answers',
        response: { 200: Health, ...problems('unavailable') },
        security: [],
      },
    },
    async (request, reply) => {
      try {
        await app.services.ping();
        return { status: 'ok' as const };
      } catch (error) {
        request.log.warn({ err: error }, 'readiness check failed');
        return (reply as unknown as FastifyReply)
          .code(503)
          .type('application/problem+json; charset=utf-8')
          .send(problem('unavailable', 'the database does not answer', request.id));
      }
    },
  );
};
