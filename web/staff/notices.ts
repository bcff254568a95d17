// Handoff lines in the timeline: the history from GET assignments/, and live ones as they happen.
import type { Assignment, Message, StaffInfo } from '../shared/contract.js';

export interface Notice {
  key: string;
  /** Shown after the message with this id (0: before every message). */
  afterId: number;
  text: string;
  tone: 'handoff' | 'me' | 'history';
}

function who(staff: StaffInfo, myId: number, subject: boolean): string {
  if (staff.id !== myId) return staff.name;
  return subject ? 'You' : 'you';
}

/** "Sarah Jones released this conversation to the team: “On break”". */
export function releaseText(previous: StaffInfo | null, note: string | null, myId: number): string {
  const by = previous ? who(previous, myId, true) : 'Someone';
  return `${by} released this conversation to the team${note ? `: “${note}”` : ''}`;
}

function entryText(e: Assignment, myId: number): string {
  // A release leaves nobody in charge: the history row has no new handler.
  if (e.staff === null) return releaseText(e.previous_staff, e.note, myId);
  const next = who(e.staff, myId, true);
  return e.previous_staff ? `${next} took over from ${who(e.previous_staff, myId, false)}` : `${next} started handling this conversation`;
}

export function historyNotices(entries: Assignment[], messages: Message[], myId: number): Notice[] {
  const first = messages[0];
  if (!first) return [];
  const firstTime = Date.parse(first.timestamp);
  return entries
    .filter((e) => Date.parse(e.assigned_at) >= firstTime)
    .map((e, i) => {
      const at = Date.parse(e.assigned_at);
      const before = messages.filter((m) => Date.parse(m.timestamp) <= at);
      return { key: `hist-${i}-${e.assigned_at}`, afterId: before[before.length - 1]?.id ?? 0, text: entryText(e, myId), tone: 'history' as const };
    });
}
