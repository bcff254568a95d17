// The hotel's channel names (the contract's realtime section): the only place in src/ that
// spells or parses them. `H` hotel slug, `R` room number, `C` conversation id, `S` staff id.
import type { Watchable } from '../domain/access.js';

export const channels = {
  /** private-H-room-R-chat: the stay's guest sessions and the hotel's staff. */
  room: (hotel: string, room: number) => `private-${hotel}-room-${room}-chat`,
  /** private-H-conversation-C-chat: the hotel's staff. */
  conversation: (hotel: string, id: number) => `private-${hotel}-conversation-${id}-chat`,
  /** private-H-staff-inbox: the hotel's staff. */
  inbox: (hotel: string) => `private-${hotel}-staff-inbox`,
  /** private-H-staff-S-chat: that staff member only. */
  staff: (hotel: string, staffId: number) => `private-${hotel}-staff-${staffId}-chat`,
  /** presence-H-staff: who of the hotel's staff is online. */
  presence: (hotel: string) => `presence-${hotel}-staff`,
  /** H-room-R-chat: the reference's public guest channel (LEGACY_PUBLIC_CHANNELS=1 only). */
  legacyRoom: (hotel: string, room: number) => `${hotel}-room-${room}-chat`,
};

const PATTERN =
  /^(?<prefix>private|presence)-(?<hotel>[a-z0-9]+(?:-[a-z0-9]+)*?)-(?<kind>room-(?<room>\d+)-chat|conversation-(?<conversation>\d+)-chat|staff-inbox|staff-(?<staffId>\d+)-chat|staff)$/;

/** What a private or presence channel name shows, or null for a name that is not one of ours. */
export function parseChannel(name: string): Watchable | null {
  const g = PATTERN.exec(name)?.groups;
  if (!g) return null;
  const { prefix, hotel = '', kind, room, conversation, staffId } = g;
  if ((prefix === 'presence') !== (kind === 'staff')) return null;
  if (room !== undefined) return { hotel, kind: 'room', room: Number(room) };
  if (conversation !== undefined) return { hotel, kind: 'conversation', conversationId: Number(conversation) };
  if (staffId !== undefined) return { hotel, kind: 'staff', staffId: Number(staffId) };
  return { hotel, kind: kind === 'staff-inbox' ? 'inbox' : 'presence' };
}
