// Records as the contract's JSON. HTTP answers and realtime payloads both come from here, so a
// field of the wire is named in one place only; each presenter's type is its TypeBox schema's.
import type { Static } from 'typebox';
import type { GuestSessionInfo, HandlerCard } from '../domain/auth.js';
import type { AssignmentRecord, AttachmentRecord, ConversationSummaryRow, MessageRecord, NoteRecord, StaffMember, StaffProfile } from '../domain/ports.js';
import { displayName, roleName } from '../domain/staff-names.js';
import { channels } from './channels.js';
import type { Attachment } from './schemas/attachments.js';
import type { Assignment, ConversationSummary } from './schemas/chat.js';
import type { Note } from './schemas/desk.js';
import type { Message, Staff, StaffInfo } from './schemas/common.js';
import type { HandlerInfo } from './schemas/common.js';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function staffInfo(s: StaffProfile): Static<typeof StaffInfo> {
  return { id: s.id, name: displayName(s), role: roleName(s), profile_image: s.profileImage };
}

export const staffInfoOrNull = (s: StaffProfile | null | undefined): Static<typeof StaffInfo> | null => (s ? staffInfo(s) : null);

export function presentStaff(s: StaffMember): Static<typeof Staff> {
  return {
    id: s.id,
    username: s.username,
    name: displayName(s),
    first_name: s.firstName,
    last_name: s.lastName,
    role: roleName(s),
    profile_image: s.profileImage,
    hotel_slug: s.hotelSlug,
    hotel_name: s.hotelName,
    is_manager: s.isManager,
    is_active: s.isActive,
  };
}

export function presentMessage(m: MessageRecord): Static<typeof Message> {
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
    status: read ? 'read' : 'delivered',
    read_by_staff: m.readByStaff,
    read_by_guest: m.readByGuest,
    staff_read_at: iso(m.staffReadAt),
    guest_read_at: iso(m.guestReadAt),
    delivered_at: m.createdAt.toISOString(),
    client_message_id: m.clientMessageId,
    ...(m.attachment && { attachment: presentAttachment(m.attachment) }),
  };
}

/** A message's file; its URLs only when signed for the viewer (never in realtime payloads). */
export function presentAttachment(a: AttachmentRecord): Static<typeof Attachment> {
  return {
    id: a.id,
    kind: a.kind,
    file_name: a.fileName,
    content_type: a.contentType,
    size: a.size,
    width: a.width,
    height: a.height,
    url: a.urls?.full ?? null,
    thumbnail_url: a.urls?.thumbnail ?? null,
    expires_at: iso(a.urls?.expiresAt ?? null),
  };
}

export function presentSummary(r: ConversationSummaryRow): Static<typeof ConversationSummary> {
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
    last_sender_type: r.lastSenderType,
    last_sender: staffInfoOrNull(r.lastSender),
    waiting_since: iso(r.waitingSince),
    needs_cover: r.needsCover,
    handoff_note: r.handoffNote && { note: r.handoffNote.text, by: staffInfoOrNull(r.handoffNote.by), at: r.handoffNote.at.toISOString() },
    resolved: r.resolvedAt !== null,
    resolved_at: iso(r.resolvedAt),
    last_read: r.lastRead && { staff: staffInfo(r.lastRead.by), read_at: r.lastRead.at.toISOString() },
    unread_by_me: r.unreadByViewer,
    vip: r.vip,
  };
}

export function presentAssignment(a: AssignmentRecord): Static<typeof Assignment> {
  return {
    staff: staffInfoOrNull(a.staff),
    previous_staff: staffInfoOrNull(a.previousStaff),
    reason: a.reason,
    note: a.note,
    assigned_at: a.assignedAt.toISOString(),
  };
}

function presentHandler(h: HandlerCard | null): Static<typeof HandlerInfo> {
  return h ? { ...staffInfo(h), online: h.online } : null;
}

/** The fields the initialize and validate answers share. */
export function presentGuestSession(s: GuestSessionInfo) {
  return {
    conversation_id: s.conversationId,
    room_number: s.roomNumber,
    hotel_slug: s.hotelSlug,
    hotel_name: s.hotelName,
    pusher_channel: channels.room(s.hotelSlug, s.roomNumber),
    current_staff_handler: presentHandler(s.handler),
    guest_name: s.guestName,
  };
}

export function presentNote(n: NoteRecord): Static<typeof Note> {
  return { id: n.id, conversation_id: n.conversationId, author: staffInfo(n.author), note: n.body, created_at: n.createdAt.toISOString() };
}
