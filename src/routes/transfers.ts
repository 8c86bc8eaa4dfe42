import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { respondOnce } from '../http/idempotency.js';
import { presentTransaction } from '../http/present.js';
import { toMinor } from '../ledger/money.js';
import { IdempotencyHeaders, problems } from '../schemas/common.js';
import { CreateTransferBody, Transaction } from '../schemas/transactions.js';

export const transferRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/transfers',
    {
      config: { access: ['admin', 'issuer'] },
      schema: {
        operationId: 'createTransfer',
        tags: ['postings'],
        summary: 'A gift between members, or a donation to a system pool',
        headers: IdempotencyHeaders,
        body: CreateTransferBody,
        response: { 201: Transaction, ...problems(400, 404, 409, 413, 422) },
      },
    },
    (request, reply) =>
      respondOnce(app.db, request, reply, 201, async (tx) => {
        const b = request.body;
        const txn = await app.ledger.transfer(
          tx,
          { ...b, amountMinor: toMinor(b.amount) },
          request.actor,
        );
        return presentTransaction(txn);
      }, { accounts: [request.body.fromAccountId, request.body.toAccountId] }),
  );
};
