// Receives Pusher webhooks from an external Pusher-compatible service (hosted Pusher, Soketi,
// Reverb), so presence works on the hosted path as it does on the built-in server. Encapsulated
// Fastify plugin; it parses the body itself because the signature covers its exact bytes.
import type { FastifyPluginAsync } from 'fastify';
import { hmacSha256Hex, safeEqual } from './signature.js';

export interface WebhookReceiverOptions {
  key: string;
  secret: string;
  /** Default /pusher/webhooks */
  path?: string;
  /** member_added (present) and member_removed (not present) of presence channels. */
  onMemberChange(channel: string, userId: string, present: boolean): void;
}

/** Pusher batches a few events per request; this is far above any real batch. */
const BODY_LIMIT = 256 * 1024;

export const pusherWebhookReceiver: FastifyPluginAsync<WebhookReceiverOptions> = async (app, opts) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_req, body, done) => done(null, body));

  app.post(opts.path ?? '/pusher/webhooks', { schema: { hide: true } }, async (req, reply) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const key = req.headers['x-pusher-key'];
    const signature = req.headers['x-pusher-signature'];
    if (typeof key !== 'string' || typeof signature !== 'string' || !safeEqual(key, opts.key)
      || !safeEqual(signature, hmacSha256Hex(opts.secret, body.toString('utf8')))) {
      return reply.code(401).send({ error: 'Webhook signature is not valid', code: 'not_authenticated' });
    }
    const events = parseEvents(body);
    if (events === null) return reply.code(400).send({ error: 'Webhook body is not {time_ms, events: [...]}', code: 'invalid_request' });
    for (const event of events) {
      if ((event.name === 'member_added' || event.name === 'member_removed') && typeof event.channel === 'string' && typeof event.user_id === 'string') {
        try {
          opts.onMemberChange(event.channel, event.user_id, event.name === 'member_added');
        } catch (err) {
          req.log.error({ err, channel: event.channel }, 'pusher webhook: member change listener failed');
        }
      }
    }
    return {};
  });
};

function parseEvents(body: Buffer): Array<Record<string, unknown>> | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return null;
  }
  const events = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>).events : undefined;
  if (!Array.isArray(events)) return null;
  return events.filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null);
}
