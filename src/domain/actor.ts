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
