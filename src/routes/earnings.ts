import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { answering, send } from '../http/answer.js';
import { dateOf } from '../http/inputs.js';
import { presentTransaction } from '../http/present.js';
import { toMinor } from '../ledger/money.js';
import { IdempotencyHeaders, problems } from '../schemas/common.js';
import type { Transaction as TransactionOf } from '../ledger/types.js';
import { CreateEarningBatchBody, CreateEarningBody, Transaction, TransactionList } from '../schemas/transactions.js';

export const earningRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/earnings',
    {
      schema: {
        operationId: 'createEarning',
        tags: ['postings'],
        summary: "Credit a member's earned points from the category's issuance account",
        headers: IdempotencyHeaders,
        body: CreateEarningBody,
        response: { 201: Transaction, ...problems('validation_failed', 'not_found', 'conflict', 'account_not_active', 'certified_category') },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const input = { ...b, amountMinor: toMinor(b.amount), occurredAt: dateOf(b.occurredAt) };
      await send(reply, await app.services.postings.earn(input, request.actor, answering(request, 201, presentTransaction)));
    },
  );

  app.post(
    '/earnings/batch',
    {
      schema: {
        operationId: 'createEarningBatch',
        tags: ['postings'],
        summary: 'Credit up to 1000 earnings at once, all or nothing (a whole duty rota)',
        description: 'One Idempotency-Key covers the whole batch. An error names the first refused item as items.N.',
        headers: IdempotencyHeaders,
        body: CreateEarningBatchBody,
        response: { 201: TransactionList, ...problems('validation_failed', 'not_found', 'conflict', 'account_not_active', 'certified_category') },
      },
    },
    async (request, reply) => {
      const items = request.body.items.map((b) => ({ ...b, amountMinor: toMinor(b.amount), occurredAt: dateOf(b.occurredAt) }));
      const present = (posted: TransactionOf[]) => ({ data: posted.map(presentTransaction) });
      await send(reply, await app.services.postings.earnBatch(items, request.actor, answering(request, 201, present)));
    },
  );
};
