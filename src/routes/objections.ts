import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { answering, send } from '../http/answer.js';
import { presentObjection } from '../http/present-activities.js';
import { Objection, ObjectionDecisionBody, ObjectionParams } from '../schemas/activities.js';
import { IdempotencyHeaders, problems } from '../schemas/common.js';

export const objectionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/objections/:objectionId/decision',
    {
      schema: {
        operationId: 'decideObjection',
        tags: ['certified earnings'],
        summary: 'Uphold an objection (the claim is dropped) or dismiss it (the claim may post)',
        headers: IdempotencyHeaders,
        params: ObjectionParams,
        body: ObjectionDecisionBody,
        response: { 200: Objection, ...problems(400, 404, 409, 413, 422, 'conflict_of_interest') },
      },
    },
    async (request, reply) =>
      await send(reply, await app.services.objections.decide(request.params.objectionId, request.body, request.actor, answering(request, 200, presentObjection))),
  );
};
