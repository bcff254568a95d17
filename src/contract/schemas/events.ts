// The payloads of the realtime events (the contract's realtime section), declared once: fan-out.ts
// builds them with these types, docs/realtime.md is generated from them, and the web apps take
// their types from contract/types.ts.
import { Type } from 'typebox';
import { ConversationSummary } from './chat.js';
import { AssignReason, Message, Nullable, StaffInfo } from './common.js';
import { AlertAudience, AlertKindSchema, Note } from './desk.js';

const at = (description: string) => Type.String({ format: 'date-time', description });

/** `staff-assigned` on the guest's room channel: the reference's payload plus two fields. */
export const GuestStaffAssigned = Type.Object({
  staff_name: Type.String(),
  staff_role: Type.String(),
  conversation_id: Type.Integer(),
  staff_id: Type.Integer(),
  profile_image: Nullable(Type.String()),
});

/** `staff-assigned` on the staff channels. */
export const StaffAssigned = Type.Object({
  conversation_id: Type.Integer(),
  room_number: Type.Integer(),
  staff: StaffInfo,
  previous_staff: Nullable(StaffInfo),
  reason: AssignReason,
  assigned_at: at('When the handler changed'),
});

/** `staff-released` on the guest's room channel: nobody handles the conversation now. */
export const GuestStaffReleased = Type.Object({
  conversation_id: Type.Integer(),
  previous_staff_id: Nullable(Type.Integer()),
  previous_staff_name: Nullable(Type.String()),
  released_at: at('When the conversation was released'),
});

/** `staff-released` on the staff channels: the conversation needs someone. */
export const StaffReleased = Type.Object({
  conversation_id: Type.Integer(),
  room_number: Type.Integer(),
  previous_staff: Nullable(StaffInfo),
  reason: Type.Literal('released'),
  note: Nullable(Type.String({ description: 'What the releasing staff member wrote' })),
  released_at: at('When the conversation was released'),
});

/** `message-delivered` on the conversation channel. */
export const MessageDelivered = Type.Object({ conversation_id: Type.Integer(), message_id: Type.Integer(), delivered_at: at('When it was stored') });

/** `conversation-unread` / `conversation-read`: the conversation's new unread count. */
export const UnreadChange = Type.Object({ conversation_id: Type.Integer(), room_number: Type.Integer(), unread_count: Type.Integer() });

/** `messages-read-by-staff` on the guest's room channel. */
export const ReadByStaff = Type.Object({
  message_ids: Type.Array(Type.Integer()),
  read_at: at('When they were read'),
  staff_name: Type.String(),
  staff_id: Type.Integer(),
  conversation_id: Type.Integer(),
});

/** `messages-read-by-guest` on the conversation channel. */
export const ReadByGuest = Type.Object({
  message_ids: Type.Array(Type.Integer()),
  read_at: at('When they were read'),
  room_number: Type.Integer(),
  conversation_id: Type.Integer(),
});

/** `handler-presence` on the guest's room channel. */
export const HandlerPresence = Type.Object({ conversation_id: Type.Integer(), staff_id: Type.Integer(), online: Type.Boolean() });

/** `conversation-closed` on the staff inbox: the stay ended. */
export const ConversationClosed = Type.Object({ room_number: Type.Integer(), conversation_id: Nullable(Type.Integer()), checked_out: Type.Boolean() });

/** `client-typing`, a client event on the room channel: someone is (or stopped) typing. */
export const TypingEvent = Type.Object({
  sender_type: Type.Union([Type.Literal('guest'), Type.Literal('staff')]),
  typing: Type.Boolean(),
  staff_id: Type.Optional(Type.Integer()),
  name: Type.Optional(Type.String()),
});

/** `client-viewing`, a client event on the staff presence and conversation channels: which conversation a staff member's tab has open. */
export const ViewingEvent = Type.Object({
  staff_id: Type.Integer(),
  name: Type.String(),
  conversation_id: Nullable(Type.Integer()),
  typing: Type.Boolean(),
  hello: Type.Optional(Type.Boolean({ description: 'Asks the others to answer with their own state' })),
  tab: Type.Optional(Type.String({ description: "Which of the sender's browser tabs this is" })),
});

/** `staff-duty-changed` on the staff inbox: someone clocked in or out. */
export const DutyChanged = Type.Object({ staff: StaffInfo, on_duty: Type.Boolean(), at: at('When it changed') });

/** `conversation-resolved` on the staff channels. */
export const ResolvedChange = Type.Object({ conversation_id: Type.Integer(), room_number: Type.Integer(), resolved: Type.Boolean(), at: at('When it changed') });

/** `conversation-alert`: nobody answered in time; on the alerted staff members' own channels and the inbox. */
export const DeskAlert = Type.Object({
  conversation_id: Type.Integer(),
  room_number: Type.Integer(),
  kind: AlertKindSchema,
  audience: AlertAudience,
  staff_ids: Type.Array(Type.Integer(), { description: 'Who this step alerts' }),
  waited_seconds: Type.Integer({ description: 'How long the guest (or the conversation, for cover) has waited' }),
  at: at('When the alert fired'),
});

/** Every event, the channels that carry it and its payload: the source of docs/realtime.md. */
export const EVENTS = [
  { name: 'new-message', channels: ['room', 'conversation'], payload: Message, when: 'A message was stored (guest or staff).' },
  { name: 'new-staff-message', channels: ['room', 'inbox'], payload: Message, when: 'A staff message was stored.' },
  { name: 'new-guest-message', channels: ['inbox', 'staff'], payload: Message, when: "A guest message was stored (on the handler's own channel too)." },
  { name: 'message-delivered', channels: ['conversation'], payload: MessageDelivered, when: 'A message was stored.' },
  { name: 'staff-assigned', channels: ['room'], payload: GuestStaffAssigned, when: 'Someone else became the handler (opened or replied).' },
  { name: 'staff-assigned', channels: ['conversation', 'inbox'], payload: StaffAssigned, when: 'Someone else became the handler (opened or replied).' },
  { name: 'staff-released', channels: ['room'], payload: GuestStaffReleased, when: 'The handler released the conversation: nobody handles it now.' },
  { name: 'staff-released', channels: ['conversation', 'inbox'], payload: StaffReleased, when: 'The handler released the conversation: nobody handles it now.' },
  { name: 'conversation-unread', channels: ['conversation', 'inbox'], payload: UnreadChange, when: 'The unread count went up: a guest message, mark-unread, release.' },
  { name: 'conversation-read', channels: ['conversation', 'inbox'], payload: UnreadChange, when: "Staff read the guest's messages." },
  { name: 'messages-read-by-staff', channels: ['room'], payload: ReadByStaff, when: "Staff read the guest's messages." },
  { name: 'messages-read-by-guest', channels: ['conversation'], payload: ReadByGuest, when: "The guest read the staff's messages." },
  { name: 'handler-presence', channels: ['room'], payload: HandlerPresence, when: 'The handler came online or went away (after a short grace).' },
  { name: 'new-conversation', channels: ['inbox'], payload: ConversationSummary, when: 'A guest checked in.' },
  { name: 'conversation-closed', channels: ['inbox'], payload: ConversationClosed, when: 'A guest checked out (or the room was checked in anew).' },
  { name: 'staff-duty-changed', channels: ['inbox'], payload: DutyChanged, when: 'A staff member clocked in or out.' },
  { name: 'internal-note-added', channels: ['conversation'], payload: Note, when: 'A staff member added a note (never on a guest channel).' },
  { name: 'conversation-resolved', channels: ['conversation', 'inbox'], payload: ResolvedChange, when: 'Marked resolved, or back in the queue (resolved: false).' },
  { name: 'conversation-alert', channels: ['staff', 'inbox'], payload: DeskAlert, when: 'Nobody answered in time: one step of the alert ladder.' },
  { name: 'client-typing', channels: ['room', 'conversation'], payload: TypingEvent, when: 'Client event: the guest or a staff member is typing.' },
  { name: 'client-viewing', channels: ['presence', 'conversation'], payload: ViewingEvent, when: 'Client event: which conversation a staff tab has open.' },
] as const;
