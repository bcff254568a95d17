// The two web apps, built by Vite into dist/web: /staff/… and /guest/{hotel}/{room}.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { RouteContext } from '../context.js';

export const webRoutes: FastifyPluginAsync<RouteContext> = async (app, { config }) => {
  const dir = config.webDir;
  const built = existsSync(join(dir, 'staff', 'index.html'));
  if (existsSync(join(dir, 'assets'))) {
    // Every file under assets/ has its content hash in its name: a release gets new names, so
    // a browser may keep these for ever. Source maps, if a build made them, stay private in
    // production (they hand out the source with its comments).
    await app.register(fastifyStatic, {
      root: join(dir, 'assets'),
      prefix: '/assets/',
      immutable: true,
      maxAge: '365d',
      index: false,
      ...(config.production && { allowedPath: (path: string) => !path.endsWith('.map') }),
    });
  } else {
    await app.register(fastifyStatic, { root: dir, serve: false });
  }
  const page = (file: string) => async (_req: unknown, reply: FastifyReply) => {
    if (!built) {
      return reply.code(503).send({ error: 'The web apps are not built yet: run `npm run build`.', code: 'unavailable' });
    }
    // The page names this release's assets, so it is checked on every visit: `cacheControl:
    // false` keeps the static plugin's year-long immutable header (meant for assets/) off it.
    return reply.header('cache-control', 'no-cache').sendFile(file, dir, { cacheControl: false });
  };
  const hide = { schema: { hide: true } };
  app.get('/', hide, async (_req, reply) => reply.redirect('/staff/'));
  app.get('/staff', hide, page('staff/index.html'));
  app.get('/staff/*', hide, page('staff/index.html'));
  app.get('/guest/:hotel/:room', hide, page('guest/index.html'));
};
