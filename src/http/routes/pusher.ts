// The Pusher client side: options for pusher-js, and signing the subscriptions a caller may make.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { subscriptionRefusal } from '../../domain/access.js';
import { principalsOf, pusherUserId, resolveActor } from '../../domain/actor.js';
import { AppError, unauthenticated } from '../../domain/errors.js';
import { staffInfo } from '../../domain/views.js';
import type { RouteContext } from '../app.js';
import { errors } from '../schemas/common.js';

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
  }, async (req) => {
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
    const [host, port] = hostAndPort(req.headers.host, config);
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
    const refusal = subscriptionRefusal(actor, channel);
    if (refusal) throw new AppError('forbidden', refusal);
    let channelData: string | undefined;
    if (channel.startsWith('presence-') && actor.kind === 'staff') {
      const info = staffInfo(actor.staff);
      channelData = JSON.stringify({ user_id: String(actor.staff.id), user_info: { name: info.name, role: info.role, profile_image: info.profile_image } });
    }
    const principals = principalsOf(actor);
    await realtime.registerSocketPrincipals(socketId, principals);
    // A check-out, deactivation or logout that committed while this request ran has already cut
    // this person's sockets, possibly before this one was registered: look again, and cut it too.
    const token = req.headers.authorization?.slice(7).trim() ?? '';
    if (!(await deps.store.read((r) => resolveActor(r, token)))) {
      await Promise.all(principals.map((p) => deps.live.disconnect(p)));
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
      response: { 200: Type.Object({ auth: Type.String(), user_data: Type.String() }), ...errors(400, 401) },
    },
  }, async (req) => {
    const actor = req.actor;
    const id = actor ? pusherUserId(actor) : null;
    if (!actor || !id) throw unauthenticated();
    await realtime.registerSocketPrincipals(req.body.socket_id, principalsOf(actor));
    const info =
      actor.kind === 'staff' ? { kind: 'staff', name: staffInfo(actor.staff).name } : actor.kind === 'guest' ? { kind: 'guest', room_number: actor.session.roomNumber } : {};
    return realtime.signUser(req.body.socket_id, JSON.stringify({ id, user_info: info }));
  });
};

function hostAndPort(hostHeader: string | undefined, config: RouteContext['config']): [string, number] {
  if (hostHeader) {
    const u = new URL(`http://${hostHeader}`);
    return [u.hostname.replace(/^\[|\]$/g, ''), u.port ? Number(u.port) : 80];
  }
  return [config.host, config.port];
}
