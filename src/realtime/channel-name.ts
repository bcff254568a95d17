import { Limits } from './limits.js';

export type ChannelKind = 'public' | 'private' | 'presence' | 'user';

/** Pusher's allowed channel name characters. */
const NAME_CHARS = /^[A-Za-z0-9_\-=@,.;]+$/;
/** pusher-js subscribes to this after pusher:signin; only that signed-in user may join it. */
export const USER_CHANNEL_PREFIX = '#server-to-user-';

export function channelKind(name: string): ChannelKind {
  if (name.startsWith('presence-')) return 'presence';
  if (name.startsWith('private-')) return 'private';
  if (name.startsWith(USER_CHANNEL_PREFIX)) return 'user';
  return 'public';
}

export function isPresenceChannel(name: string): boolean {
  return name.startsWith('presence-');
}

/** End-to-end encrypted channels: the server relays ciphertext and forbids client events. */
export function isEncryptedChannel(name: string): boolean {
  return name.startsWith('private-encrypted-');
}

/**
 * Cache channels (Pusher): the last event published on one is kept and replayed to later
 * subscribers. The feature rides on the public, private, encrypted and presence kinds.
 */
export function isCacheChannel(name: string): boolean {
  return (
    name.startsWith('cache-') ||
    name.startsWith('private-cache-') ||
    name.startsWith('presence-cache-') ||
    name.startsWith('private-encrypted-cache-')
  );
}

/** Null when valid, else why not. */
export function channelNameProblem(name: unknown): string | null {
  if (typeof name !== 'string' || name === '') return 'Channel name is missing';
  if (name.length > Limits.channelNameMax) return `Channel name is longer than ${Limits.channelNameMax} characters`;
  const bare = name.startsWith(USER_CHANNEL_PREFIX) ? name.slice(USER_CHANNEL_PREFIX.length) : name;
  if (bare === '' || !NAME_CHARS.test(bare)) return 'Channel name may only contain A-Z, a-z, 0-9 and _-=@,.;';
  return null;
}

export function eventNameProblem(name: unknown): string | null {
  if (typeof name !== 'string' || name === '') return 'Event name is missing';
  if (name.length > Limits.eventNameMax) return `Event name is longer than ${Limits.eventNameMax} characters`;
  return null;
}
