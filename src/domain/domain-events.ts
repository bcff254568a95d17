// What happened, in the domain's own words. Commands return these; the dispatcher hands them,
// after commit and in per-conversation order, to every listener (realtime fan-out first). No
// channel, event or field name of the wire contract appears here: contract/fan-out.ts maps them.
import type { NewAuditEntry } from './operations-ports.js';
import type { AlertKind, ConversationRef, ConversationSummaryRow, HandoffReason, MessageRecord, NoteRecord, StaffProfile } from './ports.js';

export type { ConversationRef };

export type DomainEvent =
  /** A guest or staff message was stored; after a guest message, how many of theirs are unread. */
  | { type: 'message-stored'; conversation: ConversationRef; message: MessageRecord; unreadCount: number | null }
  /** The handler changed: to someone (opened, replied) or to nobody (released). */
  | ({ type: 'handler-changed'; conversation: ConversationRef; from: StaffProfile | null; note: string | null; at: Date } & HandlerTarget)
  /** Staff read the guest's messages (for every colleague at once). */
  | { type: 'read-by-staff'; conversation: ConversationRef; messageIds: number[]; reader: StaffProfile; at: Date }
  /** The guest read the staff's messages. */
  | { type: 'read-by-guest'; conversation: ConversationRef; messageIds: number[]; at: Date }
  /** The number of the guest's messages no staff member has read changed. */
  | { type: 'unread-changed'; conversation: ConversationRef; unreadCount: number }
  /** A stay began: its conversation is new in the inbox. */
  | { type: 'conversation-opened'; conversation: ConversationRef; summary: ConversationSummaryRow }
  /** A stay ended (check-out, or a new check-in of the room): its conversation closed. */
  | { type: 'conversation-closed'; hotelSlug: string; roomNumber: number; conversationId: number | null }
  /** A conversation's handler came online or went away (staff presence). */
  | { type: 'handler-presence'; conversation: ConversationRef; staffId: number; online: boolean }
  /** A staff member came on duty or went off. */
  | { type: 'duty-changed'; hotelSlug: string; staff: StaffProfile; onDuty: boolean; at: Date }
  /** A note between staff was added to a conversation (never for the guest). */
  | { type: 'note-added'; conversation: ConversationRef; note: NoteRecord }
  /** Staff marked the conversation resolved, or the guest wrote again after it was. */
  | { type: 'resolved-changed'; conversation: ConversationRef; resolved: boolean; at: Date }
  /** Nobody answered in time: these staff members are alerted (one step of the ladder). */
  | { type: 'desk-alert'; conversation: ConversationRef; kind: AlertKind; audience: AlertAudience; staffIds: number[]; waitedSeconds: number; at: Date }
  /** These people's credentials ended: their live connections must end too, on every node. */
  | { type: 'access-revoked'; who: RevokedAccess }
  /** Someone did something the hotel's audit log keeps (domain/audit.ts). */
  | { type: 'action-recorded'; entry: NewAuditEntry };

/** Someone took it (opened, replied), or nobody handles it now (released). */
export type HandlerTarget = { to: StaffProfile; reason: Exclude<HandoffReason, 'released'> } | { to: null; reason: 'released' };

export type AlertAudience = 'handler' | 'on-duty' | 'manager';

export type RevokedAccess = { kind: 'staff'; staffId: number } | { kind: 'stay'; stayId: number } | { kind: 'token'; tokenHash: string };

export type DomainEventType = DomainEvent['type'];

/** What a command did, and what happened because of it. */
export interface Outcome<T> {
  result: T;
  events: DomainEvent[];
}
