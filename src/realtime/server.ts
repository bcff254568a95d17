import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { Adapter, AdapterHealth, ChannelCounts, Member, MemberChange } from './adapters/adapter.js';
import { createLocalAdapter } from './adapters/local.js';
import { Connection } from './connection.js';
import { Limits } from './limits.js';
import type { Logger } from './logger.js';
import { createMessageHandler } from './message-handler.js';
import { CloseCode, controlFrame, errorFrame, SUPPORTED_PROTOCOLS } from './protocol.js';
import { AddressCounter, LimitCounter, resolveLimits } from './socket-limits.js';
import type { LimitName, SocketLimits } from './socket-limits.js';
import { Subscriptions } from './subscriptions.js';
import { createWebhooks, noWebhooks } from './webhooks.js';
import type { WebhookOptions, WebhookStats } from './webhooks.js';

export type { LimitName, SocketLimits } from './socket-limits.js';
export type { WebhookOptions } from './webhooks.js';

export interface RealtimeServerOptions {
  appId: string;
  key: string;
  secret: string;
  logger: Logger;
  /** Defaults to a local (single node) adapter. */
  adapter?: Adapter;
  /** Seconds of client silence before the server pings; sent to clients. Default 120. */
  activityTimeout?: number;
  /** Seconds to wait for a pong before closing with 4201. Default 30. */
  pongTimeout?: number;
  /** Deprecated: use limits.maxConnections. */
  maxConnections?: number;
  /** Client events per second per connection (Pusher's default is 10). */
  clientEventsPerSecond?: number;
  /** Socket limits; each one left out keeps its default (socket-limits.ts DEFAULT_LIMITS). */
  limits?: Partial<SocketLimits>;
  /** The address a connection is counted under; default the socket's remote address. */
  clientAddress?: (req: IncomingMessage) => string;
  /** Called each time a limit refuses or closes something (for a metrics counter). */
  onLimitReached?: (limit: LimitName) => void;
  /** Pusher webhooks to the app; none when left out. */
  webhooks?: WebhookOptions;
}

export interface RealtimeStats {
  connections: number;
  channels: number;
  /** How often each limit was reached since start. */
  limitsReached: Record<LimitName, number>;
  /** Webhook requests delivered, given up, and events dropped from a full queue. */
  webhooks: WebhookStats;
}

export type MemberChangeListener = (channel: string, userId: string, present: boolean, userInfo: unknown) => void;

export interface RealtimeServer {
  readonly appId: string;
  readonly key: string;
  /** Resolves once the adapter is started (Redis: first connection attempt made). */
  ready(): Promise<void>;
  /** True (and takes the socket) when the path is /app/{anything}. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  attach(server: Server): void;
  /** `data` is the serialised JSON string; the frame is built once per channel. */
  publish(channels: readonly string[], event: string, data: string, exceptSocketId?: string): Promise<void>;
  /**
   * Tags a socket (on whichever node it is) so disconnectPrincipal can close it later. The first
   * person principal (`staff:{id}` / `stay:{id}`) binds the socket: false, and nothing tagged,
   * when it is already bound to another person (answer such a caller 403).
   */
  registerSocketPrincipals(socketId: string, principals: readonly string[]): Promise<boolean>;
  /** Closes every socket registered with the principal, on every node. */
  disconnectPrincipal(principal: string, code?: number, reason?: string): Promise<void>;
  /** Closes every socket signed in (pusher:signin) as the user, on every node. */
  terminateUserConnections(userId: string): Promise<void>;
  onMemberChange(listener: MemberChangeListener): void;
  isMember(channel: string, userId: string): Promise<boolean>;
  members(channel: string): Promise<Member[]>;
  channels(filterPrefix?: string): Promise<Map<string, ChannelCounts>>;
  channelInfo(channel: string): Promise<ChannelCounts>;
  stats(): RealtimeStats;
  health(): { redis: AdapterHealth };
  /** Graceful: clients get 4200 (pusher-js reconnects at once, elsewhere), then the adapter stops. */
  close(): Promise<void>;
}

const appPrincipal = (principal: string): string => `app:${principal}`;
const userPrincipal = (userId: string): string => `user:${userId}`;
/** Principals that name a person (src/domain/actor.ts principalsOf); others (tokens) do not. */
const PERSON_PRINCIPAL = /^(staff|stay):/;
const defaultAddress = (req: IncomingMessage): string => req.socket.remoteAddress ?? 'unknown';

export function createRealtimeServer(options: RealtimeServerOptions): RealtimeServer {
  const { appId, key, secret } = options;
  if (appId === '' || key === '' || secret === '') throw new Error('createRealtimeServer needs appId, key and secret');
  const logger = options.logger.child({ module: 'realtime' });
  const adapter = options.adapter ?? createLocalAdapter();
  const activityTimeout = options.activityTimeout ?? 120;
  const limits = resolveLimits(options.limits, options.maxConnections);
  const limitCounter = new LimitCounter(options.onLimitReached);
  const addresses = new AddressCounter();
  const clientAddress = options.clientAddress ?? defaultAddress;
  const webhooks = options.webhooks === undefined ? noWebhooks : createWebhooks(options.webhooks, { key, secret }, logger);
  const connectionOptions = {
    activityTimeoutMs: activityTimeout * 1000,
    pongTimeoutMs: (options.pongTimeout ?? 30) * 1000,
    clientEventsPerSecond: options.clientEventsPerSecond ?? 10,
    unsubscribedTimeoutMs: limits.idleTimeoutMs,
    onUnsubscribedTimeout: () => limitCounter.reached('idle_timeout'),
    logger,
  };
  const connections = new Set<Connection>();
  const cleanups = new Set<Promise<void>>();
  const listeners: MemberChangeListener[] = [];
  const subscriptions = new Subscriptions(
    { adapter, key, secret, limitCounter, webhooks, maxPresenceMembers: limits.maxPresenceMembers, maxSubscriptionsPerSocket: limits.maxSubscriptionsPerSocket },
    logger,
  );
  const onMessage = createMessageHandler({ adapter, subscriptions, key, secret, userPrincipal, webhooks, clientEventsPerSecond: connectionOptions.clientEventsPerSecond });
  const wss = new WebSocketServer({ noServer: true, maxPayload: Limits.wsMaxPayload, perMessageDeflate: false, clientTracking: false });
  let closing: Promise<void> | null = null;
  let drained: (() => void) | null = null;

  const memberChanged = (change: MemberChange): void => {
    const { channel, userId, present, info } = change;
    const event = present ? 'pusher_internal:member_added' : 'pusher_internal:member_removed';
    const data = JSON.stringify(present ? { user_id: userId, user_info: info } : { user_id: userId });
    adapter.publish([channel], event, data, change.socketId).catch((err: unknown) => logger.error({ err, channel }, 'realtime: member event failed'));
    webhooks.emit({ name: present ? 'member_added' : 'member_removed', channel, user_id: userId });
    for (const listener of listeners) {
      try {
        listener(channel, userId, present, info);
      } catch (err) {
        logger.error({ err, channel }, 'realtime: member change listener failed');
      }
    }
  };
  const occupancyChanged = (channel: string, occupied: boolean): void => {
    webhooks.emit({ name: occupied ? 'channel_occupied' : 'channel_vacated', channel });
  };
  const started = adapter.start({ memberChanged, occupancyChanged });

  function refuse(ws: WebSocket, code: number, message: string): void {
    ws.send(errorFrame(code, message));
    ws.close(code, message);
    setTimeout(() => ws.terminate(), 2000).unref();
  }

  function accept(ws: WebSocket, socket: Duplex, appKey: string, protocol: number, address: string): void {
    if (closing !== null) return refuse(ws, CloseCode.goingAway, 'Server is restarting, reconnect shortly');
    if (appKey !== key) return refuse(ws, CloseCode.appNotFound, `App key ${appKey.slice(0, 50)} not found`);
    if (!SUPPORTED_PROTOCOLS.has(protocol)) return refuse(ws, CloseCode.unsupportedProtocol, 'Unsupported protocol version, use 7');
    if (connections.size >= limits.maxConnections) {
      limitCounter.reached('connections');
      return refuse(ws, CloseCode.overCapacity, 'Over capacity, retry later');
    }
    if (!addresses.tryAdd(address, limits.maxConnectionsPerAddress)) {
      limitCounter.reached('connections_per_address');
      return refuse(ws, CloseCode.overCapacity, 'Too many connections from this address, retry later');
    }

    const conn = new Connection(ws, connectionOptions, socket);
    connections.add(conn);
    adapter.addSocket(conn);
    ws.on('message', (raw) => onMessage(conn, raw));
    ws.on('error', (err) => logger.debug({ err, socketId: conn.id }, 'realtime: socket error'));
    ws.on('close', () => {
      conn.stopTimers();
      connections.delete(conn);
      addresses.remove(address);
      const cleanup = conn.run(async () => {
        await subscriptions.leaveAll(conn);
        adapter.removeSocket(conn);
      });
      cleanups.add(cleanup);
      void cleanup.finally(() => {
        cleanups.delete(cleanup);
        if (connections.size === 0 && cleanups.size === 0) drained?.();
      });
    });
    conn.sendFrame(controlFrame('pusher:connection_established', JSON.stringify({ socket_id: conn.id, activity_timeout: activityTimeout })));
  }

  const server: RealtimeServer = {
    appId,
    key,
    ready: () => started,

    handleUpgrade(req, socket, head) {
      const url = req.url ?? '/';
      const queryAt = url.indexOf('?');
      const path = queryAt === -1 ? url : url.slice(0, queryAt);
      if (!path.startsWith('/app/')) return false;
      if (closing !== null) {
        // Draining: a refusal at the HTTP level makes pusher-js back off instead of looping.
        socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return true;
      }
      const appKey = safeDecode(path.slice('/app/'.length).replace(/\/+$/, ''));
      const protocol = Number(new URLSearchParams(queryAt === -1 ? '' : url.slice(queryAt + 1)).get('protocol'));
      const address = clientAddress(req);
      wss.handleUpgrade(req, socket, head, (ws) => accept(ws, socket, appKey, protocol, address));
      return true;
    },

    attach(httpServer) {
      httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
        if (server.handleUpgrade(req, socket, head)) return;
        // Leave foreign upgrades to other listeners (a dev server, say); refuse them otherwise.
        if (httpServer.listenerCount('upgrade') === 1) socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      });
    },

    publish: (channels, event, data, exceptSocketId) => adapter.publish(channels, event, data, exceptSocketId),
    registerSocketPrincipals: (socketId, principals) =>
      adapter.addPrincipals(socketId, principals.map(appPrincipal), principals.find((p) => PERSON_PRINCIPAL.test(p))),
    disconnectPrincipal: (principal, code = CloseCode.unauthorized, reason = 'Access revoked') =>
      adapter.disconnectPrincipal(appPrincipal(principal), code, reason),
    terminateUserConnections: (userId) => adapter.disconnectPrincipal(userPrincipal(userId), CloseCode.unauthorized, 'Connections terminated'),
    onMemberChange(listener) {
      listeners.push(listener);
    },
    isMember: (channel, userId) => adapter.isMember(channel, userId),
    members: (channel) => adapter.members(channel),
    channels: (filterPrefix) => adapter.channels(filterPrefix),
    channelInfo: (channel) => adapter.channelCounts(channel),
    stats: () => ({ ...adapter.localStats(), limitsReached: limitCounter.snapshot(), webhooks: webhooks.stats() }),
    health: () => ({ redis: adapter.health() }),

    close() {
      closing ??= (async () => {
        await started.catch(() => undefined);
        const done = new Promise<void>((resolve) => {
          drained = resolve;
        });
        for (const conn of connections) conn.close(CloseCode.goingAway, 'Server is restarting, reconnect shortly');
        if (connections.size > 0 || cleanups.size > 0) await done;
        wss.close();
        await adapter.close();
        await webhooks.close();
        logger.info('realtime: closed');
      })();
      return closing;
    },
  };
  return server;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
