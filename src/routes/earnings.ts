import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { respondOnce } from '../http/idempotency.js';
import { dateOf } from '../http/inputs.js';
import { presentTransaction } from '../http/present.js';
import { toMinor } from '../ledger/money.js';
import { IdempotencyHeaders, problems } from '../schemas/common.js';
import { CreateEarningBatchBody, CreateEarningBody, Transaction, TransactionList } from '../schemas/transactions.js';

export const earningRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/earnings',
    {
      config: { access: ['admin', 'issuer'] },
      schema: {
        operationId: 'createEarning',
        tags: ['postings'],
        summary: "Credit a member's earned points from the category's issuance account",
        headers: IdempotencyHeaders,
        body: CreateEarningBody,
        response: { 201: Transaction, ...problems(400, 404, 409, 413, 422) },
      },
    },
    (request, reply) =>
      respondOnce(app.db, request, reply, 201, async (tx) => {
        const b = request.body;
        const txn = await app.ledger.earn(
          tx,
          { ...b, amountMinor: toMinor(b.amount), occurredAt: dateOf(b.occurredAt) },
          request.actor,
        );
        return presentTransaction(txn);
      }, { singleStatement: true, accounts: [request.body.accountId] }),
  );

  app.post(
    '/earnings/batch',
    {
      config: { access: ['admin', 'issuer'] },
      schema: {
        operationId: 'createEarningBatch',
        tags: ['postings'],
        summary: 'Credit up to 1000 earnings at once, all or nothing (a whole duty rota)',
        description: 'One Idempotency-Key covers the whole batch. An error names the first refused item as items.N.',
        headers: IdempotencyHeaders,
        body: CreateEarningBatchBody,
        response: { 201: TransactionList, ...problems(400, 404, 409, 413, 422) },
      },
    },
    (request, reply) =>
      respondOnce(app.db, request, reply, 201, async (tx) => {
        const posted = await app.ledger.earnBatch(
          tx,
          request.body.items.map((b) => ({
            ...b,
            amountMinor: toMinor(b.amount),
            occurredAt: dateOf(b.occurredAt),
          })),
          request.actor,
        );
        return { data: posted.map(presentTransaction) };
      }),
  );
};
