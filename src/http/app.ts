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
import { KeyedQueue } from './conversation-queue.js';
import { errorHandler, notFoundHandler } from './errors.js';
import { metricsPlugin } from './metrics.js';
import { adminRoutes } from './routes/admin.js';
import { authRoutes } from './routes/auth.js';
import { chatRoutes } from './routes/chat.js';
import { opsRoutes } from './routes/ops.js';
import { pusherRoutes } from './routes/pusher.js';
import { webRoutes } from './routes/web.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller, from `Authorization: Bearer`; null when absent or no longer valid. */
    actor: Actor | null;
  }
}

/** What the realtime side offers the HTTP routes. */
export interface RealtimeAccess {
  signChannel(socketId: string, channel: string, channelData?: string): { auth: string; channel_data?: string };
  signUser(socketId: string, userData: string): { auth: string; user_data: string };
  registerSocketPrincipals(socketId: string, principals: string[]): Promise<void>;
  health(): { redis: 'up' | 'down' | 'disabled' };
}

export interface AppOptions {
  deps: Deps;
  config: Config;
  realtime: RealtimeAccess;
  logger?: FastifyServerOptions['logger'] | FastifyBaseLogger;
}

export type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;

export const BODY_LIMIT = 64 * 1024;

export async function buildApp(opts: AppOptions): Promise<App> {
  const loggerOption = opts.logger ?? false;
  const app = Fastify({
    ...(typeof loggerOption === 'object' && loggerOption !== null && 'child' in loggerOption
      ? { loggerInstance: loggerOption as FastifyBaseLogger }
      : { logger: loggerOption as FastifyServerOptions['logger'] }),
    logController: new AccessLog(),
    bodyLimit: BODY_LIMIT,
    trustProxy: opts.config.production,
    requestIdHeader: 'x-request-id',
    routerOptions: { maxParamLength: 300, ignoreTrailingSlash: true },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  await app.register(formbody);
  await app.register(swagger, {
    openapi: {
      info: { title: 'Concierge API', version: '1', description: 'Hotel guest messaging with multi-staff handoff.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(metricsPlugin);

  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (req) => {
    const header = req.headers.authorization;
    if (!header?.startsWith('Bearer ')) return;
    req.actor = await opts.deps.store.read((r) => resolveActor(r, header.slice(7).trim()));
  });

  const ctx = { deps: opts.deps, config: opts.config, realtime: opts.realtime, queue: new KeyedQueue() };
  await app.register(authRoutes, ctx);
  await app.register(chatRoutes, ctx);
  await app.register(adminRoutes, ctx);
  await app.register(pusherRoutes, ctx);
  await app.register(opsRoutes, ctx);
  await app.register(webRoutes, ctx);
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}

export type RouteContext = {
  deps: Deps;
  config: Config;
  realtime: RealtimeAccess;
  queue: KeyedQueue;
};
