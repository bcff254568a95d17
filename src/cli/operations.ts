// `concierge webhook|audit|retention|stay …`: what the manager's console does for webhooks, the
// audit log, retention and a guest's data request, from the command line (the same commands).
import { presentAuditEntry, presentDelivery, presentRetentionRun, presentStay, presentStayExport, presentWebhook } from '../contract/operations-presenters.js';
import { WEBHOOK_EVENTS } from '../contract/webhook-payloads.js';
import type { Actor } from '../domain/actor.js';
import { listAudit } from '../domain/audit.js';
import { AppError } from '../domain/errors.js';
import type { RetentionMode } from '../domain/operations-ports.js';
import type { Deps } from '../domain/ports.js';
import { eraseStay, exportStay, listStays, retentionSettings, runRetention, updateRetention } from '../domain/retention.js';
import { createWebhook, deleteWebhook, listWebhooks, webhookDeliveries } from '../domain/webhooks.js';
import type { Dispatcher } from '../events/dispatcher.js';

export const OPERATIONS_HELP = `  concierge webhook list|add|remove|deliveries --hotel <slug> [--url <https://…> --events ${WEBHOOK_EVENTS[0]},…] [--id <webhook id>]
  concierge audit list --hotel <slug>
  concierge retention show|set|run --hotel <slug> [--days N] [--mode purge|anonymise] [--dry-run]
  concierge stay list|export|erase --hotel <slug> [--room <number>] [--id <stay id>]`;

export const OPERATIONS_COMMANDS = [
  'webhook list', 'webhook add', 'webhook remove', 'webhook deliveries', 'audit list', 'retention show', 'retention set', 'retention run', 'stay list', 'stay export', 'stay erase',
] as const;

const SYSTEM: Actor = { kind: 'system' };

export interface OperationsFlags {
  hotel: string;
  id?: string | undefined;
  url?: string | undefined;
  events?: string | undefined;
  days?: string | undefined;
  mode?: string | undefined;
  room?: string | undefined;
  'dry-run'?: boolean | undefined;
}

function number(v: string | undefined, flag: string): number {
  const n = Number(v);
  if (v === undefined || !Number.isInteger(n) || n < 1) throw new AppError('invalid_request', `--${flag} must be a whole number.`);
  return n;
}

export async function operationsCommand(deps: Deps, dispatcher: Dispatcher, command: (typeof OPERATIONS_COMMANDS)[number], f: OperationsFlags): Promise<unknown> {
  const hotel = f.hotel;
  switch (command) {
    case 'webhook list':
      return (await listWebhooks(deps, SYSTEM, hotel)).map(presentWebhook);
    case 'webhook add': {
      const events = (f.events ?? '').split(',').map((e) => e.trim()).filter((e) => e !== '');
      const unknown = events.filter((e) => !(WEBHOOK_EVENTS as readonly string[]).includes(e));
      if (unknown.length > 0) throw new AppError('invalid_request', `Unknown events: ${unknown.join(', ')}. Choose from ${WEBHOOK_EVENTS.join(', ')}.`);
      return presentWebhook(await dispatcher.run(null, () => createWebhook(deps, SYSTEM, hotel, { url: f.url ?? '', events })));
    }
    case 'webhook remove':
      await dispatcher.run(null, () => deleteWebhook(deps, SYSTEM, hotel, number(f.id, 'id')));
      return { removed: true };
    case 'webhook deliveries':
      return (await webhookDeliveries(deps, SYSTEM, hotel, number(f.id, 'id'))).map(presentDelivery);
    case 'audit list':
      return (await listAudit(deps, SYSTEM, hotel, { limit: 200 })).map(presentAuditEntry);
    case 'retention show':
      return retentionSettings(deps, SYSTEM, hotel);
    case 'retention set':
      return dispatcher.run(null, () =>
        updateRetention(deps, SYSTEM, hotel, {
          ...(f.days !== undefined && { days: number(f.days, 'days') }),
          ...(f.mode !== undefined && { mode: f.mode as RetentionMode }),
        }));
    case 'retention run':
      return presentRetentionRun(await dispatcher.run(null, () => runRetention(deps, SYSTEM, hotel, { dryRun: f['dry-run'] ?? false })));
    case 'stay list':
      return (await listStays(deps, SYSTEM, hotel, f.room === undefined ? null : number(f.room, 'room'))).map(presentStay);
    case 'stay export':
      return presentStayExport(await dispatcher.run(null, () => exportStay(deps, SYSTEM, hotel, number(f.id, 'id'))));
    case 'stay erase':
      return presentStay(await dispatcher.run(null, () => eraseStay(deps, SYSTEM, hotel, number(f.id, 'id'))));
  }
}
