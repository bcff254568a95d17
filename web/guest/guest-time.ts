// Times on the hotel's clock (its IANA time zone), written the guest's way (their language's
// Intl formats): a guest from Tokyo in a Berlin hotel reads "14:05" as the clock on the wall.
import { createContext, useContext } from 'react';

export interface Clock {
  /** "14:05" */
  time(iso: string | null | undefined): string;
  /** "1 Dec 2026, 14:05" */
  full(iso: string | null | undefined): string;
  /** "Today", "Yesterday", or "Monday 30 November", for the day dividers. */
  day(iso: string, now?: number): string;
  sameDay(a: string, b: string): boolean;
  timeZone: string;
}

function valid(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** A zone the browser does not know falls back to UTC rather than breaking every time. */
function usableZone(zone: string): string {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return 'UTC';
  }
}

export function makeClock(locale: string, zone: string): Clock {
  const timeZone = usableZone(zone);
  const time = new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit' });
  const full = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium', timeStyle: 'short' });
  const dayName = new Intl.DateTimeFormat(locale, { timeZone, weekday: 'long', day: 'numeric', month: 'long' });
  const dayKey = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const key = (d: Date): string => dayKey.format(d);
  const capital = (s: string): string => s.charAt(0).toLocaleUpperCase(locale) + s.slice(1);
  return {
    timeZone,
    time: (iso) => {
      const d = valid(iso);
      return d ? time.format(d) : '';
    },
    full: (iso) => {
      const d = valid(iso);
      return d ? full.format(d) : '';
    },
    day(iso, now = Date.now()) {
      const d = valid(iso);
      if (!d) return '';
      const days = Math.round((Date.parse(key(new Date(now))) - Date.parse(key(d))) / 86_400_000);
      if (days === 0 || days === 1) return capital(relative.format(-days, 'day'));
      return dayName.format(d);
    },
    sameDay: (a, b) => {
      const x = valid(a);
      const y = valid(b);
      return x !== null && y !== null && key(x) === key(y);
    },
  };
}

export const ClockContext = createContext<Clock>(makeClock('en', 'UTC'));
export const useClock = (): Clock => useContext(ClockContext);
