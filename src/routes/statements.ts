import { Readable } from 'node:stream';
import { dateOf } from '../http/inputs.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
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

const STATEMENT_CSV_EXAMPLE =
  '\ufeffaccount_code,account_name,occurred_at,transaction_id,kind,category,description,amount,in,out,balance_after\r\n' +
  'R-0001,王秀芳,2026-11-27T08:30:00.000Z,txn_01KB0Z8Y3Q4W5E6R7T8Y9V0J1P,earning,public_labour,Cleaning the courtyard,30.00,30.00,,30.00\r\n';

/** The representation asked for by Accept: JSON unless CSV or HTML is preferred. */
function wanted(accept: string | undefined): 'json' | 'csv' | 'html' {
  const a = (accept ?? '').toLowerCase();
  if (a.includes('text/csv')) return 'csv';
  if (a.includes('text/html')) return 'html';
  return 'json';
}

/** The statement's parts a representation reads: the arguments, checked the same way by each. */
interface StatementRequest {
  params: { accountId: string };
  query: z.output<typeof StatementQuery>;
  actor: FastifyRequest['actor'];
}

const STATEMENT_PROBLEMS = problems('validation_failed', 'not_found');

export const statementRoutes: FastifyPluginAsyncZod = async (app) => {
  async function json(request: StatementRequest, reply: FastifyReply) {
    const q = request.query;
    const page = await app.services.statements.page(
      request.params.accountId,
      { from: dateOf(q.from), to: dateOf(q.to), limit: q.limit, cursor: q.cursor },
      request.actor,
    );
    // Serialised here rather than by the route's zod schema: checking a hundred lines
    // against it was a quarter of the service's work on a page (bench/results/
    // 2026-12-06-figures-from-comments.md). The schema still documents the answer, and
    // the tests hold every answer to it.
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(presentStatement(page)));
  }

  /** Both exports cover the whole period: access and arguments are checked before streaming. */
  async function firstPage(request: StatementRequest) {
    const q = request.query;
    // A cursor pages the JSON answer only, but one this API never issued is refused here too.
    if (q.cursor !== undefined) statementPosition(q.cursor);
    const pages = app.services.statements.allPages(request.params.accountId, { from: dateOf(q.from), to: dateOf(q.to) }, request.actor);
    const first = await pages.next();
    if (first.done) throw new Error('a statement has at least one page');
    return { pages, first: first.value as StatementPage };
  }

  async function csv(request: StatementRequest, reply: FastifyReply) {
    const { pages, first } = await firstPage(request);
    const account = first.account;
    async function* rows() {
      yield BOM + csvRow(['account_code', 'account_name', 'occurred_at', 'transaction_id', 'kind', 'category', 'description', 'amount', 'in', 'out', 'balance_after']);
      let page: StatementPage | undefined = first;
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
      .send(Readable.from(rows()) as never);
  }

  async function html(request: StatementRequest, reply: FastifyReply) {
    const { pages, first } = await firstPage(request);
    const all: StatementPage = { ...first, lines: [...first.lines] };
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
    const page = renderPassbook({ ...all, timeZone: app.config.displayTimeZone, generatedAt: app.services.clock.now().toISOString() });
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', PASSBOOK_CONTENT_SECURITY_POLICY)
      .send(Buffer.from(page, 'utf8') as never);
  }

  const ACCESS_NOTE = "An issuer reads members' statements; a cashier only its own supermarket's.";

  app.get(
    '/accounts/:accountId/statement',
    {
      schema: {
        operationId: 'getStatement',
        tags: ['statements'],
        summary: "An account's passbook for a period: opening balance, lines with running balance, totals, closing balance",
        description: `Oldest first, by occurredAt, a page at a time. The same period as CSV or as a printable passbook: getStatementCsv, getStatementHtml (this URL with \`Accept: text/csv\` or \`text/html\` still answers them, as it did before those had their own). ${ACCESS_NOTE}`,
        params: AccountParams,
        querystring: StatementQuery,
        response: { 200: Statement, ...STATEMENT_PROBLEMS },
      },
    },
    async (request, reply) => {
      const format = wanted(request.headers.accept);
      if (format === 'csv') return csv(request, reply);
      if (format === 'html') return html(request, reply);
      return json(request, reply);
    },
  );

  app.get(
    '/accounts/:accountId/statement.csv',
    {
      schema: {
        operationId: 'getStatementCsv',
        tags: ['statements'],
        summary: "An account's passbook for a period as CSV, every line, for Excel and WPS",
        description: `UTF-8 with a BOM; one row per line with its running balance; \`cursor\` and \`limit\` do not apply. ${ACCESS_NOTE}`,
        params: AccountParams,
        querystring: StatementQuery,
        'x-response-headers': { 200: ['Content-Disposition'] },
        response: {
          200: {
            description: 'The statement as CSV',
            content: { 'text/csv': { schema: z.string().meta({ examples: [STATEMENT_CSV_EXAMPLE] }) } },
          },
          ...STATEMENT_PROBLEMS,
        },
      },
    },
    csv,
  );

  app.get(
    '/accounts/:accountId/statement.html',
    {
      schema: {
        operationId: 'getStatementHtml',
        tags: ['statements'],
        summary: "An account's passbook for a period as a printable Chinese page (A5)",
        description: `At most ${PASSBOOK_LINES_MAX} lines; \`cursor\` and \`limit\` do not apply. ${ACCESS_NOTE}`,
        params: AccountParams,
        querystring: StatementQuery,
        'x-response-headers': { 200: ['Content-Security-Policy'] },
        response: {
          200: { description: 'The printable passbook', content: { 'text/html': { schema: z.string() } } },
          ...STATEMENT_PROBLEMS,
        },
      },
    },
    html,
  );
};
