// What the domain needs from the outside world. db/ implements the repositories, server.ts wires the rest.
import type { AnalyticsRepository } from './analytics-ports.js';
import type { OperationsRepos } from './operations-ports.js';
import type { DeskDayRepository, SearchRepository } from './desk-day-ports.js';

import type { ConsoleRepository } from './console-ports.js';

export interface Hotel {
  id: number;
  slug: string;
  name: string;
}

/** The profile fields every staff view is made from. */
export interface StaffProfile {
  id: number;
  firstName: string;
  lastName: string;
  role: string;
  profileImage: string | null;
}

export interface StaffMember extends StaffProfile {
  hotelId: number;
  hotelSlug: string;
  hotelName: string;
  username: string;
  isManager: boolean;
  isActive: boolean;
}

export interface StaffWithSecret extends StaffMember {
  passwordHash: string;
}

export interface Room {
  id: number;
  hotelId: number;
  number: number;
}

export interface Stay {
  id: number;
  hotelId: number;
  roomId: number;
  roomNumber: number;
  guestName: string;
  pinHash: string;
  checkedInAt: Date;
}

export interface Conversation {
  id: number;
  hotelId: number;
  hotelSlug: string;
  roomId: number;
  roomNumber: number;
  stayId: number;
  guestName: string;
  status: 'open' | 'closed';
  currentStaffId: number | null;
  /** Set while staff consider it done; the guest writing again clears it. */
  resolvedAt: Date | null;
}

export const SENDER_TYPES = ['guest', 'staff', 'system'] as const;
/** Which conversation a domain event concerns: enough for any listener to route it without a lookup. */
export interface ConversationRef {
  id: number;
  hotelId: number;
  hotelSlug: string;
  roomNumber: number;
  stayId: number;
  /** The handler after the change the event reports (null: nobody handles it). */
  currentStaffId: number | null;
}

export type SenderType = (typeof SENDER_TYPES)[number];

export interface MessageRecord {
  id: number;
  conversationId: number;
  roomId: number;
  roomNumber: number;
  senderType: SenderType;
  staff: StaffProfile | null;
  guestName: string;
  body: string;
  createdAt: Date;
  readByStaff: boolean;
  staffReadAt: Date | null;
  readByGuest: boolean;
  guestReadAt: Date | null;
  clientMessageId: string | null;
  /** The photo or file the message carries (its text is then an optional caption). */
  attachment?: AttachmentRecord | null;
}

/** A photo (re-encoded, with a thumbnail) or a document (a PDF, kept as sent). */
export const ATTACHMENT_KINDS = ['image', 'file'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

/** A message's file, as its viewers see it (domain/attachments.ts). */
export interface AttachmentRecord {
  id: number;
  kind: AttachmentKind;
  fileName: string;
  contentType: string;
  /** Bytes of the stored full-size file. */
  size: number;
  width: number | null;
  height: number | null;
  /** Signed for one viewer; absent where one payload goes to many viewers (realtime). */
  urls?: AttachmentUrls;
}

export interface AttachmentUrls {
  full: string;
  thumbnail: string | null;
  expiresAt: Date;
}

/** What an upload stored, before its message exists. */
export interface NewAttachment {
  kind: AttachmentKind;
  fileName: string;
  contentType: string;
  size: number;
  width: number | null;
  height: number | null;
  storageKey: string;
  thumbnailKey: string | null;
}

/** An attachment with where it is kept and whose it is (never shown as is). */
export interface StoredAttachment extends AttachmentRecord {
  messageId: number;
  conversationId: number;
  hotelId: number;
  stayId: number;
  storageKey: string;
  thumbnailKey: string | null;
}

/** Who a file URL is signed for: one signed-in session (its token hash), checked again at every fetch. */
export interface FileViewer {
  kind: 'staff' | 'guest';
  tokenHash: string;
}

/** Files as the domain needs them (src/storage/): signing viewers' URLs, and erasing stored bytes. */
export interface AttachmentFiles {
  urls(viewer: FileViewer, attachment: AttachmentRecord, now: Date): AttachmentUrls;
  remove(keys: readonly string[]): Promise<void>;
}

export interface NewMessage {
  conversationId: number;
  hotelId: number;
  senderType: SenderType;
  staffId: number | null;
  body: string;
  clientMessageId: string | null;
  createdAt: Date;
}

/** Why the handler changed: opened the conversation, replied in it, or released it to the team. */
export const HANDOFF_REASONS = ['opened', 'replied', 'released'] as const;
export type HandoffReason = (typeof HANDOFF_REASONS)[number];

/** One row of the handoff history. `staff` is null when the conversation was released to nobody. */
export interface AssignmentRecord {
  id: number;
  conversationId: number;
  staff: StaffProfile | null;
  previousStaff: StaffProfile | null;
  reason: HandoffReason;
  note: string | null;
  assignedAt: Date;
}

export interface ConversationSummaryRow {
  conversationId: number;
  roomNumber: number;
  guestName: string;
  lastMessage: string | null;
  lastMessageTime: Date | null;
  lastActivity: Date;
  unreadCount: number;
  handler: StaffProfile | null;
  /** Who wrote last: the guest, a staff member (with who), or nobody yet. */
  lastSenderType: SenderType | null;
  lastSender: StaffProfile | null;
  /** When the guest wrote last: since when they wait for an answer (their first unanswered message). */
  waitingSince: Date | null;
  /** Nobody handles it because it was released (or marked unread by its handler, or left at clock-out). */
  needsCover: boolean;
  /** The note of that release, for whoever opens it next. */
  handoffNote: { text: string; by: StaffProfile | null; at: Date } | null;
  resolvedAt: Date | null;
  /** The latest read by any staff member. */
  lastRead: { by: StaffProfile; at: Date } | null;
  /** Whether the viewer has not read up to the latest message (null when nobody asked as a viewer). */
  unreadByViewer: boolean | null;
  vip: boolean;
}

export interface GuestSession {
  stayId: number;
  conversationId: number;
  hotelId: number;
  hotelSlug: string;
  hotelName: string;
  roomNumber: number;
  expiresAt: Date;
}

export interface NewStaff {
  hotelId: number;
  username: string;
  passwordHash: string;
  firstName: string;
  lastName: string;
  role: string;
  profileImage: string | null;
  isManager: boolean;
}

export type StaffPatch = Partial<{
  passwordHash: string;
  firstName: string;
  lastName: string;
  role: string;
  profileImage: string | null;
  isManager: boolean;
  isActive: boolean;
}>;

/** How long the desk waits before each alert, per hotel (minutes). */
export interface DeskSettings {
  coverAlertMinutes: number;
  replyAlertMinutes: number;
  vipReplyAlertMinutes: number;
}

/** The desk's alert times and the hotel's clock: an IANA time zone ('Europe/Berlin'). */
export interface HotelSettings extends DeskSettings {
  timeZone: string;
}

/** What an alert waits for: someone to take a conversation nobody handles, or a reply to the guest. */
export const ALERT_KINDS = ['cover', 'reply'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** A due alert, claimed (row-locked) by the node that will fire it. */
export interface DueAlert {
  id: number;
  kind: AlertKind;
  /** -1: just started, its first step not yet scheduled. */
  step: number;
  startedAt: Date;
  dueAt: Date;
  conversation: ConversationRef;
  settings: DeskSettings;
  vip: boolean;
  /** False once the stay has ended: the alert is dropped. */
  open: boolean;
}

export interface NoteRecord {
  id: number;
  conversationId: number;
  author: StaffProfile;
  body: string;
  createdAt: Date;
}

export interface OnDutyMember extends StaffProfile {
  isManager: boolean;
  since: Date;
}

export interface AlertLogRecord {
  kind: AlertKind;
  audience: string;
  waitedSeconds: number;
  at: Date;
}

export interface Repos extends OperationsRepos {
  /** The manager's console: staff and room listings, invitation links (console-ports.ts). */
  console: ConsoleRepository;
  hotels: {
    findBySlug(slug: string): Promise<Hotel | undefined>;
    insert(slug: string, name: string): Promise<Hotel>;
  };
  staff: {
    findByUsername(username: string): Promise<StaffWithSecret | undefined>;
    findById(hotelId: number, id: number): Promise<StaffMember | undefined>;
    insert(staff: NewStaff): Promise<StaffMember>;
    update(hotelId: number, id: number, patch: StaffPatch): Promise<StaffMember | undefined>;
    /** The open conversations this staff member handles. */
    handledConversations(staffId: number): Promise<ConversationRef[]>;
  };
  staffTokens: {
    insert(staffId: number, tokenHash: string, expiresAt: Date): Promise<void>;
    /** The active staff member owning an unexpired, unrevoked token. */
    findStaff(tokenHash: string, now: Date): Promise<StaffMember | undefined>;
    revoke(tokenHash: string, now: Date): Promise<void>;
    revokeAllForStaff(staffId: number, now: Date): Promise<void>;
  };
  rooms: {
    find(hotelId: number, number: number): Promise<Room | undefined>;
    insertMany(hotelId: number, numbers: number[]): Promise<void>;
  };
  stays: {
    findActive(roomId: number): Promise<Stay | undefined>;
    /** Takes the room's row lock first, so two check-ins of one room take turns. */
    lockRoom(roomId: number): Promise<void>;
    insert(stay: { hotelId: number; roomId: number; guestName: string; pinHash: string; at: Date }): Promise<number>;
    checkOut(stayId: number, at: Date): Promise<void>;
  };
  conversations: {
    insert(c: { hotelId: number; roomId: number; stayId: number; at: Date }): Promise<number>;
    find(hotelId: number, id: number): Promise<Conversation | undefined>;
    /** Loads and row-locks the conversation until the transaction ends (handoff serialisation). */
    lockForUpdate(hotelId: number, id: number): Promise<Conversation | undefined>;
    findOpenForStay(stayId: number): Promise<Conversation | undefined>;
    /** staffId null: nobody handles it now. */
    setHandler(id: number, staffId: number | null, at: Date): Promise<void>;
    close(id: number, at: Date): Promise<void>;
    /** The open conversations of a hotel, most recent activity first; `viewerStaffId` fills unreadByViewer. */
    listSummaries(hotelId: number, conversationIds?: number[], viewerStaffId?: number): Promise<ConversationSummaryRow[]>;
    /** Makes the next conversation id `next` (the demo data numbers room 101's chat 123, as the reference does). */
    startIdsAt(next: number): Promise<void>;
  };
  messages: {
    /**
     * Stores the message and moves its conversation's last activity to it; null (and nothing
     * stored) when the conversation already has a message with this client message id.
     */
    insert(m: NewMessage): Promise<number | null>;
    /**
     * The common send in one atomic step, without a transaction around it: row-locks the
     * conversation and stores the message only when nothing else changes with it (the
     * conversation is open, the sender is the guest or the current handler, the
     * client message id is new). Returns the conversation as locked and the new message's id,
     * or id null when nothing was stored (the caller takes the full path); undefined when the
     * hotel has no such conversation. In the same statement: a guest message clears "resolved"
     * and starts the reply wait (desk.startAlert without restart), a staff message ends it;
     * unreadCount is the guest's unread messages afterwards.
     */
    appendUnlessHandoff(m: NewMessage): Promise<{ conversation: Conversation; id: number | null; unreadCount: number } | undefined>;
    findByClientId(conversationId: number, clientMessageId: string): Promise<MessageRecord | undefined>;
    list(conversationId: number, limit: number, beforeId: number | null): Promise<MessageRecord[]>;
    /** Marks every unread guest message read; returns their ids. */
    markReadByStaff(conversationId: number, at: Date): Promise<number[]>;
    markReadByGuest(conversationId: number, at: Date): Promise<number[]>;
    /** Makes the latest guest message unread again; returns its id, if there is one. */
    markLatestGuestUnread(conversationId: number): Promise<number | undefined>;
    countUnreadGuest(conversationId: number): Promise<number>;
    latestMessageId(conversationId: number): Promise<number | null>;
    unreadByConversation(hotelId: number): Promise<Array<{ conversationId: number; roomNumber: number; unreadCount: number }>>;
    unreadForGuest(conversationId: number): Promise<{ count: number; latest: MessageRecord | undefined }>;
  };
  assignments: {
    insert(a: { conversationId: number; staffId: number | null; previousStaffId: number | null; reason: HandoffReason; note: string | null; at: Date }): Promise<number>;
    list(conversationId: number): Promise<AssignmentRecord[]>;
  };
  staffReads: {
    /** Per-staff read position: who read up to which message, and when. */
    record(staffId: number, conversationId: number, lastReadMessageId: number, at: Date): Promise<void>;
  };
  guestSessions: {
    insert(s: { stayId: number; conversationId: number; tokenHash: string; expiresAt: Date; at: Date }): Promise<void>;
    findActive(tokenHash: string, now: Date): Promise<GuestSession | undefined>;
    countActive(stayId: number, now: Date): Promise<number>;
    endForStay(stayId: number, at: Date): Promise<void>;
  };
  desk: {
    settings(hotelId: number): Promise<HotelSettings>;
    updateSettings(hotelId: number, patch: Partial<HotelSettings>): Promise<HotelSettings>;
    /** The language the stay's guest chose in the guest app (a BCP 47 tag); returns it as stored. */
    setLanguage(stayId: number, language: string): Promise<string | null>;
    /** Flags the room's current stay VIP (or not); false when the room has no guest. */
    setVip(hotelId: number, roomNumber: number, vip: boolean): Promise<boolean>;
    setDuty(staffId: number, hotelId: number, onDuty: boolean, at: Date): Promise<void>;
    /** Staff of the hotel who are on duty now (active accounts only), longest on duty first. */
    onDuty(hotelId: number): Promise<OnDutyMember[]>;
    /** Managers of the hotel (active), whether on duty or not. */
    managers(hotelId: number): Promise<StaffProfile[]>;
    /** Starts (or restarts) the wait for `kind`; a reply wait already running keeps its start. */
    startAlert(a: { hotelId: number; conversationId: number; kind: AlertKind; at: Date; restart: boolean }): Promise<void>;
    cancelAlerts(conversationId: number, kinds: readonly AlertKind[]): Promise<void>;
    /** Row-locks due alerts no other node holds (FOR UPDATE SKIP LOCKED); call inside a transaction. */
    claimDue(now: Date, limit: number): Promise<DueAlert[]>;
    advanceAlert(id: number, step: number, dueAt: Date): Promise<void>;
    removeAlert(id: number): Promise<void>;
    logAlert(conversationId: number, entry: AlertLogRecord): Promise<void>;
    alertLog(conversationId: number): Promise<AlertLogRecord[]>;
    setResolved(conversationId: number, at: Date | null): Promise<void>;
    insertNote(n: { conversationId: number; hotelId: number; staffId: number; body: string; at: Date }): Promise<number>;
    notes(conversationId: number): Promise<NoteRecord[]>;
    /** Median minutes from a guest message to the next staff reply, over the hotel's recent replies; null without any. */
    typicalReplyMinutes(hotelId: number, since: Date): Promise<number | null>;
  };
  attachments: {
    insert(messageId: number, owner: { conversationId: number; hotelId: number; stayId: number }, a: NewAttachment, at: Date): Promise<AttachmentRecord>;
    find(id: number): Promise<StoredAttachment | undefined>;
    forStay(stayId: number): Promise<StoredAttachment[]>;
    /** Removes the stay's attachment rows; returns how many. */
    deleteForStay(stayId: number): Promise<number>;
  };
  /** The handoff analytics over the history (domain/analytics-ports.ts). */
  analytics: AnalyticsRepository;
  attempts: {
    /**
     * Atomically (on every node): when each key has fewer than its `max` attempts after `since`,
     * records one attempt under every key at `at` and returns their ids; otherwise records
     * nothing and names the oldest counted attempt of a full key. Forgets attempts before `since`.
     */
    reserve(budgets: ReadonlyArray<{ key: string; max: number }>, since: Date, at: Date): Promise<{ ids: number[] } | { refused: string; oldest: Date }>;
    /** Forgets these attempts and, with `clearKey`, every attempt under that key. */
    release(ids: readonly number[], clearKey: string | null): Promise<void>;
  };
  /** Quick replies, desk hours, the stay panel and transcripts (desk-day-ports.ts). */
  deskDay: DeskDayRepository;
  search: SearchRepository;
}

export interface Store {
  /** Runs `fn` in one transaction; a throw rolls everything back. */
  transaction<T>(fn: (tx: Repos) => Promise<T>): Promise<T>;
  /** Runs `fn` outside an explicit transaction: each statement is atomic by itself. */
  read<T>(fn: (repos: Repos) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Slow one-way hashing for passwords and PINs (argon2 behind it). */
export interface SecretHasher {
  hash(secret: string): Promise<string>;
  verify(hash: string, secret: string): Promise<boolean>;
}

/** Who is online now (staff presence), asked outside any transaction. */
export interface LiveConnections {
  isStaffOnline(hotelSlug: string, staffId: number): Promise<boolean>;
}

/** The time, as the domain sees it: tests of the rules set it by hand. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Whose browser a push subscription is: a staff member, or a guest's stay. */
export type PushOwner = { kind: 'staff'; hotelId: number; staffId: number } | { kind: 'guest'; hotelId: number; stayId: number };

/** A browser's push subscription: where to post, and the keys to encrypt for it (base64url). */
export interface PushEndpoint {
  endpoint: string;
  p256dh: string;
  auth: string;
}

/** Web push subscriptions and keys (db/repositories/push-repository.ts); used outside transactions. */
export interface PushRepository {
  /** Stores (or takes over: the browser subscribed again) the endpoint for `owner`; keeps the owner's newest `keep`. */
  save(owner: PushOwner, sub: PushEndpoint, tokenHash: string, at: Date, keep: number): Promise<void>;
  /** Removes the endpoint if `owner` owns it; false when it did not. */
  remove(owner: PushOwner, endpoint: string): Promise<boolean>;
  /** The push service said the endpoint is gone (404/410). */
  removeEndpoint(endpoint: string): Promise<void>;
  /** Removes what these credentials subscribed: a stay, a staff member, or one session. */
  removeFor(who: { kind: 'staff'; staffId: number } | { kind: 'stay'; stayId: number } | { kind: 'token'; tokenHash: string }): Promise<number>;
  /** Removes the subscriptions of stays that have ended and of deactivated staff (a sweep). */
  removeEnded(): Promise<number>;
  /** Subscriptions of the hotel's active, on-duty staff (only those of `staffIds` when given). */
  onDutyStaff(hotelId: number, staffIds: readonly number[] | null): Promise<PushEndpoint[]>;
  /** Subscriptions of a stay that has not ended. */
  stay(stayId: number): Promise<PushEndpoint[]>;
  countFor(owner: PushOwner): Promise<number>;
  /** The shared VAPID key pair: the stored one, or `generate()`'s, stored by the first node to ask. */
  vapidKeys(generate: () => { publicKey: string; privateKey: string }, at: Date): Promise<{ publicKey: string; privateKey: string }>;
}

/** Web push as the HTTP routes see it: the subscriptions, the key browsers subscribe with, and the endpoint rule. */
export interface WebPush {
  subscriptions: PushRepository;
  publicKey: string;
  /** Push endpoints on this machine (https://127.0.0.1, https://localhost) are accepted: development and tests only. */
  allowLoopback: boolean;
}

export interface Deps {
  store: Store;
  hasher: SecretHasher;
  live: LiveConnections;
  clock: Clock;
  settings: { staffTokenTtl: number; guestSessionTtl: number };
  /** Photos and files, when the server set up storage (server.ts). */
  files?: AttachmentFiles;
  /** Web push, when the server set it up (server.ts); absent in tools that build the app without it. */
  push?: WebPush;
}
