// Outside desk hours a guest's message gets an automatic reply, once per closed period: the
// period is named by when the desk opens next, and a row (after_hours_replies) claims it, so two
// quick messages, a retry or a second node never answer twice. The reply is a `system` message:
// it changes neither the unread count nor the guest's wait (COUNTS in message-repository.ts) —
// the guest still waits for a person. Run after the guest's send, never inside it
// (events/after-hours.ts).
import { requireMemberOf } from './access.js';
import type { Actor } from './actor.js';
import type { DeskDaySettings, WeekHours } from './desk-day-ports.js';
import type { ConversationRef, Outcome } from './domain-events.js';
import { deskState, type DeskState } from './desk-hours.js';
import { fillPlaceholders, pickText } from './placeholders.js';
import type { Deps, MessageRecord } from './ports.js';

const DEFAULT_TEXT = 'Thank you for your message. Our front desk is closed right now; it opens {opens_at}, and we will answer you then.';
const DEFAULT_EMERGENCY = ' In an emergency, please call {emergency_number}.';

/** "Tuesday 07:00" in the reader's language, on the hotel's clock. */
export function openingLabel(opensAt: Date, language: string, timeZone: string): string {
  const options: Intl.DateTimeFormatOptions = { timeZone, weekday: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  try {
    return new Intl.DateTimeFormat(language, options).format(opensAt);
  } catch {
    return new Intl.DateTimeFormat('en', options).format(opensAt);
  }
}

/** The automatic reply for a guest reading `guestLanguage` (null: not known), with its placeholders filled. */
export function afterHoursText(settings: DeskDaySettings, guestLanguage: string | null, timeZone: string, opensAt: Date, values: Record<string, string>): string {
  const picked = pickText(settings.afterHoursTexts, [guestLanguage, settings.defaultLanguage, 'en']);
  const language = picked?.language ?? 'en';
  const template = picked?.text ?? DEFAULT_TEXT + (settings.emergencyNumber ? DEFAULT_EMERGENCY : '');
  return fillPlaceholders(template, {
    ...settings.placeholderValues,
    ...values,
    opens_at: openingLabel(opensAt, language, timeZone),
    emergency_number: settings.emergencyNumber,
  }).text;
}

/** Answers a guest message written at `at` if the desk was closed then and this closed period has no answer yet. */
export async function answerAfterHours(deps: Deps, ref: ConversationRef, at: Date): Promise<Outcome<MessageRecord | null>> {
  const none = { result: null, events: [] };
  return deps.store.transaction(async (tx) => {
    const settings = await tx.deskDay.settings(ref.hotelId);
    if (!settings.deskHours) return none;
    const { timeZone } = await tx.desk.settings(ref.hotelId);
    const state = deskState(settings.deskHours, timeZone, at);
    if (state.open || !state.opensAt) return none;
    const convo = await tx.conversations.lockForUpdate(ref.hotelId, ref.id);
    if (!convo || convo.status !== 'open') return none;
    const now = deps.clock.now();
    if (!(await tx.deskDay.claimAfterHours(convo.id, state.opensAt, now))) return none;
    const [stay, hotel] = await Promise.all([tx.deskDay.stayOfConversation(convo.hotelId, convo.id), tx.hotels.findBySlug(convo.hotelSlug)]);
    const guestName = stay?.guestName ?? convo.guestName;
    const body = afterHoursText(settings, stay?.language ?? null, timeZone, state.opensAt, {
      guest_name: guestName,
      guest_first_name: guestName.trim().split(/\s+/)[0] ?? '',
      room: String(convo.roomNumber),
      hotel_name: hotel?.name ?? '',
    }).slice(0, 4000);
    const id = await tx.messages.insert({ conversationId: convo.id, hotelId: convo.hotelId, senderType: 'system', staffId: null, body, clientMessageId: null, createdAt: now });
    if (id === null) return none;
    const message: MessageRecord = {
      id, conversationId: convo.id, roomId: convo.roomId, roomNumber: convo.roomNumber, senderType: 'system', staff: null, guestName, body, createdAt: now,
      readByStaff: false, staffReadAt: null, readByGuest: false, guestReadAt: null, clientMessageId: null,
    };
    return { result: message, events: [{ type: 'message-stored', conversation: ref, message, unreadCount: null }] };
  });
}

export interface DeskHoursNow extends DeskState {
  hoursSet: boolean;
  timeZone: string;
  hours: WeekHours | null;
  emergencyNumber: string | null;
}

/** Whether the desk is open now and when it opens or closes (the hotel's guests and staff). */
export async function deskHoursNow(deps: Deps, actor: Actor | null, hotelSlug: string): Promise<DeskHoursNow> {
  const me = requireMemberOf(actor, hotelSlug);
  const hotelId = me.kind === 'staff' ? me.staff.hotelId : me.session.hotelId;
  return deps.store.read(async (r) => {
    const [settings, desk] = await Promise.all([r.deskDay.settings(hotelId), r.desk.settings(hotelId)]);
    const base = { timeZone: desk.timeZone, hours: settings.deskHours, emergencyNumber: settings.emergencyNumber };
    if (!settings.deskHours) return { ...base, hoursSet: false, open: true, opensAt: null, closesAt: null };
    return { ...base, hoursSet: true, ...deskState(settings.deskHours, desk.timeZone, deps.clock.now()) };
  });
}
