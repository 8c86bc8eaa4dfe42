import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { presentNoticeBoard } from '../http/present-activities.js';
import { NoticeBoardJson, NoticeQuery } from '../schemas/activities.js';
import { problems } from '../schemas/common.js';

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
        response: { 200: NoticeBoardJson, ...problems(400) },
      },
    },
    async (request) => presentNoticeBoard(await app.services.notices.board(request.query.estate)),
  );
};
