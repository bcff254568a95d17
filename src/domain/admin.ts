// Hotel administration: staff accounts and the stays that guest chats belong to.
import { recorded } from './audit.js';
import { randomInt } from 'node:crypto';
import { requireHotel, requireManagerOf } from './access.js';
import type { Actor } from './actor.js';
import type { DomainEvent, Outcome } from './domain-events.js';
import { AppError, notFound } from './errors.js';
import { conversationRef } from './handoff.js';
import { checkPassword } from './secret-policy.js';
import type { Deps, Repos, StaffMember, StaffPatch } from './ports.js';
import { checkStayInput, type StayInput } from './stay-panel.js';

export interface StaffInput {
  username: string;
  password: string;
  firstName: string;
  lastName: string;
  role: string;
  profileImage?: string | null | undefined;
  isManager?: boolean | undefined;
}

export const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;

export async function createStaff(deps: Deps, actor: Actor | null, hotelSlug: string, input: StaffInput): Promise<StaffMember> {
  requireManagerOf(actor, hotelSlug);
  const username = input.username.trim().toLowerCase();
  if (!USERNAME.test(username)) {
    throw new AppError('invalid_request', 'A username is 2–64 characters: lowercase letters, digits, dot, dash or underscore.');
  }
  checkPassword(input.password, { username });
  const passwordHash = await deps.hasher.hash(input.password);
  return deps.store.transaction(async (tx) => {
    const hotel = await requireHotel(tx, hotelSlug);
    // Usernames are unique across hotels; the answer must not tell another hotel's staff apart.
    if (await tx.staff.findByUsername(username)) throw new AppError('conflict', 'That username is not available; choose another.');
    return tx.staff.insert({
      hotelId: hotel.id,
      username,
      passwordHash,
      firstName: input.firstName.trim(),
      lastName: input.lastName.trim(),
      role: input.role.trim(),
      profileImage: input.profileImage ?? null,
      isManager: input.isManager ?? false,
    });
  });
}

/** createStaff for the API and the command line: the new account is in the audit log. */
export async function addStaff(deps: Deps, actor: Actor | null, hotelSlug: string, input: StaffInput): Promise<Outcome<StaffMember>> {
  const staff = await createStaff(deps, actor, hotelSlug, input);
  const details = { username: staff.username, role: staff.role, isManager: staff.isManager };
  return { result: staff, events: [recorded(actor, staff.hotelId, 'staff.created', `staff ${staff.id}`, deps.clock.now(), details)] };
}

export interface StaffUpdate {
  password?: string | undefined;
  firstName?: string | undefined;
  lastName?: string | undefined;
  role?: string | undefined;
  profileImage?: string | null | undefined;
  isManager?: boolean | undefined;
  isActive?: boolean | undefined;
}

export async function updateStaff(deps: Deps, actor: Actor | null, hotelSlug: string, staffId: number, input: StaffUpdate): Promise<Outcome<StaffMember>> {
  const who = requireManagerOf(actor, hotelSlug);
  // A manager cannot lock themselves out: another manager (or the command line) does that.
  if (who.kind === 'staff' && who.staff.id === staffId && (input.isActive === false || input.isManager === false)) {
    throw new AppError('conflict', 'You cannot deactivate yourself or take away your own manager role.');
  }
  const patch: StaffPatch = {};
  if (input.password !== undefined) {
    checkPassword(input.password);
    patch.passwordHash = await deps.hasher.hash(input.password);
  }
  if (input.firstName !== undefined) patch.firstName = input.firstName.trim();
  if (input.lastName !== undefined) patch.lastName = input.lastName.trim();
  if (input.role !== undefined) patch.role = input.role.trim();
  if (input.profileImage !== undefined) patch.profileImage = input.profileImage;
  if (input.isManager !== undefined) patch.isManager = input.isManager;
  if (input.isActive !== undefined) patch.isActive = input.isActive;
  const endSessions = input.isActive === false || input.password !== undefined;
  const { staff, hotelId } = await deps.store.transaction(async (tx) => {
    const hotel = await requireHotel(tx, hotelSlug);
    const updated = await tx.staff.update(hotel.id, staffId, patch);
    if (!updated) throw notFound('That staff member');
    if (endSessions) await tx.staffTokens.revokeAllForStaff(staffId, deps.clock.now());
    // Open invitation and reset links end too: a deactivated account is not revived by an old link.
    if (endSessions) await tx.console.closeInvites(staffId, deps.clock.now());
    return { staff: updated, hotelId: hotel.id };
  });
  const { password: _secret, ...changed } = input;
  const action = input.isActive === false ? 'staff.deactivated' : input.isActive === true ? 'staff.activated' : input.password !== undefined ? 'staff.password-changed' : 'staff.changed';
  const audit = recorded(actor, hotelId, action, `staff ${staffId}`, deps.clock.now(), { username: staff.username, ...changed, ...(input.password !== undefined && { password: 'changed' }) });
  // Revoked tokens end their live sockets as well: a deactivated or re-keyed account hears nothing more.
  return { result: staff, events: endSessions ? [{ type: 'access-revoked', who: { kind: 'staff', staffId } }, audit] : [audit] };
}

export interface CheckInResult {
  roomNumber: number;
  guestName: string;
  pin: string;
  conversationId: number;
}

/** A new stay: new PIN, new conversation. Whoever stayed before is checked out first. */
export async function checkIn(
  deps: Deps,
  actor: Actor | null,
  hotelSlug: string,
  roomNumber: number,
  input: { guestName: string; pin?: string | undefined; stay?: StayInput },
): Promise<Outcome<CheckInResult>> {
  const who = requireManagerOf(actor, hotelSlug);
  const guestName = input.guestName.trim();
  if (guestName === '') throw new AppError('invalid_request', 'The guest name is empty.');
  const stayFields = checkStayInput(input.stay ?? {});
  // A chosen PIN is for the demo seed and the CLI only; managers over HTTP always get a fresh random one.
  const pin = who.kind === 'system' && input.pin !== undefined ? input.pin : String(randomInt(0, 1_000_000)).padStart(6, '0');
  const pinHash = await deps.hasher.hash(pin);
  const out = await deps.store.transaction(async (tx) => {
    const hotel = await requireHotel(tx, hotelSlug);
    const room = await tx.rooms.find(hotel.id, roomNumber);
    if (!room) throw notFound(`Room ${roomNumber}`);
    await tx.stays.lockRoom(room.id);
    const now = deps.clock.now();
    const previous = await tx.stays.findActive(room.id);
    const closedConversation = previous ? ((await tx.conversations.findOpenForStay(previous.id))?.id ?? null) : null;
    if (previous) await endStay(tx, previous.id, now);
    const stayId = await tx.stays.insert({ hotelId: hotel.id, roomId: room.id, guestName, pinHash, at: now });
    if (Object.keys(stayFields).length > 0) await tx.deskDay.updateStay(stayId, stayFields);
    const conversationId = await tx.conversations.insert({ hotelId: hotel.id, roomId: room.id, stayId, at: now });
    const [summary] = await tx.conversations.listSummaries(hotel.id, [conversationId]);
    const convo = await tx.conversations.find(hotel.id, conversationId);
    return { conversationId, endedStay: previous?.id ?? null, closedConversation, summary, convo, hotelId: hotel.id, stayId };
  });
  const events: DomainEvent[] = [recorded(actor, out.hotelId, 'stay.checked-in', `room ${roomNumber}`, deps.clock.now(), { stay: out.stayId })];
  if (out.endedStay !== null) events.push({ type: 'access-revoked', who: { kind: 'stay', stayId: out.endedStay } });
  if (out.closedConversation !== null) events.push({ type: 'conversation-closed', hotelSlug, roomNumber, conversationId: out.closedConversation });
  if (out.summary && out.convo) events.push({ type: 'conversation-opened', conversation: conversationRef(out.convo), summary: out.summary });
  return { result: { roomNumber, guestName, pin, conversationId: out.conversationId }, events };
}

export interface CheckOutResult {
  roomNumber: number;
  conversationId: number | null;
}

export async function checkOut(deps: Deps, actor: Actor | null, hotelSlug: string, roomNumber: number): Promise<Outcome<CheckOutResult>> {
  requireManagerOf(actor, hotelSlug);
  const out = await deps.store.transaction(async (tx) => {
    const hotel = await requireHotel(tx, hotelSlug);
    const room = await tx.rooms.find(hotel.id, roomNumber);
    if (!room) throw notFound(`Room ${roomNumber}`);
    await tx.stays.lockRoom(room.id);
    const stay = await tx.stays.findActive(room.id);
    if (!stay) throw new AppError('conflict', `Room ${roomNumber} has no guest checked in.`);
    const convo = await tx.conversations.findOpenForStay(stay.id);
    await endStay(tx, stay.id, deps.clock.now());
    return { stayId: stay.id, conversationId: convo?.id ?? null, hotelId: hotel.id };
  });
  return {
    result: { roomNumber, conversationId: out.conversationId },
    events: [
      recorded(actor, out.hotelId, 'stay.checked-out', `room ${roomNumber}`, deps.clock.now(), { stay: out.stayId }),
      { type: 'access-revoked', who: { kind: 'stay', stayId: out.stayId } },
      { type: 'conversation-closed', hotelSlug, roomNumber, conversationId: out.conversationId },
    ],
  };
}

async function endStay(tx: Repos, stayId: number, at: Date): Promise<void> {
  const convo = await tx.conversations.findOpenForStay(stayId);
  if (convo) await tx.conversations.close(convo.id, at);
  await tx.guestSessions.endForStay(stayId, at);
  await tx.stays.checkOut(stayId, at);
}
