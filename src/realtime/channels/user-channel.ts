import { USER_CHANNEL_PREFIX } from '../channel-name.js';
import type { Connection } from '../connection.js';
import { authError } from './channel.js';
import type { JoinResult, SubscribeRequest } from './channel.js';
import { PublicChannel } from './public-channel.js';

/**
 * `#server-to-user-{id}`: pusher-js joins it after pusher:signin to receive events sent to that
 * user. Only a socket signed in as that user may.
 */
export class UserChannel extends PublicChannel {
  override async join(conn: Connection, channel: string, request: SubscribeRequest): Promise<JoinResult> {
    if (conn.userId === null || channel !== `${USER_CHANNEL_PREFIX}${conn.userId}`) {
      return authError(`Sign in as that user to subscribe to ${channel}`, 403);
    }
    return super.join(conn, channel, request);
  }
}
