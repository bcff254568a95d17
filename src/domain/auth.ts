// Staff sign-in and guest sessions.
import { recorded } from './audit.js';
import { requireActor } from './access.js';
import { hashToken, newGuestToken, newStaffToken, type Actor } from './actor.js';
import type { Outcome } from './domain-events.js';
import { AppError } from './errors.js';
import type { Deps, StaffMember, StaffProfile, StaffWithSecret } from './ports.js';
import { addressBudget, reserveAttempt, type AttemptLimits } from './rate-limit.js';

// Verified when the username, room or stay is unknown, so every refusal takes as long as a wrong
// password or PIN and says nothing about what exists.
let decoyHash: Promise<string> | null = null;
const decoy = (deps: Deps): Promise<string> => (decoyHash ??= deps.hasher.hash('decoy-secret-for-timing'));

/**
 * Budgets of one guess (docs/security.md, "Guessing limits"): the caller's address, the caller on
 * this target, and the target from everywhere. The last is the ceiling a spread-out attacker
 * meets; the first two stop one source long before it, so a guest or staff member trying from
 * their own device is not locked out by someone guessing from elsewhere.
 */
function budgets(kind: 'login' | 'pin', target: string, address: string, limits: AttemptLimits) {
  const addr = addressBudget(address);
  const [perAddress, perPair, perTarget] =
    kind === 'login' ? [limits.loginPerAddress, limits.loginPerUserAndAddress, limits.loginPerUser] : [limits.pinPerAddress, limits.pinPerRoomAndAddress, limits.pinPerRoom];
  const pair = `${kind}:${target}@${addr}`;
  return { pair, list: [{ key: `${kind}@${addr}`, max: perAddress }, { key: pair, max: perPair }, { key: `${kind}:${target}`, max: perTarget }] };
}

export async function login(
  deps: Deps,
  input: { username: string; password: string; clientAddress: string },
  limits: AttemptLimits,
): Promise<Outcome<{ token: string; staff: StaffMember; expiresAt: Date }>> {
  const username = input.username.trim().toLowerCase();
  const { pair, list } = budgets('login', `user:${username}`, input.clientAddress, limits);
  // Counted before the slow check, so a burst of guesses cannot all pass a count taken before any of them failed.
  const attempt = await reserveAttempt(deps.store, deps.clock, limits.windowMs, list, pair);
  let staff: StaffWithSecret | undefined;
  let ok: boolean;
  try {
    staff = await deps.store.read((r) => r.staff.findByUsername(username));
    ok = await deps.hasher.verify(staff?.passwordHash ?? (await decoy(deps)), input.password);
  } catch (err) {
    await attempt.cancel();
    throw err;
  }
  if (!staff || !ok || !staff.isActive) throw new AppError('invalid_credentials', 'Wrong username or password.');
  await attempt.succeeded();
  const token = newStaffToken();
  const expiresAt = new Date(deps.clock.now().getTime() + deps.settings.staffTokenTtl * 1000);
  await deps.store.transaction((tx) => tx.staffTokens.insert(staff.id, hashToken(token), expiresAt));
  const { passwordHash: _secret, ...member } = staff;
  const signedIn: Actor = { kind: 'staff', staff: member, tokenHash: hashToken(token) };
  return { result: { token, staff: member, expiresAt }, events: [recorded(signedIn, member.hotelId, 'staff.signed-in', `staff ${member.id}`, deps.clock.now(), { address: input.clientAddress })] };
}

export async function logout(deps: Deps, actor: Actor | null): Promise<Outcome<void>> {
  const a = requireActor(actor);
  if (a.kind !== 'staff') throw new AppError('forbidden', 'Guests end their session by checking out.');
  const at = deps.clock.now();
  await deps.store.transaction((tx) => tx.staffTokens.revoke(a.tokenHash, at));
  return {
    result: undefined,
    events: [{ type: 'access-revoked', who: { kind: 'token', tokenHash: a.tokenHash } }, recorded(a, a.staff.hotelId, 'staff.signed-out', `staff ${a.staff.id}`, at)],
  };
}

/** The handler's card as the guest sees it, with whether they are online now. */
export type HandlerCard = StaffProfile & { online: boolean };

/** A guest's session: what the guest app needs to open the chat. */
export interface GuestSessionInfo {
  conversationId: number;
  roomNumber: number;
  hotelSlug: string;
  hotelName: string;
  handler: HandlerCard | null;
  guestName: string;
}

export async function initializeGuestSession(
  deps: Deps,
  hotelSlug: string,
  roomNumber: number,
  input: { pin: string; sessionToken?: string | undefined; clientAddress: string },
  limits: AttemptLimits,
): Promise<GuestSessionInfo & { sessionToken: string; isNewSession: boolean }> {
  const now = deps.clock.now();
  const { hotel, room, stay, held } = await deps.store.read(async (r) => {
    const hotel = await r.hotels.findBySlug(hotelSlug);
    const room = hotel ? await r.rooms.find(hotel.id, roomNumber) : undefined;
    const stay = room ? await r.stays.findActive(room.id) : undefined;
    const held = stay && input.sessionToken ? await r.guestSessions.findActive(hashToken(input.sessionToken), now) : undefined;
    return { hotel, room, stay, held };
  });
  // A guest who already holds a session of this stay is never limited: guessing elsewhere
  // cannot keep them out. Everyone else is counted the same whether the hotel, the room or a
  // guest exists or not, and gets the same answer, so the endpoint does not map occupancy.
  const holder = held !== undefined && held.stayId === stay?.id;
  const { pair, list } = budgets('pin', `${hotelSlug}/${roomNumber}/${stay?.id ?? '-'}`, input.clientAddress, limits);
  const attempt = holder ? null : await reserveAttempt(deps.store, deps.clock, limits.windowMs, list, pair);
  let ok: boolean;
  try {
    ok = await deps.hasher.verify(stay?.pinHash ?? (await decoy(deps)), input.pin);
  } catch (err) {
    await attempt?.cancel();
    throw err;
  }
  if (!ok || !hotel || !room || !stay) throw new AppError('invalid_pin', 'That PIN is not right for this room.');
  await attempt?.succeeded();
  const session = await deps.store.transaction(async (tx) => {
    const convo = await tx.conversations.findOpenForStay(stay.id);
    if (!convo) throw new AppError('not_found', `Room ${roomNumber} has no open conversation.`);
    let token = input.sessionToken ?? null;
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
    sessionToken: session.token,
    isNewSession: session.isNew,
    conversationId: session.convo.id,
    roomNumber: room.number,
    hotelSlug: hotel.slug,
    hotelName: hotel.name,
    handler: await withOnline(deps, hotel.slug, session.handler),
    guestName: stay.guestName,
  };
}

/** The handler's card, with whether they are online now (asked of the realtime side, outside any transaction). */
async function withOnline(deps: Deps, hotelSlug: string, handler: StaffProfile | undefined): Promise<HandlerCard | null> {
  if (!handler) return null;
  return { ...handler, online: await deps.live.isStaffOnline(hotelSlug, handler.id) };
}

export async function validateGuestSession(deps: Deps, actor: Actor | null): Promise<GuestSessionInfo> {
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
    conversationId: s.conversationId,
    roomNumber: s.roomNumber,
    hotelSlug: s.hotelSlug,
    hotelName: s.hotelName,
    handler: await withOnline(deps, s.hotelSlug, handler),
    guestName: convo?.guestName ?? '',
  };
}
