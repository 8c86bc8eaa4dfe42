import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { answering, send } from '../http/answer.js';
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
      schema: {
        operationId: 'createHold',
        tags: ['holds'],
        summary: "Reserve points on a member's account for a pending charge",
        description:
          'Pending holds lower `available`. Default expiry 15 minutes, at most 7 days; a cashier key holds for at most HOLD_TTL_MAX_CASHIER_MINUTES (60 by default).',
        headers: IdempotencyHeaders,
        body: CreateHoldBody,
        response: { 201: Hold, ...problems('validation_failed', 'not_found', 'conflict', 'insufficient_funds', 'account_not_active') },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const input = { ...b, amountMinor: toMinor(b.amount), expiresAt: dateOf(b.expiresAt) };
      await send(reply, await app.services.holds.create(input, request.actor, answering(request, 201, presentHold)));
    },
  );

  app.get(
    '/holds/:holdId',
    {
      schema: {
        operationId: 'getHold',
        tags: ['holds'],
        summary: 'A hold and its status',
        params: HoldParams,
        response: { 200: Hold, ...problems('validation_failed', 'not_found') },
      },
    },
    async (request) => presentHold(await app.services.holds.get(request.params.holdId, request.actor)),
  );

  app.post(
    '/holds/:holdId/capture',
    {
      schema: {
        operationId: 'captureHold',
        tags: ['holds'],
        summary: 'Charge a pending hold, in full or in part; the rest is released',
        headers: IdempotencyHeaders,
        params: HoldParams,
        body: CaptureHoldBody,
        response: { 201: Transaction, ...problems('validation_failed', 'not_found', 'conflict', 'hold_not_pending', 'insufficient_funds', 'account_not_active') },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const input = { amountMinor: b.amount === undefined ? undefined : toMinor(b.amount), description: b.description, receipt: receiptOf(b.receipt) };
      await send(reply, await app.services.holds.capture(request.params.holdId, input, request.actor, answering(request, 201, presentTransaction)));
    },
  );

  app.post(
    '/holds/:holdId/void',
    {
      schema: {
        operationId: 'voidHold',
        tags: ['holds'],
        summary: 'Release a pending hold',
        headers: IdempotencyHeaders,
        params: HoldParams,
        response: { 200: Hold, ...problems('validation_failed', 'not_found', 'hold_not_pending') },
      },
    },
    async (request, reply) =>
      await send(reply, await app.services.holds.void(request.params.holdId, request.actor, answering(request, 200, presentHold))),
  );
};
