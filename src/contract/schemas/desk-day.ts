// A front desk's day: quick replies, desk hours and the automatic reply, the stay beside the
// chat, message search and transcripts.
import { Type } from 'typebox';
import { HotelSlug, Id, Nullable, SenderType } from './common.js';

const Language = Type.String({ minLength: 2, maxLength: 35, description: 'A BCP 47 language tag, e.g. en, de, pt-BR' });
const Texts = (maxLength: number, description: string) =>
  Type.Record(Type.String({ minLength: 2, maxLength: 35 }), Type.String({ maxLength }), { description, maxProperties: 20 });
const date = Type.String({ format: 'date-time' });

export const QuickReplyParams = Type.Object({ hotel_slug: HotelSlug, quick_reply_id: Id });

export const QuickReply = Type.Object({
  id: Type.Integer(),
  shortcut: Type.String({ description: 'Typed after / in the composer, e.g. wifi' }),
  title: Type.String(),
  texts: Texts(2000, 'The reply per language (tag → text); placeholders such as {guest_first_name}, {room}, {wifi_password}, {staff_first_name} are filled per conversation'),
  updated_at: date,
});

export const QuickReplyBody = Type.Object(
  {
    shortcut: Type.String({ minLength: 1, maxLength: 40, description: 'Lowercase letters, digits and dashes; unique in the hotel' }),
    title: Type.String({ minLength: 1, maxLength: 80 }),
    texts: Texts(2000, 'At least one language; 1–2,000 characters each'),
  },
  { additionalProperties: false },
);
export const QuickReplyPatch = Type.Partial(QuickReplyBody, { additionalProperties: false });

export const RenderedQuickReply = Type.Object({
  id: Type.Integer(),
  shortcut: Type.String(),
  title: Type.String(),
  language: Type.String({ description: "The language chosen: the guest's, else the hotel's default, else English, else any" }),
  text: Type.String({ description: 'The reply with its placeholders filled for this conversation' }),
  unfilled: Type.Array(Type.String(), { description: 'Placeholders left as written (unknown, or without a value): they stay visible in text' }),
});

export const DayHours = Type.Object(
  { opens: Type.String({ pattern: '^[0-9]{2}:[0-9]{2}$', description: 'HH:MM on the hotel clock' }), closes: Type.String({ pattern: '^[0-9]{2}:[0-9]{2}$', description: 'HH:MM, after opens; 24:00 for midnight' }) },
  { additionalProperties: false },
);
const day = Type.Optional(Nullable(DayHours));
export const WeekHours = Type.Object(
  { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day },
  { additionalProperties: false, description: 'Per weekday, on the hotel clock (its time_zone); a missing or null day is closed' },
);

export const DeskDaySettings = Type.Object({
  default_language: Language,
  placeholder_values: Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 500 }), {
    description: "The hotel's own placeholders, e.g. {\"wifi_password\": \"…\"}; names are lowercase letters, digits and _",
  }),
  desk_hours: Nullable(WeekHours, { description: 'null: no desk hours, no automatic reply' }),
  after_hours_texts: Texts(1000, 'The automatic reply outside desk hours, per language; may use {opens_at}, {emergency_number}, {hotel_name}, {guest_first_name} and the hotel\'s values. Without one, a built-in English text'),
  emergency_number: Nullable(Type.String({ maxLength: 40 })),
});
export const DeskDaySettingsPatch = Type.Partial(
  Type.Object({
    default_language: Language,
    placeholder_values: Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 500 }), { maxProperties: 30, description: 'Replaces every value' }),
    desk_hours: Nullable(WeekHours),
    after_hours_texts: Texts(1000, 'Replaces every text'),
    emergency_number: Nullable(Type.String({ maxLength: 40 })),
  }),
  { additionalProperties: false },
);

export const DeskHoursReply = Type.Object({
  hours_set: Type.Boolean({ description: 'False: the hotel keeps no desk hours (the desk counts as open)' }),
  open_now: Type.Boolean(),
  opens_at: Nullable(date, { description: 'While closed: when the desk opens next' }),
  closes_at: Nullable(date, { description: 'While open: when it closes' }),
  time_zone: Type.String(),
  hours: Nullable(WeekHours),
  emergency_number: Nullable(Type.String()),
});

export const StayPanel = Type.Object({
  room_number: Type.Integer(),
  guest_name: Type.String(),
  checked_in_at: date,
  checked_out_at: Nullable(date),
  expected_departure: Nullable(Type.String({ format: 'date', description: "YYYY-MM-DD on the hotel's calendar" })),
  language: Nullable(Type.String()),
  vip: Type.Boolean(),
  note: Nullable(Type.String({ description: 'For staff only; never shown to the guest' })),
  today: Type.String({ format: 'date', description: "Today on the hotel's calendar, for 'departs tomorrow'" }),
  time_zone: Type.String(),
});

export const StayPatch = Type.Object(
  {
    guest_name: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    expected_departure: Type.Optional(Nullable(Type.String({ maxLength: 10, description: 'YYYY-MM-DD, or null' }))),
    language: Type.Optional(Nullable(Language)),
    vip: Type.Optional(Type.Boolean()),
    note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  },
  { additionalProperties: false },
);

export const SearchQuery = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: 200, description: 'Words to find; "quoted phrase", -word and or work as in web search' }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
  },
  { additionalProperties: false },
);

export const SearchResult = Type.Object({
  message_id: Type.Integer(),
  conversation_id: Type.Integer(),
  room_number: Type.Integer(),
  guest_name: Type.String(),
  sender_type: SenderType,
  timestamp: date,
  conversation_open: Type.Boolean({ description: 'False: the stay has ended (managers only see those, for 30 days)' }),
  snippet: Type.Array(Type.Object({ text: Type.String(), hit: Type.Boolean() }), { description: 'The text around the matches, in pieces; hit pieces are the matches. Plain text: render as text' }),
});
export const SearchReply = Type.Object({ query: Type.String(), results: Type.Array(SearchResult) });

/** What a check-in may say about the stay besides the guest's name (a property-management system fills these). */
export const CheckInStayFields = {
  expected_departure: Type.Optional(Nullable(Type.String({ maxLength: 10, description: 'YYYY-MM-DD on the hotel calendar' }))),
  language: Type.Optional(Nullable(Language)),
  vip: Type.Optional(Type.Boolean()),
  note: Type.Optional(Nullable(Type.String({ maxLength: 2000, description: 'For staff only' }))),
};

export const RoomStayParams = Type.Object({ hotel_slug: HotelSlug, room_number: Type.Integer({ minimum: 1, maximum: 99999 }) });
