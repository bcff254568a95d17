// Who may have pushes sent to which browser, and which browsers we post to at all. Like the
// domain's commands: rules over the ports, no HTTP and no SQL.
import { isIP } from 'node:net';
import { requireActor, requireMemberOf, requireStaffOf } from '../domain/access.js';
import type { Actor } from '../domain/actor.js';
import { AppError, forbidden } from '../domain/errors.js';
import type { Deps, PushEndpoint, PushOwner, WebPush } from '../domain/ports.js';

/** A staff member's browsers (desk PC, phone, tablet…) and a guest's (phone, laptop): the newest are kept. */
export const KEEP_PER_OWNER = { staff: 10, guest: 5 } as const;

export type PushAudience = 'staff' | 'guest';

export function requirePush(deps: Deps): WebPush {
  if (!deps.push) throw new AppError('unavailable', 'Push notifications are not set up on this server.');
  return deps.push;
}

/** The caller as a subscription owner: staff on the staff endpoints, a guest of this hotel on the guest ones. */
export function pushOwner(actor: Actor | null, hotelSlug: string, audience: PushAudience): { owner: PushOwner; tokenHash: string } {
  if (audience === 'staff') {
    const a = requireStaffOf(actor, hotelSlug);
    return { owner: { kind: 'staff', hotelId: a.staff.hotelId, staffId: a.staff.id }, tokenHash: a.tokenHash };
  }
  const a = requireActor(actor);
  if (a.kind !== 'guest') throw forbidden('Only a guest of this hotel may do that.');
  if (a.session.hotelSlug !== hotelSlug) throw forbidden('That is another hotel.');
  return { owner: { kind: 'guest', hotelId: a.session.hotelId, stayId: a.session.stayId }, tokenHash: a.tokenHash };
}

/** The key browsers subscribe with (VAPID application server key), for staff and guests of the hotel. */
export function pushPublicKey(deps: Deps, actor: Actor | null, hotelSlug: string): string {
  requireMemberOf(actor, hotelSlug);
  return requirePush(deps).publicKey;
}

export async function subscribePush(deps: Deps, actor: Actor | null, hotelSlug: string, audience: PushAudience, sub: PushEndpoint): Promise<void> {
  const { owner, tokenHash } = pushOwner(actor, hotelSlug, audience);
  const push = requirePush(deps);
  const problem = subscriptionProblem(sub, push.allowLoopback);
  if (problem) throw new AppError('invalid_request', problem);
  await push.subscriptions.save(owner, sub, tokenHash, deps.clock.now(), KEEP_PER_OWNER[audience]);
}

/** Removes the caller's own subscription; someone else's endpoint is left alone (and reported as not removed). */
export async function unsubscribePush(deps: Deps, actor: Actor | null, hotelSlug: string, audience: PushAudience, endpoint: string): Promise<boolean> {
  const { owner } = pushOwner(actor, hotelSlug, audience);
  return requirePush(deps).subscriptions.remove(owner, endpoint);
}

const base64urlBytes = (v: string): number => (/^[A-Za-z0-9_-]+={0,2}$/.test(v) ? Buffer.from(v, 'base64url').length : -1);

/**
 * Why we would not post to this subscription, or null. Push services are public https hosts
 * (FCM, Mozilla, Apple, Microsoft): an endpoint on a private or loopback address would make the
 * server post to the hotel's own network on a stranger's behalf, so only a development or test
 * server (not NODE_ENV=production) accepts loopback, for a local stand-in push service.
 * A host name is not resolved here; see docs/push.md.
 */
export function subscriptionProblem(sub: PushEndpoint, allowLoopback: boolean): string | null {
  let url: URL;
  try {
    url = new URL(sub.endpoint);
  } catch {
    return 'The push endpoint is not a URL.';
  }
  if (url.protocol !== 'https:') return 'The push endpoint must be an https:// URL.';
  if (url.username !== '' || url.password !== '') return 'The push endpoint must not carry a user name or password.';
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const loopback = host === 'localhost' || host.endsWith('.localhost') || isLoopbackIp(host);
  if (loopback && !allowLoopback) return 'The push endpoint is on this machine: only a development server accepts that.';
  if (!loopback && isPrivateIp(host)) return 'The push endpoint is on a private network address.';
  const key = Buffer.from(sub.p256dh, 'base64url');
  if (base64urlBytes(sub.p256dh) !== 65 || key[0] !== 0x04) return 'keys.p256dh must be an uncompressed P-256 public key (65 bytes, base64url).';
  if (base64urlBytes(sub.auth) !== 16) return 'keys.auth must be a 16-byte secret (base64url).';
  return null;
}

function isLoopbackIp(host: string): boolean {
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1' || host === '0:0:0:0:0:0:0:1';
}

function isPrivateIp(host: string): boolean {
  const kind = isIP(host);
  if (kind === 4) {
    const [a = 0, b = 0] = host.split('.').map(Number);
    return a === 0 || a === 10 || a === 127 || (a === 100 && b >= 64 && b < 128) || (a === 169 && b === 254) || (a === 172 && b >= 16 && b < 32) || (a === 192 && b === 168) || a >= 224;
  }
  if (kind === 6) return host === '::' || /^(fc|fd|fe8|fe9|fea|feb)/.test(host) || host.startsWith('::ffff:');
  return false;
}
