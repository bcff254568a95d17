// Channel names and event payloads of CONTRACT.md §6: who hears about what is decided here alone.
import type { AssignmentReason, Conversation, MessageRecord, StaffProfile } from './ports.js';
import { messageView, staffInfo, staffInfoOrNull, type StaffInfo } from './views.js';

export interface RealtimeEvent {
  channel: string;
  name: string;
  data: unknown;
}

export const channels = {
  room: (hotel: string, room: number) => `private-${hotel}-room-${room}-chat`,
  conversation: (hotel: string, id: number) => `private-${hotel}-conversation-${id}-chat`,
  inbox: (hotel: string) => `private-${hotel}-staff-inbox`,
  staff: (hotel: string, staffId: number) => `private-${hotel}-staff-${staffId}-chat`,
  presence: (hotel: string) => `presence-${hotel}-staff`,
};

/** The reference's public guest channel for a private room channel, or null for any other channel. */
export function legacyChannel(channel: string): string | null {
  const m = /^private-(.+-room-\d+-chat)$/.exec(channel);
  return m ? m[1]! : null;
}

/** With LEGACY_PUBLIC_CHANNELS=1 every guest event is published on the public name as well. */
export function withLegacyChannels(events: readonly RealtimeEvent[]): RealtimeEvent[] {
  return events.flatMap((e) => {
    const legacy = legacyChannel(e.channel);
    return legacy ? [e, { ...e, channel: legacy }] : [e];
  });
}

export interface HandoffChange {
  conversationId: number;
  staff: StaffProfile;
  previous: StaffProfile | null;
  reason: AssignmentReason;
  at: Date;
}

export function handoffEvents(c: Conversation, change: HandoffChange): RealtimeEvent[] {
  const info = staffInfo(change.staff);
  const staffPayload = {
    conversation_id: c.id,
    room_number: c.roomNumber,
    staff: info,
    previous_staff: staffInfoOrNull(change.previous),
    reason: change.reason,
    assigned_at: change.at.toISOString(),
  };
  return [
    {
      channel: channels.room(c.hotelSlug, c.roomNumber),
      name: 'staff-assigned',
      data: { staff_name: info.name, staff_role: info.role, conversation_id: c.id, staff_id: info.id, profile_image: info.profile_image },
    },
    { channel: channels.conversation(c.hotelSlug, c.id), name: 'staff-assigned', data: staffPayload },
    { channel: channels.inbox(c.hotelSlug), name: 'staff-assigned', data: staffPayload },
  ];
}

export function messageEvents(c: Conversation, m: MessageRecord): RealtimeEvent[] {
  const view = messageView(m);
  const events: RealtimeEvent[] = [
    { channel: channels.room(c.hotelSlug, c.roomNumber), name: 'new-message', data: view },
    { channel: channels.conversation(c.hotelSlug, c.id), name: 'new-message', data: view },
    {
      channel: channels.conversation(c.hotelSlug, c.id),
      name: 'message-delivered',
      data: { conversation_id: c.id, message_id: m.id, delivered_at: view.delivered_at },
    },
  ];
  if (m.senderType === 'staff') {
    // On the inbox too, so every dashboard's "Last:" line and order follow colleagues' replies.
    events.push(
      { channel: channels.room(c.hotelSlug, c.roomNumber), name: 'new-staff-message', data: view },
      { channel: channels.inbox(c.hotelSlug), name: 'new-staff-message', data: view },
    );
  } else {
    events.push({ channel: channels.inbox(c.hotelSlug), name: 'new-guest-message', data: view });
    if (c.currentStaffId !== null) {
      events.push({ channel: channels.staff(c.hotelSlug, c.currentStaffId), name: 'new-guest-message', data: view });
    }
  }
  return events;
}

export function unreadEvents(c: Conversation, name: 'conversation-unread' | 'conversation-read', unreadCount: number): RealtimeEvent[] {
  const data = { conversation_id: c.id, room_number: c.roomNumber, unread_count: unreadCount };
  return [
    { channel: channels.conversation(c.hotelSlug, c.id), name, data },
    { channel: channels.inbox(c.hotelSlug), name, data },
  ];
}

export function readByStaffEvent(c: Conversation, ids: number[], at: Date, reader: StaffInfo): RealtimeEvent {
  return {
    channel: channels.room(c.hotelSlug, c.roomNumber),
    name: 'messages-read-by-staff',
    data: { message_ids: ids, read_at: at.toISOString(), staff_name: reader.name, staff_id: reader.id, conversation_id: c.id },
  };
}

export function readByGuestEvent(c: Conversation, ids: number[], at: Date): RealtimeEvent {
  return {
    channel: channels.conversation(c.hotelSlug, c.id),
    name: 'messages-read-by-guest',
    data: { message_ids: ids, read_at: at.toISOString(), room_number: c.roomNumber, conversation_id: c.id },
  };
}

export function handlerPresenceEvent(hotel: string, roomNumber: number, conversationId: number, staffId: number, online: boolean): RealtimeEvent {
  return { channel: channels.room(hotel, roomNumber), name: 'handler-presence', data: { conversation_id: conversationId, staff_id: staffId, online } };
}
