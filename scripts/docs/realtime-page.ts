// docs/realtime.md from the contract: channel names from contract/channels.ts, who may subscribe
// from the access rule itself (domain/access.ts subscriptionRefusal, asked about sample callers),
// and every event with its payload from contract/schemas/events.ts EVENTS.
import type { TSchema } from 'typebox';
import { channels, parseChannel } from '../../src/contract/channels.js';
import { ConversationSummary } from '../../src/contract/schemas/chat.js';
import { Message, StaffInfo } from '../../src/contract/schemas/common.js';
import * as payloads from '../../src/contract/schemas/events.js';
import { subscriptionRefusal, type Watchable } from '../../src/domain/access.js';
import type { Actor } from '../../src/domain/actor.js';
import type { StaffMember } from '../../src/domain/ports.js';
import { fieldTable, page, table } from './markdown.js';
import { MESSAGE_NOTES, STAFF_INFO_NOTES, SUMMARY_NOTES } from './field-notes.js';
import { fields, namedShape, ShapeIndex, shapeFields } from './schema-fields.js';
import { CONNECTING, ORDERING, REALTIME_INTRO } from './realtime-text.js';

const SHAPES = [
  namedShape('Message', Message, MESSAGE_NOTES),
  namedShape('StaffInfo', StaffInfo, STAFF_INFO_NOTES),
  namedShape('ConversationSummary', ConversationSummary, SUMMARY_NOTES),
];

type Kind = Watchable['kind'];

/** Sentinels put into the name builders and then replaced by the placeholder they stand for. */
const HOTEL = 'h0tel-sentinel';
const NUMBER = 987654;

const NAMES: Record<Kind, { name: (hotel: string, n: number) => string; placeholder: string }> = {
  room: { name: channels.room, placeholder: '{room_number}' },
  conversation: { name: channels.conversation, placeholder: '{conversation_id}' },
  inbox: { name: (h) => channels.inbox(h), placeholder: '' },
  staff: { name: channels.staff, placeholder: '{staff_id}' },
  presence: { name: (h) => channels.presence(h), placeholder: '' },
};

const pattern = (name: string, placeholder: string): string => name.replace(HOTEL, '{hotel_slug}').replace(String(NUMBER), placeholder);

const staffMember = (id: number, hotelSlug: string): StaffMember => ({
  id,
  firstName: 'Sample',
  lastName: 'Staff',
  role: 'Receptionist',
  profileImage: null,
  hotelId: 1,
  hotelSlug,
  hotelName: 'Sample',
  username: `sample${id}`,
  isManager: false,
  isActive: true,
});

/** Who may subscribe to a channel of this kind, in words, by asking the access rule about sample callers. */
function whoMaySubscribe(kind: Kind): string {
  const target = parseChannel(NAMES[kind].name(HOTEL, NUMBER));
  if (target === null) throw new Error(`docs: contract/channels.ts parseChannel does not read its own ${kind} channel`);
  const allowed = (actor: Actor, t: Watchable = target) => subscriptionRefusal(actor, t) === null;
  const guest: Actor = {
    kind: 'guest',
    tokenHash: '',
    session: { stayId: 1, conversationId: NUMBER, hotelId: 1, hotelSlug: HOTEL, hotelName: 'Sample', roomNumber: NUMBER, expiresAt: new Date(0) },
  };
  const staff = (id: number, hotel = HOTEL): Actor => ({ kind: 'staff', tokenHash: '', staff: staffMember(id, hotel) });
  const who: string[] = [];
  if (allowed(guest)) {
    const otherRoom = parseChannel(NAMES[kind].name(HOTEL, NUMBER + 1));
    who.push(otherRoom !== null && !allowed(guest, otherRoom) ? "the guest sessions of that room's current stay" : 'guests of the hotel');
  }
  if (allowed(staff(NUMBER)) && allowed(staff(NUMBER + 1))) who.push('staff of the hotel');
  else if (allowed(staff(NUMBER))) who.push('that staff member only');
  if (allowed(staff(NUMBER, 'other-hotel'))) who.push('staff of other hotels (!)');
  return who.length === 0 ? 'nobody' : who.join('; ');
}

function channelTable(): string {
  const kinds = Object.keys(NAMES) as Kind[];
  const rows = kinds.map((kind) => {
    const carried = [...new Set(payloads.EVENTS.filter((e) => (e.channels as readonly string[]).includes(kind)).map((e) => `\`${e.name}\``))];
    return [`\`${pattern(NAMES[kind].name(HOTEL, NUMBER), NAMES[kind].placeholder)}\``, kind, whoMaySubscribe(kind), carried.join(', ')];
  });
  rows.push([
    `\`${pattern(channels.legacyRoom(HOTEL, NUMBER), '{room_number}')}\``,
    'legacy room',
    'anyone (public), and only with `LEGACY_PUBLIC_CHANNELS=1`',
    'every event of the room channel, as well',
  ]);
  return table(['channel', 'kind', 'who may subscribe', 'events'], rows);
}

/** The exported name of a payload schema (events.ts), or of a shared shape. */
function payloadName(schema: TSchema): string {
  const shape = SHAPES.find((s) => s.schema === schema);
  if (shape) return shape.name;
  return Object.entries(payloads).find(([, v]) => v === schema)?.[0] ?? 'payload';
}

function events(index: ShapeIndex): string[] {
  const names = [...new Set(payloads.EVENTS.map((e) => e.name))];
  return names.flatMap((name) => {
    const variants = payloads.EVENTS.filter((e) => e.name === name);
    const client = name.startsWith('client-');
    const body = variants.flatMap((v) => {
      const on = v.channels.map((c) => `\`${pattern(NAMES[c].name(HOTEL, NUMBER), NAMES[c].placeholder)}\``).join(', ');
      const shape = index.match(v.payload);
      const payload = shape ? `The payload is a ${index.link(shape)}.` : fieldTable(fields(v.payload, index));
      const head = variants.length > 1 ? `**On ${on}** (\`${payloadName(v.payload)}\`). ${v.when}` : `**Channels:** ${on}. **When:** ${v.when}`;
      return [head, payload];
    });
    const note = client ? '_A client event: sent by a subscribed client itself, relayed by the server to the other subscribers (never back to the sender); its data is as the apps send it._' : '';
    return [`### \`${name}\``, note, ...body];
  });
}

export function realtimePage(): string {
  const index = new ShapeIndex(SHAPES);
  const eventBlocks = events(index);
  const shapes = index.closure().flatMap((s) => [`### ${s.name}`, fieldTable(shapeFields(s, index))]);
  return page([
    REALTIME_INTRO,
    CONNECTING,
    '## Channels',
    'Every channel of a hotel, generated from the contract\'s channel names and the access rule that `POST /pusher/auth/` applies. `private-` and `presence-` channels need a signed subscription.',
    channelTable(),
    ORDERING,
    '## Events',
    'Each event\'s data is a JSON object; the tables list its fields. An event sent on several channels with different payloads is listed once per payload.',
    ...eventBlocks,
    '## Shapes',
    'Objects that several events carry, documented once (the HTTP API answers with the same shapes).',
    ...shapes,
  ]);
}
