import type { Connection } from '../connection.js';
import { verifyChannelAuth } from '../signature.js';
import { authError } from './channel.js';
import type { JoinResult, SubscribeRequest } from './channel.js';
import { PublicChannel } from './public-channel.js';

/**
 * `private-…`: the subscription carries `auth`, our app's signature of `socket_id:channel`
 * (made by /pusher/auth/ after it decided this caller may see the channel).
 */
export class PrivateChannel extends PublicChannel {
  override readonly allowsClientEvents: boolean = true;

  override async join(conn: Connection, channel: string, request: SubscribeRequest): Promise<JoinResult> {
    const { key, secret } = this.deps;
    if (!verifyChannelAuth(key, secret, conn.id, channel, request.auth)) {
      return authError(`Invalid signature for ${channel}`);
    }
    return super.join(conn, channel, request);
  }
}
