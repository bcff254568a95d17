// The two web apps, built by Vite into dist/web: /staff/… and /guest/{hotel}/{room}.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { RouteContext } from '../app.js';

export const webRoutes: FastifyPluginAsync<RouteContext> = async (app, { config }) => {
  const dir = config.webDir;
  const built = existsSync(join(dir, 'staff', 'index.html'));
  if (existsSync(join(dir, 'assets'))) {
    await app.register(fastifyStatic, { root: join(dir, 'assets'), prefix: '/assets/', immutable: true, maxAge: '365d', index: false });
  } else {
    await app.register(fastifyStatic, { root: dir, serve: false });
  }
  const page = (file: string) => async (_req: unknown, reply: FastifyReply) => {
    if (!built) {
      return reply.code(503).send({ error: 'The web apps are not built yet: run `npm run build`.', code: 'unavailable' });
    }
    return reply.header('cache-control', 'no-cache').sendFile(file, dir);
  };
  const hide = { schema: { hide: true } };
  app.get('/', hide, async (_req, reply) => reply.redirect('/staff/'));
  app.get('/staff', hide, page('staff/index.html'));
  app.get('/staff/*', hide, page('staff/index.html'));
  app.get('/guest/:hotel/:room', hide, page('guest/index.html'));
};
