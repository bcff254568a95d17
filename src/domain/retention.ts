// Retention and the guest's data requests. A hotel keeps a stay's messages N days after
// check-out (default 30), then purges them or keeps them anonymised for the figures; a manager
// can run it now (or see first what it would do), export everything held about one stay, and
// erase one stay at once. Every node runs retention on a timer (events/retention-timer.ts);
// each stay is erased once (operations-ports.ts `erase`).
import type { Actor } from './actor.js';
import { requireHotel, requireManagerOf } from './access.js';
import { eraseStayAttachments } from './attachments.js';
import { recorded } from './audit.js';
import type { DomainEvent, Outcome } from './domain-events.js';
import { AppError, notFound } from './errors.js';
import type { RetainedStay, RetentionMode, RetentionSettings, StayExport } from './operations-ports.js';
import type { Deps, Hotel } from './ports.js';

export const RETENTION_DAYS = { min: 1, max: 3650 } as const;
export const RETENTION_MODES: readonly RetentionMode[] = ['purge', 'anonymise'];
/** Stays looked up per round; each is erased in its own transaction, so a long backlog never holds one long lock. */
export const RETENTION_BATCH = 50;
const DAY = 86_400_000;

export interface RetentionRun {
  dryRun: boolean;
  mode: RetentionMode;
  /** Stays checked out before this are due. */
  cutoff: Date;
  stays: RetainedStay[];
  /** Finished webhook deliveries forgotten (their payloads quote guests). */
  webhookDeliveries: number;
}

export async function retentionSettings(deps: Deps, actor: Actor | null, hotelSlug: string): Promise<RetentionSettings> {
  requireManagerOf(actor, hotelSlug);
  return deps.store.read(async (r) => r.retention.settings((await requireHotel(r, hotelSlug)).id));
}

export async function updateRetention(deps: Deps, actor: Actor | null, hotelSlug: string, patch: Partial<RetentionSettings>): Promise<Outcome<RetentionSettings>> {
  requireManagerOf(actor, hotelSlug);
  if (patch.days !== undefined && (!Number.isInteger(patch.days) || patch.days < RETENTION_DAYS.min || patch.days > RETENTION_DAYS.max)) {
    throw new AppError('invalid_request', `Days must be a whole number from ${RETENTION_DAYS.min} to ${RETENTION_DAYS.max}.`);
  }
  if (patch.mode !== undefined && !RETENTION_MODES.includes(patch.mode)) throw new AppError('invalid_request', `Mode must be one of ${RETENTION_MODES.join(', ')}.`);
  return deps.store.transaction(async (tx) => {
    const hotel = await requireHotel(tx, hotelSlug);
    const settings = await tx.retention.setSettings(hotel.id, patch);
    return { result: settings, events: [recorded(actor, hotel.id, 'retention.changed', null, deps.clock.now(), { ...patch })] };
  });
}

/** Erases every stay of the hotel that is due (or, dry, lists them), in batches. */
export async function runRetention(deps: Deps, actor: Actor | null, hotelSlug: string, opts: { dryRun: boolean }): Promise<Outcome<RetentionRun>> {
  requireManagerOf(actor, hotelSlug);
  const hotel = await deps.store.read((r) => requireHotel(r, hotelSlug));
  return retain(deps, actor, hotel, opts.dryRun);
}

/** The timer's run for one hotel (the system acts; no manager asked). */
export function retainHotel(deps: Deps, hotel: Hotel): Promise<Outcome<RetentionRun>> {
  return retain(deps, { kind: 'system' }, hotel, false);
}

async function retain(deps: Deps, actor: Actor | null, hotel: Hotel, dryRun: boolean): Promise<Outcome<RetentionRun>> {
  const now = deps.clock.now();
  const settings = await deps.store.read((r) => r.retention.settings(hotel.id));
  const cutoff = new Date(now.getTime() - settings.days * DAY);
  const done: RetainedStay[] = [];
  if (dryRun) {
    // A dry run lists the first thousand that are due; the real run takes them all.
    const due = await deps.store.read((r) => r.retention.due(hotel.id, cutoff, 1000));
    return { result: { dryRun, mode: settings.mode, cutoff, stays: due, webhookDeliveries: 0 }, events: [] };
  }
  for (;;) {
    const due = await deps.store.read((r) => r.retention.due(hotel.id, cutoff, RETENTION_BATCH));
    for (const stay of due) {
      // The files first (photos are personal data in either mode), then the rows, one stay per transaction.
      if (deps.files) await eraseStayAttachments(deps, stay.stayId);
      if (await deps.store.transaction((tx) => tx.retention.erase(stay.stayId, settings.mode, now))) done.push(stay);
    }
    if (due.length < RETENTION_BATCH) break;
  }
  const webhookDeliveries = await deps.store.transaction((tx) => tx.webhookQueue.prune(hotel.id, cutoff));
  const events: DomainEvent[] = done.length === 0 && webhookDeliveries === 0 ? [] : [
    recorded(actor, hotel.id, 'retention.run', null, now, { mode: settings.mode, days: settings.days, stays: done.map((s) => s.stayId), webhookDeliveries }),
  ];
  return { result: { dryRun, mode: settings.mode, cutoff, stays: done, webhookDeliveries }, events };
}

/** The hotel's stays, newest first (to find the one a guest's request is about). */
export async function listStays(deps: Deps, actor: Actor | null, hotelSlug: string, roomNumber: number | null): Promise<RetainedStay[]> {
  requireManagerOf(actor, hotelSlug);
  return deps.store.read(async (r) => r.retention.recent((await requireHotel(r, hotelSlug)).id, roomNumber, 100));
}

/** Everything held about one stay, for the guest's data request. The export itself is logged. */
export async function exportStay(deps: Deps, actor: Actor | null, hotelSlug: string, stayId: number): Promise<Outcome<StayExport>> {
  requireManagerOf(actor, hotelSlug);
  return deps.store.read(async (r) => {
    const hotel = await requireHotel(r, hotelSlug);
    if (!(await r.retention.find(hotel.id, stayId))) throw notFound('That stay');
    const data = await r.retention.export(stayId);
    return { result: data, events: [recorded(actor, hotel.id, 'stay.exported', `stay ${stayId}`, deps.clock.now(), { room: data.stay.roomNumber })] };
  });
}

/** Erases one stay now (a guest's request): always a purge. The guest must have checked out. */
export async function eraseStay(deps: Deps, actor: Actor | null, hotelSlug: string, stayId: number): Promise<Outcome<RetainedStay>> {
  requireManagerOf(actor, hotelSlug);
  const found = await deps.store.read(async (r) => r.retention.find((await requireHotel(r, hotelSlug)).id, stayId));
  if (found?.checkedOutAt && deps.files) await eraseStayAttachments(deps, stayId);
  return deps.store.transaction(async (tx) => {
    const hotel = await requireHotel(tx, hotelSlug);
    const stay = await tx.retention.find(hotel.id, stayId);
    if (!stay) throw notFound('That stay');
    if (stay.checkedOutAt === null) throw new AppError('conflict', `Room ${stay.roomNumber}'s guest is still checked in: check out first.`);
    const now = deps.clock.now();
    const erasedNow = await tx.retention.erase(stayId, 'purge', now);
    const after = (await tx.retention.find(hotel.id, stayId))!;
    return {
      result: after,
      events: erasedNow ? [recorded(actor, hotel.id, 'stay.erased', `stay ${stayId}`, now, { room: stay.roomNumber, messages: stay.messages })] : [],
    };
  });
}
