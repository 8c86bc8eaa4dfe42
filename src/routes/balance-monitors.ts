import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { toMinor } from '../ledger/money.js';
import { problems } from '../schemas/common.js';
import {
  BalanceMonitor,
  BalanceMonitorPage,
  BalanceMonitorParams,
  CreateBalanceMonitorBody,
  ListBalanceMonitorsQuery,
} from '../schemas/events.js';

export const balanceMonitorRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/balance-monitors',
    {
      schema: {
        operationId: 'createBalanceMonitor',
        tags: ['events'],
        summary: "Tell me when an account's available balance crosses below (or above) a threshold",
        description:
          'One balance.crossed event per crossing, not one per posting while the balance stays beyond; it re-arms when the balance crosses back. A balance already beyond the threshold when the monitor is made fires on its next crossing. Whoever may read the account may watch it.',
        body: CreateBalanceMonitorBody,
        response: { 201: BalanceMonitor, ...problems(400, 404, 413) },
      },
    },
    async (request, reply) => {
      const { threshold, ...rest } = request.body;
      const monitor = await app.services.monitors.create({ ...rest, thresholdMinor: toMinor(threshold) }, request.actor);
      return reply.code(201).send(monitor);
    },
  );

  app.get(
    '/balance-monitors',
    {
      schema: {
        operationId: 'listBalanceMonitors',
        tags: ['events'],
        summary: "An account's balance monitors",
        querystring: ListBalanceMonitorsQuery,
        response: { 200: BalanceMonitorPage, ...problems(400, 404) },
      },
    },
    async (request) => app.services.monitors.list(request.query.accountId, request.actor, request.query.limit),
  );

  app.delete(
    '/balance-monitors/:monitorId',
    {
      schema: {
        operationId: 'deleteBalanceMonitor',
        tags: ['events'],
        summary: 'Delete a balance monitor',
        params: BalanceMonitorParams,
        response: { 204: z.undefined().describe('Deleted'), ...problems(400, 404) },
      },
    },
    async (request, reply) => {
      await app.services.monitors.delete(request.params.monitorId, request.actor);
      return reply.code(204).send();
    },
  );
};
