// Who may see and do what. Every rule about hotels, rooms and staff roles lives here.
import type { Actor, GuestActor, StaffActor } from './actor.js';
import { AppError, forbidden, notFound, unauthenticated } from './errors.js';
import type { Conversation, Hotel, Repos } from './ports.js';

export function requireActor(actor: Actor | null): Actor {
  if (!actor) throw unauthenticated();
  return actor;
}

/** Staff of this hotel (or the system). A guest is refused; another hotel's staff too. */
export function requireStaffOf(actor: Actor | null, hotelSlug: string): StaffActor {
  const a = requireActor(actor);
  if (a.kind !== 'staff') throw forbidden('Only staff of this hotel may do that.');
  if (a.staff.hotelSlug !== hotelSlug) throw forbidden('You are not staff of this hotel.');
  return a;
}

export function requireManagerOf(actor: Actor | null, hotelSlug: string): StaffActor | { kind: 'system' } {
  const a = requireActor(actor);
  if (a.kind === 'system') return a;
  const staff = requireStaffOf(a, hotelSlug);
  if (!staff.staff.isManager) throw forbidden('Only a manager of this hotel may do that.');
  return staff;
}

/** Staff of the hotel, or a guest session of that hotel. */
export function requireMemberOf(actor: Actor | null, hotelSlug: string): StaffActor | GuestActor {
  const a = requireActor(actor);
  if (a.kind === 'system') throw forbidden();
  const slug = a.kind === 'staff' ? a.staff.hotelSlug : a.session.hotelSlug;
  if (slug !== hotelSlug) throw forbidden('That is another hotel.');
  return a;
}

export async function requireHotel(repos: Repos, slug: string): Promise<Hotel> {
  const hotel = await repos.hotels.findBySlug(slug);
  if (!hotel) throw notFound(`Hotel "${slug}"`);
  return hotel;
}

/** The hotel in which the caller may use conversation `id`: staff their own, a guest only their stay's. */
export function conversationHotel(actor: StaffActor | GuestActor, id: number): number {
  if (actor.kind === 'guest' && actor.session.conversationId !== id) throw notFound();
  return actor.kind === 'staff' ? actor.staff.hotelId : actor.session.hotelId;
}

/**
 * Loads a conversation the caller may use: staff see every conversation of their hotel, a guest only
 * their own stay's. Anything else is "not found", so another hotel's ids reveal nothing.
 */
export async function loadConversation(
  repos: Repos,
  actor: StaffActor | GuestActor,
  id: number,
  opts: { lock?: boolean } = {},
): Promise<Conversation> {
  const hotelId = conversationHotel(actor, id);
  const convo = opts.lock ? await repos.conversations.lockForUpdate(hotelId, id) : await repos.conversations.find(hotelId, id);
  if (!convo) throw notFound();
  return convo;
}

export function requireOpen(convo: Conversation): void {
  if (convo.status !== 'open') throw new AppError('conflict', 'This conversation is closed: the guest has checked out.');
}

/** What a realtime subscription would let its holder watch (contract/channels.ts parses the names). */
export type Watchable =
  | { hotel: string; kind: 'room'; room: number }
  | { hotel: string; kind: 'conversation'; conversationId: number }
  | { hotel: string; kind: 'inbox' }
  | { hotel: string; kind: 'staff'; staffId: number }
  | { hotel: string; kind: 'presence' };

/**
 * Realtime subscriptions. Returns null when allowed, or the reason it is not.
 * Staff: everything of their hotel except another staff member's personal feed.
 * Guest: only their own stay's room.
 */
export function subscriptionRefusal(actor: Actor, target: Watchable | null): string | null {
  if (target === null || actor.kind === 'system') return 'No such channel.';
  if (actor.kind === 'guest') {
    if (target.kind === 'room' && target.hotel === actor.session.hotelSlug && target.room === actor.session.roomNumber) return null;
    return 'A guest may only subscribe to their own room.';
  }
  if (target.hotel !== actor.staff.hotelSlug) return 'That channel belongs to another hotel.';
  if (target.kind === 'staff' && target.staffId !== actor.staff.id) return "That is another staff member's channel.";
  return null;
}
