import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { answering, send } from '../http/answer.js';
import { presentObjection } from '../http/present-activities.js';
import { ClaimParams, Objection, ObjectionBody } from '../schemas/activities.js';
import { IdempotencyHeaders, problems } from '../schemas/common.js';

export const claimRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/claims/:claimId/objections',
    {
      schema: {
        operationId: 'createObjection',
        tags: ['certified earnings'],
        summary: 'Object to a claim on public notice, for the member the app acts for',
        description: 'The claim is suspended until an organiser or certifier decides. After the notice deadline: 422 notice_closed.',
        headers: IdempotencyHeaders,
        params: ClaimParams,
        body: ObjectionBody,
        response: { 201: Objection, ...problems(400, 404, 409, 413, 422) },
      },
    },
    async (request, reply) =>
      await send(reply, await app.services.objections.object(request.params.claimId, request.body, request.actor, answering(request, 201, presentObjection))),
  );
};
