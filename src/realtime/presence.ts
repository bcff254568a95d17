import type { Member } from './adapters/adapter.js';

interface PresentUser {
  info: unknown;
  sockets: Set<string>;
}

/**
 * Presence members of this node: per channel, each user with the sockets it joined from. A user
 * is added on the first of its sockets and removed with the last, so one person with two tabs is
 * one member.
 */
export class PresenceRegistry {
  private readonly channels = new Map<string, Map<string, PresentUser>>();

  /** True when this is the user's first socket in the channel on this node. */
  join(channel: string, socketId: string, member: Member): boolean {
    let users = this.channels.get(channel);
    if (!users) {
      users = new Map();
      this.channels.set(channel, users);
    }
    const user = users.get(member.id);
    if (user) {
      user.info = member.info;
      user.sockets.add(socketId);
      return false;
    }
    users.set(member.id, { info: member.info, sockets: new Set([socketId]) });
    return true;
  }

  /** Null unless this was the user's last socket in the channel on this node. */
  leave(channel: string, socketId: string, userId: string): { info: unknown } | null {
    const users = this.channels.get(channel);
    const user = users?.get(userId);
    if (!users || !user || !user.sockets.delete(socketId) || user.sockets.size > 0) return null;
    users.delete(userId);
    if (users.size === 0) this.channels.delete(channel);
    return { info: user.info };
  }

  members(channel: string): Member[] {
    const users = this.channels.get(channel);
    if (!users) return [];
    return [...users].map(([id, user]) => ({ id, info: user.info }));
  }

  has(channel: string, userId: string): boolean {
    return this.channels.get(channel)?.has(userId) ?? false;
  }

  count(channel: string): number {
    return this.channels.get(channel)?.size ?? 0;
  }

  /** Every (channel, member) of this node: what a cluster registry is resynchronised from. */
  *entries(): Generator<{ channel: string; member: Member }> {
    for (const [channel, users] of this.channels) {
      for (const [id, user] of users) yield { channel, member: { id, info: user.info } };
    }
  }
}

/** Presence payload of pusher_internal:subscription_succeeded. */
export function presenceSnapshot(members: readonly Member[]): string {
  const hash: Record<string, unknown> = {};
  for (const m of members) hash[m.id] = m.info ?? null;
  const ids = Object.keys(hash);
  return JSON.stringify({ presence: { ids, hash, count: ids.length } });
}
