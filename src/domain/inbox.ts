// What staff see across the hotel, and what a guest's badge shows.
import { loadConversation, requireActor, requireStaffOf } from './access.js';
import type { Actor } from './actor.js';
import { AppError } from './errors.js';
import type { Deps } from './ports.js';

export async function listConversations(deps: Deps, actor: Actor | null, hotelSlug: string) {
  const me = requireStaffOf(actor, hotelSlug);
  return deps.store.read((r) => r.conversations.listSummaries(me.staff.hotelId, undefined, me.staff.id));
}

export async function staffUnreadCount(deps: Deps, actor: Actor | null, hotelSlug: string) {
  const me = requireStaffOf(actor, hotelSlug);
  // Each room that has unread guest messages, with how many; the badge is the number of rooms.
  return deps.store.read((r) => r.messages.unreadByConversation(me.staff.hotelId));
}

export async function assignmentHistory(deps: Deps, actor: Actor | null, hotelSlug: string, conversationId: number) {
  const me = requireStaffOf(actor, hotelSlug);
  return deps.store.read(async (r) => {
    const convo = await loadConversation(r, me, conversationId);
    return r.assignments.list(convo.id);
  });
}

export async function guestUnreadCount(deps: Deps, actor: Actor | null) {
  const a = requireActor(actor);
  if (a.kind !== 'guest') throw new AppError('session_invalid', 'This guest session has ended.');
  return deps.store.read((r) => r.messages.unreadForGuest(a.session.conversationId));
}
