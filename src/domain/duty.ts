// On duty: who is at the desk decides who is alerted and what a guest is told, not whether a
// browser tab is open. Clocking out releases what the person handles, with their handoff note.
import { requireHotel, requireManagerOf, requireStaffOf } from './access.js';
import type { Actor } from './actor.js';
import type { DomainEvent, Outcome } from './domain-events.js';
import { AppError, notFound } from './errors.js';
import { applyHandoff, MAX_RELEASE_NOTE } from './handoff.js';
import type { Deps, OnDutyMember, StaffMember, StaffProfile } from './ports.js';

export interface DutyInput {
  onDuty: boolean;
  /** One note for every conversation released at clock-out. */
  note?: string | undefined;
  /** A note per conversation, overriding `note` for those. */
  notes?: ReadonlyArray<{ conversationId: number; note: string }> | undefined;
}

export interface DutyResult {
  staff: StaffProfile;
  onDuty: boolean;
  /** Conversations released by this clock-out. */
  released: Array<{ conversationId: number; roomNumber: number; note: string | null }>;
}

const cleanNote = (text: string | undefined): string | null => {
  const note = text?.trim() || null;
  if (note !== null && (note.length > MAX_RELEASE_NOTE || note.includes('\u0000'))) {
    throw new AppError('invalid_request', `A handoff note is at most ${MAX_RELEASE_NOTE} characters, without NUL.`);
  }
  return note;
};

/** The caller clocks in or out. */
export async function setDuty(deps: Deps, actor: Actor | null, hotelSlug: string, input: DutyInput): Promise<Outcome<DutyResult>> {
  return changeDuty(deps, requireStaffOf(actor, hotelSlug).staff, hotelSlug, input);
}

/** A manager (or the command line) clocks a staff member in or out: someone who left without doing it. */
export async function setDutyOf(deps: Deps, actor: Actor | null, hotelSlug: string, staffId: number, input: DutyInput): Promise<Outcome<DutyResult>> {
  requireManagerOf(actor, hotelSlug);
  const staff = await deps.store.read(async (r) => {
    const hotel = await requireHotel(r, hotelSlug);
    return r.staff.findById(hotel.id, staffId);
  });
  if (!staff) throw notFound('That staff member');
  return changeDuty(deps, staff, hotelSlug, input);
}

async function changeDuty(deps: Deps, staff: StaffMember, hotelSlug: string, input: DutyInput): Promise<Outcome<DutyResult>> {
  const me = { staff };
  const common = cleanNote(input.note);
  const perConversation = new Map((input.notes ?? []).map((n) => [n.conversationId, cleanNote(n.note)]));
  return deps.store.transaction(async (tx) => {
    const now = deps.clock.now();
    await tx.desk.setDuty(me.staff.id, me.staff.hotelId, input.onDuty, now);
    const events: DomainEvent[] = [{ type: 'duty-changed', hotelSlug, staff: me.staff, onDuty: input.onDuty, at: now }];
    const released: DutyResult['released'] = [];
    if (!input.onDuty) {
      // Locked one by one in id order, as every other path locks conversation rows.
      const handled = (await tx.staff.handledConversations(me.staff.id)).sort((a, b) => a.id - b.id);
      for (const ref of handled) {
        const convo = await tx.conversations.lockForUpdate(me.staff.hotelId, ref.id);
        if (!convo || convo.currentStaffId !== me.staff.id) continue;
        const note = perConversation.get(convo.id) ?? common;
        const change = await applyHandoff(tx, convo, 'release', me.staff, now, note);
        if (!change) continue;
        events.push(change);
        released.push({ conversationId: convo.id, roomNumber: convo.roomNumber, note });
      }
    }
    return { result: { staff: me.staff, onDuty: input.onDuty, released }, events };
  });
}

export interface DeskRoster {
  onDuty: OnDutyMember[];
  meOnDuty: boolean;
}

export async function deskRoster(deps: Deps, actor: Actor | null, hotelSlug: string): Promise<DeskRoster> {
  const me = requireStaffOf(actor, hotelSlug);
  const onDuty = await deps.store.read((r) => r.desk.onDuty(me.staff.hotelId));
  return { onDuty, meOnDuty: onDuty.some((s) => s.id === me.staff.id) };
}

/** What the guest is told about the desk: how many are on duty and how fast they usually answer. */
export interface DeskAvailability {
  onDutyCount: number;
  typicalReplyMinutes: number | null;
}

/** Recent enough to say how the desk answers now, long enough to have a few replies. */
export const REPLY_TIME_WINDOW_MS = 7 * 24 * 3600 * 1000;

export async function deskAvailability(deps: Deps, hotelId: number): Promise<DeskAvailability> {
  const since = new Date(deps.clock.now().getTime() - REPLY_TIME_WINDOW_MS);
  return deps.store.read(async (r) => {
    const [onDuty, minutes] = await Promise.all([r.desk.onDuty(hotelId), r.desk.typicalReplyMinutes(hotelId, since)]);
    return { onDutyCount: onDuty.length, typicalReplyMinutes: minutes === null ? null : Math.max(1, Math.round(minutes)) };
  });
}
