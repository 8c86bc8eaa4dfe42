import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { refineDocument } from './documentation.js';

export const API_VERSION = '1.0.0';

/**
 * The OpenAPI 3.1 document is generated from the same zod schemas that validate requests
 * and serialise responses. Registered before the routes it documents.
 */
export const openApi = fp(
  async (app: FastifyInstance) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'timebank-ledger',
          version: API_VERSION,
          description:
            'An append-only, double-entry points ledger for community time banks. Residents earn points for volunteer work and spend them, 1 point = 1 yuan, at the charity supermarket. Amounts are decimal strings with two fractional digits; every POST accepts Idempotency-Key; errors are application/problem+json with a stable `code` (the ProblemCode enum), and each operation lists the codes it can answer in `x-problem-codes`.',
          license: { name: 'MIT', identifier: 'MIT' },
        },
        // Relative: "try it" on /docs calls the server that served the page, whatever its port.
        servers: [{ url: '/', description: 'this server' }],
        components: {
          securitySchemes: {
            bearerAuth: {
              type: 'http',
              scheme: 'bearer',
              description: 'An API key from POST /v1/api-keys, `npm run keys -- create`, or the first-start admin key file.',
            },
          },
        },
        tags: [
          { name: 'accounts', description: 'Residents, merchants and system accounts' },
          { name: 'categories', description: 'Earning categories and their issuance accounts' },
          { name: 'postings', description: 'Earnings, redemptions and transfers' },
          { name: 'holds', description: 'Reserve points, then capture or void' },
          { name: 'transactions', description: 'The journal: read, list, adjust' },
          { name: 'statements', description: 'Passbooks: JSON, CSV, printable HTML' },
          { name: 'reports', description: 'Trial balance and the public notice board' },
          { name: 'audit', description: 'The journal export and the tamper-evident chain' },
          { name: 'api-keys', description: 'Who may call the API (admin only)' },
          { name: 'operations', description: 'Liveness, readiness, documentation' },
        ],
      },
      transform: jsonSchemaTransform,
      // What zod generates, then the document's own conventions (src/http/documentation.ts).
      transformObject: (document) => refineDocument(jsonSchemaTransformObject(document)) as ReturnType<typeof jsonSchemaTransformObject>,
    });
    // The reference page serves its assets from the package itself: no external requests.
    await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });
  },
  { name: 'openapi' },
);
