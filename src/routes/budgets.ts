import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { answering, send } from '../http/answer.js';
import { presentBudget } from '../http/present-activities.js';
import { toMinor } from '../ledger/money.js';
import { Budget, BudgetBody } from '../schemas/activities.js';
import { IdempotencyHeaders, problems } from '../schemas/common.js';

export const budgetRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/issuance-budgets',
    {
      schema: {
        operationId: 'setIssuanceBudget',
        tags: ['certified earnings'],
        summary: 'Set what a category may issue in an estate in a month (积分总额控制)',
        description:
          'Certified batches are charged to every budget they fall under ("*" matches any category or estate); a batch that would exceed one is held back whole and reported on its activity. Setting a budget again changes its limit, never below what is issued.',
        headers: IdempotencyHeaders,
        body: BudgetBody,
        response: { 200: Budget, ...problems(400, 409, 413, 422) },
      },
    },
    async (request, reply) => {
      const input = { ...request.body, limitMinor: toMinor(request.body.limit) };
      await send(reply, await app.services.certifiedPostings.setBudget(input, request.actor, answering(request, 200, presentBudget)));
    },
  );
};
