import Pusher from 'pusher';
import { isPresenceChannel } from '../channel-name.js';
import { Limits } from '../limits.js';
import type { Logger } from '../logger.js';
import type { ChannelCounts, Member } from './adapter.js';
import { LocalAdapter } from './local.js';

export interface ExternalPusherConfig {
  appId: string;
  key: string;
  secret: string;
  host?: string | null;
  port?: number | null;
  useTLS: boolean;
  cluster?: string | null;
  /** HTTP timeout of one API call. Default 5000 ms. */
  timeoutMs?: number;
}

interface Pending {
  channels: readonly string[];
  event: string;
  data: string;
  socketId: string | undefined;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Publishes to an external Pusher-compatible service (Pusher, Soketi, Reverb, another Concierge)
 * through the official SDK. The publisher's `oversize` callback trims events over Pusher's 10 KB
 * limit before they get here (`truncated: true`); one still over it is dropped with a warning, as
 * the service would refuse it. Single-channel events published close together go out as one
 * batch (up to 10); an event for several channels is one trigger per 100 channels. Order is kept.
 * Presence and channel queries ask the service's HTTP API; member changes arrive as the service's
 * webhooks (webhook-receiver.ts), not here. Principals can only close sockets of this node.
 */
export class PusherAdapter extends LocalAdapter {
  private readonly client: Pusher;
  private readonly logger: Logger;
  private queue: Pending[] = [];
  private flushing = false;

  constructor(config: ExternalPusherConfig, logger: Logger) {
    super();
    this.logger = logger.child({ adapter: 'pusher' });
    const base = { appId: config.appId, key: config.key, secret: config.secret, useTLS: config.useTLS, timeout: config.timeoutMs ?? 5000 };
    this.client = config.host
      ? new Pusher({ ...base, host: config.host, ...(config.port ? { port: String(config.port) } : {}) })
      : new Pusher({ ...base, cluster: config.cluster ?? 'mt1' });
  }

  override async publish(channels: readonly string[], event: string, data: string, exceptSocketId?: string, userId?: string): Promise<void> {
    await super.publish(channels, event, data, exceptSocketId, userId);
    // Protocol-internal and client events concern sockets of this node only.
    if (channels.length === 0 || event.startsWith('pusher_internal:') || event.startsWith('client-')) return;
    const bytes = Buffer.byteLength(data, 'utf8');
    if (bytes > Limits.apiEventDataMaxBytes) {
      this.logger.warn({ event, channels, bytes, limit: Limits.apiEventDataMaxBytes }, 'realtime: event dropped, its data is over the 10 KB limit of Pusher');
      return;
    }
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ channels, event, data, socketId: exceptSocketId, resolve, reject });
      if (!this.flushing) setImmediate(() => void this.flush());
      this.flushing = true;
    });
  }

  /** Sends queued events in order: consecutive single-channel ones batched, others alone. */
  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const head = this.queue[0];
      if (head === undefined) break;
      const group = head.channels.length === 1 ? takeBatch(this.queue) : this.queue.splice(0, 1);
      try {
        await this.send(group);
        for (const item of group) item.resolve();
      } catch (err) {
        this.logger.warn({ err, events: group.map((g) => g.event) }, 'realtime: publishing to the external service failed');
        for (const item of group) item.reject(err);
      }
    }
    this.flushing = false;
  }

  private async send(group: Pending[]): Promise<void> {
    const [first] = group;
    if (first === undefined) return;
    if (group.length > 1) {
      await this.client.triggerBatch(group.map((g) => ({ channel: g.channels[0] ?? '', name: g.event, data: g.data, ...(g.socketId && { socket_id: g.socketId }) })));
      return;
    }
    const params = first.socketId === undefined ? undefined : { socket_id: first.socketId };
    for (let i = 0; i < first.channels.length; i += Limits.apiMaxChannels) {
      await this.client.trigger(first.channels.slice(i, i + Limits.apiMaxChannels), first.event, first.data, params);
    }
  }

  /**
   * Sockets live on the service, not here: a signed-in user's connections are ended through its
   * HTTP API (POST /users/{id}/terminate_connections); other principals only exist locally.
   */
  override async disconnectPrincipal(principal: string, code: number, reason: string): Promise<void> {
    await super.disconnectPrincipal(principal, code, reason);
    if (!principal.startsWith('user:')) return;
    try {
      await this.client.terminateUserConnections(principal.slice('user:'.length));
    } catch (err) {
      this.logger.warn({ err }, 'could not terminate a user\'s connections on the Pusher service');
    }
  }

  override async members(channel: string): Promise<Member[]> {
    const body = await this.getJson(`/channels/${channel}/users`);
    const users = field(body, 'users');
    return Array.isArray(users) ? users.map((u) => ({ id: String(field(u, 'id')), info: null })) : [];
  }

  override async isMember(channel: string, userId: string): Promise<boolean> {
    try {
      return (await this.members(channel)).some((m) => m.id === userId);
    } catch (err) {
      this.logger.warn({ err, channel }, 'realtime: presence query to the external service failed');
      return false;
    }
  }

  override async channels(prefix = ''): Promise<Map<string, ChannelCounts>> {
    const presence = prefix.startsWith('presence-');
    const body = await this.getJson('/channels', { ...(prefix !== '' && { filter_by_prefix: prefix }), ...(presence && { info: 'user_count' }) });
    const listed = field(body, 'channels');
    const result = new Map<string, ChannelCounts>();
    if (typeof listed !== 'object' || listed === null) return result;
    for (const [name, attributes] of Object.entries(listed)) {
      // The list API reports occupied channels without counting their subscriptions.
      const counts: ChannelCounts = { subscriptionCount: Number(field(attributes, 'subscription_count') ?? 1) };
      if (isPresenceChannel(name)) counts.userCount = Number(field(attributes, 'user_count') ?? 0);
      result.set(name, counts);
    }
    return result;
  }

  override async channelCounts(channel: string): Promise<ChannelCounts> {
    const info = isPresenceChannel(channel) ? 'subscription_count,user_count' : 'subscription_count';
    const body = await this.getJson(`/channels/${channel}`, { info });
    const occupied = field(body, 'occupied') === true;
    const counts: ChannelCounts = { subscriptionCount: Number(field(body, 'subscription_count') ?? (occupied ? 1 : 0)) };
    if (isPresenceChannel(channel)) counts.userCount = Number(field(body, 'user_count') ?? 0);
    return counts;
  }

  private async getJson(path: string, params?: Record<string, string>): Promise<unknown> {
    const response = await this.client.get({ path, ...(params && { params }) });
    return (await response.json()) as unknown;
  }
}

function takeBatch(queue: Pending[]): Pending[] {
  let n = 0;
  while (n < queue.length && n < Limits.apiMaxBatch && queue[n]?.channels.length === 1) n += 1;
  return queue.splice(0, n);
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

export function createPusherAdapter(config: ExternalPusherConfig, logger: Logger): PusherAdapter {
  return new PusherAdapter(config, logger);
}
