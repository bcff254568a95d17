// The stay beside the chat: what staff keep about a guest's stay (name, expected departure,
// language, VIP, a note). Staff of the hotel read and change it from the conversation; managers
// and a property-management system through the admin API, by room. The guest never sees it: no
// guest-facing answer or event carries these fields.
import { loadConversation, requireHotel, requireManagerOf, requireStaffOf } from './access.js';
import type { Actor } from './actor.js';
import type { StayDetails, StayPatch } from './desk-day-ports.js';
import { zonedDate } from './desk-hours.js';
import { AppError, notFound } from './errors.js';
import { canonicalLanguage } from './guest-entry.js';
import { plainText } from './placeholders.js';
import type { Deps, Repos } from './ports.js';

export const MAX_STAY_NOTE = 2000;

export interface StayView extends StayDetails {
  /** Today on the hotel's calendar ('YYYY-MM-DD'), for "departs tomorrow". */
  today: string;
  timeZone: string;
}

export interface StayInput {
  guestName?: string | undefined;
  expectedDeparture?: string | null | undefined;
  language?: string | null | undefined;
  vip?: boolean | undefined;
  note?: string | null | undefined;
}

/** Checks what may change; undefined fields stay as they are. */
export function checkStayInput(input: StayInput): StayPatch {
  const patch: StayPatch = {};
  if (input.guestName !== undefined) {
    const name = plainText(input.guestName, 'The guest name', 120);
    if (name === '') throw new AppError('invalid_request', 'The guest name is empty.');
    patch.guestName = name;
  }
  if (input.expectedDeparture !== undefined) patch.expectedDeparture = input.expectedDeparture === null ? null : checkDate(input.expectedDeparture);
  if (input.language !== undefined) patch.language = input.language === null ? null : canonicalLanguage(input.language);
  if (input.vip !== undefined) patch.vip = input.vip;
  if (input.note !== undefined) {
    const note = input.note === null ? '' : plainText(input.note, 'The note', MAX_STAY_NOTE);
    patch.note = note === '' ? null : note;
  }
  return patch;
}

function checkDate(text: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !d || d.toISOString().slice(0, 10) !== text || d.getUTCFullYear() < 2000 || d.getUTCFullYear() > 2100) {
    throw new AppError('invalid_request', 'expected_departure is a date: YYYY-MM-DD.');
  }
  return text;
}

async function view(r: Repos, deps: Deps, stay: StayDetails): Promise<StayView> {
  const { timeZone } = await r.desk.settings(stay.hotelId);
  return { ...stay, today: zonedDate(deps.clock.now(), timeZone), timeZone };
}

export async function stayOfConversation(deps: Deps, actor: Actor | null, hotelSlug: string, conversationId: number): Promise<StayView> {
  const me = requireStaffOf(actor, hotelSlug);
  return deps.store.read(async (r) => {
    const convo = await loadConversation(r, me, conversationId);
    const stay = await r.deskDay.stayOfConversation(convo.hotelId, convo.id);
    if (!stay) throw notFound('That stay');
    return view(r, deps, stay);
  });
}

/** Staff change the stay of an open conversation (a checked-out stay is history: 409). */
export async function updateStayOfConversation(deps: Deps, actor: Actor | null, hotelSlug: string, conversationId: number, input: StayInput): Promise<StayView> {
  const me = requireStaffOf(actor, hotelSlug);
  const patch = checkStayInput(input);
  return deps.store.transaction(async (tx) => {
    const convo = await loadConversation(tx, me, conversationId, { lock: true });
    const stay = await tx.deskDay.stayOfConversation(convo.hotelId, convo.id);
    if (!stay) throw notFound('That stay');
    if (stay.checkedOutAt !== null) throw new AppError('conflict', 'This guest has checked out: the stay can no longer change.');
    await tx.deskDay.updateStay(stay.stayId, patch);
    return view(tx, deps, { ...stay, ...patch });
  });
}

/** The room's current stay, for a manager or a property-management system. */
export async function stayOfRoom(deps: Deps, actor: Actor | null, hotelSlug: string, roomNumber: number): Promise<StayView> {
  requireManagerOf(actor, hotelSlug);
  return deps.store.read(async (r) => {
    const hotel = await requireHotel(r, hotelSlug);
    const stay = await r.deskDay.stayOfRoom(hotel.id, roomNumber);
    if (!stay) throw notFound(`A guest checked into room ${roomNumber}`);
    return view(r, deps, stay);
  });
}

export async function updateStayOfRoom(deps: Deps, actor: Actor | null, hotelSlug: string, roomNumber: number, input: StayInput): Promise<StayView> {
  requireManagerOf(actor, hotelSlug);
  const patch = checkStayInput(input);
  return deps.store.transaction(async (tx) => {
    const hotel = await requireHotel(tx, hotelSlug);
    const room = await tx.rooms.find(hotel.id, roomNumber);
    if (!room) throw notFound(`Room ${roomNumber}`);
    // The room's lock: a check-in or check-out of this room waits for this change, or it for them.
    await tx.stays.lockRoom(room.id);
    const stay = await tx.deskDay.stayOfRoom(hotel.id, roomNumber);
    if (!stay) throw notFound(`A guest checked into room ${roomNumber}`);
    await tx.deskDay.updateStay(stay.stayId, patch);
    return view(tx, deps, { ...stay, ...patch });
  });
}
