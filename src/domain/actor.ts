// Who is calling: resolved once per request from the bearer token.
import { createHash, randomBytes } from 'node:crypto';
import type { GuestSession, Repos, StaffMember } from './ports.js';

export type Actor =
  | { kind: 'staff'; staff: StaffMember; tokenHash: string }
  | { kind: 'guest'; session: GuestSession; tokenHash: string }
  /** The command line and the demo seeder: trusted, hotel-agnostic. */
  | { kind: 'system' };

export type StaffActor = Extract<Actor, { kind: 'staff' }>;
export type GuestActor = Extract<Actor, { kind: 'guest' }>;

// Prefixes let the server tell the two kinds of token apart without a second lookup,
// and make a leaked token recognisable in logs and secret scanners.
const STAFF_PREFIX = 'cst_';
const GUEST_PREFIX = 'cgs_';

export const newStaffToken = (): string => STAFF_PREFIX + randomBytes(32).toString('base64url');
export const newGuestToken = (): string => GUEST_PREFIX + randomBytes(32).toString('base64url');

/** Tokens are stored only as this hash: a database leak yields no usable token. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export async function resolveActor(repos: Repos, token: string, now = new Date()): Promise<Actor | null> {
  if (token.length > 200) return null;
  const tokenHash = hashToken(token);
  if (token.startsWith(STAFF_PREFIX)) {
    const staff = await repos.staffTokens.findStaff(tokenHash, now);
    return staff ? { kind: 'staff', staff, tokenHash } : null;
  }
  if (token.startsWith(GUEST_PREFIX)) {
    const session = await repos.guestSessions.findActive(tokenHash, now);
    return session ? { kind: 'guest', session, tokenHash } : null;
  }
  return null;
}

/**
 * The Pusher user a caller signs in as (pusher:signin). Revoking a stay or a staff member also ends
 * that user's connections, which reaches sockets on an external Pusher service too.
 */
export function pusherUserId(actor: Actor): string | null {
  if (actor.kind === 'staff') return `staff-${actor.staff.id}`;
  if (actor.kind === 'guest') return `stay-${actor.session.stayId}`;
  return null;
}

/** The signed-in Pusher user behind a principal of principalsOf, if it has one. */
export function pusherUserOfPrincipal(principal: string): string | null {
  const m = /^(staff|stay):(\d+)$/.exec(principal);
  return m ? `${m[1]}-${m[2]}` : null;
}

/** The keys under which a caller's live sockets are registered, so they can be cut off at once. */
export function principalsOf(actor: Actor): string[] {
  switch (actor.kind) {
    case 'staff':
      return [`staff:${actor.staff.id}`, `token:${actor.tokenHash}`];
    case 'guest':
      return [`stay:${actor.session.stayId}`, `token:${actor.tokenHash}`];
    case 'system':
      return [];
  }
}
