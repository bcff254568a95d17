// The manager's console: the hotel's staff and rooms as a manager runs them. Inviting a
// receptionist and resetting a password both hand out a one-time link (never a password): the
// person chooses their own password on it and is signed in. Only the link's hash is stored; it
// expires, works once, and a newer link, a deactivation or a new password ends it.
import { randomBytes } from 'node:crypto';
import { requireHotel, requireManagerOf } from './access.js';
import { hashToken, newStaffToken, type Actor } from './actor.js';
import { USERNAME } from './admin.js';
import { recorded } from './audit.js';
import type { InvitePurpose, RoomListing, StaffListing } from './console-ports.js';
import type { Outcome } from './domain-events.js';
import { AppError, notFound } from './errors.js';
import type { Deps, Repos, StaffMember } from './ports.js';
import { checkPassword } from './secret-policy.js';

/** How long an invitation or reset link works. */
export const INVITE_TTL_HOURS = 72;
/** Stored instead of a password hash until the person chooses one: no password ever verifies against it. */
export const NO_PASSWORD = '!no-password';
const INVITE_PREFIX = 'cin_';
const MAX_ROOM = 99999;

export interface InviteInput {
  username: string;
  firstName: string;
  lastName: string;
  role: string;
  isManager?: boolean | undefined;
}

/** A link to hand over once: the token is not stored and cannot be shown again. */
export interface IssuedLink {
  staff: StaffListing;
  token: string;
  purpose: InvitePurpose;
  expiresAt: Date;
}

const invalidLink = (): AppError =>
  new AppError('not_found', 'This link is no longer valid: it was used already, it expired, or a newer one replaced it. Ask your manager for a new one.');

const managerId = (who: ReturnType<typeof requireManagerOf>): number | null => (who.kind === 'staff' ? who.staff.id : null);

export async function listStaff(deps: Deps, actor: Actor | null, hotelSlug: string): Promise<StaffListing[]> {
  requireManagerOf(actor, hotelSlug);
  return deps.store.read(async (r) => r.console.listStaff((await requireHotel(r, hotelSlug)).id));
}

/** A new account, inactive and without a password until the invitation is accepted. */
export async function inviteStaff(deps: Deps, actor: Actor | null, hotelSlug: string, input: InviteInput): Promise<Outcome<IssuedLink>> {
  const who = requireManagerOf(actor, hotelSlug);
  const username = input.username.trim().toLowerCase();
  if (!USERNAME.test(username)) {
    throw new AppError('invalid_request', 'A username is 2–64 characters: lowercase letters, digits, dot, dash or underscore.');
  }
  const [firstName, lastName, role] = [input.firstName.trim(), input.lastName.trim(), input.role.trim()];
  if (firstName === '' && lastName === '') throw new AppError('invalid_request', 'Give the person a name.');
  const now = deps.clock.now();
  const link = await deps.store.transaction(async (tx) => {
    const hotel = await requireHotel(tx, hotelSlug);
    // Usernames are unique across hotels; the answer must not tell another hotel's staff apart.
    // Two invitations racing for one name: the unique index lets one in, the other gets 409.
    if (await tx.staff.findByUsername(username)) throw new AppError('conflict', 'That username is not available; choose another.');
    const staff = await tx.staff.insert({
      hotelId: hotel.id, username, passwordHash: NO_PASSWORD, firstName, lastName, role, profileImage: null, isManager: input.isManager ?? false,
    });
    await tx.staff.update(hotel.id, staff.id, { isActive: false });
    return issueLink(tx, hotel.id, staff.id, 'invite', managerId(who), now);
  });
  const details = { username, role, manager: link.staff.isManager, expires_at: link.expiresAt.toISOString() };
  return { result: link, events: [recorded(actor, link.staff.hotelId, 'staff.invited', `staff ${link.staff.id}`, now, details)] };
}

/**
 * A new link for someone to choose a password: a reset for an active account (their password
 * stops working and their sessions end at once), or a fresh invitation for someone who never
 * accepted theirs. A deactivated account is reactivated first.
 */
export async function resetPassword(deps: Deps, actor: Actor | null, hotelSlug: string, staffId: number): Promise<Outcome<IssuedLink>> {
  const who = requireManagerOf(actor, hotelSlug);
  const now = deps.clock.now();
  const link = await deps.store.transaction(async (tx) => {
    const hotel = await requireHotel(tx, hotelSlug);
    const staff = await tx.staff.findById(hotel.id, staffId);
    if (!staff) throw notFound('That staff member');
    let purpose: InvitePurpose = 'reset';
    if (!staff.isActive) {
      if ((await tx.console.openInvite(staffId))?.purpose !== 'invite') {
        throw new AppError('conflict', `${staff.username} is deactivated: reactivate the account first.`);
      }
      purpose = 'invite';
    }
    await tx.staff.update(hotel.id, staffId, { passwordHash: NO_PASSWORD });
    await tx.staffTokens.revokeAllForStaff(staffId, now);
    return issueLink(tx, hotel.id, staffId, purpose, managerId(who), now);
  });
  const action = link.purpose === 'invite' ? 'staff.invited' : 'staff.password-reset';
  return {
    result: link,
    events: [
      { type: 'access-revoked', who: { kind: 'staff', staffId } },
      recorded(actor, link.staff.hotelId, action, `staff ${staffId}`, now, { username: link.staff.username, expires_at: link.expiresAt.toISOString() }),
    ],
  };
}

async function issueLink(tx: Repos, hotelId: number, staffId: number, purpose: InvitePurpose, createdBy: number | null, now: Date): Promise<IssuedLink> {
  await tx.console.closeInvites(staffId, now);
  const token = INVITE_PREFIX + randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + INVITE_TTL_HOURS * 3600_000);
  await tx.console.insertInvite({ hotelId, staffId, tokenHash: hashToken(token), purpose, createdBy, at: now, expiresAt });
  const [staff] = await tx.console.listStaff(hotelId, staffId);
  if (!staff) throw notFound('That staff member');
  return { staff, token, purpose, expiresAt };
}

const linkHash = (token: string): string | null => (token.startsWith(INVITE_PREFIX) && token.length <= 200 ? hashToken(token) : null);

/** Whom a link is for, so the page can greet them; anyone holding the link may ask. */
export async function describeInvite(deps: Deps, token: string): Promise<{ staff: StaffMember; purpose: InvitePurpose; expiresAt: Date }> {
  const hash = linkHash(token);
  const found = hash ? await deps.store.read((r) => r.console.findInvite(hash, deps.clock.now())) : undefined;
  if (!found) throw invalidLink();
  return found;
}

/** The person chooses their password on the link: the link is used up, the account active, and they are signed in. */
export async function acceptInvite(deps: Deps, token: string, password: string): Promise<Outcome<{ token: string; staff: StaffMember; expiresAt: Date }>> {
  // Looked up before the slow hash, so random tokens cost no argon2 work.
  const { staff } = await describeInvite(deps, token);
  checkPassword(password, { username: staff.username });
  const passwordHash = await deps.hasher.hash(password);
  const hash = linkHash(token)!;
  const session = newStaffToken();
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + deps.settings.staffTokenTtl * 1000);
  const member = await deps.store.transaction(async (tx) => {
    const used = await tx.console.useInvite(hash, now);
    if (!used) throw invalidLink();
    const current = await tx.staff.findById(used.hotelId, used.staffId);
    // A reset link never reactivates an account a manager turned off.
    if (!current || (used.purpose === 'reset' && !current.isActive)) throw invalidLink();
    await tx.console.closeInvites(used.staffId, now);
    const updated = await tx.staff.update(used.hotelId, used.staffId, { passwordHash, isActive: true });
    await tx.staffTokens.insert(used.staffId, hashToken(session), expiresAt);
    return { staff: updated!, purpose: used.purpose };
  });
  const signedIn: Actor = { kind: 'staff', staff: member.staff, tokenHash: hashToken(session) };
  const action = member.purpose === 'invite' ? 'staff.invitation-accepted' : 'staff.password-chosen';
  return { result: { token: session, staff: member.staff, expiresAt }, events: [recorded(signedIn, member.staff.hotelId, action, `staff ${member.staff.id}`, now)] };
}

export async function listRooms(deps: Deps, actor: Actor | null, hotelSlug: string): Promise<RoomListing[]> {
  requireManagerOf(actor, hotelSlug);
  return deps.store.read(async (r) => r.console.listRooms((await requireHotel(r, hotelSlug)).id));
}

export async function addRoom(deps: Deps, actor: Actor | null, hotelSlug: string, roomNumber: number): Promise<Outcome<RoomListing>> {
  requireManagerOf(actor, hotelSlug);
  if (!Number.isInteger(roomNumber) || roomNumber < 1 || roomNumber > MAX_ROOM) throw new AppError('invalid_request', `A room number is a whole number from 1 to ${MAX_ROOM}.`);
  const hotelId = await deps.store.transaction(async (tx) => {
    const hotel = await requireHotel(tx, hotelSlug);
    if (!(await tx.console.addRoom(hotel.id, roomNumber))) throw new AppError('conflict', `Room ${roomNumber} exists already.`);
    return hotel.id;
  });
  return { result: { number: roomNumber, stay: null }, events: [recorded(actor, hotelId, 'room.added', `room ${roomNumber}`, deps.clock.now())] };
}
