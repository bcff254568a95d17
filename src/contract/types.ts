// The contract's shapes as TypeScript types, and nothing else: the web apps import this module
// with `import type`, so they share the server's declarations without importing server code.
// Every type here is derived from the TypeBox schema that validates and documents it.
import type { Static } from 'typebox';
import type * as Admin from './schemas/admin.js';
import type * as Auth from './schemas/auth.js';
import type * as Chat from './schemas/chat.js';
import type * as Common from './schemas/common.js';
import type * as Desk from './schemas/desk.js';
import type * as Events from './schemas/events.js';

export type ApiError = Static<typeof Common.ErrorReply>;
export type StaffInfo = Static<typeof Common.StaffInfo>;
export type Staff = Static<typeof Common.Staff>;
export type Message = Static<typeof Common.Message>;
export type SenderType = Static<typeof Common.SenderType>;
export type HandoffReason = Static<typeof Common.HandoffReason>;
export type AssignReason = Static<typeof Common.AssignReason>;
export type HandlerInfo = Static<typeof Common.HandlerInfo>;

export type LoginReply = Static<typeof Auth.LoginReply>;
export type InitializeReply = Static<typeof Auth.InitializeReply>;
export type ValidateReply = Static<typeof Auth.ValidateReply>;
/** What the guest app keeps of a session: the initialize answer, or a validated one with its token. */
export type GuestSession = Omit<InitializeReply, 'is_new_session'> & { is_new_session?: boolean };

export type ConversationSummary = Static<typeof Chat.ConversationSummary>;
export type SendBody = Static<typeof Chat.SendBody>;
export type SendReply = Static<typeof Chat.SendReply>;
export type AssignReply = Static<typeof Chat.AssignReply>;
export type ReleaseBody = Static<typeof Chat.ReleaseBody>;
export type ReleaseReply = Static<typeof Chat.ReleaseReply>;
export type MarkReadReply = Static<typeof Chat.MarkReadReply>;
export type MarkUnreadReply = Static<typeof Chat.MarkUnreadReply>;
export type UnreadCountReply = Static<typeof Chat.UnreadCountReply>;
export type Assignment = Static<typeof Chat.Assignment>;
export type GuestUnreadReply = Static<typeof Chat.GuestUnreadReply>;

export type CheckInReply = Static<typeof Admin.CheckInReply>;
export type CheckOutReply = Static<typeof Admin.CheckOutReply>;

export type GuestStaffAssigned = Static<typeof Events.GuestStaffAssigned>;
export type StaffAssigned = Static<typeof Events.StaffAssigned>;
export type GuestStaffReleased = Static<typeof Events.GuestStaffReleased>;
export type StaffReleased = Static<typeof Events.StaffReleased>;
export type MessageDelivered = Static<typeof Events.MessageDelivered>;
export type UnreadChange = Static<typeof Events.UnreadChange>;
export type ReadByStaff = Static<typeof Events.ReadByStaff>;
export type ReadByGuest = Static<typeof Events.ReadByGuest>;
export type HandlerPresence = Static<typeof Events.HandlerPresence>;
export type ConversationClosed = Static<typeof Events.ConversationClosed>;
export type TypingEvent = Static<typeof Events.TypingEvent>;
export type ViewingEvent = Static<typeof Events.ViewingEvent>;

export type Note = Static<typeof Desk.Note>;
export type NoteBody = Static<typeof Desk.NoteBody>;
export type DutyBody = Static<typeof Desk.DutyBody>;
export type ResolveBody = Static<typeof Desk.ResolveBody>;
export type DutyReply = Static<typeof Desk.DutyReply>;
export type RosterReply = Static<typeof Desk.RosterReply>;
export type OnDutyMember = Static<typeof Desk.OnDutyMember>;
export type ResolveReply = Static<typeof Desk.ResolveReply>;
export type AlertLogEntry = Static<typeof Desk.AlertLogEntry>;
export type AvailabilityReply = Static<typeof Desk.AvailabilityReply>;
export type DutyChanged = Static<typeof Events.DutyChanged>;
export type ResolvedChange = Static<typeof Events.ResolvedChange>;
export type DeskAlert = Static<typeof Events.DeskAlert>;
