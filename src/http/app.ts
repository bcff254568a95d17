// The Fastify application: schemas, auth, error handling and one plugin per resource.
import formbody from '@fastify/formbody';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { TypeBoxValidatorCompiler, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { type FastifyInstance, type FastifyBaseLogger, type FastifyServerOptions, type RawServerDefault } from 'fastify';
import type { Config } from '../config.js';
import { resolveActor, type Actor } from '../domain/actor.js';
import type { Deps } from '../domain/ports.js';
import { AccessLog } from './access-log.js';
import type { Dispatcher } from '../events/dispatcher.js';
import type { RealtimeAccess } from './context.js';
import { trustFunction } from './client-address.js';
import { clientErrorHandler, errorHandler, notFoundHandler } from './errors.js';
import { metricsPlugin } from './metrics.js';
import { operationsRoutes } from './routes/operations.js';
import { adminRoutes } from './routes/admin.js';
import { attachmentRoutes } from './routes/attachments.js';
import { analyticsRoutes } from './routes/analytics.js';
import { authRoutes } from './routes/auth.js';
import { chatRoutes } from './routes/chat.js';
import { consoleRoutes } from './routes/console.js';
import { deskDayRoutes } from './routes/desk-day.js';
import { guestEntryRoutes } from './routes/guest-entry.js';
import { opsRoutes } from './routes/ops.js';
import { pusherRoutes } from './routes/pusher.js';
import { webRoutes } from './routes/web.js';
import { securityHeaders } from './security-headers.js';
import { sendLimit } from './send-limit.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller, from `Authorization: Bearer`; null when absent or no longer valid. */
    actor: Actor | null;
  }
}

export interface AppOptions {
  deps: Deps;
  config: Config;
  realtime: RealtimeAccess;
  dispatcher: Dispatcher;
  logger?: FastifyServerOptions['logger'] | FastifyBaseLogger;
}

export type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;

export const BODY_LIMIT = 64 * 1024;

export async function buildApp(opts: AppOptions): Promise<App> {
  const { config } = opts;
  const loggerOption = opts.logger ?? false;
  const { headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs } = config.http;
  const app = Fastify({
    ...(typeof loggerOption === 'object' && loggerOption !== null && 'child' in loggerOption
      ? { loggerInstance: loggerOption as FastifyBaseLogger }
      : { logger: loggerOption as FastifyServerOptions['logger'] }),
    logController: new AccessLog(),
    bodyLimit: BODY_LIMIT,
    // Only the proxies TRUST_PROXY names are believed; the realtime server uses the same rule.
    trustProxy: config.trustProxy.kind === 'none' ? false : trustFunction(config.trustProxy),
    requestIdHeader: 'x-request-id',
    routerOptions: { maxParamLength: 300, ignoreTrailingSlash: true },
    // A body trickled in byte by byte, or headers never finished, must not hold a socket for ever.
    requestTimeout: requestTimeoutMs,
    keepAliveTimeout: keepAliveTimeoutMs,
    // Node checks the two timeouts on this beat (30 s by default, longer than a short timeout).
    http: { headersTimeout: headersTimeoutMs, connectionsCheckingInterval: Math.max(100, Math.min(headersTimeoutMs, requestTimeoutMs) / 4) },
    clientErrorHandler,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  await securityHeaders(app, config);
  await app.register(formbody);
  await app.register(swagger, {
    openapi: {
      info: { title: 'Concierge API', version: '1', description: 'Hotel guest messaging with multi-staff handoff.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  if (config.exposeApiDocs) {
    // Swagger UI renders some styles inline; its page holds no token of ours.
    await app.register(swaggerUi, {
      routePrefix: '/docs',
      transformStaticCSP: (header) => header.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
    });
  }
  await app.register(metricsPlugin);

  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (req) => {
    const header = req.headers.authorization;
    if (!header?.startsWith('Bearer ')) return;
    req.actor = await opts.deps.store.read((r) => resolveActor(r, header.slice(7).trim()));
  });
  sendLimit(app, config, opts.deps.clock);

  const ctx = { deps: opts.deps, config, realtime: opts.realtime, dispatcher: opts.dispatcher };
  await app.register(authRoutes, ctx);
  await app.register(chatRoutes, ctx);
  await app.register(attachmentRoutes, ctx);
  await app.register(guestEntryRoutes, ctx);
  await app.register(adminRoutes, ctx);
  await app.register(operationsRoutes, ctx);
  await app.register(analyticsRoutes, ctx);
  await app.register(consoleRoutes, ctx);
  await app.register(deskDayRoutes, ctx);
  await app.register(pusherRoutes, ctx);
  await app.register(opsRoutes, ctx);
  await app.register(webRoutes, ctx);
  if (config.exposeApiDocs) app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}
