import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { dateOf } from '../http/inputs.js';
import { formatMinor } from '../ledger/money.js';
import { problems } from '../schemas/common.js';
import { EarningsQuery, EarningsReport, TrialBalance, TrialBalanceQuery } from '../schemas/reports.js';

export const reportRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/reports/trial-balance',
    {
      config: { access: ['admin', 'auditor'] },
      schema: {
        operationId: 'getTrialBalance',
        tags: ['reports'],
        summary: 'Every account\'s balance and their total, which is "0.00"',
        querystring: TrialBalanceQuery,
        response: { 200: TrialBalance, ...problems(400) },
      },
    },
    async (request) => {
      const tb = await app.reports.trialBalance(dateOf(request.query.asOf));
      return {
        asOf: tb.asOf,
        accounts: tb.accounts.map((a) => ({ ...a, kind: a.kind as never, balance: formatMinor(a.balance) })),
        total: formatMinor(tb.total),
      };
    },
  );

  app.get(
    '/reports/earnings',
    {
      config: { access: ['admin', 'auditor'] },
      schema: {
        operationId: 'getEarningsReport',
        tags: ['reports'],
        summary: 'Earned points for the public notice board (公示), by category or by resident, ranked',
        querystring: EarningsQuery,
        response: { 200: EarningsReport, ...problems(400) },
      },
    },
    async (request) => {
      const q = request.query;
      const report = await app.reports.earnings({
        from: dateOf(q.from),
        to: dateOf(q.to),
        groupBy: q.groupBy,
      });
      return { ...report, rows: report.rows.map((r) => ({ ...r, total: formatMinor(r.total) })), total: formatMinor(report.total) };
    },
  );
};
