// Handoff lines in the timeline: the history from GET assignments/, and live ones as they happen.
import type { Message } from '../shared/contract.js';
import type { AssignmentEntry } from './staff-api.js';

export interface Notice {
  key: string;
  /** Shown after the message with this id (0: before every message). */
  afterId: number;
  text: string;
  tone: 'handoff' | 'me' | 'history';
}

export function historyNotices(entries: AssignmentEntry[], messages: Message[], myId: number): Notice[] {
  const first = messages[0];
  if (!first) return [];
  const firstTime = Date.parse(first.timestamp);
  return entries
    .filter((e) => Date.parse(e.assigned_at) >= firstTime)
    .map((e, i) => {
      const at = Date.parse(e.assigned_at);
      const before = messages.filter((m) => Date.parse(m.timestamp) <= at);
      const who = e.staff.id === myId ? 'You' : e.staff.name;
      const text = e.previous_staff ? `${who} took over from ${e.previous_staff.id === myId ? 'you' : e.previous_staff.name}` : `${who} started handling this conversation`;
      return { key: `hist-${i}-${e.assigned_at}`, afterId: before[before.length - 1]?.id ?? 0, text, tone: 'history' as const };
    });
}
