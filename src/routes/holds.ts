import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { respondOnce } from '../http/idempotency.js';
import { dateOf, receiptOf } from '../http/inputs.js';
import { presentHold, presentTransaction } from '../http/present.js';
import { toMinor } from '../ledger/money.js';
import { IdempotencyHeaders, problems } from '../schemas/common.js';
import { CaptureHoldBody, CreateHoldBody, Hold, HoldParams } from '../schemas/holds.js';
import { Transaction } from '../schemas/transactions.js';

export const holdRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/holds',
    {
      config: { access: ['admin', 'cashier'] },
      schema: {
        operationId: 'createHold',
        tags: ['holds'],
        summary: "Reserve points on a member's account for a pending charge",
        description:
          'Pending holds lower `available`. Default expiry 15 minutes, at most 7 days; a cashier key holds for at most HOLD_TTL_MAX_CASHIER_MINUTES (60 by default).',
        headers: IdempotencyHeaders,
        body: CreateHoldBody,
        response: { 201: Hold, ...problems(400, 404, 409, 413, 422) },
      },
    },
    (request, reply) =>
      respondOnce(app.db, request, reply, 201, async (tx) => {
        const b = request.body;
        const hold = await app.ledger.createHold(
          tx,
          { ...b, amountMinor: toMinor(b.amount), expiresAt: dateOf(b.expiresAt) },
          request.actor,
        );
        return presentHold(hold);
      }, { accounts: [request.body.accountId, request.body.merchantAccountId] }),
  );

  app.get(
    '/holds/:holdId',
    {
      config: { access: ['admin', 'auditor', 'cashier'] },
      schema: {
        operationId: 'getHold',
        tags: ['holds'],
        summary: 'A hold and its status',
        params: HoldParams,
        response: { 200: Hold, ...problems(400, 404) },
      },
    },
    async (request) => presentHold(await app.ledger.getHold(request.params.holdId, request.actor)),
  );

  app.post(
    '/holds/:holdId/capture',
    {
      config: { access: ['admin', 'cashier'] },
      schema: {
        operationId: 'captureHold',
        tags: ['holds'],
        summary: 'Charge a pending hold, in full or in part; the rest is released',
        headers: IdempotencyHeaders,
        params: HoldParams,
        body: CaptureHoldBody,
        response: { 201: Transaction, ...problems(400, 404, 409, 413, 422) },
      },
    },
    (request, reply) =>
      respondOnce(app.db, request, reply, 201, async (tx) => {
        const b = request.body;
        const receipt = receiptOf(b.receipt);
        const txn = await app.ledger.captureHold(
          tx,
          request.params.holdId,
          { amountMinor: b.amount === undefined ? undefined : toMinor(b.amount), description: b.description, receipt },
          request.actor,
        );
        return presentTransaction(txn);
      }),
  );

  app.post(
    '/holds/:holdId/void',
    {
      config: { access: ['admin', 'cashier'] },
      schema: {
        operationId: 'voidHold',
        tags: ['holds'],
        summary: 'Release a pending hold',
        headers: IdempotencyHeaders,
        params: HoldParams,
        response: { 200: Hold, ...problems(400, 404, 409) },
      },
    },
    (request, reply) =>
      respondOnce(app.db, request, reply, 200, async (tx) => presentHold(await app.ledger.voidHold(tx, request.params.holdId, request.actor))),
  );
};
