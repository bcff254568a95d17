// Web push as one more listener: a guest's message and a desk alert notify the hotel's staff on
// duty, a staff reply notifies the guest; ended access forgets its subscriptions. It only hands
// work to the push service's bounded queue and returns, so the next listener and the next
// command on the conversation never wait for a push service.
import type { Static } from 'typebox';
import type { PushNotification } from '../contract/schemas/push.js';
import type { DomainEvent } from '../domain/domain-events.js';
import type { MessageRecord } from '../domain/ports.js';
import type { PushIntent } from '../push/service.js';
import type { Listener } from './dispatcher.js';

/** Enough of a message to know what it is about; the rest stays in the app, behind sign-in. */
export const PREVIEW_CHARS = 100;

export function preview(text: string): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  if (chars.length === 0) return 'New message';
  return chars.length > PREVIEW_CHARS ? `${chars.slice(0, PREVIEW_CHARS).join('')}…` : chars.join('');
}

const staffUrl = (conversationId: number) => `/staff/conversations/${conversationId}`;
const guestUrl = (hotelSlug: string, roomNumber: number) => `/guest/${encodeURIComponent(hotelSlug)}/${roomNumber}`;
const conversationTag = (conversationId: number) => `conversation-${conversationId}`;

function staffName(m: MessageRecord): string {
  const name = m.staff ? `${m.staff.firstName} ${m.staff.lastName}`.trim() : '';
  return name === '' ? 'The front desk' : name;
}

/** The pushes (and clean-ups) one domain event causes. */
export function pushIntents(e: DomainEvent): PushIntent[] {
  switch (e.type) {
    case 'message-stored': {
      const c = e.conversation;
      const m = e.message;
      if (m.senderType === 'guest') {
        const notification: Static<typeof PushNotification> = { title: `Room ${c.roomNumber}`, body: preview(m.body), url: staffUrl(c.id), tag: conversationTag(c.id) };
        return [{ kind: 'notify', to: { staffOnDuty: { hotelId: c.hotelId, staffIds: null } }, notification }];
      }
      if (m.senderType === 'staff') {
        const notification: Static<typeof PushNotification> = { title: `${staffName(m)} replied`, body: preview(m.body), url: guestUrl(c.hotelSlug, c.roomNumber), tag: 'front-desk' };
        return [{ kind: 'notify', to: { stay: c.stayId }, notification }];
      }
      return [];
    }
    case 'desk-alert': {
      const c = e.conversation;
      const minutes = Math.max(1, Math.round(e.waitedSeconds / 60));
      const notification: Static<typeof PushNotification> = {
        title: e.kind === 'cover' ? `Room ${c.roomNumber} needs someone to take it` : `Room ${c.roomNumber} is waiting for a reply`,
        body: `Waiting ${minutes} min`,
        url: staffUrl(c.id),
        tag: conversationTag(c.id),
      };
      // The ladder chose who; of them, only those on duty get a push (a clocked-out phone stays quiet).
      return [{ kind: 'notify', to: { staffOnDuty: { hotelId: c.hotelId, staffIds: e.staffIds } }, notification }];
    }
    case 'access-revoked':
      return [{ kind: 'forget', who: e.who }];
    case 'conversation-closed':
      return [{ kind: 'sweep' }];
    default:
      return [];
  }
}

export function webPushListener(push: { submit(intent: PushIntent): boolean }): Listener {
  return {
    name: 'web-push',
    async handle(events) {
      for (const e of events) for (const intent of pushIntents(e)) push.submit(intent);
    },
  };
}
