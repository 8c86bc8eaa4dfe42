import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { answering, send } from '../http/answer.js';
import { presentActivity } from '../http/present-activities.js';
import { toMinor } from '../ledger/money.js';
import { Activity, ActivityParams, CertifyBody, CreateActivityBody, EarlyPostingBody, SubmitClaimsBody } from '../schemas/activities.js';
import { IdempotencyHeaders, problems } from '../schemas/common.js';

/** Certified earnings: an activity, its claims, their certification, and an admin's early posting. */
export const activityRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/activities',
    {
      schema: {
        operationId: 'createActivity',
        tags: ['certified earnings'],
        summary: 'Open an activity whose participants earn points once certified and past public notice',
        description: 'The category must be one whose earnings are "certified". An organiser key opens activities in its estates or categories.',
        headers: IdempotencyHeaders,
        body: CreateActivityBody,
        response: { 201: Activity, ...problems(400, 409, 413, 422) },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const input = {
        ...b,
        startsAt: new Date(b.startsAt),
        endsAt: new Date(b.endsAt),
        pointsRule: b.points.per === 'participant' ? ('fixed' as const) : ('hourly' as const),
        pointsMinor: toMinor(b.points.amount),
        capMinor: b.points.capPerPerson === undefined ? undefined : toMinor(b.points.capPerPerson),
      };
      await send(reply, await app.services.activities.open(input, request.actor, answering(request, 201, presentActivity)));
    },
  );

  app.get(
    '/activities/:activityId',
    {
      schema: {
        operationId: 'getActivity',
        tags: ['certified earnings'],
        summary: 'An activity with its claims, their states, decisions, objections and history',
        params: ActivityParams,
        response: { 200: Activity, ...problems(400, 404) },
      },
    },
    async (request) => presentActivity(await app.services.activities.get(request.params.activityId, request.actor)),
  );

  app.post(
    '/activities/:activityId/claims',
    {
      schema: {
        operationId: 'submitClaims',
        tags: ['certified earnings'],
        summary: "Submit the activity's participants: one claim per member, all or nothing",
        headers: IdempotencyHeaders,
        params: ActivityParams,
        body: SubmitClaimsBody,
        response: { 201: Activity, ...problems(400, 404, 409, 413, 422) },
      },
    },
    async (request, reply) => {
      const list = request.body.claims.map((c) => ({
        ...c,
        hoursHundredths: c.hours === undefined ? undefined : toMinor(c.hours),
        pointsMinor: c.points === undefined ? undefined : toMinor(c.points),
      }));
      await send(reply, await app.services.activities.submitClaims(request.params.activityId, list, request.actor, answering(request, 201, presentActivity)));
    },
  );

  app.post(
    '/activities/:activityId/certifications',
    {
      schema: {
        operationId: 'certifyClaims',
        tags: ['certified earnings'],
        summary: 'One certifier approves or rejects some or all of the claims, with a reason',
        description:
          'A claim needs the activity\'s certifiersRequired distinct approvals to go on public notice; one rejection rejects it. A key decides a claim once (409 already_certified); nobody certifies a claim paying themselves or an activity they organised (403 conflict_of_interest).',
        headers: IdempotencyHeaders,
        params: ActivityParams,
        body: CertifyBody,
        response: { 200: Activity, ...problems(400, 404, 409, 413, 422, 'conflict_of_interest') },
      },
    },
    async (request, reply) =>
      await send(reply, await app.services.activities.certify(request.params.activityId, request.body, request.actor, answering(request, 200, presentActivity))),
  );

  app.post(
    '/activities/:activityId/postings',
    {
      schema: {
        operationId: 'postActivityEarly',
        tags: ['certified earnings'],
        summary: "Post the activity's claims on notice now, before their window ends, with a recorded reason",
        description: 'Claims under an open objection do not post. Issuance budgets apply (422 budget_exceeded, nothing posted).',
        headers: IdempotencyHeaders,
        params: ActivityParams,
        body: EarlyPostingBody,
        response: { 201: Activity, ...problems(400, 404, 409, 413, 422) },
      },
    },
    async (request, reply) =>
      await send(
        reply,
        await app.services.certifiedPostings.postEarly(request.params.activityId, request.body, request.actor, answering(request, 201, presentActivity)),
      ),
  );
};
