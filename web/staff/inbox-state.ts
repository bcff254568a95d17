// The sidebar's conversations: loaded once, then kept true by staff-channel events. Besides the
// shared unread badge each row knows who wrote last, whether the guest waits and since when,
// whether it needs cover (released, nobody took it) and whether it is resolved.
import type { ConversationSummary, Message, StaffInfo, UnreadChange } from '../shared/contract.js';

export type InboxAction =
  | { type: 'loaded'; list: ConversationSummary[] }
  | { type: 'message'; message: Message; countsAsUnread: boolean }
  /** A new handler (staff-assigned): whoever took it, so it no longer needs cover. */
  | { type: 'handler'; conversationId: number; handler: StaffInfo }
  /** Released to the team (staff-released, a handler's mark-unread, a clock-out). */
  | { type: 'released'; conversationId: number; by: StaffInfo | null; note: string | null; at: string }
  | { type: 'unread'; event: UnreadChange }
  /** I read it: the shared badge clears, and "last read" is me now. */
  | { type: 'read'; conversationId: number; me: StaffInfo }
  | { type: 'resolved'; conversationId: number; resolved: boolean; at: string };

function time(c: ConversationSummary): number {
  return c.last_message_time ? Date.parse(c.last_message_time) : 0;
}

/** Newest activity first; conversations without messages last, by room. */
export function sortInbox(list: ConversationSummary[]): ConversationSummary[] {
  return [...list].sort((a, b) => time(b) - time(a) || a.room_number - b.room_number);
}

function update(list: ConversationSummary[], id: number, fn: (c: ConversationSummary) => ConversationSummary): ConversationSummary[] {
  let found = false;
  const next = list.map((c) => {
    if (c.conversation_id !== id) return c;
    found = true;
    return fn(c);
  });
  return found ? next : list;
}

function withMessage(c: ConversationSummary, m: Message, countsAsUnread: boolean): ConversationSummary {
  const guest = m.sender_type === 'guest';
  const base = { ...c, last_message: m.message, last_message_time: m.timestamp, guest_name: c.guest_name || m.guest_name };
  if (m.sender_type === 'system') return base;
  return {
    ...base,
    last_sender_type: m.sender_type,
    last_sender: guest ? null : m.staff_info,
    // The guest waits since their first message nobody answered; a staff reply ends the wait.
    waiting_since: guest ? (c.last_sender_type === 'guest' && c.waiting_since ? c.waiting_since : m.timestamp) : null,
    // A guest writing again brings a resolved conversation back to the queue.
    resolved: guest ? false : c.resolved,
    resolved_at: guest ? null : c.resolved_at,
    has_unread: countsAsUnread ? true : c.has_unread,
    unread_count: countsAsUnread ? c.unread_count + 1 : c.unread_count,
    unread_by_me: guest && countsAsUnread ? true : c.unread_by_me,
  };
}

export function inboxReducer(list: ConversationSummary[], action: InboxAction): ConversationSummary[] {
  switch (action.type) {
    case 'loaded':
      return sortInbox(action.list);
    case 'message': {
      const m = action.message;
      const current = list.find((c) => c.conversation_id === m.conversation);
      if (!current) return list;
      // Ignore an older message arriving late (e.g. from a catch-up page).
      if (current.last_message_time && Date.parse(m.timestamp) < Date.parse(current.last_message_time)) return list;
      return sortInbox(update(list, m.conversation, (c) => withMessage(c, m, action.countsAsUnread)));
    }
    case 'handler':
      return update(list, action.conversationId, (c) => ({ ...c, current_handler: action.handler, needs_cover: false }));
    case 'released':
      return update(list, action.conversationId, (c) => ({
        ...c,
        current_handler: null,
        needs_cover: true,
        handoff_note: action.note ? { note: action.note, by: action.by, at: action.at } : null,
      }));
    case 'unread':
      return update(list, action.event.conversation_id, (c) => ({ ...c, has_unread: action.event.unread_count > 0, unread_count: action.event.unread_count }));
    case 'read':
      return update(list, action.conversationId, (c) => ({
        ...c,
        has_unread: false,
        unread_count: 0,
        unread_by_me: false,
        last_read: { staff: action.me, read_at: new Date().toISOString() },
      }));
    case 'resolved':
      return update(list, action.conversationId, (c) => ({ ...c, resolved: action.resolved, resolved_at: action.resolved ? action.at : null }));
  }
}

export type InboxFilter = 'mine' | 'unassigned' | 'waiting' | 'all';

export interface InboxView {
  filter: InboxFilter;
  query: string;
  /** Show rooms nobody has written in yet (hidden by default: they are not a queue). */
  showQuiet: boolean;
  /** Show resolved conversations (they leave the queue until the guest writes again). */
  showResolved: boolean;
}

/** Whether the guest wrote last and nobody answered yet. */
export const isWaiting = (c: ConversationSummary): boolean => c.last_sender_type === 'guest' && c.waiting_since !== null && !c.resolved;

export const isQuiet = (c: ConversationSummary): boolean => c.last_message_time === null && !c.needs_cover;

function matches(c: ConversationSummary, q: string): boolean {
  return !q || String(c.room_number).includes(q) || c.guest_name.toLowerCase().includes(q);
}

export function filterInbox(list: ConversationSummary[], view: InboxView, myId: number): ConversationSummary[] {
  const q = view.query.trim().toLowerCase();
  const shown = list.filter((c) => {
    if (!matches(c, q)) return false;
    // A search finds any room, quiet or resolved: the person is looking for that one.
    if (!q && !view.showQuiet && isQuiet(c)) return false;
    if (!q && !view.showResolved && c.resolved && view.filter !== 'mine') return false;
    switch (view.filter) {
      case 'mine':
        return c.current_handler?.id === myId;
      case 'unassigned':
        return c.current_handler === null;
      case 'waiting':
        return isWaiting(c);
      case 'all':
        return true;
    }
  });
  if (view.filter === 'waiting') return shown.sort((a, b) => Date.parse(a.waiting_since ?? '') - Date.parse(b.waiting_since ?? ''));
  // Needing cover comes first among the unassigned: nobody will pick those up otherwise.
  if (view.filter === 'unassigned') return shown.sort((a, b) => Number(b.needs_cover) - Number(a.needs_cover));
  return shown;
}

/** How many rooms each view would hide, for the toggles' labels. */
export function hiddenCounts(list: ConversationSummary[]): { quiet: number; resolved: number } {
  return { quiet: list.filter(isQuiet).length, resolved: list.filter((c) => c.resolved).length };
}
