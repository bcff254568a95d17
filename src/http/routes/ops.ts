import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { RouteContext } from '../context.js';
import { registry } from '../metrics.js';

const Ready = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded'), Type.Literal('unavailable')]),
  database: Type.Union([Type.Literal('up'), Type.Literal('down')]),
  redis: Type.Union([Type.Literal('up'), Type.Literal('down'), Type.Literal('disabled')]),
});

export const opsRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { deps, realtime, config }) => {
  const tags = ['operations'];
  app.get('/healthz', { schema: { tags, security: [], response: { 200: Type.Object({ status: Type.Literal('ok') }) } } }, async () => ({ status: 'ok' as const }));

  app.get('/readyz', { schema: { tags, security: [], response: { 200: Ready, 503: Ready } } }, async (_req, reply) => {
    const redis = realtime.health().redis;
    const database = await Promise.race([
      deps.store.ping().then(() => 'up' as const, () => 'down' as const),
      new Promise<'down'>((resolve) => setTimeout(resolve, 3000, 'down')),
    ]);
    if (database === 'down') return reply.code(503).send({ status: 'unavailable', database, redis });
    return { status: redis === 'down' ? ('degraded' as const) : ('ok' as const), database, redis };
  });

  // Off by default in production (EXPOSE_METRICS): route names, counts and process details help
  // an attacker; scrape it on a private port or through the proxy with its own access rule.
  if (!config.exposeMetrics) return;
  app.get('/metrics', { schema: { tags, security: [], hide: true } }, async (_req, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
};
