// The realtime payloads the apps read, checked field by field before they reach state. Each
// check is written against the contract's type (src/contract/types.ts via contract.ts).
import { arrayOf, isBoolean, isString, nullable, oneOf, optional, shape } from './checks.js';
import type {
  DeskAlert,
  DutyChanged,
  GuestStaffAssigned,
  Note,
  ResolvedChange,
  GuestStaffReleased,
  HandlerPresence,
  Message,
  ReadByGuest,
  ReadByStaff,
  SenderType,
  StaffAssigned,
  StaffInfo,
  StaffReleased,
  TypingEvent,
  UnreadChange,
  ViewingEvent,
} from './contract.js';

const isSenderType = oneOf<SenderType>({ guest: true, staff: true, system: true });
const isInteger = (v: unknown): v is number => Number.isInteger(v);
const isIds = arrayOf(isInteger);

export const isStaffInfo = shape<StaffInfo>({ id: isInteger, name: isString, role: isString, profile_image: nullable(isString) });

/** A message's photo or file (docs/files.md); realtime payloads carry no URLs. */
type Attachment = NonNullable<Message['attachment']>;
export const isAttachment = shape<Attachment>({
  id: isInteger,
  kind: oneOf<Attachment['kind']>({ image: true, file: true }),
  file_name: isString,
  content_type: isString,
  size: isInteger,
  width: nullable(isInteger),
  height: nullable(isInteger),
  url: nullable(isString),
  thumbnail_url: nullable(isString),
  expires_at: nullable(isString),
});

export const isMessage = shape<Message>({
  id: isInteger,
  conversation: isInteger,
  room: isInteger,
  room_number: isInteger,
  sender_type: isSenderType,
  staff: nullable(isInteger),
  staff_name: nullable(isString),
  staff_display_name: nullable(isString),
  staff_role_name: nullable(isString),
  staff_info: nullable(isStaffInfo),
  guest_name: isString,
  message: isString,
  timestamp: isString,
  status: oneOf<Message['status']>({ delivered: true, read: true }),
  read_by_staff: isBoolean,
  read_by_guest: isBoolean,
  staff_read_at: nullable(isString),
  guest_read_at: nullable(isString),
  delivered_at: isString,
  client_message_id: nullable(isString),
  attachment: optional(isAttachment),
});

/** `staff-assigned` on the staff channels. */
export const isStaffAssigned = shape<StaffAssigned>({
  conversation_id: isInteger,
  room_number: isInteger,
  staff: isStaffInfo,
  previous_staff: nullable(isStaffInfo),
  reason: oneOf<StaffAssigned['reason']>({ opened: true, replied: true }),
  assigned_at: isString,
});

/** `staff-assigned` on the guest's room channel. */
export const isGuestStaffAssigned = shape<GuestStaffAssigned>({
  staff_name: isString,
  staff_role: isString,
  conversation_id: isInteger,
  staff_id: isInteger,
  profile_image: nullable(isString),
});

/** `staff-released` on the staff channels. */
export const isStaffReleased = shape<StaffReleased>({
  conversation_id: isInteger,
  room_number: isInteger,
  previous_staff: nullable(isStaffInfo),
  reason: oneOf<StaffReleased['reason']>({ released: true }),
  note: nullable(isString),
  released_at: isString,
});

/** `staff-released` on the guest's room channel. */
export const isGuestStaffReleased = shape<GuestStaffReleased>({
  conversation_id: isInteger,
  previous_staff_id: nullable(isInteger),
  previous_staff_name: nullable(isString),
  released_at: isString,
});

/** `conversation-unread` / `conversation-read`. */
export const isUnreadChange = shape<UnreadChange>({ conversation_id: isInteger, room_number: isInteger, unread_count: isInteger });

export const isReadByStaff = shape<ReadByStaff>({ message_ids: isIds, read_at: isString, staff_name: isString, staff_id: isInteger, conversation_id: isInteger });
export const isReadByGuest = shape<ReadByGuest>({ message_ids: isIds, read_at: isString, room_number: isInteger, conversation_id: isInteger });

export const isHandlerPresence = shape<HandlerPresence>({ conversation_id: isInteger, staff_id: isInteger, online: isBoolean });

export const isTyping = shape<TypingEvent>({
  sender_type: oneOf<TypingEvent['sender_type']>({ guest: true, staff: true }),
  typing: isBoolean,
  staff_id: optional(isInteger),
  name: optional(isString),
});

export const isViewing = shape<ViewingEvent>({
  staff_id: isInteger,
  name: isString,
  conversation_id: nullable(isInteger),
  typing: isBoolean,
  hello: optional(isBoolean),
  tab: optional(isString),
});

/** `internal-note-added` on the conversation channel (staff only). */
export const isNote = shape<Note>({ id: isInteger, conversation_id: isInteger, author: isStaffInfo, note: isString, created_at: isString });

/** `staff-duty-changed` on the staff inbox. */
export const isDutyChanged = shape<DutyChanged>({ staff: isStaffInfo, on_duty: isBoolean, at: isString });

/** `conversation-resolved` on the staff channels. */
export const isResolvedChange = shape<ResolvedChange>({ conversation_id: isInteger, room_number: isInteger, resolved: isBoolean, at: isString });

/** `conversation-alert` on my own channel and the inbox. */
export const isDeskAlert = shape<DeskAlert>({
  conversation_id: isInteger,
  room_number: isInteger,
  kind: oneOf<DeskAlert['kind']>({ cover: true, reply: true }),
  audience: oneOf<DeskAlert['audience']>({ handler: true, 'on-duty': true, manager: true }),
  staff_ids: isIds,
  waited_seconds: isInteger,
  at: isString,
});
