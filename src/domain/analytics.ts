// Handoff analytics for a hotel's managers: the window rules (local calendar days, at most a
// year), who may read them, and how many may be computed at once. The figures themselves are SQL
// over the history (db/repositories/analytics-repository.ts); docs/analytics.md defines them.
import { requireHotel, requireManagerOf } from './access.js';
import type { Actor } from './actor.js';
import type {
  AlertCount, AnalyticsWindow, FirstResponseReport, HandoffsReport, OrphanedReport, ReplyAfterHandoffReport, ShiftChange, StaffLoad,
} from './analytics-ports.js';
import { AppError } from './errors.js';
import type { Deps } from './ports.js';

/** The longest window: a leap year's days. */
export const MAX_WINDOW_DAYS = 366;
/** The window when none is given: the last 30 days, today included. */
export const DEFAULT_WINDOW_DAYS = 30;

export interface AnalyticsInput {
  from?: string | undefined;
  to?: string | undefined;
}

export interface HotelAnalytics {
  hotelSlug: string;
  from: string;
  to: string;
  timeZone: string;
  firstResponse: FirstResponseReport;
  handoffs: HandoffsReport;
  replyAfterHandoff: ReplyAfterHandoffReport;
  orphaned: OrphanedReport;
  shiftChanges: ShiftChange[];
  staffLoad: StaffLoad[];
  alerts: AlertCount[];
}

const DAY_MS = 86_400_000;

/** A calendar date 'YYYY-MM-DD' as days since 1970-01-01, or null when it is no real date. */
export function dayNumber(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (y < 2000 || y > 2999 || back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return t / DAY_MS;
}

const dayText = (n: number): string => new Date(n * DAY_MS).toISOString().slice(0, 10);

/** Today's date on the hotel's clock. */
export function localToday(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The window asked for, checked: real dates, from ≤ to, at most MAX_WINDOW_DAYS days. */
export function resolveWindow(input: AnalyticsInput, today: string): { from: string; to: string } {
  const bad = (what: string) => new AppError('invalid_request', what);
  const toText = input.to ?? (input.from !== undefined ? dayText((dayNumber(input.from) ?? 0) + DEFAULT_WINDOW_DAYS - 1) : today);
  const to = dayNumber(toText);
  if (to === null) throw bad(`"to" must be a calendar date YYYY-MM-DD (2000–2999), not "${toText.slice(0, 20)}".`);
  const fromText = input.from ?? dayText(to - DEFAULT_WINDOW_DAYS + 1);
  const from = dayNumber(fromText);
  if (from === null) throw bad(`"from" must be a calendar date YYYY-MM-DD (2000–2999), not "${fromText.slice(0, 20)}".`);
  if (from > to) throw bad(`"from" (${fromText}) is after "to" (${toText}).`);
  if (to - from + 1 > MAX_WINDOW_DAYS) throw bad(`A window is at most ${MAX_WINDOW_DAYS} days; ${fromText}..${toText} is ${to - from + 1}.`);
  return { from: dayText(from), to: dayText(to) };
}

/**
 * At most `running` reports per hotel are computed at once and `waiting` more wait their turn; a
 * burst beyond that is refused, so one manager's reloads cannot crowd the database out.
 */
export class AnalyticsGate {
  private readonly perHotel = new Map<number, { running: number; queue: Array<() => void> }>();
  constructor(private readonly running = 2, private readonly waiting = 6) {}

  async run<T>(hotelId: number, work: () => Promise<T>): Promise<T> {
    let slot = this.perHotel.get(hotelId);
    if (!slot) {
      slot = { running: 0, queue: [] };
      this.perHotel.set(hotelId, slot);
    }
    if (slot.running >= this.running) {
      if (slot.queue.length >= this.waiting) {
        throw new AppError('rate_limited', 'The reports for this hotel are being computed already; try again in a moment.', { retry_after: 2 });
      }
      await new Promise<void>((resolve) => slot.queue.push(resolve));
    } else {
      slot.running += 1;
    }
    try {
      return await work();
    } finally {
      const next = slot.queue.shift();
      if (next) next();
      else {
        slot.running -= 1;
        if (slot.running === 0) this.perHotel.delete(hotelId);
      }
    }
  }
}

const gate = new AnalyticsGate();

/** Every report for the hotel over the window (managers of the hotel, or the command line). */
export async function hotelAnalytics(deps: Deps, actor: Actor | null, hotelSlug: string, input: AnalyticsInput): Promise<HotelAnalytics> {
  requireManagerOf(actor, hotelSlug);
  const { hotel, timeZone } = await deps.store.read(async (r) => {
    const h = await requireHotel(r, hotelSlug);
    return { hotel: h, timeZone: (await r.desk.settings(h.id)).timeZone };
  });
  const { from, to } = resolveWindow(input, localToday(deps.clock.now(), timeZone));
  const w: AnalyticsWindow = { hotelId: hotel.id, from, to, timeZone };
  return gate.run(hotel.id, () => deps.store.read(async (r) => {
    // One after another: on PGlite they would queue anyway, and on PostgreSQL one request holds one connection.
    const firstResponse = await r.analytics.firstResponse(w);
    const handoffs = await r.analytics.handoffs(w);
    const replyAfterHandoff = await r.analytics.replyAfterHandoff(w);
    const orphaned = await r.analytics.orphaned(w);
    const shiftChanges = await r.analytics.shiftChanges(w);
    const load = await r.analytics.staffLoad(w);
    const staffLoad = load.staff.filter((s) => s.isActive || s.messages + s.conversations + s.handoffsGiven + s.handoffsReceived + s.alerts > 0);
    return { hotelSlug, from, to, timeZone, firstResponse, handoffs, replyAfterHandoff, orphaned, shiftChanges, staffLoad, alerts: load.alerts };
  }));
}
