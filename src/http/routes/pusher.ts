// The Pusher client side: options for pusher-js, and signing the subscriptions a caller may make.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { subscriptionRefusal } from '../../domain/access.js';
import { resolveActor } from '../../domain/actor.js';
import { principalsOf, pusherUserId } from '../../contract/identities.js';
import { AppError, unauthenticated } from '../../domain/errors.js';
import { parseChannel } from '../../contract/channels.js';
import { staffInfo } from '../../contract/presenters.js';
import type { RouteContext } from '../context.js';
import { errors } from '../../contract/schemas/common.js';

const UserAuthBody = Type.Object({ socket_id: Type.String({ pattern: '^\\d+\\.\\d+$', maxLength: 64 }) }, { additionalProperties: true });

const AuthBody = Type.Object(
  {
    socket_id: Type.String({ pattern: '^\\d+\\.\\d+$', maxLength: 64 }),
    channel_name: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: true },
);

export const pusherRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { config, realtime, deps }) => {
  app.get('/pusher/config/', {
    schema: { tags: ['realtime'], security: [] },
  }, async (req, reply) => {
    // The answer depends on the Host header: no shared cache may keep one caller's for another.
    reply.header('cache-control', 'no-store').header('vary', 'Host, X-Forwarded-Host, X-Forwarded-Proto');
    const ext = config.pusher.external;
    if (ext) {
      return {
        key: config.pusher.key,
        cluster: ext.cluster ?? 'mt1',
        ...(ext.host && { wsHost: ext.host, wsPort: ext.port ?? (ext.useTLS ? 443 : 80), wssPort: ext.port ?? 443 }),
        forceTLS: ext.useTLS,
        enabledTransports: ['ws', 'wss'],
        channelAuthorization: { endpoint: '/pusher/auth/', transport: 'ajax' },
        userAuthentication: { endpoint: '/pusher/user-auth/', transport: 'ajax' },
      };
    }
    const [host, port] = hostAndPort(req.host, req.protocol, config);
    return {
      key: config.pusher.key,
      cluster: 'mt1',
      wsHost: host,
      wsPort: port,
      wssPort: port,
      forceTLS: req.protocol === 'https',
      enabledTransports: ['ws', 'wss'],
      disableStats: true,
      channelAuthorization: { endpoint: '/pusher/auth/', transport: 'ajax' },
      userAuthentication: { endpoint: '/pusher/user-auth/', transport: 'ajax' },
    };
  });

  app.post('/pusher/auth/', {
    schema: {
      tags: ['realtime'],
      body: AuthBody,
      response: { 200: Type.Object({ auth: Type.String(), channel_data: Type.Optional(Type.String()) }), ...errors(400, 401, 403) },
    },
  }, async (req) => {
    const actor = req.actor;
    if (!actor) throw unauthenticated();
    const { socket_id: socketId, channel_name: channel } = req.body;
    const refusal = subscriptionRefusal(actor, parseChannel(channel));
    if (refusal) throw new AppError('forbidden', refusal);
    let channelData: string | undefined;
    if (channel.startsWith('presence-') && actor.kind === 'staff') {
      const info = staffInfo(actor.staff);
      channelData = JSON.stringify({ user_id: String(actor.staff.id), user_info: { name: info.name, role: info.role, profile_image: info.profile_image } });
    }
    const principals = principalsOf(actor);
    if (!(await realtime.registerSocketPrincipals(socketId, principals))) throw new AppError('forbidden', 'This connection belongs to someone else.');
    // A check-out, deactivation or logout that committed while this request ran has already cut
    // this person's sockets, possibly before this one was registered: look again, and cut it too.
    const token = req.headers.authorization?.slice(7).trim() ?? '';
    if (!(await deps.store.read((r) => resolveActor(r, token)))) {
      await realtime.disconnect(principals);
      throw unauthenticated();
    }
    return realtime.signChannel(socketId, channel, channelData);
  });

  // pusher:signin — the socket becomes this person's (`staff-{id}` or `stay-{id}`), so a check-out
  // or a revoked staff account ends their connections even on an external Pusher service.
  app.post('/pusher/user-auth/', {
    schema: {
      tags: ['realtime'],
      body: UserAuthBody,
      response: { 200: Type.Object({ auth: Type.String(), user_data: Type.String() }), ...errors(400, 401, 403) },
    },
  }, async (req) => {
    const actor = req.actor;
    const id = actor ? pusherUserId(actor) : null;
    if (!actor || !id) throw unauthenticated();
    if (!(await realtime.registerSocketPrincipals(req.body.socket_id, principalsOf(actor)))) {
      throw new AppError('forbidden', 'This connection belongs to someone else.');
    }
    const info =
      actor.kind === 'staff' ? { kind: 'staff', name: staffInfo(actor.staff).name } : actor.kind === 'guest' ? { kind: 'guest', room_number: actor.session.roomNumber } : {};
    return realtime.signUser(req.body.socket_id, JSON.stringify({ id, user_info: info }));
  });
};

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;
const IPV6 = /^\[[0-9a-f:.]+\]$/i;

/**
 * Where the browser reached us, from the Host header (or X-Forwarded-Host from a proxy
 * TRUST_PROXY names): a hostname, IPv4 or [IPv6] with an optional port, else 400. Only what
 * passes is echoed back as wsHost, so a crafted Host cannot inject anything into the answer.
 */
function hostAndPort(hostHeader: string | undefined, protocol: 'http' | 'https', config: RouteContext['config']): [string, number] {
  if (!hostHeader) return [config.host, config.port];
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d{1,5}))?$/.exec(hostHeader);
  const name = match?.[1] ?? '';
  const port = match?.[2] === undefined ? (protocol === 'https' ? 443 : 80) : Number(match[2]);
  if (!match || !(HOSTNAME.test(name) || IPV6.test(name)) || port < 1 || port > 65535) {
    throw new AppError('invalid_request', 'The Host header is not a valid host name and port.');
  }
  return [name.replace(/^\[|\]$/g, ''), port];
}
