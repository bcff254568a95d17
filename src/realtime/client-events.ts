import type { Adapter } from './adapters/adapter.js';
import { eventNameProblem, isEncryptedChannel } from './channel-name.js';
import type { Connection } from './connection.js';
import { Limits } from './limits.js';
import { ErrorCode } from './protocol.js';
import type { ClientMessage } from './protocol.js';
import type { Subscriptions } from './subscriptions.js';
import type { WebhookSink } from './webhooks.js';

/**
 * A `client-…` event: relayed to the channel's other subscribers (never back to the sender),
 * only on private and presence channels, only from a subscribed socket, rate limited. The frame
 * names the sender as the server knows it (`user_id`), so receivers need not trust the data:
 * on presence channels the member's user_id (as Pusher does), on private channels the user the
 * socket signed in as (pusher:signin); a socket that has not signed in may not send on a
 * private channel.
 */
export async function relayClientEvent(
  conn: Connection,
  message: ClientMessage,
  deps: { adapter: Adapter; subscriptions: Subscriptions; perSecond: number; webhooks: WebhookSink },
): Promise<void> {
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
  const userId = conn.presenceUsers.get(channel) ?? conn.userId;
  if (userId === null) {
    conn.sendError(null, 'Client event rejected: sign in (pusher:signin) before sending client events on private channels');
    return;
  }
  if (!conn.clientEvents.take()) {
    conn.sendError(ErrorCode.clientEventRateLimited, `Client event rejected: more than ${deps.perSecond} per second`);
    return;
  }
  await deps.adapter.publish([channel], event, data, conn.id, userId);
  deps.webhooks.emit({ name: 'client_event', channel, event, data, socket_id: conn.id, user_id: userId });
}
