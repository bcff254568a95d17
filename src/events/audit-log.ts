// The audit log, as a listener of domain events: every `action-recorded` event a command returned
// becomes one row, after the command committed (domain/audit.ts).
import type { DomainEvent } from '../domain/domain-events.js';
import type { Deps } from '../domain/ports.js';
import type { Listener } from './dispatcher.js';

export function auditLogListener(deps: Deps): Listener {
  return {
    name: 'audit-log',
    async handle(events: readonly DomainEvent[]) {
      const entries = events.flatMap((e) => (e.type === 'action-recorded' ? [e.entry] : []));
      if (entries.length === 0) return;
      await deps.store.transaction(async (tx) => {
        for (const entry of entries) await tx.audit.record(entry);
      });
    },
  };
}
