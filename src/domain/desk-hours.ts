// Desk hours on the hotel's clock: whether the desk is open at an instant, when it opens next,
// and wall-clock parts of an instant in a time zone. Pure functions over Intl (no library): the
// hotel's zone is an IANA name (hotels.time_zone), 'UTC' until a manager sets it.
import { WEEKDAYS, type DayHours, type WeekHours } from './desk-day-ports.js';

export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 0 = Sunday, as Date.getDay(). */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

export function zonedParts(at: Date, timeZone: string): ZonedParts {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', weekday: 'short' });
    formatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  return {
    year: Number(p.year),
    month: Number(p.month),
    day: Number(p.day),
    hour: Number(p.hour) % 24,
    minute: Number(p.minute),
    weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(p.weekday ?? ''),
  };
}

/** The instant at which the hotel's wall clock shows this date and minute of the day. */
export function zonedInstant(year: number, month: number, day: number, minuteOfDay: number, timeZone: string): Date {
  const target = Date.UTC(year, month - 1, day, 0, minuteOfDay);
  let guess = target;
  // Two corrections settle the zone's offset, also across a change of summer time.
  for (let i = 0; i < 2; i++) {
    const p = zonedParts(new Date(guess), timeZone);
    guess += target - Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  }
  return new Date(guess);
}

/** 'YYYY-MM-DD' of the hotel's calendar at this instant. */
export function zonedDate(at: Date, timeZone: string): string {
  const p = zonedParts(at, timeZone);
  return `${String(p.year).padStart(4, '0')}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

export const HOURS_PATTERN = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;

export const minuteOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export interface DeskState {
  open: boolean;
  /** While closed: when the desk opens next (null if it never does). */
  opensAt: Date | null;
  /** While open: when it closes. */
  closesAt: Date | null;
}

export function deskState(hours: WeekHours, timeZone: string, at: Date): DeskState {
  const now = zonedParts(at, timeZone);
  const minute = now.hour * 60 + now.minute;
  const day = (offset: number): DayHours | null | undefined => hours[WEEKDAYS[(now.weekday + offset) % 7]!];
  const today = day(0);
  const instant = (offset: number, hhmm: string) => {
    const d = new Date(Date.UTC(now.year, now.month - 1, now.day + offset));
    return zonedInstant(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), minuteOf(hhmm), timeZone);
  };
  if (today && minute >= minuteOf(today.opens) && minute < minuteOf(today.closes)) {
    return { open: true, opensAt: null, closesAt: instant(0, today.closes) };
  }
  for (let offset = 0; offset <= 7; offset++) {
    const h = day(offset);
    if (!h || (offset === 0 && minute >= minuteOf(h.opens))) continue;
    return { open: false, opensAt: instant(offset, h.opens), closesAt: null };
  }
  return { open: false, opensAt: null, closesAt: null };
}
