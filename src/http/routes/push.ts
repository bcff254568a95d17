// Web push over HTTP: the key browsers subscribe with, subscribing and unsubscribing a browser
// (staff and guests each on their own paths, so neither can pose as the other), and the service
// worker script that shows the notifications.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errors, HotelParams } from '../../contract/schemas/common.js';
import { PushPublicKeyReply, PushSubscribeReply, PushSubscriptionBody, PushUnsubscribeBody, PushUnsubscribeReply } from '../../contract/schemas/push.js';
import { pushPublicKey, subscribePush, unsubscribePush, type PushAudience } from '../../push/subscriptions.js';
import type { RouteContext } from '../context.js';

/** Served from the site's root so one script can be registered for /staff/ and for /guest/ (each its own scope and subscription). */
export const SERVICE_WORKER_PATH = '/push-sw.js';

export const pushRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { deps, config }) => {
  const tags = ['push'];
  const base = '/chat/:hotel_slug/push';

  app.get(`${base}/public-key/`, {
    schema: { tags, summary: 'The VAPID key to subscribe with (staff or guest of the hotel)', params: HotelParams, response: { 200: PushPublicKeyReply, ...errors(401, 403, 503) } },
  }, async (req) => ({ public_key: pushPublicKey(deps, req.actor, req.params.hotel_slug), service_worker: SERVICE_WORKER_PATH }));

  const who: Record<PushAudience, string> = { staff: 'a staff member of the hotel', guest: "the guest's stay" };
  for (const audience of ['staff', 'guest'] as const) {
    app.post(`${base}/${audience}/subscribe/`, {
      schema: {
        tags,
        summary: `Send this browser push notifications for ${who[audience]}`,
        params: HotelParams,
        body: PushSubscriptionBody,
        response: { 201: PushSubscribeReply, ...errors(400, 401, 403, 503) },
      },
    }, async (req, reply) => {
      const { endpoint, keys } = req.body;
      await subscribePush(deps, req.actor, req.params.hotel_slug, audience, { endpoint, p256dh: keys.p256dh, auth: keys.auth });
      return reply.code(201).send({ subscribed: true as const });
    });

    app.post(`${base}/${audience}/unsubscribe/`, {
      schema: {
        tags,
        summary: `Stop push notifications to this browser for ${who[audience]}`,
        params: HotelParams,
        body: PushUnsubscribeBody,
        response: { 200: PushUnsubscribeReply, ...errors(400, 401, 403, 503) },
      },
    }, async (req) => ({ removed: await unsubscribePush(deps, req.actor, req.params.hotel_slug, audience, req.body.endpoint) }));
  }

  app.get(SERVICE_WORKER_PATH, { schema: { hide: true } }, async (_req, reply) => {
    const script = await readFile(join(config.webDir, 'push-sw.js')).catch(() => null);
    if (!script) return reply.code(503).send({ error: 'The web apps are not built yet: run `npm run build`.', code: 'unavailable' });
    // Checked on every registration and update: a new release's worker replaces the old one.
    return reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(script);
  });
};
