// How the queue speaks: who wrote last, how long a guest has waited, who read it last.
import type { ConversationSummary } from '../shared/contract.js';
import { clockTime } from '../shared/time.js';

/** "4 min", "1 h 12 min": how long since `iso`. */
export function waitedFor(iso: string | null, now: number): string {
  if (!iso) return '';
  const min = Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000));
  if (min < 1) return 'under a minute';
  if (min < 60) return `${String(min)} min`;
  const h = Math.floor(min / 60);
  return `${String(h)} h ${String(min % 60)} min`;
}

/** Seconds as the alert says them: "6 min". */
export function waitedSeconds(seconds: number): string {
  return waitedFor(new Date(Date.now() - seconds * 1000).toISOString(), Date.now());
}

/** "Guest:", "You:", "Mike:" before the last message. */
export function lastSenderLabel(c: ConversationSummary, myId: number): string | null {
  switch (c.last_sender_type) {
    case 'guest':
      return 'Guest:';
    case 'staff':
      if (!c.last_sender) return 'Staff:';
      return c.last_sender.id === myId ? 'You:' : `${c.last_sender.name.split(' ')[0] ?? c.last_sender.name}:`;
    case 'system':
    case null:
      return null;
  }
}

/** "Last read by Sarah at 10:42" (or by you). */
export function lastReadText(c: ConversationSummary, myId: number): string | null {
  if (!c.last_read) return null;
  const who = c.last_read.staff.id === myId ? 'you' : (c.last_read.staff.name.split(' ')[0] ?? c.last_read.staff.name);
  return `Last read by ${who} at ${clockTime(c.last_read.read_at)}`;
}
