import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { presentChainCheck } from '../http/present-activities.js';
import { ChainCheck } from '../schemas/activities.js';

/** The auditors' check of the certification history's own hash chain. */
export const certificationEventRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/audit/certification-events',
    {
      schema: {
        operationId: 'verifyCertificationEvents',
        tags: ['audit'],
        summary: "Recompute the certification history's hash chain",
        response: { 200: ChainCheck },
      },
    },
    async (request) => presentChainCheck(await app.services.activities.verifyHistory(request.actor)),
  );
};

