import { PresenceFullError } from '../adapters/adapter.js';
import type { Member } from '../adapters/adapter.js';
import type { Connection } from '../connection.js';
import { Limits } from '../limits.js';
import { presenceSnapshot } from '../presence.js';
import { verifyChannelAuth } from '../signature.js';
import { authError, limitReached } from './channel.js';
import type { ChannelDeps, ChannelType, JoinResult, SubscribeRequest } from './channel.js';

/**
 * `presence-…`: the signature also covers `channel_data` ({user_id, user_info}), which names the
 * member. Members are counted per user, so a user's second socket adds nobody.
 */
export class PresenceChannel implements ChannelType {
  readonly allowsClientEvents = true;

  constructor(private readonly deps: ChannelDeps) {}

  async join(conn: Connection, channel: string, request: SubscribeRequest): Promise<JoinResult> {
    const { key, secret, adapter } = this.deps;
    const channelData = request.channel_data;
    if (typeof channelData !== 'string') return authError(`Presence channel ${channel} needs channel_data`);
    if (!verifyChannelAuth(key, secret, conn.id, channel, request.auth, channelData)) {
      return authError(`Invalid signature for ${channel}`);
    }
    const member = parseMember(channelData);
    if (typeof member === 'string') return { ok: false, type: 'InvalidChannelData', error: member, status: 400 };
    conn.presenceUsers.set(channel, member.id);
    try {
      const members = (await adapter.subscribe(conn, channel, member, this.deps.maxPresenceMembers)) ?? [member];
      return { ok: true, data: presenceSnapshot(members) };
    } catch (err) {
      conn.presenceUsers.delete(channel);
      if (!(err instanceof PresenceFullError)) throw err;
      this.deps.limitCounter.reached('presence_members');
      return limitReached(`Presence channel ${channel} is full (${err.max} members)`);
    }
  }

  async leave(conn: Connection, channel: string): Promise<void> {
    const userId = conn.presenceUsers.get(channel);
    conn.presenceUsers.delete(channel);
    await this.deps.adapter.unsubscribe(conn, channel, userId);
  }
}

/** The member named by channel_data, or why it is unusable. */
function parseMember(channelData: string): Member | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(channelData);
  } catch {
    return 'channel_data is not JSON';
  }
  if (typeof parsed !== 'object' || parsed === null) return 'channel_data must be an object';
  const { user_id: rawId, user_info: info } = parsed as Record<string, unknown>;
  // Pusher accepts numeric ids; members are keyed by their string form.
  const id = typeof rawId === 'number' && Number.isFinite(rawId) ? String(rawId) : rawId;
  if (typeof id !== 'string' || id === '') return 'channel_data.user_id is missing';
  if (id.length > Limits.presenceUserIdMax) return `channel_data.user_id is longer than ${Limits.presenceUserIdMax} characters`;
  if (info !== undefined && Buffer.byteLength(JSON.stringify(info)) > Limits.presenceUserInfoMaxBytes) {
    return `channel_data.user_info is larger than ${Limits.presenceUserInfoMaxBytes} bytes`;
  }
  return { id, info: info ?? null };
}
