import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from '../http/errors.js';
import type { ExportSlots } from '../http/export-slots.js';
import { problem } from '../http/problems.js';
import { dateOf } from '../http/inputs.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problems } from '../schemas/common.js';
import { JournalQuery, VerifyQuery, VerifyResult } from '../schemas/reports.js';

const CONTENT_TYPES = {
  jsonl: 'application/jsonl; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  ledger: 'text/plain; charset=utf-8',
} as const;

/** Whole-journal reads admitted at once (the connections they share are the services' gate). */
export interface ExportLimits {
  slots: ExportSlots;
}

/** Seconds a refused export is told to wait: about what a short one takes. */
const EXPORT_RETRY_AFTER_S = 5;

/**
 * A slot for this request's whole-journal read, held until its answer is sent or its client
 * goes away; or the refusal, sent: 429 when this key has its share running, 503 when the
 * service has.
 */
function admit(slots: ExportSlots, request: FastifyRequest, reply: FastifyReply): boolean {
  const slot = slots.enter(request.principal?.keyId ?? 'system');
  if ('refused' in slot) {
    reply.header('retry-after', String(EXPORT_RETRY_AFTER_S));
    const refusal =
      slot.refused === 'key'
        ? problem('rate_limited', `this key already has ${slots.perKeyMax} journal reads running; retry when one ends`, request.id)
        : problem('unavailable', `${slots.overallMax} journal reads are running; retry in a moment`, request.id);
    sendProblem(reply, refusal);
    return false;
  }
  // 'close' comes after the last byte, and when the client hangs up half-way.
  reply.raw.once('close', slot.release);
  return true;
}

export const journalRoutes: FastifyPluginAsyncZod<ExportLimits> = async (app, limits) => {
  app.get(
    '/journal',
    {
      schema: {
        operationId: 'exportJournal',
        tags: ['audit'],
        summary: 'Every transaction with its entries, streamed: jsonl, csv or a ledger journal',
        description:
          'jsonl and csv follow the sequence (the order commits became visible); each jsonl line is a transaction with its seq, hash and prevHash, so an auditor can recompute the chain. `ledger` is a dated plain-text journal (hledger, ledger-cli) in effective-time order, with a balance assertion after every member posting when the export starts at the beginning.',
        querystring: JournalQuery,
        'x-response-headers': { 200: ['Content-Disposition'] },
        response: {
          200: {
            description: 'The journal',
            content: {
              'application/jsonl': { schema: z.string() },
              'text/csv': { schema: z.string() },
              'text/plain': { schema: z.string() },
            },
          },
          ...problems('validation_failed', 'rate_limited', 'unavailable'),
        },
      },
    },
    async (request, reply) => {
      if (!admit(limits.slots, request, reply)) return reply;
      const q = request.query;
      const filter = {
        afterSeq: q.afterSeq === undefined ? undefined : BigInt(q.afterSeq),
        from: dateOf(q.from),
        to: dateOf(q.to),
      };
      const stream = Readable.from(app.services.audit.export(q.format, filter, request.actor));
      return reply
        .type(CONTENT_TYPES[q.format])
        .header('content-disposition', `attachment; filename="journal.${q.format === 'ledger' ? 'journal' : q.format}"`)
        .send(stream as never);
    },
  );

  app.get(
    '/audit/verify',
    {
      schema: {
        operationId: 'verifyJournal',
        tags: ['audit'],
        summary: 'Recompute the tamper-evident hash chain and name the first bad transaction',
        description:
          "Sequences what has committed, then recomputes every hash from the stored transactions. Keep the headHash you are given: a later verify whose chain does not pass through it means history was rewritten.",
        querystring: VerifyQuery,
        response: { 200: VerifyResult, ...problems('validation_failed', 'rate_limited', 'unavailable') },
      },
    },
    async (request, reply) => {
      if (!admit(limits.slots, request, reply)) return reply;
      return app.services.audit.verify(request.query.fromSeq ? BigInt(request.query.fromSeq) : 1n, request.actor);
    },
  );
};
