// Staff sign-in and guest sessions.
import { requireActor, requireHotel } from './access.js';
import { hashToken, newGuestToken, newStaffToken, type Actor } from './actor.js';
import { channels } from './events.js';
import { AppError, notFound } from './errors.js';
import type { Deps, StaffMember, StaffProfile } from './ports.js';
import { recordFailure, refuseIfLimited, WINDOW_15_MIN, type Limit } from './rate-limit.js';
import { staffInfo, type StaffInfo } from './views.js';

const LOGIN_FAILURES_PER_USER = 10;
const LOGIN_FAILURES_PER_ADDRESS = 50;
const PIN_FAILURES_PER_ROOM = 10;

// Verified when the username is unknown, so a wrong username takes as long as a wrong password.
let decoyHash: Promise<string> | null = null;

export async function login(
  deps: Deps,
  input: { username: string; password: string; clientAddress: string },
): Promise<{ token: string; staff: StaffMember; expiresAt: Date }> {
  const username = input.username.trim().toLowerCase();
  const limits: Limit[] = [
    { key: `login:user:${username}`, max: LOGIN_FAILURES_PER_USER, windowMs: WINDOW_15_MIN },
    { key: `login:addr:${input.clientAddress}`, max: LOGIN_FAILURES_PER_ADDRESS, windowMs: WINDOW_15_MIN },
  ];
  await refuseIfLimited(deps.store, limits);
  const staff = await deps.store.read((r) => r.staff.findByUsername(username));
  decoyHash ??= deps.hasher.hash('decoy-password-for-timing');
  const ok = await deps.hasher.verify(staff?.passwordHash ?? (await decoyHash), input.password);
  if (!staff || !ok || !staff.isActive) {
    await recordFailure(deps.store, limits);
    throw new AppError('invalid_credentials', 'Wrong username or password.');
  }
  const token = newStaffToken();
  const expiresAt = new Date(Date.now() + deps.settings.staffTokenTtl * 1000);
  await deps.store.transaction((tx) => tx.staffTokens.insert(staff.id, hashToken(token), expiresAt));
  const { passwordHash: _secret, ...member } = staff;
  return { token, staff: member, expiresAt };
}

export async function logout(deps: Deps, actor: Actor | null): Promise<void> {
  const a = requireActor(actor);
  if (a.kind !== 'staff') throw new AppError('forbidden', 'Guests end their session by checking out.');
  await deps.store.transaction((tx) => tx.staffTokens.revoke(a.tokenHash, new Date()));
  await deps.live.disconnect(`token:${a.tokenHash}`);
}

export interface GuestSessionInfo {
  session_token: string;
  conversation_id: number;
  room_number: number;
  hotel_slug: string;
  hotel_name: string;
  is_new_session: boolean;
  pusher_channel: string;
  current_staff_handler: (StaffInfo & { online: boolean }) | null;
  guest_name: string;
}

export async function initializeGuestSession(
  deps: Deps,
  hotelSlug: string,
  roomNumber: number,
  input: { pin: string; session_token?: string | undefined },
): Promise<GuestSessionInfo> {
  const { hotel, room, stay } = await deps.store.read(async (r) => {
    const hotel = await requireHotel(r, hotelSlug);
    const room = await r.rooms.find(hotel.id, roomNumber);
    if (!room) throw notFound(`Room ${roomNumber}`);
    const stay = await r.stays.findActive(room.id);
    return { hotel, room, stay };
  });
  if (!stay) throw new AppError('not_found', `Room ${roomNumber} has no guest checked in.`);
  const limits: Limit[] = [{ key: `pin:${room.id}`, max: PIN_FAILURES_PER_ROOM, windowMs: WINDOW_15_MIN }];
  await refuseIfLimited(deps.store, limits);
  if (!(await deps.hasher.verify(stay.pinHash, input.pin))) {
    await recordFailure(deps.store, limits);
    throw new AppError('invalid_pin', 'That PIN is not right for this room.');
  }
  const now = new Date();
  const session = await deps.store.transaction(async (tx) => {
    const convo = await tx.conversations.findOpenForStay(stay.id);
    if (!convo) throw new AppError('not_found', `Room ${roomNumber} has no open conversation.`);
    let token = input.session_token ?? null;
    let isNew = false;
    const existing = token ? await tx.guestSessions.findActive(hashToken(token), now) : undefined;
    if (!existing || existing.stayId !== stay.id) {
      token = newGuestToken();
      isNew = true;
      const expiresAt = new Date(now.getTime() + deps.settings.guestSessionTtl * 1000);
      await tx.guestSessions.insert({ stayId: stay.id, conversationId: convo.id, tokenHash: hashToken(token), expiresAt, at: now });
    }
    const handler = convo.currentStaffId === null ? undefined : await tx.staff.findById(convo.hotelId, convo.currentStaffId);
    return { token: token!, isNew, convo, handler };
  });
  return {
    session_token: session.token,
    conversation_id: session.convo.id,
    room_number: room.number,
    hotel_slug: hotel.slug,
    hotel_name: hotel.name,
    is_new_session: session.isNew,
    pusher_channel: channels.room(hotel.slug, room.number),
    current_staff_handler: await withOnline(deps, hotel.slug, session.handler),
    guest_name: stay.guestName,
  };
}

/** The handler's card, with whether they are on duty now (asked of the realtime side, outside any transaction). */
async function withOnline(deps: Deps, hotelSlug: string, handler: StaffProfile | undefined): Promise<(StaffInfo & { online: boolean }) | null> {
  if (!handler) return null;
  return { ...staffInfo(handler), online: await deps.live.isStaffOnline(hotelSlug, handler.id) };
}

export async function validateGuestSession(deps: Deps, actor: Actor | null) {
  if (!actor || actor.kind !== 'guest') {
    throw new AppError('session_invalid', 'This session has ended: the stay was checked out, or the link is not valid.', {
      valid: false,
      reason: 'expired_or_checked_out',
    });
  }
  const s = actor.session;
  const { convo, handler } = await deps.store.read(async (r) => {
    const convo = await r.conversations.find(s.hotelId, s.conversationId);
    const handler = convo?.currentStaffId ? await r.staff.findById(s.hotelId, convo.currentStaffId) : undefined;
    return { convo, handler };
  });
  return {
    valid: true as const,
    conversation_id: s.conversationId,
    room_number: s.roomNumber,
    hotel_slug: s.hotelSlug,
    hotel_name: s.hotelName,
    pusher_channel: channels.room(s.hotelSlug, s.roomNumber),
    current_staff_handler: await withOnline(deps, s.hotelSlug, handler),
    guest_name: convo?.guestName ?? '',
  };
}
