import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { dateOf } from '../http/inputs.js';
import { presentEarningsReport, presentTrialBalance } from '../http/present.js';
import { problems } from '../schemas/common.js';
import { EarningsQuery, EarningsReport, TrialBalance, TrialBalanceQuery } from '../schemas/reports.js';

export const reportRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/reports/trial-balance',
    {
      schema: {
        operationId: 'getTrialBalance',
        tags: ['reports'],
        summary: 'Every account\'s balance and their total, which is "0.00"',
        querystring: TrialBalanceQuery,
        response: { 200: TrialBalance, ...problems('validation_failed') },
      },
    },
    async (request) => presentTrialBalance(await app.services.reports.trialBalance(dateOf(request.query.asOf), request.actor)),
  );

  app.get(
    '/reports/earnings',
    {
      schema: {
        operationId: 'getEarningsReport',
        tags: ['reports'],
        summary: 'Earned points for the public notice board (公示), by category or by resident, ranked',
        querystring: EarningsQuery,
        response: { 200: EarningsReport, ...problems('validation_failed') },
      },
    },
    async (request) => {
      const q = request.query;
      return presentEarningsReport(await app.services.reports.earnings({ from: dateOf(q.from), to: dateOf(q.to), groupBy: q.groupBy }, request.actor));
    },
  );
};
