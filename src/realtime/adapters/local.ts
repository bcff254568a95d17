import { isCacheChannel, isPresenceChannel } from '../channel-name.js';
import { EventCache } from '../event-cache.js';
import type { CachedEvent } from '../event-cache.js';
import { EncodedFrame } from '../frame.js';
import { PresenceRegistry } from '../presence.js';
import { eventFrame } from '../protocol.js';
import { PresenceFullError } from './adapter.js';
import type { Adapter, AdapterHealth, AdapterHooks, ChannelCounts, LocalSocket, Member } from './adapter.js';

/** What binding principals to a socket came to. */
export type BindResult = 'added' | 'absent' | 'refused';

/**
 * Everything in this process: sockets, channel subscribers, presence members, principals.
 * The Redis adapter extends this class and keeps its delivery; it overrides the protected
 * `*Changed`/`*Presence` steps to mirror state into Redis and adds a transport.
 */
export class LocalAdapter implements Adapter {
  protected hooks: AdapterHooks = { memberChanged: () => undefined };
  protected readonly sockets = new Map<string, LocalSocket>();
  protected readonly subscribers = new Map<string, Set<LocalSocket>>();
  protected readonly presence = new PresenceRegistry();
  protected readonly cache = new EventCache();
  private readonly principalSockets = new Map<string, Set<LocalSocket>>();
  private readonly socketPrincipals = new Map<string, Set<string>>();
  /** The person each socket is bound to (see addPrincipals). */
  protected readonly socketIdentity = new Map<string, string>();

  async start(hooks: AdapterHooks): Promise<void> {
    this.hooks = hooks;
  }

  async publish(channels: readonly string[], event: string, data: string, exceptSocketId?: string, userId?: string): Promise<void> {
    const eventJson = JSON.stringify(event);
    const dataJson = JSON.stringify(data);
    this.deliver(channels, eventJson, dataJson, exceptSocketId, userId === undefined ? undefined : JSON.stringify(userId));
    if (userId === undefined) this.remember(channels, eventJson, dataJson);
  }

  /**
   * Keeps the event as the last one of each cache channel among `channels`; answers those. Only
   * events of the app are cached: not client events, not the protocol's own (member_added…).
   */
  protected remember(channels: readonly string[], eventJson: string, dataJson: string): string[] {
    if (eventJson.startsWith('"client-') || eventJson.startsWith('"pusher')) return [];
    let cached: string[] | undefined;
    for (const channel of channels) {
      if (!isCacheChannel(channel)) continue;
      this.cache.set(channel, { eventJson, dataJson });
      (cached ??= []).push(channel);
    }
    return cached ?? [];
  }

  async cachedEvent(channel: string): Promise<CachedEvent | null> {
    return this.cache.get(channel);
  }

  /**
   * Local fan-out. The frame is built and encoded once per channel, WebSocket header included,
   * and the same bytes go to every socket.
   */
  protected deliver(channels: readonly string[], eventJson: string, dataJson: string, exceptSocketId?: string, userIdJson?: string): void {
    for (const channel of channels) {
      const sockets = this.subscribers.get(channel);
      if (sockets === undefined) continue;
      const frame = new EncodedFrame(eventFrame(eventJson, JSON.stringify(channel), dataJson, userIdJson));
      for (const socket of sockets) {
        if (socket.id !== exceptSocketId) socket.sendFrame(frame);
      }
    }
  }

  addSocket(socket: LocalSocket): void {
    this.sockets.set(socket.id, socket);
  }

  removeSocket(socket: LocalSocket): void {
    this.sockets.delete(socket.id);
    this.socketIdentity.delete(socket.id);
    const principals = this.socketPrincipals.get(socket.id);
    if (principals === undefined) return;
    this.socketPrincipals.delete(socket.id);
    for (const principal of principals) {
      const sockets = this.principalSockets.get(principal);
      sockets?.delete(socket);
      if (sockets?.size === 0) this.principalSockets.delete(principal);
    }
  }

  async subscribe(socket: LocalSocket, channel: string, member?: Member, maxMembers?: number): Promise<Member[] | undefined> {
    // This node's members are a subset of the cluster's: a full channel here is full everywhere.
    if (member !== undefined && maxMembers !== undefined && !this.presence.has(channel, member.id) && this.presence.count(channel) >= maxMembers) {
      throw new PresenceFullError(channel, maxMembers);
    }
    this.addSubscriber(socket, channel);
    if (member === undefined) return undefined;
    const firstHere = this.presence.join(channel, socket.id, member);
    try {
      return await this.joinPresence(channel, socket.id, member, firstHere, maxMembers);
    } catch (err) {
      if (err instanceof PresenceFullError) {
        this.presence.leave(channel, socket.id, member.id);
        this.removeSubscriber(socket, channel);
      }
      throw err;
    }
  }

  async unsubscribe(socket: LocalSocket, channel: string, userId?: string): Promise<void> {
    if (!this.removeSubscriber(socket, channel) || userId === undefined) return;
    const left = this.presence.leave(channel, socket.id, userId);
    if (left !== null) await this.leavePresence(channel, userId, left.info);
  }

  private addSubscriber(socket: LocalSocket, channel: string): void {
    let sockets = this.subscribers.get(channel);
    if (sockets === undefined) {
      sockets = new Set();
      this.subscribers.set(channel, sockets);
    }
    if (sockets.has(socket)) return;
    sockets.add(socket);
    this.subscriptionCountChanged(channel, sockets.size);
    if (sockets.size === 1) this.occupancyChangedHere(channel, true);
  }

  private removeSubscriber(socket: LocalSocket, channel: string): boolean {
    const sockets = this.subscribers.get(channel);
    if (sockets === undefined || !sockets.delete(socket)) return false;
    if (sockets.size === 0) this.subscribers.delete(channel);
    this.subscriptionCountChanged(channel, sockets.size);
    if (sockets.size === 0) this.occupancyChangedHere(channel, false);
    return true;
  }

  /** Hook: this node's subscriber count of a channel changed. */
  protected subscriptionCountChanged(_channel: string, _count: number): void {}

  /** Hook: a channel got its first or lost its last subscriber on this node (for one node, everywhere). */
  protected occupancyChangedHere(channel: string, occupied: boolean): void {
    this.hooks.occupancyChanged?.(channel, occupied);
  }

  /** Hook: a socket joined a presence channel; answers the member list. */
  protected async joinPresence(channel: string, socketId: string, member: Member, firstHere: boolean, _maxMembers?: number): Promise<Member[]> {
    if (firstHere) this.hooks.memberChanged({ channel, userId: member.id, present: true, info: member.info, socketId });
    return this.presence.members(channel);
  }

  /** Hook: a user's last socket on this node left a presence channel. */
  protected async leavePresence(channel: string, userId: string, info: unknown): Promise<void> {
    this.hooks.memberChanged({ channel, userId, present: false, info });
  }

  /** A socket that is not here is not refused: there is nothing of anyone's to protect. */
  async addPrincipals(socketId: string, principals: readonly string[], identity?: string): Promise<boolean> {
    return this.addLocalPrincipals(socketId, principals, identity) !== 'refused';
  }

  /**
   * 'absent' when the socket is not connected to this node; 'refused' (nothing added) when it is
   * bound to a person other than `identity`. The first identity given binds it for its lifetime.
   */
  protected addLocalPrincipals(socketId: string, principals: readonly string[], identity?: string): BindResult {
    const socket = this.sockets.get(socketId);
    if (socket === undefined) return 'absent';
    if (identity !== undefined) {
      const bound = this.socketIdentity.get(socketId);
      if (bound !== undefined && bound !== identity) return 'refused';
      this.socketIdentity.set(socketId, identity);
    }
    let mine = this.socketPrincipals.get(socketId);
    if (mine === undefined) {
      mine = new Set();
      this.socketPrincipals.set(socketId, mine);
    }
    for (const principal of principals) {
      mine.add(principal);
      let sockets = this.principalSockets.get(principal);
      if (sockets === undefined) {
        sockets = new Set();
        this.principalSockets.set(principal, sockets);
      }
      sockets.add(socket);
    }
    return 'added';
  }

  async disconnectPrincipal(principal: string, code: number, reason: string): Promise<void> {
    this.disconnectLocalPrincipal(principal, code, reason);
  }

  protected disconnectLocalPrincipal(principal: string, code: number, reason: string): void {
    const sockets = this.principalSockets.get(principal);
    if (sockets === undefined) return;
    for (const socket of [...sockets]) socket.close(code, reason);
  }

  async members(channel: string): Promise<Member[]> {
    return this.presence.members(channel);
  }

  async isMember(channel: string, userId: string): Promise<boolean> {
    return this.presence.has(channel, userId);
  }

  async channels(prefix = ''): Promise<Map<string, ChannelCounts>> {
    const result = new Map<string, ChannelCounts>();
    for (const channel of this.subscribers.keys()) {
      if (channel.startsWith(prefix)) result.set(channel, this.localCounts(channel));
    }
    return result;
  }

  async channelCounts(channel: string): Promise<ChannelCounts> {
    return this.localCounts(channel);
  }

  protected localCounts(channel: string): ChannelCounts {
    const subscriptionCount = this.subscribers.get(channel)?.size ?? 0;
    return isPresenceChannel(channel) ? { subscriptionCount, userCount: this.presence.count(channel) } : { subscriptionCount };
  }

  localStats(): { connections: number; channels: number } {
    return { connections: this.sockets.size, channels: this.subscribers.size };
  }

  health(): AdapterHealth {
    return 'disabled';
  }

  async close(): Promise<void> {}
}

export function createLocalAdapter(): LocalAdapter {
  return new LocalAdapter();
}
