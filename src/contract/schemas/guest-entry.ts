// Before the PIN: does the guest link's hotel and room exist, and what is the hotel called. After
// it: the language the guest reads the chat in.
import { Type } from 'typebox';

export const TimeZone = Type.String({ minLength: 1, maxLength: 64, description: "The hotel's IANA time zone, e.g. Europe/Berlin; guests see times on the hotel's clock" });

export const GuestEntryReply = Type.Object({
  hotel_slug: Type.String(),
  hotel_name: Type.String(),
  time_zone: TimeZone,
  room_number: Type.Integer(),
});

export const LanguageBody = Type.Object(
  { language: Type.String({ minLength: 2, maxLength: 35, description: 'A BCP 47 language tag, e.g. de or pt-BR' }) },
  { additionalProperties: false },
);
export const LanguageReply = Type.Object({ language: Type.String({ description: 'The tag as stored, in its canonical spelling' }) });
