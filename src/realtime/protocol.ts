// Wire format of Pusher Channels protocol 7: close codes and frame builders.
//
// pusher-js decides what to do from the close code alone: 4000-4099 it gives up, 4100-4199 it
// reconnects after a back-off, 4200-4299 it reconnects at once.

export const CloseCode = {
  appNotFound: 4001,
  unsupportedProtocol: 4007,
  unauthorized: 4009,
  /** Also for a client address over its share: pusher-js backs off and tries again. */
  overCapacity: 4100,
  goingAway: 4200,
  pongNotReceived: 4201,
  /** Pusher: "closed after inactivity"; ours: a socket that never subscribed to anything. */
  closedAfterInactivity: 4202,
} as const;

/** pusher:error codes sent without closing the connection. */
export const ErrorCode = {
  clientEventRateLimited: 4301,
} as const;

/**
 * `status` of a pusher:subscription_error refused by a limit (subscriptions per socket, members
 * per presence channel), with type "LimitReached", as other Pusher servers answer it.
 */
export const LIMIT_REACHED_STATUS = 4100;

export const SUPPORTED_PROTOCOLS: ReadonlySet<number> = new Set([5, 6, 7]);

/**
 * The frame of a published event. `eventJson`, `channelJson`, `dataJson` (and `userIdJson`) are
 * already JSON literals, so one event costs one `JSON.stringify` of its data, whatever the number
 * of channels and sockets. `data` stays a JSON string inside the frame, as pusher-js expects.
 */
export function eventFrame(eventJson: string, channelJson: string, dataJson: string, userIdJson?: string): string {
  return userIdJson === undefined
    ? `{"event":${eventJson},"channel":${channelJson},"data":${dataJson}}`
    : `{"event":${eventJson},"channel":${channelJson},"data":${dataJson},"user_id":${userIdJson}}`;
}

/** A protocol (non-hot-path) frame; `data` is sent as given: a string or an object. */
export function controlFrame(event: string, data?: unknown, channel?: string): string {
  return JSON.stringify(channel === undefined ? { event, data } : { event, channel, data });
}

export function errorFrame(code: number | null, message: string): string {
  return controlFrame('pusher:error', { code, message });
}

export function subscriptionErrorFrame(channel: string, type: string, error: string, status: number): string {
  return controlFrame('pusher:subscription_error', { type, error, status }, channel);
}

/** What a client may send: `data` is an object from pusher-js, a JSON string from some clients. */
export interface ClientMessage {
  event: string;
  channel?: string;
  data: unknown;
}

export function parseClientMessage(text: string): ClientMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { event, channel, data } = value as Record<string, unknown>;
  if (typeof event !== 'string') return null;
  if (channel !== undefined && typeof channel !== 'string') return null;
  return { event, channel, data: decodeData(data) };
}

/** Some clients send `data` as a JSON string even for pusher:* events; accept both. */
function decodeData(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  const first = data.trimStart()[0];
  if (first !== '{' && first !== '[') return data;
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}

export function field(data: unknown, name: string): unknown {
  return typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[name] : undefined;
}
