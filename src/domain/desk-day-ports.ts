// What quick replies, desk hours, the stay panel, search and transcripts need from storage
// (db/repositories/desk-day-repository.ts and search-repository.ts implement it).

/** Weekdays in the order of Date.getDay(). */
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** One day's desk hours on the hotel's clock: "07:00" to "23:00"; closes may be "24:00". */
export interface DayHours {
  opens: string;
  closes: string;
}

/** A missing or null day: the desk is closed all that day. */
export type WeekHours = Partial<Record<Weekday, DayHours | null>>;

export interface DeskDaySettings {
  /** The language used when a guest's own has no text (a BCP 47 tag). */
  defaultLanguage: string;
  /** The hotel's own placeholder values: {wifi_password}, {breakfast_hours}, … */
  placeholderValues: Record<string, string>;
  /** null: no desk hours are set, the desk counts as always open (no automatic reply). */
  deskHours: WeekHours | null;
  /** The automatic reply outside desk hours, per language. */
  afterHoursTexts: Record<string, string>;
  emergencyNumber: string | null;
}

export interface QuickReply {
  id: number;
  shortcut: string;
  title: string;
  /** The reply per language (BCP 47 tag → text with placeholders). */
  texts: Record<string, string>;
  updatedAt: Date;
}

export interface QuickReplyInput {
  shortcut: string;
  title: string;
  texts: Record<string, string>;
}

/** What staff keep about a stay, beside the chat. Never shown to the guest. */
export interface StayDetails {
  stayId: number;
  hotelId: number;
  roomNumber: number;
  guestName: string;
  checkedInAt: Date;
  checkedOutAt: Date | null;
  /** 'YYYY-MM-DD' on the hotel's calendar. */
  expectedDeparture: string | null;
  language: string | null;
  vip: boolean;
  note: string | null;
}

export type StayPatch = Partial<{ guestName: string; expectedDeparture: string | null; language: string | null; vip: boolean; note: string | null }>;

export interface TranscriptLine {
  senderType: 'guest' | 'staff' | 'system';
  staffName: string | null;
  staffRole: string | null;
  body: string;
  createdAt: Date;
}

export interface SearchHit {
  messageId: number;
  conversationId: number;
  roomNumber: number;
  guestName: string;
  senderType: 'guest' | 'staff' | 'system';
  createdAt: Date;
  open: boolean;
  body: string;
  /** The query's words as PostgreSQL matched them (lower case): what to mark in the text. */
  terms: string[];
}

export interface DeskDayRepository {
  settings(hotelId: number): Promise<DeskDaySettings>;
  saveSettings(hotelId: number, s: DeskDaySettings, at: Date): Promise<void>;
  quickReplies(hotelId: number): Promise<QuickReply[]>;
  countQuickReplies(hotelId: number): Promise<number>;
  /** undefined when the hotel has a reply with this shortcut already. */
  insertQuickReply(hotelId: number, q: QuickReplyInput, at: Date): Promise<QuickReply | undefined>;
  /** undefined when there is no such reply; 'taken' when another reply has the shortcut. */
  updateQuickReply(hotelId: number, id: number, q: QuickReplyInput, at: Date): Promise<QuickReply | 'taken' | undefined>;
  deleteQuickReply(hotelId: number, id: number): Promise<boolean>;
  /** Claims the automatic reply of one closed period (ending at `opensAt`); false when it was claimed before. */
  claimAfterHours(conversationId: number, opensAt: Date, at: Date): Promise<boolean>;
  stayOfConversation(hotelId: number, conversationId: number): Promise<StayDetails | undefined>;
  /** The room's current stay. */
  stayOfRoom(hotelId: number, roomNumber: number): Promise<StayDetails | undefined>;
  updateStay(stayId: number, patch: StayPatch): Promise<void>;
  /** The conversation's messages, oldest first, at most `limit`. */
  transcript(conversationId: number, limit: number): Promise<TranscriptLine[]>;
}

export interface SearchRepository {
  /**
   * Messages of the hotel matching `query` (websearch syntax), newest first: those of open
   * conversations, and of conversations closed after `closedSince` when it is given.
   */
  messages(q: { hotelId: number; query: string; closedSince: Date | null; limit: number }): Promise<SearchHit[]>;
}
