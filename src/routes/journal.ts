import { Readable } from 'node:stream';
import { dateOf } from '../http/inputs.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { exportJournal, sequencePending, verifyChain } from '../ledger/journal.js';
import { problems } from '../schemas/common.js';
import { JournalQuery, VerifyQuery, VerifyResult } from '../schemas/reports.js';

const CONTENT_TYPES = {
  jsonl: 'application/jsonl; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  ledger: 'text/plain; charset=utf-8',
} as const;

export const journalRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/journal',
    {
      config: { access: ['admin', 'auditor'] },
      schema: {
        operationId: 'exportJournal',
        tags: ['audit'],
        summary: 'Every transaction with its entries, streamed: jsonl, csv or a ledger journal',
        description:
          'jsonl and csv follow the sequence (the order commits became visible); each jsonl line is a transaction with its seq, hash and prevHash, so an auditor can recompute the chain. `ledger` is a dated plain-text journal (hledger, ledger-cli) in effective-time order, with a balance assertion after every member posting when the export starts at the beginning.',
        querystring: JournalQuery,
        response: {
          200: {
            description: 'The journal',
            content: {
              'application/jsonl': { schema: z.string() },
              'text/csv': { schema: z.string() },
              'text/plain': { schema: z.string() },
            },
          },
          ...problems(400),
        },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const filter = {
        afterSeq: q.afterSeq === undefined ? undefined : BigInt(q.afterSeq),
        from: dateOf(q.from),
        to: dateOf(q.to),
      };
      const stream = Readable.from(exportJournal(app.db, q.format, filter, app.config.displayTimeZone));
      return reply
        .type(CONTENT_TYPES[q.format])
        .header('content-disposition', `attachment; filename="journal.${q.format === 'ledger' ? 'journal' : q.format}"`)
        .send(stream as never);
    },
  );

  app.get(
    '/audit/verify',
    {
      config: { access: ['admin', 'auditor'] },
      schema: {
        operationId: 'verifyJournal',
        tags: ['audit'],
        summary: 'Recompute the tamper-evident hash chain and name the first bad transaction',
        description:
          "Sequences what has committed, then recomputes every hash from the stored transactions. Keep the headHash you are given: a later verify whose chain does not pass through it means history was rewritten.",
        querystring: VerifyQuery,
        response: { 200: VerifyResult, ...problems(400) },
      },
    },
    async (request) => {
      await sequencePending(app.db, { wait: true });
      return verifyChain(app.db, request.query.fromSeq ? BigInt(request.query.fromSeq) : 1n);
    },
  );
};
