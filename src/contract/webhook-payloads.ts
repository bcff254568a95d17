// What a hotel's webhooks receive: DomainEvent → (event name, data). The only place a webhook
// event name or payload field is spelled; the body's shape is WebhookBody in schemas/operations.ts.
import type { Static } from 'typebox';
import type { DomainEvent } from '../domain/domain-events.js';
import { presentMessage, staffInfo, staffInfoOrNull } from './presenters.js';
import type { WebhookBody } from './schemas/operations.js';

export const WEBHOOK_EVENTS = [
  'message.created',
  'conversation.handoff',
  'conversation.released',
  'conversation.escalated',
  'stay.checked_in',
  'stay.checked_out',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export interface WebhookItem {
  event: WebhookEvent;
  hotelSlug: string;
  /** Null when the event names the hotel by slug only (check-out). */
  hotelId: number | null;
  at: Date;
  data: Record<string, unknown>;
}

/** The webhook events a domain event is, if any. */
export function webhookItems(e: DomainEvent): WebhookItem[] {
  switch (e.type) {
    case 'message-stored': {
      const c = e.conversation;
      return [{ event: 'message.created', hotelSlug: c.hotelSlug, hotelId: c.hotelId, at: e.message.createdAt, data: { conversation_id: c.id, room_number: c.roomNumber, message: presentMessage(e.message) } }];
    }
    case 'handler-changed': {
      const c = e.conversation;
      const base = { conversation_id: c.id, room_number: c.roomNumber, from: staffInfoOrNull(e.from), at: e.at.toISOString() };
      return e.to === null
        ? [{ event: 'conversation.released', hotelSlug: c.hotelSlug, hotelId: c.hotelId, at: e.at, data: { ...base, note: e.note } }]
        : [{ event: 'conversation.handoff', hotelSlug: c.hotelSlug, hotelId: c.hotelId, at: e.at, data: { ...base, to: staffInfo(e.to), reason: e.reason } }];
    }
    case 'desk-alert': {
      const c = e.conversation;
      return [{
        event: 'conversation.escalated', hotelSlug: c.hotelSlug, hotelId: c.hotelId, at: e.at,
        data: { conversation_id: c.id, room_number: c.roomNumber, kind: e.kind, audience: e.audience, waited_seconds: e.waitedSeconds, at: e.at.toISOString() },
      }];
    }
    case 'conversation-opened': {
      const c = e.conversation;
      return [{ event: 'stay.checked_in', hotelSlug: c.hotelSlug, hotelId: c.hotelId, at: e.summary.lastActivity, data: { conversation_id: c.id, room_number: c.roomNumber, guest_name: e.summary.guestName } }];
    }
    case 'conversation-closed':
      return [{ event: 'stay.checked_out', hotelSlug: e.hotelSlug, hotelId: null, at: new Date(), data: { conversation_id: e.conversationId, room_number: e.roomNumber } }];
    default:
      return [];
  }
}

/** The JSON body a webhook receives. */
export function webhookBody(id: string, item: WebhookItem): Static<typeof WebhookBody> {
  return { id, type: item.event, hotel: item.hotelSlug, created_at: item.at.toISOString(), data: item.data };
}
