// Who is alerted when the desk does not answer, and when. Two waits run per conversation:
// - cover: nobody handles it (released, marked unread by its handler, left at clock-out);
//   everyone on duty is alerted after the hotel's cover time, then the managers.
// - reply: a guest message nobody answered; the handler is alerted after the hotel's reply time
//   (shorter for a VIP stay), then everyone on duty, then the managers.
// Each step fires once. A wait starts in the same transaction or statement as the change that
// causes it (step -1: not yet scheduled) and ends with the change that answers it (someone
// takes the conversation; a staff reply; resolve; check-out). fireDueAlerts runs the ladder.
import type { AlertAudience, DomainEvent } from './domain-events.js';
import type { AlertKind, DeskSettings, Deps, DueAlert, Repos } from './ports.js';

export const LADDERS: Record<AlertKind, readonly AlertAudience[]> = {
  cover: ['on-duty', 'manager'],
  reply: ['handler', 'on-duty', 'manager'],
};

/** Minutes from one step to the next. */
export function stepMinutes(kind: AlertKind, settings: DeskSettings, vip: boolean): number {
  if (kind === 'cover') return settings.coverAlertMinutes;
  return vip ? Math.min(settings.vipReplyAlertMinutes, settings.replyAlertMinutes) : settings.replyAlertMinutes;
}

/** When step `step` (0-based) of a wait that started at `startedAt` is due. */
export function dueAt(kind: AlertKind, step: number, startedAt: Date, settings: DeskSettings, vip: boolean): Date {
  return new Date(startedAt.getTime() + (step + 1) * stepMinutes(kind, settings, vip) * 60_000);
}

/** Who hears a step: nobody for "handler" when nobody handles it (the next step follows). */
export async function audienceOf(desk: Roster, alert: DueAlert, audience: AlertAudience): Promise<number[]> {
  switch (audience) {
    case 'handler':
      return alert.conversation.currentStaffId === null ? [] : [alert.conversation.currentStaffId];
    case 'on-duty':
      return (await desk.onDuty(alert.conversation.hotelId)).map((s) => s.id);
    case 'manager': {
      // The duty manager: managers on duty; when none is, every manager of the hotel.
      const onDuty = (await desk.onDuty(alert.conversation.hotelId)).filter((s) => s.isManager);
      return onDuty.length > 0 ? onDuty.map((s) => s.id) : (await desk.managers(alert.conversation.hotelId)).map((s) => s.id);
    }
  }
}

export const CLAIM_BATCH = 50;

/** Who is on duty and who manages, per hotel. */
type Roster = Pick<Repos['desk'], 'onDuty' | 'managers'>;

/** One lookup per hotel and tick, however many of its alerts are due together. */
function rosterOnce(desk: Roster): Roster {
  const onDuty = new Map<number, ReturnType<Roster['onDuty']>>();
  const managers = new Map<number, ReturnType<Roster['managers']>>();
  const once = <T>(cache: Map<number, T>, hotelId: number, load: () => T): T => {
    let hit = cache.get(hotelId);
    if (hit === undefined) cache.set(hotelId, (hit = load()));
    return hit;
  };
  return {
    onDuty: (hotelId) => once(onDuty, hotelId, () => desk.onDuty(hotelId)),
    managers: (hotelId) => once(managers, hotelId, () => desk.managers(hotelId)),
  };
}

/**
 * Fires what is due now, once across every node: the due rows are claimed FOR UPDATE SKIP LOCKED
 * inside one transaction, so two pollers never take the same row, and the step is advanced in
 * that transaction, so a crash before commit leaves it due. Returns the alerts as events.
 */
export async function fireDueAlerts(deps: Deps): Promise<DomainEvent[]> {
  return deps.store.transaction(async (tx) => {
    const now = deps.clock.now();
    const due = await tx.desk.claimDue(now, CLAIM_BATCH);
    const roster = rosterOnce(tx.desk);
    const events: DomainEvent[] = [];
    for (const alert of due) {
      const ladder = LADDERS[alert.kind];
      if (!alert.open || (alert.kind === 'cover' && alert.conversation.currentStaffId !== null)) {
        await tx.desk.removeAlert(alert.id);
        continue;
      }
      if (alert.step < 0) {
        await tx.desk.advanceAlert(alert.id, 0, dueAt(alert.kind, 0, alert.startedAt, alert.settings, alert.vip));
        continue;
      }
      // A step with nobody to tell (no handler) passes to the next one at once.
      let step = alert.step;
      let staffIds: number[] = [];
      while (step < ladder.length && staffIds.length === 0) {
        staffIds = await audienceOf(roster, alert, ladder[step]!);
        if (staffIds.length === 0) step += 1;
      }
      if (step < ladder.length) {
        const audience = ladder[step]!;
        const waitedSeconds = Math.round((now.getTime() - alert.startedAt.getTime()) / 1000);
        await tx.desk.logAlert(alert.conversation.id, { kind: alert.kind, audience, waitedSeconds, at: now });
        events.push({ type: 'desk-alert', conversation: alert.conversation, kind: alert.kind, audience, staffIds, waitedSeconds, at: now });
      }
      if (step + 1 < ladder.length) await tx.desk.advanceAlert(alert.id, step + 1, dueAt(alert.kind, step + 1, alert.startedAt, alert.settings, alert.vip));
      else await tx.desk.removeAlert(alert.id);
    }
    return events;
  });
}
