// The sidebar's conversations: loaded once, then kept true by staff-channel events.
import type { ConversationSummary, Message, StaffInfo, UnreadChange } from '../shared/contract.js';

export type InboxAction =
  | { type: 'loaded'; list: ConversationSummary[] }
  | { type: 'message'; message: Message; countsAsUnread: boolean }
  /** A new handler (staff-assigned), or nobody (staff-released). */
  | { type: 'handler'; conversationId: number; handler: StaffInfo | null }
  | { type: 'unread'; event: UnreadChange }
  | { type: 'read'; conversationId: number };

function time(c: ConversationSummary): number {
  return c.last_message_time ? Date.parse(c.last_message_time) : 0;
}

/** Newest activity first; conversations without messages last, by room. */
export function sortInbox(list: ConversationSummary[]): ConversationSummary[] {
  return [...list].sort((a, b) => time(b) - time(a) || String(a.room_number).localeCompare(String(b.room_number), undefined, { numeric: true }));
}

function update(
  list: ConversationSummary[],
  id: number,
  fn: (c: ConversationSummary) => ConversationSummary,
): ConversationSummary[] {
  let found = false;
  const next = list.map((c) => {
    if (c.conversation_id !== id) return c;
    found = true;
    return fn(c);
  });
  return found ? next : list;
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
      return sortInbox(
        update(list, m.conversation, (c) => ({
          ...c,
          last_message: m.message,
          last_message_time: m.timestamp,
          has_unread: action.countsAsUnread ? true : c.has_unread,
          unread_count: action.countsAsUnread ? c.unread_count + 1 : c.unread_count,
          guest_name: c.guest_name || m.guest_name,
        })),
      );
    }
    case 'handler':
      return update(list, action.conversationId, (c) => ({ ...c, current_handler: action.handler }));
    case 'unread':
      return update(list, action.event.conversation_id, (c) => ({
        ...c,
        has_unread: action.event.unread_count > 0,
        unread_count: action.event.unread_count,
      }));
    case 'read':
      return update(list, action.conversationId, (c) => ({ ...c, has_unread: false, unread_count: 0 }));
  }
}

export type InboxFilter = 'all' | 'mine' | 'unassigned';

export function filterInbox(
  list: ConversationSummary[],
  filter: InboxFilter,
  query: string,
  myId: number,
): ConversationSummary[] {
  const q = query.trim().toLowerCase();
  return list.filter((c) => {
    if (filter === 'mine' && c.current_handler?.id !== myId) return false;
    if (filter === 'unassigned' && c.current_handler) return false;
    if (!q) return true;
    return String(c.room_number).toLowerCase().includes(q) || c.guest_name.toLowerCase().includes(q);
  });
}
