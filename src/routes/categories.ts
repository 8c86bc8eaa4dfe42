import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { answering, send } from '../http/answer.js';
import { presentCategory } from '../http/present.js';
import { Category, CategoryList, CreateCategoryBody } from '../schemas/categories.js';
import { IdempotencyHeaders, problems } from '../schemas/common.js';

export const categoryRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/categories',
    {
      schema: {
        operationId: 'listCategories',
        tags: ['categories'],
        summary: 'The earning categories and their issuance accounts',
        response: { 200: CategoryList },
      },
    },
    async (request) => ({ data: (await app.services.accounts.listCategories(request.actor)).map(presentCategory) }),
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
        response: { 201: Category, ...problems('validation_failed', 'conflict') },
      },
    },
    async (request, reply) =>
      await send(reply, await app.services.accounts.createCategory(request.body, request.actor, answering(request, 201, presentCategory))),
  );
};
