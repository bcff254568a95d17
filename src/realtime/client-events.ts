import type { Adapter } from './adapters/adapter.js';
import { eventNameProblem, isEncryptedChannel } from './channel-name.js';
import type { Connection } from './connection.js';
import { Limits } from './limits.js';
import { ErrorCode } from './protocol.js';
import type { ClientMessage } from './protocol.js';
import type { Subscriptions } from './subscriptions.js';

/**
 * A `client-…` event: relayed to the channel's other subscribers (never back to the sender),
 * only on private and presence channels, only from a subscribed socket, rate limited. On
 * presence channels the frame names the sender (`user_id`).
 */
export async function relayClientEvent(conn: Connection, message: ClientMessage, deps: { adapter: Adapter; subscriptions: Subscriptions; perSecond: number }): Promise<void> {
  const { channel, event } = message;
  if (channel === undefined || !conn.channels.has(channel)) {
    conn.sendError(null, `Client event rejected: subscribe to ${channel ?? 'a channel'} first`);
    return;
  }
  if (!deps.subscriptions.typeOf(channel).allowsClientEvents || isEncryptedChannel(channel)) {
    conn.sendError(null, 'Client event rejected: only supported on private and presence channels');
    return;
  }
  const nameProblem = eventNameProblem(event);
  if (nameProblem !== null) {
    conn.sendError(null, `Client event rejected: ${nameProblem}`);
    return;
  }
  const data = typeof message.data === 'string' ? message.data : (JSON.stringify(message.data) ?? 'null');
  if (Buffer.byteLength(data) > Limits.clientEventDataMaxBytes) {
    conn.sendError(null, `Client event rejected: data is larger than ${Limits.clientEventDataMaxBytes} bytes`);
    return;
  }
  if (!conn.clientEvents.take()) {
    conn.sendError(ErrorCode.clientEventRateLimited, `Client event rejected: more than ${deps.perSecond} per second`);
    return;
  }
  await deps.adapter.publish([channel], event, data, conn.id, conn.presenceUsers.get(channel));
}
