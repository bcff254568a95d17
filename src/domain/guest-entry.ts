// What the guest app may know before the PIN: whether the link's hotel and room exist, the
// hotel's name and its clock. Never whether the room is occupied, by whom, or anything of a stay:
// room numbers are on the doors, hotel slugs in the printed links. And the guest's language,
// which the guest app reports once the guest has a session, for the staff to see on the stay.
import { requireActor } from './access.js';
import type { Actor } from './actor.js';
import { AppError, forbidden, notFound } from './errors.js';
import type { Deps } from './ports.js';

export interface GuestEntry {
  hotelSlug: string;
  hotelName: string;
  timeZone: string;
  roomNumber: number;
}

export async function guestEntry(deps: Deps, hotelSlug: string, roomNumber: number): Promise<GuestEntry> {
  return deps.store.read(async (r) => {
    const hotel = await r.hotels.findBySlug(hotelSlug);
    if (!hotel) throw notFound('That hotel');
    const room = await r.rooms.find(hotel.id, roomNumber);
    // The hotel's name is no secret (it is on the PIN screen): the guest app says whose room is missing.
    if (!room) throw new AppError('not_found', `${hotel.name} has no room ${roomNumber}.`, { hotel_name: hotel.name });
    const { timeZone } = await r.desk.settings(hotel.id);
    return { hotelSlug: hotel.slug, hotelName: hotel.name, timeZone, roomNumber: room.number };
  });
}

/** An IANA time zone as Intl knows it ('europe/berlin' → 'Europe/Berlin'); anything else is refused. */
export function canonicalTimeZone(zone: string): string {
  const refuse = () => new AppError('invalid_request', `"${zone.slice(0, 64)}" is not a time zone: use an IANA name such as Europe/Berlin or America/New_York.`);
  if (zone.length === 0 || zone.length > 64) throw refuse();
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    throw refuse();
  }
}

/** A BCP 47 language tag in its canonical spelling ('pt-br' → 'pt-BR'); anything else is refused. */
export function canonicalLanguage(tag: string): string {
  const refuse = () => new AppError('invalid_request', 'language must be a language tag such as "de" or "pt-BR".');
  if (tag.length < 2 || tag.length > 35) throw refuse();
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    if (!canonical) throw refuse();
    return canonical;
  } catch {
    throw refuse();
  }
}

/** The guest of a stay says which language they read the chat in. */
export async function setGuestLanguage(deps: Deps, actor: Actor | null, hotelSlug: string, language: string): Promise<{ language: string }> {
  const a = requireActor(actor);
  if (a.kind !== 'guest') throw forbidden("Only the stay's guest sets the guest's language.");
  if (a.session.hotelSlug !== hotelSlug) throw forbidden('That is another hotel.');
  const tag = canonicalLanguage(language);
  const stored = await deps.store.transaction((tx) => tx.desk.setLanguage(a.session.stayId, tag));
  if (stored === null) throw notFound('That stay');
  return { language: stored };
}
