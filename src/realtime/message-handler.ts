import type { RawData } from 'ws';
import type { Adapter } from './adapters/adapter.js';
import { relayClientEvent } from './client-events.js';
import type { Connection } from './connection.js';
import { Limits } from './limits.js';
import { CloseCode, controlFrame, field, parseClientMessage } from './protocol.js';
import type { ClientMessage } from './protocol.js';
import { verifyUserAuth } from './signature.js';
import type { Subscriptions } from './subscriptions.js';
import type { WebhookSink } from './webhooks.js';

const PONG = controlFrame('pusher:pong', {});

export interface MessageHandlerDeps {
  adapter: Adapter;
  subscriptions: Subscriptions;
  key: string;
  secret: string;
  clientEventsPerSecond: number;
  webhooks: WebhookSink;
  /** The principal a pusher:signin user is registered under. */
  userPrincipal(userId: string): string;
}

/** Dispatches one frame from a client. Anything slow goes through the connection's queue. */
export function createMessageHandler(deps: MessageHandlerDeps): (conn: Connection, raw: RawData) => void {
  const clientEventDeps = { adapter: deps.adapter, subscriptions: deps.subscriptions, perSecond: deps.clientEventsPerSecond, webhooks: deps.webhooks };

  return (conn, raw) => {
    conn.touch();
    const buffer = toBuffer(raw);
    if (buffer.length > Limits.messageMaxBytes) {
      conn.sendError(null, `Message rejected: larger than ${Limits.messageMaxBytes} bytes`);
      return;
    }
    const message = parseClientMessage(buffer.toString('utf8'));
    if (message === null) {
      conn.sendError(null, 'Message rejected: expected a JSON object with an "event"');
      return;
    }
    switch (message.event) {
      case 'pusher:ping':
        conn.sendFrame(PONG);
        return;
      case 'pusher:pong':
        return;
      case 'pusher:subscribe':
        void conn.run(() => deps.subscriptions.subscribe(conn, message.data));
        return;
      case 'pusher:unsubscribe':
        void conn.run(() => deps.subscriptions.unsubscribe(conn, field(message.data, 'channel')));
        return;
      case 'pusher:signin':
        void conn.run(() => signin(conn, message, deps));
        return;
      default:
        if (message.event.startsWith('client-')) {
          void conn.run(() => relayClientEvent(conn, message, clientEventDeps));
        } else if (!message.event.startsWith('pusher:')) {
          conn.sendError(null, `Message rejected: clients may only send client- events (got ${message.event.slice(0, 50)})`);
        }
    }
  };
}

/** pusher:signin: user authentication, signed over `socket_id::user::user_data`. */
async function signin(conn: Connection, message: ClientMessage, deps: MessageHandlerDeps): Promise<void> {
  const userData = field(message.data, 'user_data');
  if (typeof userData !== 'string' || !verifyUserAuth(deps.key, deps.secret, conn.id, field(message.data, 'auth'), userData)) {
    conn.close(CloseCode.unauthorized, 'Invalid signin signature');
    return;
  }
  let id: unknown;
  try {
    id = field(JSON.parse(userData), 'id');
  } catch {
    id = undefined;
  }
  if (typeof id !== 'string' || id === '') {
    conn.close(CloseCode.unauthorized, 'Signin user_data needs a string id');
    return;
  }
  // The user a socket signed in as names it in its client events: it never changes.
  if (conn.userId !== null && conn.userId !== id) {
    conn.sendError(CloseCode.unauthorized, 'Signin rejected: this connection is signed in as another user');
    return;
  }
  conn.userId = id;
  await deps.adapter.addPrincipals(conn.id, [deps.userPrincipal(id)]);
  await deps.subscriptions.joinUserChannel(conn);
  conn.sendFrame(controlFrame('pusher:signin_success', { user_data: userData }));
}

function toBuffer(raw: RawData): Buffer {
  if (Buffer.isBuffer(raw)) return raw;
  if (Array.isArray(raw)) return Buffer.concat(raw);
  return Buffer.from(raw);
}
