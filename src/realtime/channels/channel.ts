import type { Adapter } from '../adapters/adapter.js';
import type { Connection } from '../connection.js';
import { LIMIT_REACHED_STATUS } from '../protocol.js';
import type { LimitCounter } from '../socket-limits.js';

/** What a client sent with pusher:subscribe besides the channel name. */
export interface SubscribeRequest {
  auth?: unknown;
  channel_data?: unknown;
}

export type JoinResult =
  | { ok: true; /** data of pusher_internal:subscription_succeeded (a JSON string) */ data: string }
  | { ok: false; type: string; error: string; status: number };

/** One kind of channel: how a socket gets in (its auth) and out. */
export interface ChannelType {
  readonly allowsClientEvents: boolean;
  join(conn: Connection, channel: string, request: SubscribeRequest): Promise<JoinResult>;
  leave(conn: Connection, channel: string): Promise<void>;
}

export interface ChannelDeps {
  adapter: Adapter;
  key: string;
  secret: string;
  /** Users per presence channel, cluster-wide. */
  maxPresenceMembers: number;
  limitCounter: LimitCounter;
}

export function authError(error: string, status = 401): JoinResult {
  return { ok: false, type: 'AuthError', error, status };
}

export function limitReached(error: string): JoinResult {
  return { ok: false, type: 'LimitReached', error, status: LIMIT_REACHED_STATUS };
}
