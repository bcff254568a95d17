// The hotel's audit log: what staff, managers and the system did (sign-ins, deactivations,
// check-in and out, exports, settings). Commands say so with an `action-recorded` event; the
// audit listener (events/audit-log.ts) writes it. Rows are never changed or removed (the table
// refuses it), and only the hotel's managers read them.
import type { Actor } from './actor.js';
import { requireManagerOf, requireHotel } from './access.js';
import type { DomainEvent } from './domain-events.js';
import type { AuditEntry, NewAuditEntry } from './operations-ports.js';
import type { Deps } from './ports.js';

export const AUDIT_PAGE = { default: 50, max: 200 } as const;

/** Who did it, in the log's words. */
export function auditActor(actor: Actor | null): NewAuditEntry['actor'] {
  if (actor === null || actor.kind === 'system') return { kind: 'system', staffId: null, name: 'System (command line)' };
  if (actor.kind === 'staff') return { kind: 'staff', staffId: actor.staff.id, name: `${actor.staff.firstName} ${actor.staff.lastName}`.trim() };
  return { kind: 'guest', staffId: null, name: `Guest of room ${actor.session.roomNumber}` };
}

/** The event that puts one entry in the log. */
export function recorded(
  actor: Actor | null,
  hotelId: number | null,
  action: string,
  target: string | null,
  at: Date,
  details: Record<string, unknown> = {},
): DomainEvent {
  return { type: 'action-recorded', entry: { hotelId, actor: auditActor(actor), action, target, details, at } };
}

export async function listAudit(
  deps: Deps,
  actor: Actor | null,
  hotelSlug: string,
  page: { beforeId?: number | undefined; limit?: number | undefined },
): Promise<AuditEntry[]> {
  requireManagerOf(actor, hotelSlug);
  const limit = Math.min(page.limit ?? AUDIT_PAGE.default, AUDIT_PAGE.max);
  return deps.store.read(async (r) => r.audit.list((await requireHotel(r, hotelSlug)).id, page.beforeId ?? null, limit));
}
