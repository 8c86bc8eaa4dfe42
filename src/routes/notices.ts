import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NOTICE_CONTENT_SECURITY_POLICY, renderNoticeBoardHtml } from '../export/notice-html.js';
import { presentNoticeBoard } from '../http/present-activities.js';
import { NoticeBoardJson, NoticeQuery } from '../schemas/activities.js';
import { problems } from '../schemas/common.js';

/**
 * Kept by no cache, shared or private: a claim leaves the board when it posts or its
 * objection is upheld, and its holder's (masked) name should leave every copy with it.
 */
const NOTICE_CACHE_CONTROL = 'no-store';
/** Limited per client address (RATE_LIMIT_PER_ADDRESS_PER_MINUTE), and read from the database. */
const PUBLIC_PROBLEMS = problems('validation_failed', 'rate_limited', 'unavailable', 'busy');

/** The public notice board (公示): no key needed; names and card numbers masked. */
export const publicNoticeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/public/notices.json',
    {
      schema: {
        operationId: 'getPublicNotices',
        tags: ['public notice'],
        summary: "An estate's public notice board as JSON, no key needed",
        description: 'Certified claims waiting out their notice window (or an objection), by activity; names and card numbers masked.',
        security: [],
        querystring: NoticeQuery,
        response: { 200: NoticeBoardJson, ...PUBLIC_PROBLEMS },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', NOTICE_CACHE_CONTROL);
      return presentNoticeBoard(await app.services.notices.board(request.query.estate));
    },
  );

  app.get(
    '/public/notices',
    {
      schema: {
        operationId: 'getPublicNoticesPage',
        tags: ['public notice'],
        summary: "An estate's public notice board as a printable A4 page, no key needed",
        description:
          'For the physical notice board (公示栏): the same board as the JSON, in Chinese, names and card numbers masked, with a QR code to this page online (PUBLIC_BASE_URL, or the address the request came to).',
        security: [],
        produces: ['text/html'],
        querystring: NoticeQuery,
        response: { 200: { description: 'The page', content: { 'text/html': { schema: z.string() } } }, ...PUBLIC_PROBLEMS },
      },
    },
    async (request, reply) => {
      const estate = request.query.estate;
      const board = await app.services.notices.board(estate);
      const base = app.config.publicBaseUrl ?? requestBase(request.protocol, request.host);
      const html = renderNoticeBoardHtml(board, { pageUrl: `${base}/public/notices?estate=${encodeURIComponent(estate)}`, timeZone: app.config.displayTimeZone });
      return reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', NOTICE_CONTENT_SECURITY_POLICY)
        .header('cache-control', NOTICE_CACHE_CONTROL)
        .send(Buffer.from(html, 'utf8') as never);
    },
  );
};

/** The address the request came to, if it is one; a made-up Host header gets a harmless stand-in. */
function requestBase(protocol: string, host: string): string {
  const base = `${protocol === 'https' ? 'https' : 'http'}://${host}`;
  try {
    const url = new URL(base);
    return url.origin === base && base.length <= 100 ? base : 'http://localhost';
  } catch {
    return 'http://localhost';
  }
}
