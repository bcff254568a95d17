import type { Adapter } from './adapters/adapter.js';
import { channelKind, channelNameProblem, isCacheChannel, USER_CHANNEL_PREFIX } from './channel-name.js';
import type { ChannelKind } from './channel-name.js';
import { limitReached } from './channels/channel.js';
import type { ChannelDeps, ChannelType } from './channels/channel.js';
import { PresenceChannel } from './channels/presence-channel.js';
import { PrivateChannel } from './channels/private-channel.js';
import { PublicChannel } from './channels/public-channel.js';
import { UserChannel } from './channels/user-channel.js';
import type { Connection } from './connection.js';
import type { Logger } from './logger.js';
import { controlFrame, eventFrame, field, subscriptionErrorFrame } from './protocol.js';
import type { WebhookSink } from './webhooks.js';

export interface SubscriptionDeps extends ChannelDeps {
  maxSubscriptionsPerSocket: number;
  webhooks: WebhookSink;
}

/** pusher:subscribe and pusher:unsubscribe, for every kind of channel. */
export class Subscriptions {
  private readonly kinds: Record<ChannelKind, ChannelType>;
  private readonly adapter: Adapter;

  constructor(private readonly deps: SubscriptionDeps, private readonly logger: Logger) {
    this.adapter = deps.adapter;
    this.kinds = {
      public: new PublicChannel(deps),
      private: new PrivateChannel(deps),
      presence: new PresenceChannel(deps),
      user: new UserChannel(deps),
    };
  }

  typeOf(channel: string): ChannelType {
    return this.kinds[channelKind(channel)];
  }

  async subscribe(conn: Connection, data: unknown): Promise<void> {
    const channel = field(data, 'channel');
    const problem = channelNameProblem(channel);
    if (problem !== null || typeof channel !== 'string') {
      if (typeof channel === 'string' && channel !== '') {
        conn.sendFrame(subscriptionErrorFrame(channel, 'InvalidChannel', problem ?? 'Invalid channel', 400));
      } else {
        conn.sendError(null, problem ?? 'Invalid channel');
      }
      return;
    }
    // A repeated subscribe on the same connection is ignored, as Pusher does.
    if (!conn.isOpen || conn.channels.has(channel)) return;
    if (conn.channels.size >= this.deps.maxSubscriptionsPerSocket) {
      this.deps.limitCounter.reached('subscriptions_per_socket');
      const refusal = limitReached(`A connection may hold at most ${this.deps.maxSubscriptionsPerSocket} subscriptions`);
      if (!refusal.ok) conn.sendFrame(subscriptionErrorFrame(channel, refusal.type, refusal.error, refusal.status));
      return;
    }
    conn.channels.add(channel);
    conn.subscriptionsChanged();
    const type = this.typeOf(channel);
    try {
      const result = await type.join(conn, channel, { auth: field(data, 'auth'), channel_data: field(data, 'channel_data') });
      if (!result.ok) {
        conn.channels.delete(channel);
        conn.subscriptionsChanged();
        conn.sendFrame(subscriptionErrorFrame(channel, result.type, result.error, result.status));
        return;
      }
      conn.sendFrame(controlFrame('pusher_internal:subscription_succeeded', result.data, channel));
      if (isCacheChannel(channel)) await this.replayCached(conn, channel);
    } catch (err) {
      this.logger.error({ err, channel, socketId: conn.id }, 'realtime: subscribe failed');
      await this.unsubscribe(conn, channel);
      conn.sendFrame(subscriptionErrorFrame(channel, 'ServerError', 'Subscription failed', 500));
    }
  }

  /** Cache channels: the last event comes right after subscription_succeeded, else a cache miss. */
  private async replayCached(conn: Connection, channel: string): Promise<void> {
    const cached = await this.adapter.cachedEvent(channel);
    if (cached !== null) {
      conn.sendFrame(eventFrame(cached.eventJson, JSON.stringify(channel), cached.dataJson));
      return;
    }
    conn.sendFrame(controlFrame('pusher:cache_miss', undefined, channel));
    this.deps.webhooks.emit({ name: 'cache_miss', channel });
  }

  async unsubscribe(conn: Connection, channel: unknown): Promise<void> {
    if (typeof channel !== 'string' || !conn.channels.delete(channel)) return;
    conn.subscriptionsChanged();
    // The user channel joined at sign-in stays: events to the user must keep reaching the socket.
    if (channel === signedInChannel(conn)) return;
    await this.typeOf(channel).leave(conn, channel);
  }

  /**
   * pusher:signin: the socket receives the user's events from now on, before pusher-js has asked
   * for `#server-to-user-{id}` (pusher-js routes them to that channel as soon as it has
   * signin_success, which is sent after this). Not counted as a subscription of the socket.
   */
  async joinUserChannel(conn: Connection): Promise<void> {
    const channel = signedInChannel(conn);
    if (channel !== null) await this.adapter.subscribe(conn, channel);
  }

  /** On disconnect: leaves every channel, so presence members go and counts drop. */
  async leaveAll(conn: Connection): Promise<void> {
    for (const channel of [...conn.channels]) {
      await this.unsubscribe(conn, channel);
    }
    const userChannel = signedInChannel(conn);
    if (userChannel !== null) await this.adapter.unsubscribe(conn, userChannel);
  }
}

function signedInChannel(conn: Connection): string | null {
  return conn.userId === null ? null : `${USER_CHANNEL_PREFIX}${conn.userId}`;
}
