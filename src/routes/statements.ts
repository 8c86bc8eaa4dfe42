import { Readable } from 'node:stream';
import { dateOf } from '../http/inputs.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BOM, csvRow } from '../export/csv.js';
import { PASSBOOK_CONTENT_SECURITY_POLICY, renderPassbook } from '../export/passbook-html.js';
import { presentStatement } from '../http/present.js';
import { LedgerError } from '../ledger/errors.js';
import { formatMinor } from '../ledger/money.js';
import { type StatementPage, statementPosition } from '../services/statements.js';
import { AccountParams } from '../schemas/accounts.js';
import { problems } from '../schemas/common.js';
import { Statement, StatementQuery } from '../schemas/statements.js';

/** Lines an HTML passbook prints at most: a page meant for paper, not an export. */
const PASSBOOK_LINES_MAX = 5000;

/** The representation asked for by Accept: JSON unless CSV or HTML is preferred. */
function wanted(accept: string | undefined): 'json' | 'csv' | 'html' {
  const a = (accept ?? '').toLowerCase();
  if (a.includes('text/csv')) return 'csv';
  if (a.includes('text/html')) return 'html';
  return 'json';
}

export const statementRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/accounts/:accountId/statement',
    {
      schema: {
        operationId: 'getStatement',
        tags: ['statements'],
        summary: "An account's passbook for a period: opening balance, lines with running balance, totals, closing balance",
        description:
          'Oldest first, by occurredAt. `Accept: text/csv` streams every line of the period as CSV (UTF-8 with BOM, for Excel and WPS); `Accept: text/html` gives a printable Chinese passbook. An issuer reads members\' statements; a cashier only its own supermarket\'s.',
        params: AccountParams,
        querystring: StatementQuery,
        response: {
          200: {
            description: 'The statement',
            content: {
              'application/json': { schema: Statement },
              'text/csv': { schema: z.string() },
              'text/html': { schema: z.string() },
            },
          },
          ...problems(400, 404),
        },
      },
    },
    async (request, reply) => {
      const { accountId } = request.params;
      const q = request.query;
      const from = dateOf(q.from);
      const to = dateOf(q.to);
      const format = wanted(request.headers.accept);
      if (format === 'json') {
        const page = await app.services.statements.page(accountId, { from, to, limit: q.limit, cursor: q.cursor }, request.actor);
        // Serialised here rather than by the route's zod schema: checking a hundred lines
        // against it was a quarter of the service's work on a page (bench/results/
        // 2026-12-06-figures-from-comments.md). The schema still documents the answer, and
        // the tests hold every answer to it.
        return reply.type('application/json; charset=utf-8').send(JSON.stringify(presentStatement(page)));
      }
      // Both exports cover the whole period: check access and arguments before streaming.
      // A cursor pages the JSON answer only, but one this API never issued is refused here too.
      if (q.cursor !== undefined) statementPosition(q.cursor);
      const pages = app.services.statements.allPages(accountId, { from, to }, request.actor);
      const first = await pages.next();
      if (first.done) throw new Error('a statement has at least one page');
      if (format === 'csv') {
        const account = first.value.account;
        async function* csv() {
          yield BOM + csvRow(['account_code', 'account_name', 'occurred_at', 'transaction_id', 'kind', 'category', 'description', 'amount', 'in', 'out', 'balance_after']);
          let page: StatementPage | undefined = first.value as StatementPage;
          while (page) {
            let chunk = '';
            for (const l of page.lines) {
              chunk += csvRow([
                account.code,
                account.name,
                l.occurredAt,
                l.transactionId,
                l.kind,
                l.category,
                l.description,
                formatMinor(l.amount),
                l.amount > 0n ? formatMinor(l.amount) : '',
                l.amount < 0n ? formatMinor(-l.amount) : '',
                formatMinor(l.balanceAfter),
              ]);
            }
            yield chunk;
            const next = await pages.next();
            page = next.done ? undefined : next.value;
          }
        }
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="statement-${account.code}.csv"`)
          .send(Readable.from(csv()) as never);
      }
      const all: StatementPage = { ...first.value, lines: [...first.value.lines] };
      for await (const page of pages) {
        all.lines.push(...page.lines);
        if (all.lines.length > PASSBOOK_LINES_MAX) break;
        all.totalIn += page.totalIn;
        all.totalOut += page.totalOut;
        all.closingBalance = page.closingBalance;
      }
      if (all.lines.length > PASSBOOK_LINES_MAX) {
        throw new LedgerError('validation_failed', `the period has more than ${PASSBOOK_LINES_MAX} lines; print a shorter one`, [
          { path: 'from', message: 'period too long to print' },
        ]);
      }
      const html = renderPassbook({ ...all, timeZone: app.config.displayTimeZone, generatedAt: app.services.clock.now().toISOString() });
      return reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', PASSBOOK_CONTENT_SECURITY_POLICY)
        .send(Buffer.from(html, 'utf8') as never);
    },
  );
};
