import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { dateOf } from '../http/inputs.js';
import { presentAccount } from '../http/present.js';
import { formatMinor } from '../ledger/money.js';
import { respondOnce } from '../http/idempotency.js';
import {
  Account,
  AccountPage,
  AccountParams,
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
      config: { access: ['admin', 'issuer'] },
      schema: {
        operationId: 'createAccount',
        tags: ['accounts'],
        summary: 'Open an account for a resident, a merchant or a system pool',
        headers: IdempotencyHeaders,
        body: CreateAccountBody,
        response: { 201: Account, ...problems(400, 409, 413, 422) },
      },
    },
    (request, reply) =>
      respondOnce(app.db, request, reply, 201, async (tx) => presentAccount(await app.ledger.openAccount(tx, request.body, request.actor))),
  );

  app.get(
    '/accounts',
    {
      config: { access: ['admin', 'auditor', 'issuer', 'cashier'] },
      schema: {
        operationId: 'listAccounts',
        tags: ['accounts'],
        summary: 'List accounts, newest first; filter by kind, status or code',
        querystring: ListAccountsQuery,
        response: { 200: AccountPage, ...problems(400) },
      },
    },
    async (request) => {
      const page = await app.ledger.listAccounts(request.query, request.actor);
      return { data: page.data.map(presentAccount), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/accounts/:accountId',
    {
      config: { access: ['admin', 'auditor', 'issuer', 'cashier'] },
      schema: {
        operationId: 'getAccount',
        tags: ['accounts'],
        summary: 'An account with its balance, held and available points',
        params: AccountParams,
        response: { 200: Account, ...problems(400, 404) },
      },
    },
    async (request) => presentAccount(await app.ledger.readAccount(request.params.accountId, request.actor)),
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
        body: UpdateAccountBody,
        response: { 200: Account, ...problems(400, 404, 409, 413) },
      },
    },
    async (request) =>
      presentAccount(await app.db.transaction((tx) => app.ledger.updateAccount(tx, request.params.accountId, request.body))),
  );

  app.get(
    '/accounts/:accountId/balance',
    {
      config: { access: ['admin', 'auditor', 'issuer', 'cashier'] },
      schema: {
        operationId: 'getBalanceAsOf',
        tags: ['accounts'],
        summary: 'The balance at a moment of effective time (default now)',
        description:
          'Counts every entry whose transaction occurredAt is at or before asOf. Answers from balance checkpoints, so it costs the same however long the history.',
        params: AccountParams,
        querystring: BalanceQuery,
        response: { 200: BalanceAsOf, ...problems(400, 404) },
      },
    },
    async (request) => {
      const { asOf } = request.query;
      const result = await app.ledger.balanceAsOf(request.params.accountId, dateOf(asOf), request.actor);
      return { accountId: request.params.accountId, asOf: result.asOf, balance: formatMinor(result.balance) };
    },
  );
};
