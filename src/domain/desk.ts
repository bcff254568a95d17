// The rest of the shared desk: notes between staff, resolving, and what the desk shows about a
// conversation's waits. Notes are staff-only: no guest may read them, and no event about them
// reaches a channel a guest can hold (contract/fan-out.ts sends them on staff channels only).
import { recorded } from './audit.js';
import { loadConversation, requireHotel, requireManagerOf, requireOpen, requireStaffOf } from './access.js';
import type { Actor } from './actor.js';
import type { Outcome } from './domain-events.js';
import { AppError } from './errors.js';
import { conversationRef } from './handoff.js';
import type { AlertLogRecord, Deps, HotelSettings, NoteRecord } from './ports.js';
import { canonicalTimeZone } from './guest-entry.js';

export const MAX_NOTE = 2000;

export async function addNote(deps: Deps, actor: Actor | null, hotelSlug: string, conversationId: number, input: { body: string }): Promise<Outcome<NoteRecord>> {
  const me = requireStaffOf(actor, hotelSlug);
  const body = input.body.trim();
  if (body === '' || body.length > MAX_NOTE) throw new AppError('invalid_request', `A note is 1–${MAX_NOTE} characters.`);
  if (body.includes('\u0000')) throw new AppError('invalid_request', 'The note contains a NUL character (U+0000).');
  return deps.store.transaction(async (tx) => {
    const convo = await loadConversation(tx, me, conversationId, { lock: true });
    requireOpen(convo);
    const at = deps.clock.now();
    const id = await tx.desk.insertNote({ conversationId: convo.id, hotelId: convo.hotelId, staffId: me.staff.id, body, at });
    const note: NoteRecord = { id, conversationId: convo.id, author: me.staff, body, createdAt: at };
    return { result: note, events: [{ type: 'note-added', conversation: conversationRef(convo), note }] };
  });
}

export async function listNotes(deps: Deps, actor: Actor | null, hotelSlug: string, conversationId: number): Promise<NoteRecord[]> {
  const me = requireStaffOf(actor, hotelSlug);
  return deps.store.read(async (r) => r.desk.notes((await loadConversation(r, me, conversationId)).id));
}

export async function alertHistory(deps: Deps, actor: Actor | null, hotelSlug: string, conversationId: number): Promise<AlertLogRecord[]> {
  const me = requireStaffOf(actor, hotelSlug);
  return deps.store.read(async (r) => r.desk.alertLog((await loadConversation(r, me, conversationId)).id));
}

/** Resolved: done for now; it leaves the queue and its waits end. The guest writing again undoes it. */
export async function setResolved(deps: Deps, actor: Actor | null, hotelSlug: string, conversationId: number, resolved: boolean): Promise<Outcome<{ conversationId: number; resolvedAt: Date | null }>> {
  const me = requireStaffOf(actor, hotelSlug);
  return deps.store.transaction(async (tx) => {
    const convo = await loadConversation(tx, me, conversationId, { lock: true });
    requireOpen(convo);
    const at = deps.clock.now();
    const resolvedAt = resolved ? (convo.resolvedAt ?? at) : null;
    if ((convo.resolvedAt !== null) === resolved) return { result: { conversationId: convo.id, resolvedAt }, events: [] };
    await tx.desk.setResolved(convo.id, resolvedAt);
    if (resolved) await tx.desk.cancelAlerts(convo.id, ['cover', 'reply']);
    return { result: { conversationId: convo.id, resolvedAt }, events: [{ type: 'resolved-changed', conversation: conversationRef(convo), resolved, at }] };
  });
}

export const ALERT_MINUTES = { min: 1, max: 240 } as const;

/** A manager sets how long the desk waits before each alert step. */
export async function updateDeskSettings(deps: Deps, actor: Actor | null, hotelSlug: string, patch: Partial<HotelSettings>): Promise<Outcome<HotelSettings>> {
  requireManagerOf(actor, hotelSlug);
  const { timeZone, ...alertMinutes } = patch;
  const zone = timeZone === undefined ? undefined : canonicalTimeZone(timeZone);
  for (const [name, minutes] of Object.entries(alertMinutes)) {
    if (minutes !== undefined && (!Number.isInteger(minutes) || minutes < ALERT_MINUTES.min || minutes > ALERT_MINUTES.max)) {
      throw new AppError('invalid_request', `${name} must be a whole number of minutes from ${ALERT_MINUTES.min} to ${ALERT_MINUTES.max}.`);
    }
  }
  return deps.store.transaction(async (tx) => {
    const hotel = await requireHotel(tx, hotelSlug);
    const settings = await tx.desk.updateSettings(hotel.id, { ...alertMinutes, timeZone: zone });
    return { result: settings, events: [recorded(actor, hotel.id, 'settings.desk-changed', null, deps.clock.now(), { ...alertMinutes, ...(zone !== undefined && { timeZone: zone }) })] };
  });
}

export async function deskSettings(deps: Deps, actor: Actor | null, hotelSlug: string): Promise<HotelSettings> {
  const me = requireStaffOf(actor, hotelSlug);
  return deps.store.read((r) => r.desk.settings(me.staff.hotelId));
}

/** Staff flag a stay VIP: its guest's unanswered messages alert sooner (escalation.ts). */
export async function setVip(deps: Deps, actor: Actor | null, hotelSlug: string, roomNumber: number, vip: boolean): Promise<{ roomNumber: number; vip: boolean }> {
  const me = requireStaffOf(actor, hotelSlug);
  const done = await deps.store.transaction((tx) => tx.desk.setVip(me.staff.hotelId, roomNumber, vip));
  if (!done) throw new AppError('not_found', `Room ${roomNumber} has no guest checked in.`);
  return { roomNumber, vip };
}
