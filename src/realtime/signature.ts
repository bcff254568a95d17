// Pusher signatures: HMAC-SHA256 with the app secret, hex encoded, compared in constant time.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface ChannelAuth {
  /** "key:hex-signature" */
  auth: string;
  /** Presence channels only: the JSON string the signature covers. */
  channel_data?: string;
}

export interface PresenceChannelData {
  user_id: string;
  user_info?: unknown;
}

export interface UserAuth {
  auth: string;
  user_data: string;
}

export function hmacSha256Hex(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text, 'utf8').digest('hex');
}

export function md5Hex(body: string | Buffer): string {
  return createHash('md5').update(body).digest('hex');
}

/** Constant-time string comparison; unequal lengths still cost one comparison. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  if (left.length !== right.length) {
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}

function channelAuthText(socketId: string, channelName: string, channelData?: string): string {
  return channelData === undefined ? `${socketId}:${channelName}` : `${socketId}:${channelName}:${channelData}`;
}

/**
 * Signs a private or presence subscription. For presence pass the member as an object (it is
 * serialised here, once) or as the exact JSON string the client will send back.
 */
export function signChannelAuth(
  key: string,
  secret: string,
  socketId: string,
  channelName: string,
  channelData?: string | PresenceChannelData,
): ChannelAuth {
  const data = typeof channelData === 'object' ? JSON.stringify(channelData) : channelData;
  const auth = `${key}:${hmacSha256Hex(secret, channelAuthText(socketId, channelName, data))}`;
  return data === undefined ? { auth } : { auth, channel_data: data };
}

/** Checks the `auth` a client sent with pusher:subscribe. */
export function verifyChannelAuth(
  key: string,
  secret: string,
  socketId: string,
  channelName: string,
  auth: unknown,
  channelData?: string,
): boolean {
  if (typeof auth !== 'string') return false;
  const expected = signChannelAuth(key, secret, socketId, channelName, channelData).auth;
  return safeEqual(auth, expected);
}

/** Signs pusher:signin user data (`socket_id::user::user_data`). */
export function signUserAuth(key: string, secret: string, socketId: string, userData: string | { id: string }): UserAuth {
  const data = typeof userData === 'string' ? userData : JSON.stringify(userData);
  return { auth: `${key}:${hmacSha256Hex(secret, `${socketId}::user::${data}`)}`, user_data: data };
}

export function verifyUserAuth(key: string, secret: string, socketId: string, auth: unknown, userData: string): boolean {
  if (typeof auth !== 'string') return false;
  return safeEqual(auth, signUserAuth(key, secret, socketId, userData).auth);
}
