import { Type } from 'typebox';
import { HandoffReason, Id, Message, Nullable, StaffInfo } from './common.js';

export const MessagesQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })), before_id: Type.Optional(Id) },
  { additionalProperties: false },
);

export const SendBody = Type.Object(
  {
    message: Type.String({ minLength: 1, maxLength: 20000, description: '1–4,000 characters after trimming' }),
    client_message_id: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);
export const SendReply = Type.Object({
  conversation_id: Type.Integer(),
  message: Message,
  staff_info: Type.Optional(StaffInfo),
  duplicate: Type.Boolean(),
});

export const AssignReply = Type.Object({
  conversation_id: Type.Integer(),
  assigned_staff: StaffInfo,
  previous_staff: Nullable(StaffInfo),
  changed: Type.Boolean(),
  sessions_updated: Type.Integer(),
  room_number: Type.Integer(),
});

export const MarkReadReply = Type.Object({ conversation_id: Type.Integer(), marked_as_read: Type.Integer(), message_ids: Type.Array(Type.Integer()) });
export const MarkUnreadReply = Type.Object({ conversation_id: Type.Integer(), has_unread: Type.Literal(true), unread_count: Type.Integer() });

export const ConversationSummary = Type.Object({
  conversation_id: Type.Integer(),
  room_number: Type.Integer(),
  guest_name: Type.String(),
  last_message: Nullable(Type.String()),
  last_message_time: Nullable(Type.String({ format: 'date-time' })),
  last_activity: Type.String({ format: 'date-time' }),
  has_unread: Type.Boolean(),
  unread_count: Type.Integer(),
  current_handler: Nullable(StaffInfo),
});

export const UnreadCountReply = Type.Object({
  unread_count: Type.Integer(),
  rooms: Type.Array(Type.Object({ conversation_id: Type.Integer(), room_number: Type.Integer(), unread_count: Type.Integer() })),
});

export const Assignment = Type.Object({
  staff: Nullable(StaffInfo, { description: 'The new handler; null when the conversation was released to the team' }),
  previous_staff: Nullable(StaffInfo),
  reason: HandoffReason,
  note: Nullable(Type.String({ description: 'What the releasing staff member wrote (released only)' })),
  assigned_at: Type.String({ format: 'date-time' }),
});

export const ReleaseBody = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 200, description: 'Why, for colleagues ("on break", "needs manager", …); never shown to the guest' })) },
  { additionalProperties: false },
);
export const ReleaseReply = Type.Object({
  conversation_id: Type.Integer(),
  room_number: Type.Integer(),
  released: Type.Boolean({ description: 'false when nobody handled the conversation already' }),
  previous_staff: Nullable(StaffInfo),
  reason: Nullable(Type.String()),
  has_unread: Type.Boolean(),
  unread_count: Type.Integer(),
});

export const GuestUnreadReply = Type.Object({ unread_count: Type.Integer(), latest_message: Nullable(Message) });
