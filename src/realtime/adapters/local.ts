import { isPresenceChannel } from '../channel-name.js';
import { EncodedFrame } from '../frame.js';
import { PresenceRegistry } from '../presence.js';
import { eventFrame } from '../protocol.js';
import type { Adapter, AdapterHealth, AdapterHooks, ChannelCounts, LocalSocket, Member } from './adapter.js';

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
  private readonly principalSockets = new Map<string, Set<LocalSocket>>();
  private readonly socketPrincipals = new Map<string, Set<string>>();

  async start(hooks: AdapterHooks): Promise<void> {
    this.hooks = hooks;
  }

  async publish(channels: readonly string[], event: string, data: string, exceptSocketId?: string, userId?: string): Promise<void> {
    this.deliver(channels, JSON.stringify(event), JSON.stringify(data), exceptSocketId, userId === undefined ? undefined : JSON.stringify(userId));
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
    const principals = this.socketPrincipals.get(socket.id);
    if (principals === undefined) return;
    this.socketPrincipals.delete(socket.id);
    for (const principal of principals) {
      const sockets = this.principalSockets.get(principal);
      sockets?.delete(socket);
      if (sockets?.size === 0) this.principalSockets.delete(principal);
    }
  }

  async subscribe(socket: LocalSocket, channel: string, member?: Member): Promise<Member[] | undefined> {
    let sockets = this.subscribers.get(channel);
    if (sockets === undefined) {
      sockets = new Set();
      this.subscribers.set(channel, sockets);
    }
    sockets.add(socket);
    this.subscriptionCountChanged(channel, sockets.size);
    if (member === undefined) return undefined;
    const firstHere = this.presence.join(channel, socket.id, member);
    return this.joinPresence(channel, socket.id, member, firstHere);
  }

  async unsubscribe(socket: LocalSocket, channel: string, userId?: string): Promise<void> {
    const sockets = this.subscribers.get(channel);
    if (sockets === undefined || !sockets.delete(socket)) return;
    if (sockets.size === 0) this.subscribers.delete(channel);
    this.subscriptionCountChanged(channel, sockets.size);
    if (userId === undefined) return;
    const left = this.presence.leave(channel, socket.id, userId);
    if (left !== null) await this.leavePresence(channel, userId, left.info);
  }

  /** Hook: this node's subscriber count of a channel changed. */
  protected subscriptionCountChanged(_channel: string, _count: number): void {}

  /** Hook: a socket joined a presence channel; answers the member list. */
  protected async joinPresence(channel: string, socketId: string, member: Member, firstHere: boolean): Promise<Member[]> {
    if (firstHere) this.hooks.memberChanged({ channel, userId: member.id, present: true, info: member.info, socketId });
    return this.presence.members(channel);
  }

  /** Hook: a user's last socket on this node left a presence channel. */
  protected async leavePresence(channel: string, userId: string, info: unknown): Promise<void> {
    this.hooks.memberChanged({ channel, userId, present: false, info });
  }

  async addPrincipals(socketId: string, principals: readonly string[]): Promise<void> {
    this.addLocalPrincipals(socketId, principals);
  }

  /** False when the socket is not connected to this node. */
  protected addLocalPrincipals(socketId: string, principals: readonly string[]): boolean {
    const socket = this.sockets.get(socketId);
    if (socket === undefined) return false;
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
    return true;
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
