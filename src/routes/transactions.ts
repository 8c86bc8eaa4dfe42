import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { answering, send } from '../http/answer.js';
import { dateOf } from '../http/inputs.js';
import { presentTransaction } from '../http/present.js';
import { toMinor } from '../ledger/money.js';
import { IdempotencyHeaders, problems } from '../schemas/common.js';
import {
  CreateAdjustmentBody,
  CreateReversalBody,
  ListTransactionsQuery,
  Transaction,
  TransactionPage,
  TransactionParams,
} from '../schemas/transactions.js';

export const transactionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/transactions',
    {
      schema: {
        operationId: 'createAdjustment',
        tags: ['transactions'],
        summary: 'Post a balanced correction or opening balance (adjustment)',
        headers: IdempotencyHeaders,
        body: CreateAdjustmentBody,
        response: { 201: Transaction, ...problems('validation_failed', 'not_found', 'conflict', 'insufficient_funds', 'account_not_active') },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const input = {
        ...b,
        entries: b.entries.map((e) => ({ accountId: e.accountId, amountMinor: toMinor(e.amount) })),
        occurredAt: dateOf(b.occurredAt),
      };
      await send(reply, await app.services.postings.adjust(input, request.actor, answering(request, 201, presentTransaction)));
    },
  );

  app.get(
    '/transactions',
    {
      schema: {
        operationId: 'listTransactions',
        tags: ['transactions'],
        summary: 'List transactions, newest first; filter by account, kind and occurredAt range',
        querystring: ListTransactionsQuery,
        response: { 200: TransactionPage, ...problems('validation_failed', 'not_found') },
      },
    },
    async (request) => {
      const q = request.query;
      const page = await app.services.postings.listTransactions({
        ...q,
        from: dateOf(q.from),
        to: dateOf(q.to),
      }, request.actor);
      return { data: page.data.map(presentTransaction), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/transactions/:transactionId',
    {
      schema: {
        operationId: 'getTransaction',
        tags: ['transactions'],
        summary: 'One transaction with its entries and how much of it has been reversed',
        params: TransactionParams,
        response: { 200: Transaction, ...problems('validation_failed', 'not_found') },
      },
    },
    async (request) => presentTransaction(await app.services.postings.getTransaction(request.params.transactionId, request.actor)),
  );

  app.post(
    '/transactions/:transactionId/reversals',
    {
      schema: {
        operationId: 'createReversal',
        tags: ['transactions'],
        summary: 'Reverse all or part of a transaction with a new, linked transaction',
        description:
          'The sum of reversals never exceeds the original; a reversal is not itself reversible; the reversal keeps the original category. Reversing a redemption draws the points back from the merchant. A cashier reverses only redemptions (hold captures included) into its own supermarkets, an issuer only earnings; anything else is for an admin (403 forbidden).',
        headers: IdempotencyHeaders,
        params: TransactionParams,
        body: CreateReversalBody,
        response: { 201: Transaction, ...problems('validation_failed', 'not_found', 'conflict', 'insufficient_funds', 'account_not_active', 'reversal_exceeds_original') },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const input = { amountMinor: b.amount === undefined ? undefined : toMinor(b.amount), reason: b.reason, metadata: b.metadata };
      await send(reply, await app.services.postings.reverse(request.params.transactionId, input, request.actor, answering(request, 201, presentTransaction)));
    },
  );
};
