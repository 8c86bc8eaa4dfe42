import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { answering, send } from '../http/answer.js';
import { receiptOf } from '../http/inputs.js';
import { presentTransaction } from '../http/present.js';
import { toMinor } from '../ledger/money.js';
import { IdempotencyHeaders, problems } from '../schemas/common.js';
import { CreateRedemptionBody, Transaction } from '../schemas/transactions.js';

export const redemptionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/redemptions',
    {
      schema: {
        operationId: 'createRedemption',
        tags: ['postings'],
        summary: 'Charge a basket at the charity supermarket: member to merchant',
        description: 'With receipt lines, `amount` must equal the sum of quantity x unitPrice.',
        headers: IdempotencyHeaders,
        body: CreateRedemptionBody,
        response: { 201: Transaction, ...problems('validation_failed', 'not_found', 'conflict', 'insufficient_funds', 'account_not_active') },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const input = { ...b, receipt: receiptOf(b.receipt), amountMinor: toMinor(b.amount) };
      await send(reply, await app.services.postings.redeem(input, request.actor, answering(request, 201, presentTransaction)));
    },
  );
};
