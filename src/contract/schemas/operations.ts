// Running a hotel: its webhooks and their delivery log, the audit log, retention and data requests.
import { Type } from 'typebox';
import { WEBHOOK_EVENTS } from '../webhook-payloads.js';
import { Nullable } from './common.js';

const EventName = Type.Enum(WEBHOOK_EVENTS, { description: 'See docs/webhooks.md for each event\'s data' });
const At = Type.String({ format: 'date-time' });

export const Webhook = Type.Object({
  id: Type.Integer(),
  url: Type.String(),
  events: Type.Array(EventName),
  active: Type.Boolean(),
  description: Type.String(),
  created_at: At,
  secret: Type.String({ description: 'The signing secret: whole only in the answer that created the webhook, then its last four characters' }),
});
export const WebhookCreateBody = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 2000, description: 'https:// (or http://) URL; private and loopback addresses are refused unless WEBHOOKS_ALLOW_PRIVATE_URLS is set' }),
    events: Type.Array(EventName, { minItems: 1, maxItems: 6 }),
    description: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export const WebhookPatchBody = Type.Object(
  {
    url: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
    events: Type.Optional(Type.Array(EventName, { minItems: 1, maxItems: 6 })),
    active: Type.Optional(Type.Boolean()),
    description: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export const WebhookDelivery = Type.Object({
  id: Type.Integer(),
  event_id: Type.String({ description: 'Also sent as X-Concierge-Delivery: the same for every attempt, so a receiver can drop repeats' }),
  event: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')]),
  attempts: Type.Integer(),
  next_attempt_at: At,
  last_status: Nullable(Type.Integer({ description: 'The receiver\'s HTTP status at the last attempt' })),
  last_error: Nullable(Type.String()),
  created_at: At,
  delivered_at: Nullable(At),
});
/** The body POSTed to a webhook. */
export const WebhookBody = Type.Object({
  id: Type.String({ description: 'The event id (as X-Concierge-Delivery)' }),
  type: Type.String({ description: 'The event name (as X-Concierge-Event)' }),
  hotel: Type.String({ description: 'The hotel\'s slug' }),
  created_at: At,
  data: Type.Record(Type.String(), Type.Unknown()),
});

export const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: At,
  actor: Type.Object({ kind: Type.Union([Type.Literal('staff'), Type.Literal('guest'), Type.Literal('system')]), staff_id: Nullable(Type.Integer()), name: Type.String() }),
  action: Type.String({ description: 'e.g. staff.signed-in, staff.deactivated, stay.checked-in, stay.exported, retention.run, webhook.created' }),
  target: Nullable(Type.String()),
  details: Type.Record(Type.String(), Type.Unknown()),
});
export const AuditQuery = Type.Object(
  { before_id: Type.Optional(Type.Integer({ minimum: 1 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) },
  { additionalProperties: false },
);

const Mode = Type.Union([Type.Literal('purge'), Type.Literal('anonymise')], { description: 'purge deletes the messages; anonymise keeps them, without their text, for the figures' });
export const Retention = Type.Object({ days: Type.Integer({ minimum: 1, maximum: 3650, description: 'Days after check-out' }), mode: Mode });
export const RetentionPatch = Type.Object(
  { days: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })), mode: Type.Optional(Mode) },
  { additionalProperties: false },
);
export const RetentionRunBody = Type.Object({ dry_run: Type.Optional(Type.Boolean({ default: false })) }, { additionalProperties: false });
export const StayRecord = Type.Object({
  stay_id: Type.Integer(),
  room_number: Type.Integer(),
  guest_name: Type.String({ description: 'Empty once erased' }),
  checked_in_at: At,
  checked_out_at: Nullable(At),
  erased_at: Nullable(At),
  messages: Type.Integer(),
});
export const RetentionRunReply = Type.Object({
  dry_run: Type.Boolean(),
  mode: Mode,
  cutoff: At,
  stays: Type.Array(StayRecord),
  webhook_deliveries: Type.Integer({ description: 'Finished webhook deliveries forgotten' }),
});
export const StaysQuery = Type.Object({ room: Type.Optional(Type.Integer({ minimum: 1, maximum: 99999 })) }, { additionalProperties: false });
export const StayExportReply = Type.Object({
  stay: StayRecord,
  messages: Type.Array(Type.Object({ id: Type.Integer(), sender_type: Type.String(), staff_name: Nullable(Type.String()), text: Type.String(), created_at: At })),
  handoffs: Type.Array(Type.Object({ staff_name: Nullable(Type.String()), previous_staff_name: Nullable(Type.String()), reason: Type.String(), note: Nullable(Type.String()), at: At })),
});
