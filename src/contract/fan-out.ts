// Which channel hears what: the one module that maps a DomainEvent to the contract's realtime
// events (channel, event name, payload). Payload types are the schemas of schemas/events.ts.
import type { Static } from 'typebox';
import type { ConversationRef, DomainEvent } from '../domain/domain-events.js';
import type { MessageRecord } from '../domain/ports.js';
import { channels, parseChannel } from './channels.js';
import { presentMessage, presentNote, presentSummary, staffInfo, staffInfoOrNull } from './presenters.js';
import type * as P from './schemas/events.js';

/** One event on one channel, as the realtime publisher takes it. */
export interface RealtimeEvent {
  channel: string;
  name: string;
  data: unknown;
}

const room = (c: ConversationRef) => channels.room(c.hotelSlug, c.roomNumber);
const conversation = (c: ConversationRef) => channels.conversation(c.hotelSlug, c.id);
const inbox = (c: { hotelSlug: string }) => channels.inbox(c.hotelSlug);

/** The same payload on several channels: one object, so the publisher serialises it once. */
const on = (names: string[], name: string, data: unknown): RealtimeEvent[] => names.map((channel) => ({ channel, name, data }));

export function fanOut(e: DomainEvent): RealtimeEvent[] {
  switch (e.type) {
    case 'message-stored': {
      const events = messageEvents(e.conversation, e.message);
      if (e.unreadCount === null) return events;
      // Every change of the unread count is published with the count (a guest message too).
      const c = e.conversation;
      const data: Static<typeof P.UnreadChange> = { conversation_id: c.id, room_number: c.roomNumber, unread_count: e.unreadCount };
      return [...events, ...on([conversation(c), inbox(c)], 'conversation-unread', data)];
    }
    case 'handler-changed': {
      const c = e.conversation;
      if (e.to === null) {
        const guest: Static<typeof P.GuestStaffReleased> = {
          conversation_id: c.id,
          previous_staff_id: e.from?.id ?? null,
          previous_staff_name: e.from ? staffInfo(e.from).name : null,
          released_at: e.at.toISOString(),
        };
        const staff: Static<typeof P.StaffReleased> = {
          conversation_id: c.id,
          room_number: c.roomNumber,
          previous_staff: staffInfoOrNull(e.from),
          reason: 'released',
          note: e.note,
          released_at: e.at.toISOString(),
        };
        return [...on([room(c)], 'staff-released', guest), ...on([conversation(c), inbox(c)], 'staff-released', staff)];
      }
      const info = staffInfo(e.to);
      const guest: Static<typeof P.GuestStaffAssigned> = {
        staff_name: info.name,
        staff_role: info.role,
        conversation_id: c.id,
        staff_id: info.id,
        profile_image: info.profile_image,
      };
      const staff: Static<typeof P.StaffAssigned> = {
        conversation_id: c.id,
        room_number: c.roomNumber,
        staff: info,
        previous_staff: staffInfoOrNull(e.from),
        reason: e.reason,
        assigned_at: e.at.toISOString(),
      };
      return [...on([room(c)], 'staff-assigned', guest), ...on([conversation(c), inbox(c)], 'staff-assigned', staff)];
    }
    case 'read-by-staff': {
      const c = e.conversation;
      const data: Static<typeof P.ReadByStaff> = {
        message_ids: e.messageIds,
        read_at: e.at.toISOString(),
        staff_name: staffInfo(e.reader).name,
        staff_id: e.reader.id,
        conversation_id: c.id,
      };
      return on([room(c)], 'messages-read-by-staff', data);
    }
    case 'read-by-guest': {
      const c = e.conversation;
      const data: Static<typeof P.ReadByGuest> = { message_ids: e.messageIds, read_at: e.at.toISOString(), room_number: c.roomNumber, conversation_id: c.id };
      return on([conversation(c)], 'messages-read-by-guest', data);
    }
    case 'unread-changed': {
      const c = e.conversation;
      const data: Static<typeof P.UnreadChange> = { conversation_id: c.id, room_number: c.roomNumber, unread_count: e.unreadCount };
      return on([conversation(c), inbox(c)], e.unreadCount === 0 ? 'conversation-read' : 'conversation-unread', data);
    }
    case 'conversation-opened':
      return on([inbox(e.conversation)], 'new-conversation', presentSummary(e.summary));
    case 'conversation-closed': {
      const data: Static<typeof P.ConversationClosed> = { room_number: e.roomNumber, conversation_id: e.conversationId, checked_out: true };
      return on([inbox(e)], 'conversation-closed', data);
    }
    case 'handler-presence': {
      const c = e.conversation;
      const data: Static<typeof P.HandlerPresence> = { conversation_id: c.id, staff_id: e.staffId, online: e.online };
      return on([room(c)], 'handler-presence', data);
    }
    case 'duty-changed': {
      const info = staffInfo(e.staff);
      const data: Static<typeof P.DutyChanged> = { staff: info, on_duty: e.onDuty, at: e.at.toISOString() };
      return on([channels.inbox(e.hotelSlug)], 'staff-duty-changed', data);
    }
    case 'note-added':
      // Staff channels only: a note never reaches the guest's room channel.
      return on([conversation(e.conversation)], 'internal-note-added', presentNote(e.note));
    case 'resolved-changed': {
      const c = e.conversation;
      const data: Static<typeof P.ResolvedChange> = { conversation_id: c.id, room_number: c.roomNumber, resolved: e.resolved, at: e.at.toISOString() };
      return on([conversation(c), inbox(c)], 'conversation-resolved', data);
    }
    case 'desk-alert': {
      const c = e.conversation;
      const data: Static<typeof P.DeskAlert> = {
        conversation_id: c.id,
        room_number: c.roomNumber,
        kind: e.kind,
        audience: e.audience,
        staff_ids: e.staffIds,
        waited_seconds: e.waitedSeconds,
        at: e.at.toISOString(),
      };
      return on([...e.staffIds.map((id) => channels.staff(c.hotelSlug, id)), inbox(c)], 'conversation-alert', data);
    }
    case 'access-revoked':
    case 'action-recorded':
      return [];
  }
}

function messageEvents(c: ConversationRef, m: MessageRecord): RealtimeEvent[] {
  const view = presentMessage(m);
  const delivered: Static<typeof P.MessageDelivered> = { conversation_id: c.id, message_id: m.id, delivered_at: view.delivered_at };
  const events = [...on([room(c), conversation(c)], 'new-message', view), ...on([conversation(c)], 'message-delivered', delivered)];
  // An automatic reply is for the guest and the open conversation: it is no guest message for the inbox.
  if (m.senderType === 'system') return events;
  if (m.senderType === 'staff') {
    // On the inbox too, so every dashboard's "Last:" line and order follow colleagues' replies.
    return [...events, ...on([room(c), inbox(c)], 'new-staff-message', view)];
  }
  const handler = c.currentStaffId === null ? [] : [channels.staff(c.hotelSlug, c.currentStaffId)];
  return [...events, ...on([inbox(c), ...handler], 'new-guest-message', view)];
}

/** With LEGACY_PUBLIC_CHANNELS=1 every guest event is published on the reference's public name as well. */
export function withLegacyChannels(events: readonly RealtimeEvent[]): RealtimeEvent[] {
  return events.flatMap((e) => {
    const target = parseChannel(e.channel);
    return target?.kind === 'room' ? [e, { ...e, channel: channels.legacyRoom(target.hotel, target.room) }] : [e];
  });
}

/** Pusher carries at most 10 KB of data per event; a message can be longer in emoji or CJK. */
export const TRIMMED_MESSAGE_CHARS = 500;

/**
 * The replacement for an event too large to publish: a message keeps its fields with the start of
 * its text and `truncated: true`, which tells the client to fetch the whole message; anything
 * else keeps only its ids. The publisher calls this on every adapter.
 */
export function trimOversized(e: { channel: string; name: string; data: unknown }): unknown {
  const data = e.data;
  if (typeof data !== 'object' || data === null) return { truncated: true };
  const record = data as Record<string, unknown>;
  if (typeof record.message === 'string' && typeof record.id === 'number') {
    return { ...record, message: [...record.message].slice(0, TRIMMED_MESSAGE_CHARS).join(''), truncated: true };
  }
  const ids = Object.fromEntries(Object.entries(record).filter(([k, v]) => (k.endsWith('_id') || k === 'id') && typeof v === 'number'));
  return { ...ids, truncated: true };
}
