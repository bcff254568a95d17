// Handoff analytics for the hotel's managers: every report as JSON, or one table as CSV.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { analyticsCsv, presentAnalytics } from '../../contract/analytics.js';
import { AnalyticsCsvQuery, AnalyticsQuery, AnalyticsReply } from '../../contract/schemas/analytics.js';
import { errors, HotelParams } from '../../contract/schemas/common.js';
import { hotelAnalytics } from '../../domain/analytics.js';
import type { RouteContext } from '../context.js';

export const analyticsRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { deps }) => {
  const tags = ['admin'];

  app.get('/admin/:hotel_slug/analytics/', {
    schema: {
      tags,
      summary: 'Handoff analytics over a window of days (managers of the hotel); docs/analytics.md defines each figure',
      params: HotelParams,
      querystring: AnalyticsQuery,
      response: { 200: AnalyticsReply, ...errors(400, 401, 403, 404, 429) },
    },
  }, async (req, reply) => {
    const a = await hotelAnalytics(deps, req.actor, req.params.hotel_slug, req.query);
    return reply.header('cache-control', 'private, no-store').send(presentAnalytics(a));
  });

  app.get('/admin/:hotel_slug/analytics.csv', {
    schema: {
      tags,
      summary: 'One analytics table as CSV (managers of the hotel)',
      params: HotelParams,
      querystring: AnalyticsCsvQuery,
      produces: ['text/csv'],
      response: { 200: Type.String({ description: 'RFC 4180 CSV with a header row; text cells that a spreadsheet would run as a formula start with an apostrophe' }), ...errors(400, 401, 403, 404, 429) },
    },
  }, async (req, reply) => {
    const { report, from, to } = req.query;
    const a = await hotelAnalytics(deps, req.actor, req.params.hotel_slug, { from, to });
    const name = `${a.hotelSlug}-${report}-${a.from}-${a.to}.csv`;
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('cache-control', 'private, no-store')
      .send(analyticsCsv(presentAnalytics(a), report));
  });
};
