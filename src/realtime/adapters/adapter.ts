// The one replaceable part of the realtime server: where events and shared state go.
// local.ts keeps everything in this process; redis.ts reuses it and adds a transport and a
// cluster-wide registry; pusher.ts only publishes, to an external Pusher-compatible service.
import type { CachedEvent } from '../event-cache.js';
import type { EncodedFrame } from '../frame.js';

export type AdapterHealth = 'up' | 'down' | 'disabled';

export interface Member {
  id: string;
  info: unknown;
}

export interface ChannelCounts {
  subscriptionCount: number;
  /** Presence channels only. */
  userCount?: number;
}

/** A socket connected to this node, as adapters see it. */
export interface LocalSocket {
  readonly id: string;
  /** Writes an already built frame; the same EncodedFrame is handed to every recipient. */
  sendFrame(frame: EncodedFrame | Buffer | string): void;
  close(code: number, reason: string): void;
}

export interface MemberChange {
  channel: string;
  userId: string;
  present: boolean;
  info: unknown;
  /** The socket whose join caused it, which must not receive its own member_added. */
  socketId?: string;
}

export interface AdapterHooks {
  /** Called once cluster-wide, on a user's first join or last leave of a presence channel. */
  memberChanged(change: MemberChange): void;
  /** Called once cluster-wide when a channel gets its first subscriber or loses its last. */
  occupancyChanged?(channel: string, occupied: boolean): void;
}

/** A presence channel already holds its maximum of members; the join changed nothing. */
export class PresenceFullError extends Error {
  constructor(readonly channel: string, readonly max: number) {
    super(`Presence channel ${channel} already has its maximum of ${max} members`);
  }
}

/** Publishing an already serialised event: all an external service offers. */
export interface PublishTarget {
  publish(channels: readonly string[], event: string, data: string, exceptSocketId?: string): Promise<void>;
  close(): Promise<void>;
}

export interface Adapter extends PublishTarget {
  start(hooks: AdapterHooks): Promise<void>;
  /** `userId` is added to the frame (client events on presence channels). */
  publish(channels: readonly string[], event: string, data: string, exceptSocketId?: string, userId?: string): Promise<void>;

  addSocket(socket: LocalSocket): void;
  removeSocket(socket: LocalSocket): void;
  /**
   * For presence channels pass the member; the answer is then the channel's member list. With
   * `maxMembers`, a new member beyond it is refused cluster-wide with PresenceFullError.
   */
  subscribe(socket: LocalSocket, channel: string, member?: Member, maxMembers?: number): Promise<Member[] | undefined>;
  unsubscribe(socket: LocalSocket, channel: string, userId?: string): Promise<void>;

  /**
   * Tags a socket wherever it is connected, so disconnectPrincipal can find it. With `identity`
   * (the person), false and nothing tagged when the socket is already bound to another person.
   */
  addPrincipals(socketId: string, principals: readonly string[], identity?: string): Promise<boolean>;
  disconnectPrincipal(principal: string, code: number, reason: string): Promise<void>;

  /** The last event published on a cache channel (cluster-wide when shared), null when none. */
  cachedEvent(channel: string): Promise<CachedEvent | null>;

  members(channel: string): Promise<Member[]>;
  isMember(channel: string, userId: string): Promise<boolean>;
  channels(prefix?: string): Promise<Map<string, ChannelCounts>>;
  channelCounts(channel: string): Promise<ChannelCounts>;

  localStats(): { connections: number; channels: number };
  health(): AdapterHealth;
}
