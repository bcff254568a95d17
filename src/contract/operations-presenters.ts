// The wire shape of webhooks, deliveries, audit entries, stays and a stay's export (schemas/operations.ts).
import type { Static } from 'typebox';
import type { AuditEntry, RetainedStay, StayExport, WebhookDeliveryRecord, WebhookRecord } from '../domain/operations-ports.js';
import type { RetentionRun } from '../domain/retention.js';
import type * as S from './schemas/operations.js';

const iso = (d: Date): string => d.toISOString();
const isoOrNull = (d: Date | null): string | null => (d === null ? null : d.toISOString());

export const presentWebhook = (w: WebhookRecord): Static<typeof S.Webhook> => ({
  id: w.id, url: w.url, events: w.events as Static<typeof S.Webhook>['events'], active: w.active, description: w.description, created_at: iso(w.createdAt), secret: w.secret,
});
export const presentDelivery = (d: WebhookDeliveryRecord): Static<typeof S.WebhookDelivery> => ({
  id: d.id, event_id: d.eventId, event: d.event, status: d.status, attempts: d.attempts, next_attempt_at: iso(d.nextAttemptAt),
  last_status: d.lastStatus, last_error: d.lastError, created_at: iso(d.createdAt), delivered_at: isoOrNull(d.deliveredAt),
});
export const presentAuditEntry = (a: AuditEntry): Static<typeof S.AuditEntry> => ({
  id: a.id, at: iso(a.at), actor: { kind: a.actor.kind, staff_id: a.actor.staffId, name: a.actor.name }, action: a.action, target: a.target, details: a.details,
});
export const presentStay = (s: RetainedStay): Static<typeof S.StayRecord> => ({
  stay_id: s.stayId, room_number: s.roomNumber, guest_name: s.guestName, checked_in_at: iso(s.checkedInAt),
  checked_out_at: isoOrNull(s.checkedOutAt), erased_at: isoOrNull(s.erasedAt), messages: s.messages,
});

export const presentStayExport = (data: StayExport): Static<typeof S.StayExportReply> => ({
  stay: presentStay(data.stay),
  messages: data.messages.map((m) => ({ id: m.id, sender_type: m.senderType, staff_name: m.staffName, text: m.body, created_at: iso(m.createdAt) })),
  handoffs: data.handoffs.map((h) => ({ staff_name: h.staffName, previous_staff_name: h.previousStaffName, reason: h.reason, note: h.note, at: iso(h.at) })),
});
export const presentRetentionRun = (run: RetentionRun): Static<typeof S.RetentionRunReply> => ({
  dry_run: run.dryRun, mode: run.mode, cutoff: iso(run.cutoff), stays: run.stays.map(presentStay), webhook_deliveries: run.webhookDeliveries,
});
