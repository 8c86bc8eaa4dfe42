import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { respondOnce } from '../http/idempotency.js';
import { Category, CategoryList, CreateCategoryBody } from '../schemas/categories.js';
import { IdempotencyHeaders, problems } from '../schemas/common.js';

export const categoryRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/categories',
    {
      config: { access: ['admin', 'auditor', 'issuer', 'cashier'] },
      schema: {
        operationId: 'listCategories',
        tags: ['categories'],
        summary: 'The earning categories and their issuance accounts',
        response: { 200: CategoryList },
      },
    },
    async () => ({ data: await app.ledger.listCategories() }),
  );

  app.post(
    '/categories',
    {
      schema: {
        operationId: 'createCategory',
        tags: ['categories'],
        summary: 'Add an earning category; it gets its own issuance account',
        headers: IdempotencyHeaders,
        body: CreateCategoryBody,
        response: { 201: Category, ...problems(400, 409, 413, 422) },
      },
    },
    (request, reply) => respondOnce(app.db, request, reply, 201, (tx) => app.ledger.createCategory(tx, request.body)),
  );
};
