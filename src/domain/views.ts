// The contract's JSON shapes (CONTRACT.md §3–4). HTTP answers and realtime payloads both use these,
// so a field is named in one place only.
import type { AssignmentRecord, ConversationSummaryRow, MessageRecord, StaffMember, StaffProfile } from './ports.js';

export interface StaffInfo {
  id: number;
  name: string;
  role: string;
  profile_image: string | null;
}

export function displayName(s: Pick<StaffProfile, 'firstName' | 'lastName'>): string {
  const name = `${s.firstName.trim()} ${s.lastName.trim()}`.trim();
  return name === '' ? 'Hotel Staff' : name;
}

export function staffInfo(s: StaffProfile): StaffInfo {
  return { id: s.id, name: displayName(s), role: s.role.trim() === '' ? 'Staff' : s.role, profile_image: s.profileImage };
}

export const staffInfoOrNull = (s: StaffProfile | null | undefined): StaffInfo | null => (s ? staffInfo(s) : null);

export function staffView(s: StaffMember) {
  return {
    id: s.id,
    username: s.username,
    name: displayName(s),
    first_name: s.firstName,
    last_name: s.lastName,
    role: staffInfo(s).role,
    profile_image: s.profileImage,
    hotel_slug: s.hotelSlug,
    hotel_name: s.hotelName,
    is_manager: s.isManager,
    is_active: s.isActive,
  };
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function messageView(m: MessageRecord) {
  const info = staffInfoOrNull(m.staff);
  const read = m.senderType === 'guest' ? m.readByStaff : m.readByGuest;
  return {
    id: m.id,
    conversation: m.conversationId,
    room: m.roomId,
    room_number: m.roomNumber,
    sender_type: m.senderType,
    staff: m.staff?.id ?? null,
    staff_name: info?.name ?? null,
    staff_display_name: info?.name ?? null,
    staff_role_name: info?.role ?? null,
    staff_info: info,
    guest_name: m.guestName,
    message: m.body,
    timestamp: m.createdAt.toISOString(),
    status: read ? ('read' as const) : ('delivered' as const),
    read_by_staff: m.readByStaff,
    read_by_guest: m.readByGuest,
    staff_read_at: iso(m.staffReadAt),
    guest_read_at: iso(m.guestReadAt),
    delivered_at: m.createdAt.toISOString(),
    client_message_id: m.clientMessageId,
  };
}
export type MessageView = ReturnType<typeof messageView>;

export function summaryView(r: ConversationSummaryRow) {
  return {
    conversation_id: r.conversationId,
    room_number: r.roomNumber,
    guest_name: r.guestName,
    last_message: r.lastMessage,
    last_message_time: iso(r.lastMessageTime),
    last_activity: r.lastActivity.toISOString(),
    has_unread: r.unreadCount > 0,
    unread_count: r.unreadCount,
    current_handler: staffInfoOrNull(r.handler),
  };
}

export function assignmentView(a: AssignmentRecord) {
  return {
    staff: staffInfo(a.staff),
    previous_staff: staffInfoOrNull(a.previousStaff),
    reason: a.reason,
    assigned_at: a.assignedAt.toISOString(),
  };
}
