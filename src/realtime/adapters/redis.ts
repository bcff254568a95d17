import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { RedisOptions } from 'ioredis';
import { CACHE_TTL_MS, decodeCached, encodeCached } from '../event-cache.js';
import type { CachedEvent } from '../event-cache.js';
import type { Logger } from '../logger.js';
import { PresenceFullError } from './adapter.js';
import type { AdapterHealth, AdapterHooks, ChannelCounts, LocalSocket, Member } from './adapter.js';
import { LocalAdapter } from './local.js';
import { decode, encodeDisconnect, encodeEvent, encodePrincipals } from './redis-bus.js';
import { ClusterRegistry } from './redis-registry.js';

export interface RedisAdapterOptions {
  logger: Logger;
  /** redis://… ; or give `redis` options. */
  url?: string;
  redis?: RedisOptions;
  /** Namespace of every key and of the pub/sub channel. */
  prefix?: string;
  nodeId?: string;
  /** How often this node proves it is alive. Default 1000 ms. */
  heartbeatMs?: number;
  /** A node silent for this long is removed by the others, with its presence members. Default 5000 ms. */
  deadAfterMs?: number;
}

/**
 * Many nodes over Redis: local delivery (inherited) plus a pub/sub transport, and presence,
 * subscription counts and principals made cluster-wide. While Redis is unreachable the node
 * keeps serving its own sockets; when Redis is back it re-registers its state by itself.
 * The messages between nodes are in redis-bus.ts, the shared state in redis-registry.ts.
 */
export class RedisAdapter extends LocalAdapter {
  private readonly logger: Logger;
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly registry: ClusterRegistry;
  private readonly bus: string;
  private readonly heartbeatMs: number;
  private readonly deadAfterMs: number;
  private up = false;
  private everUp = false;
  private downLogged = false;
  private subscribed = false;
  private ticking = false;
  private closed = false;
  private timer: NodeJS.Timeout | null = null;
  private syncing: Promise<void> | null = null;

  constructor(options: RedisAdapterOptions) {
    super();
    const prefix = options.prefix ?? 'concierge:realtime:';
    const node = options.nodeId ?? `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
    this.logger = options.logger.child({ adapter: 'redis', node });
    this.heartbeatMs = options.heartbeatMs ?? 1000;
    this.deadAfterMs = options.deadAfterMs ?? 5000;
    this.bus = `${prefix}bus`;
    // Fail fast while Redis is away (no offline queue): we fall back to local delivery instead.
    const base: RedisOptions = {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: 2000,
      autoResubscribe: false,
      retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
      ...options.redis,
    };
    this.pub = options.url === undefined ? new Redis(base) : new Redis(options.url, base);
    this.sub = options.url === undefined ? new Redis(base) : new Redis(options.url, base);
    this.registry = new ClusterRegistry(this.pub, prefix, node);
  }

  override async start(hooks: AdapterHooks): Promise<void> {
    await super.start(hooks);
    this.sub.on('message', (_channel: string, message: string) => this.onBusMessage(message));
    for (const client of [this.pub, this.sub]) {
      client.on('ready', () => this.onReady());
      client.on('close', () => this.markDown('connection closed'));
      client.on('error', (err: Error) => {
        if (client.status !== 'ready') this.markDown(err.message);
      });
    }
    this.timer = setInterval(() => void this.tick(), this.heartbeatMs);
    this.timer.unref();
    await Promise.allSettled([this.pub.connect(), this.sub.connect()]);
    if (this.syncing !== null) await this.syncing;
  }

  override async publish(channels: readonly string[], event: string, data: string, exceptSocketId?: string, userId?: string): Promise<void> {
    const eventJson = JSON.stringify(event);
    const dataJson = JSON.stringify(data);
    const userIdJson = userId === undefined ? undefined : JSON.stringify(userId);
    this.deliver(channels, eventJson, dataJson, exceptSocketId, userIdJson);
    const cached = userIdJson === undefined ? this.remember(channels, eventJson, dataJson) : [];
    if (!this.up) return;
    // Written before the event goes on the bus, on the same connection: a subscriber that reads
    // the cache after the event was delivered finds it there.
    for (const channel of cached) {
      this.registry.setCached(channel, encodeCached({ eventJson, dataJson }), CACHE_TTL_MS).catch((err: unknown) => this.commandFailed(err));
    }
    await this.send(encodeEvent(this.registry.node, channels, eventJson, dataJson, exceptSocketId, userIdJson));
  }

  override async cachedEvent(channel: string): Promise<CachedEvent | null> {
    return this.clusterOr(async () => decodeCached(await this.registry.cached(channel)), () => super.cachedEvent(channel));
  }

  /**
   * With an identity, the binding is claimed in Redis first, so a socket on another node is
   * refused too; the node holding the socket checks again when the principals reach it.
   */
  override async addPrincipals(socketId: string, principals: readonly string[], identity?: string): Promise<boolean> {
    if (identity !== undefined && this.up) {
      try {
        if (!(await this.registry.claimSocket(socketId, identity))) return false;
      } catch (err) {
        this.commandFailed(err);
      }
    }
    const here = this.addLocalPrincipals(socketId, principals, identity);
    if (here !== 'absent' || !this.up) return here !== 'refused';
    await this.send(encodePrincipals(this.registry.node, socketId, principals, identity));
    return true;
  }

  override removeSocket(socket: LocalSocket): void {
    const bound = this.socketIdentity.has(socket.id);
    super.removeSocket(socket);
    if (bound && this.up) this.registry.releaseSocket(socket.id).catch((err: unknown) => this.commandFailed(err));
  }

  override async disconnectPrincipal(principal: string, code: number, reason: string): Promise<void> {
    this.disconnectLocalPrincipal(principal, code, reason);
    if (!this.up) return;
    await this.send(encodeDisconnect(this.registry.node, principal, code, reason));
  }

  protected override subscriptionCountChanged(channel: string, count: number): void {
    if (this.up) this.setSubscriptions(channel, count).catch((err: unknown) => this.commandFailed(err));
  }

  /** Occupancy is decided cluster-wide, by the registry (setSubscriptions, reap). */
  protected override occupancyChangedHere(): void {}

  private async setSubscriptions(channel: string, count: number): Promise<void> {
    const change = await this.registry.setSubscriptions(channel, count);
    if (change !== null) this.hooks.occupancyChanged?.(channel, change === 'occupied');
  }

  protected override async joinPresence(channel: string, socketId: string, member: Member, firstHere: boolean, maxMembers?: number): Promise<Member[]> {
    if (this.up) {
      let joined: Awaited<ReturnType<ClusterRegistry['join']>>;
      try {
        if (!firstHere) return await this.registry.members(channel);
        joined = await this.registry.join(channel, member, maxMembers);
      } catch (err) {
        this.commandFailed(err);
        return super.joinPresence(channel, socketId, member, firstHere);
      }
      if (joined.full) throw new PresenceFullError(channel, maxMembers ?? 0);
      if (joined.first) this.hooks.memberChanged({ channel, userId: member.id, present: true, info: member.info, socketId });
      return joined.members;
    }
    return super.joinPresence(channel, socketId, member, firstHere);
  }

  protected override async leavePresence(channel: string, userId: string, info: unknown): Promise<void> {
    if (this.up) {
      try {
        const left = await this.registry.leave(channel, userId);
        if (left !== null) this.hooks.memberChanged({ channel, userId, present: false, info: left.info });
        return;
      } catch (err) {
        this.commandFailed(err);
      }
    }
    return super.leavePresence(channel, userId, info);
  }

  override async members(channel: string): Promise<Member[]> {
    return this.clusterOr(() => this.registry.members(channel), () => super.members(channel));
  }

  override async isMember(channel: string, userId: string): Promise<boolean> {
    return this.clusterOr(() => this.registry.isMember(channel, userId), () => super.isMember(channel, userId));
  }

  override async channels(prefix = ''): Promise<Map<string, ChannelCounts>> {
    return this.clusterOr(() => this.registry.channels(prefix), () => super.channels(prefix));
  }

  override async channelCounts(channel: string): Promise<ChannelCounts> {
    return this.clusterOr(() => this.registry.channelCounts(channel), () => super.channelCounts(channel));
  }

  override health(): AdapterHealth {
    return this.up ? 'up' : 'down';
  }

  override async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== null) clearInterval(this.timer);
    if (this.up) {
      try {
        this.reaped(await this.registry.reap(this.registry.node));
      } catch (err) {
        this.logger.warn({ err }, 'realtime: could not deregister this node from redis');
      }
    }
    this.up = false;
    await Promise.allSettled([this.pub.quit(), this.sub.quit()]);
    this.pub.disconnect();
    this.sub.disconnect();
  }

  private async clusterOr<T>(cluster: () => Promise<T>, local: () => Promise<T>): Promise<T> {
    if (this.up) {
      try {
        return await cluster();
      } catch (err) {
        this.commandFailed(err);
      }
    }
    return local();
  }

  private async send(message: string): Promise<void> {
    await this.pub.publish(this.bus, message).catch((err: unknown) => this.commandFailed(err));
  }

  private onBusMessage(message: string): void {
    let decoded: ReturnType<typeof decode>;
    try {
      decoded = decode(message);
    } catch (err) {
      this.logger.warn({ err }, 'realtime: unreadable bus message ignored');
      return;
    }
    if (decoded === null || decoded.origin === this.registry.node) return;
    if ('eventJson' in decoded) {
      this.deliver(decoded.channels, decoded.eventJson, decoded.dataJson, decoded.except, decoded.userIdJson);
      // Kept here too, for when Redis is away and this node answers cache reads alone.
      if (decoded.userIdJson === undefined) this.remember(decoded.channels, decoded.eventJson, decoded.dataJson);
    } else if (decoded.kind === 'principals') {
      this.addLocalPrincipals(decoded.socketId, decoded.principals, decoded.identity);
    } else {
      this.disconnectLocalPrincipal(decoded.principal, decoded.code, decoded.reason);
    }
  }

  private onReady(): void {
    if (this.closed || this.pub.status !== 'ready' || this.sub.status !== 'ready' || this.syncing !== null) return;
    this.syncing = this.connectBus()
      .then(() => this.resync())
      .then(() => {
        this.logger.info(this.everUp ? 'realtime: redis is back, cluster mode resumed' : 'realtime: redis connected');
        this.everUp = true;
        this.downLogged = false;
      })
      .catch((err: unknown) => this.commandFailed(err))
      .finally(() => {
        this.syncing = null;
      });
  }

  private async connectBus(): Promise<void> {
    if (this.subscribed) return;
    await this.sub.subscribe(this.bus);
    this.subscribed = true;
  }

  /**
   * Makes Redis agree with this node: counts and members it holds are (re)registered, those it
   * no longer holds are removed. The diff is computed and its commands issued in one tick, and
   * `up` is set in that tick too, so later changes queue behind it on the same connection.
   */
  private async resync(): Promise<void> {
    await this.registry.loadScripts();
    await this.registry.heartbeat();
    const held = await this.registry.ownState();
    const work: Array<Promise<unknown>> = [];
    for (const [channel, sockets] of this.subscribers) work.push(this.setSubscriptions(channel, sockets.size));
    for (const channel of held.channels) {
      if (!this.subscribers.has(channel)) work.push(this.setSubscriptions(channel, 0));
    }
    for (const { channel, member } of this.presence.entries()) {
      work.push(this.registry.join(channel, member).then(({ first }) => {
        if (first) this.hooks.memberChanged({ channel, userId: member.id, present: true, info: member.info });
      }));
    }
    for (const { channel, userId } of held.presence) {
      if (this.presence.has(channel, userId)) continue;
      work.push(this.registry.leave(channel, userId).then((left) => {
        if (left !== null) this.hooks.memberChanged({ channel, userId, present: false, info: left.info });
      }));
    }
    this.up = true;
    await Promise.all(work);
  }

  /** Heartbeat, and removal of nodes that stopped beating. */
  private async tick(): Promise<void> {
    if (!this.up || this.ticking || this.closed) return;
    this.ticking = true;
    try {
      if (!(await this.registry.heartbeat())) {
        this.logger.warn('realtime: this node was presumed dead by the cluster; registering again');
        await this.resync();
      }
      for (const node of await this.registry.deadNodes(this.deadAfterMs)) {
        const reaped = await this.registry.reap(node);
        this.logger.info({ deadNode: node, members: reaped.removed.length }, 'realtime: removed a silent node');
        this.reaped(reaped);
      }
    } catch (err) {
      this.commandFailed(err);
    } finally {
      this.ticking = false;
    }
  }

  /** What leaves with a node that is gone: its last members, and channels only it held. */
  private reaped({ removed, vacated }: Awaited<ReturnType<ClusterRegistry['reap']>>): void {
    for (const gone of removed) this.hooks.memberChanged({ ...gone, present: false });
    for (const channel of vacated) this.hooks.occupancyChanged?.(channel, false);
  }

  private commandFailed(err: unknown): void {
    if (this.pub.status !== 'ready' || this.sub.status !== 'ready') {
      this.markDown(err instanceof Error ? err.message : String(err));
    } else {
      this.logger.warn({ err }, 'realtime: redis command failed');
    }
  }

  private markDown(reason: string): void {
    if (this.closed) return;
    if (this.sub.status !== 'ready') this.subscribed = false;
    this.up = false;
    if (this.downLogged) return;
    this.downLogged = true;
    this.logger.warn({ reason }, 'realtime: redis unavailable, delivering to this node only until it is back');
  }
}

export function createRedisAdapter(options: RedisAdapterOptions): RedisAdapter {
  return new RedisAdapter(options);
}
