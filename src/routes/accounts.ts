import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { answering, send } from '../http/answer.js';
import { etagOf, ifMatch, noneMatchIsCurrent } from '../http/etag.js';
import { dateOf } from '../http/inputs.js';
import { presentAccount, presentBalance } from '../http/present.js';
import {
  Account,
  AccountPage,
  AccountParams,
  AccountReadHeaders,
  AccountUpdateHeaders,
  BalanceAsOf,
  BalanceQuery,
  CreateAccountBody,
  ListAccountsQuery,
  UpdateAccountBody,
} from '../schemas/accounts.js';
import { IdempotencyHeaders, problems } from '../schemas/common.js';

export const accountRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/accounts',
    {
      schema: {
        operationId: 'createAccount',
        tags: ['accounts'],
        summary: 'Open an account for a resident, a merchant or a system pool',
        headers: IdempotencyHeaders,
        body: CreateAccountBody,
        response: { 201: Account, ...problems('validation_failed', 'conflict') },
      },
    },
    async (request, reply) =>
      await send(reply, await app.services.accounts.open(request.body, request.actor, answering(request, 201, presentAccount))),
  );

  app.get(
    '/accounts',
    {
      schema: {
        operationId: 'listAccounts',
        tags: ['accounts'],
        summary: 'List accounts, newest first; filter by kind, status or code',
        querystring: ListAccountsQuery,
        response: { 200: AccountPage, ...problems('validation_failed') },
      },
    },
    async (request) => {
      const page = await app.services.accounts.list(request.query, request.actor);
      return { data: page.data.map(presentAccount), nextCursor: page.nextCursor };
    },
  );

  // Account reads and updates carry strong ETags, which name exact bytes: so they are never
  // content-coded (an account is a few hundred bytes anyway).
  app.get(
    '/accounts/:accountId',
    {
      compress: false,
      schema: {
        operationId: 'getAccount',
        tags: ['accounts'],
        summary: 'An account with its balance, held and available points',
        description:
          'Answers with a strong ETag that changes with anything the account shows, its balance included; send it back as If-None-Match to get 304 while it is current, or as If-Match to update only that version.',
        params: AccountParams,
        headers: AccountReadHeaders,
        'x-response-headers': { 200: ['ETag'], 304: ['ETag'] },
        response: { 200: Account, 304: z.null().describe('Not modified: the ETag in If-None-Match is current'), ...problems('validation_failed', 'not_found') },
      },
    },
    async (request, reply) => {
      const account = presentAccount(await app.services.accounts.get(request.params.accountId, request.actor));
      const etag = etagOf(account);
      reply.header('etag', etag);
      if (noneMatchIsCurrent(request.headers['if-none-match'], etag)) return reply.code(304).send(null);
      return account;
    },
  );

  app.patch(
    '/accounts/:accountId',
    {
      schema: {
        operationId: 'updateAccount',
        tags: ['accounts'],
        summary: 'Rename, re-tag, freeze, thaw or close an account',
        description: 'A frozen or closed account takes no new entries. Only an account with a zero balance and no pending hold may close; closing is final.',
        params: AccountParams,
        headers: AccountUpdateHeaders,
        body: UpdateAccountBody,
        'x-response-headers': { 200: ['ETag'] },
        response: { 200: Account, ...problems('validation_failed', 'not_found', 'conflict', 'precondition_failed') },
      },
      compress: false,
    },
    async (request, reply) => {
      const matches = ifMatch(request.headers['if-match']);
      // PATCH takes no Idempotency-Key: applying the same patch twice leaves the same account.
      const answer = await app.services.accounts.update(
        request.params.accountId,
        request.body,
        request.actor,
        { statusCode: 200, present: presentAccount },
        matches && ((current) => matches(presentAccount(current))),
      );
      reply.header('etag', etagOf(answer.body));
      await send(reply, answer);
    },
  );

  app.get(
    '/accounts/:accountId/balance',
    {
      schema: {
        operationId: 'getBalanceAsOf',
        tags: ['accounts'],
        summary: 'The balance at a moment of effective time (default now)',
        description:
          'Counts every entry whose transaction occurredAt is at or before asOf. Answers from balance checkpoints, so it costs the same however long the history.',
        params: AccountParams,
        querystring: BalanceQuery,
        response: { 200: BalanceAsOf, ...problems('validation_failed', 'not_found') },
      },
    },
    async (request) => {
      const { accountId } = request.params;
      return presentBalance(accountId, await app.services.accounts.balanceAsOf(accountId, dateOf(request.query.asOf), request.actor));
    },
  );
};
