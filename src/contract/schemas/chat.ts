import { Type } from 'typebox';
import { HandoffReason, Id, Message, Nullable, SenderType, StaffInfo } from './common.js';

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
export const MarkUnreadReply = Type.Object({
  conversation_id: Type.Integer(),
  has_unread: Type.Literal(true),
  unread_count: Type.Integer(),
  released: Type.Boolean({ description: 'true when the caller handled it: marked unread by its handler, it is released to the team' }),
});

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
  last_sender_type: Nullable(SenderType, { description: 'Who wrote last; null without messages' }),
  last_sender: Nullable(StaffInfo, { description: 'The staff member who wrote last, when staff did' }),
  waiting_since: Nullable(Type.String({ format: 'date-time', description: "When the guest wrote last: their first message nobody answered yet" })),
  needs_cover: Type.Boolean({ description: 'Nobody handles it because it was released (or marked unread by its handler, or left at clock-out)' }),
  handoff_note: Nullable(
    Type.Object({ note: Type.String(), by: Nullable(StaffInfo), at: Type.String({ format: 'date-time' }) }),
    { description: 'The note left with that release, for whoever opens it next' },
  ),
  resolved: Type.Boolean(),
  resolved_at: Nullable(Type.String({ format: 'date-time' })),
  last_read: Nullable(Type.Object({ staff: StaffInfo, read_at: Type.String({ format: 'date-time' }) }), { description: 'The latest read by any staff member' }),
  unread_by_me: Nullable(Type.Boolean({ description: 'Whether the caller has not read up to the latest message' })),
  vip: Type.Boolean(),
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
