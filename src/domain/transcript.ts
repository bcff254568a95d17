// A conversation as plain text: the guest downloads their own, staff of the hotel export any of
// the hotel's. UTF-8, times on the hotel's clock, who wrote each message, automatic replies
// marked. Notes between staff are not messages and never appear in it.
import { loadConversation, requireMemberOf } from './access.js';
import type { Actor } from './actor.js';
import type { TranscriptLine } from './desk-day-ports.js';
import { zonedParts } from './desk-hours.js';
import type { Deps } from './ports.js';

export const MAX_TRANSCRIPT_MESSAGES = 10_000;

export interface Transcript {
  filename: string;
  text: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** '2026-11-30 23:05' on the hotel's clock. */
export function hotelTime(at: Date, timeZone: string): string {
  const p = zonedParts(at, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
}

function sender(line: TranscriptLine, guestName: string): string {
  if (line.senderType === 'system') return '[Automatic reply]';
  if (line.senderType === 'guest') return `${guestName}:`;
  const name = line.staffName ?? 'Hotel staff';
  return line.staffRole ? `${name} (${line.staffRole}):` : `${name}:`;
}

export function transcriptText(o: { hotelName: string; roomNumber: number; guestName: string; timeZone: string; now: Date; lines: TranscriptLine[]; truncated: boolean }): string {
  const head = [
    `${o.hotelName} — conversation with the front desk`,
    `Room ${o.roomNumber} · ${o.guestName}`,
    `Times are ${o.timeZone} (the hotel's clock). Exported ${hotelTime(o.now, o.timeZone)}.`,
    '',
  ];
  const body = o.lines.map((l) => {
    const [first = '', ...more] = l.body.replace(/\r\n?/g, '\n').split('\n');
    return [`[${hotelTime(l.createdAt, o.timeZone)}] ${sender(l, o.guestName)} ${first}`, ...more.map((x) => `    ${x}`)].join('\n');
  });
  const tail = o.truncated ? ['', `(The first ${MAX_TRANSCRIPT_MESSAGES.toLocaleString('en')} messages.)`] : [];
  if (o.lines.length === 0) body.push('(No messages yet.)');
  return `${[...head, ...body, ...tail].join('\n')}\n`;
}

export async function conversationTranscript(deps: Deps, actor: Actor | null, hotelSlug: string, conversationId: number): Promise<Transcript> {
  const me = requireMemberOf(actor, hotelSlug);
  return deps.store.read(async (r) => {
    const convo = await loadConversation(r, me, conversationId);
    const [{ timeZone }, stay, lines] = await Promise.all([
      r.desk.settings(convo.hotelId),
      r.deskDay.stayOfConversation(convo.hotelId, convo.id),
      r.deskDay.transcript(convo.id, MAX_TRANSCRIPT_MESSAGES + 1),
    ]);
    const now = deps.clock.now();
    const hotelName = me.kind === 'staff' ? me.staff.hotelName : me.session.hotelName;
    const text = transcriptText({
      hotelName, roomNumber: convo.roomNumber, guestName: stay?.guestName ?? convo.guestName, timeZone, now,
      lines: lines.slice(0, MAX_TRANSCRIPT_MESSAGES), truncated: lines.length > MAX_TRANSCRIPT_MESSAGES,
    });
    return { filename: `conversation-room-${convo.roomNumber}-${hotelTime(now, timeZone).slice(0, 10)}.txt`, text };
  });
}
