import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { answering, send } from '../http/answer.js';
import { presentTransaction } from '../http/present.js';
import { toMinor } from '../ledger/money.js';
import { IdempotencyHeaders, problems } from '../schemas/common.js';
import { CreateTransferBody, Transaction } from '../schemas/transactions.js';

export const transferRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/transfers',
    {
      schema: {
        operationId: 'createTransfer',
        tags: ['postings'],
        summary: 'A gift between members, or a donation to a system pool',
        headers: IdempotencyHeaders,
        body: CreateTransferBody,
        response: { 201: Transaction, ...problems('validation_failed', 'not_found', 'conflict', 'insufficient_funds', 'account_not_active') },
      },
    },
    async (request, reply) => {
      const input = { ...request.body, amountMinor: toMinor(request.body.amount) };
      await send(reply, await app.services.postings.transfer(input, request.actor, answering(request, 201, presentTransaction)));
    },
  );
};
