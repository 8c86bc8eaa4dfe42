import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { respondOnce } from '../http/idempotency.js';
import { receiptOf } from '../http/inputs.js';
import { presentTransaction } from '../http/present.js';
import { toMinor } from '../ledger/money.js';
import { IdempotencyHeaders, problems } from '../schemas/common.js';
import { CreateRedemptionBody, Transaction } from '../schemas/transactions.js';

export const redemptionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/redemptions',
    {
      config: { access: ['admin', 'cashier'] },
      schema: {
        operationId: 'createRedemption',
        tags: ['postings'],
        summary: 'Charge a basket at the charity supermarket: member to merchant',
        description: 'With receipt lines, `amount` must equal the sum of quantity x unitPrice.',
        headers: IdempotencyHeaders,
        body: CreateRedemptionBody,
        response: { 201: Transaction, ...problems(400, 404, 409, 413, 422) },
      },
    },
    (request, reply) =>
      respondOnce(app.db, request, reply, 201, async (tx) => {
        const b = request.body;
        const receipt = receiptOf(b.receipt);
        const txn = await app.ledger.redeem(
          tx,
          { ...b, receipt, amountMinor: toMinor(b.amount) },
          request.actor,
        );
        return presentTransaction(txn);
      }, { singleStatement: true, accounts: [request.body.accountId, request.body.merchantAccountId] }),
  );
};
