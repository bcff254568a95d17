import type { Adapter } from './adapters/adapter.js';
import { channelKind, channelNameProblem } from './channel-name.js';
import type { ChannelKind } from './channel-name.js';
import type { ChannelType } from './channels/channel.js';
import { PresenceChannel } from './channels/presence-channel.js';
import { PrivateChannel } from './channels/private-channel.js';
import { PublicChannel } from './channels/public-channel.js';
import { UserChannel } from './channels/user-channel.js';
import type { Connection } from './connection.js';
import type { Logger } from './logger.js';
import { controlFrame, field, subscriptionErrorFrame } from './protocol.js';

/** pusher:subscribe and pusher:unsubscribe, for every kind of channel. */
export class Subscriptions {
  private readonly kinds: Record<ChannelKind, ChannelType>;

  constructor(deps: { adapter: Adapter; key: string; secret: string }, private readonly logger: Logger) {
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
    conn.channels.add(channel);
    const type = this.typeOf(channel);
    try {
      const result = await type.join(conn, channel, { auth: field(data, 'auth'), channel_data: field(data, 'channel_data') });
      if (!result.ok) {
        conn.channels.delete(channel);
        conn.sendFrame(subscriptionErrorFrame(channel, result.type, result.error, result.status));
        return;
      }
      conn.sendFrame(controlFrame('pusher_internal:subscription_succeeded', result.data, channel));
    } catch (err) {
      this.logger.error({ err, channel, socketId: conn.id }, 'realtime: subscribe failed');
      await this.unsubscribe(conn, channel);
      conn.sendFrame(subscriptionErrorFrame(channel, 'ServerError', 'Subscription failed', 500));
    }
  }

  async unsubscribe(conn: Connection, channel: unknown): Promise<void> {
    if (typeof channel !== 'string' || !conn.channels.delete(channel)) return;
    await this.typeOf(channel).leave(conn, channel);
  }

  /** On disconnect: leaves every channel, so presence members go and counts drop. */
  async leaveAll(conn: Connection): Promise<void> {
    for (const channel of [...conn.channels]) {
      await this.unsubscribe(conn, channel);
    }
  }
}
