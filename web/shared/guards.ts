// Realtime payloads arrive as `unknown`; these checks let only well-formed ones into state.
import type { GuestStaffAssigned, HandlerPresence, Message, ReadReceipt, StaffAssigned, TypingEvent, UnreadChange, ViewingEvent } from './contract.js';

function obj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

export function asMessage(v: unknown): Message | null {
  return obj(v) && typeof v.id === 'number' && typeof v.message === 'string' && typeof v.sender_type === 'string' ? (v as unknown as Message) : null;
}

export function asStaffAssigned(v: unknown): StaffAssigned | null {
  return obj(v) && typeof v.conversation_id === 'number' && obj(v.staff) ? (v as unknown as StaffAssigned) : null;
}

export function asGuestStaffAssigned(v: unknown): GuestStaffAssigned | null {
  return obj(v) && typeof v.staff_name === 'string' ? (v as unknown as GuestStaffAssigned) : null;
}

export function asUnreadChange(v: unknown): UnreadChange | null {
  return obj(v) && typeof v.conversation_id === 'number' ? (v as unknown as UnreadChange) : null;
}

export function asReadReceipt(v: unknown): ReadReceipt | null {
  return obj(v) && Array.isArray(v.message_ids) ? (v as unknown as ReadReceipt) : null;
}

export function asHandlerPresence(v: unknown): HandlerPresence | null {
  return obj(v) && typeof v.online === 'boolean' ? (v as unknown as HandlerPresence) : null;
}

export function asTyping(v: unknown): TypingEvent | null {
  return obj(v) && typeof v.typing === 'boolean' && (v.sender_type === 'guest' || v.sender_type === 'staff') ? (v as unknown as TypingEvent) : null;
}

export function asViewing(v: unknown): ViewingEvent | null {
  return obj(v) && typeof v.staff_id === 'number' && typeof v.name === 'string' ? (v as unknown as ViewingEvent) : null;
}

export function conversationIdOf(v: unknown): number | null {
  return obj(v) && typeof v.conversation_id === 'number' ? v.conversation_id : null;
}
