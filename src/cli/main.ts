// `npx concierge …`: the administration calls from a shell, through the same domain commands and
// the same dispatcher as HTTP. Its listeners reach the running server through its Pusher HTTP API
// (server-link.ts): events are published there, and revoked access ends live connections there.
import { parseArgs } from 'node:util';
import pino from 'pino';
import { loadConfig } from '../config.js';
import { presentStaff } from '../contract/presenters.js';
import { openStore } from '../db/store.js';
import { argon2Hasher } from '../db/password-hasher.js';
import { addStaff, checkIn, checkOut, updateStaff } from '../domain/admin.js';
import { consoleCommand } from './console-commands.js';
import { updateDeskSettings } from '../domain/desk.js';
import { setDutyOf } from '../domain/duty.js';
import { checkPin } from '../domain/secret-policy.js';
import { displayName } from '../domain/staff-names.js';
import type { Actor } from '../domain/actor.js';
import { AppError } from '../domain/errors.js';
import { systemClock, type Deps } from '../domain/ports.js';
import { createHotel, range, seedDemo } from '../domain/seed.js';
import { createDispatcher, roomKey } from '../events/dispatcher.js';
import { auditLogListener } from '../events/audit-log.js';
import { hotelWebhooksListener } from '../events/hotel-webhooks.js';
import { liveConnections } from '../events/live-connections.js';
import { realtimeFanOut } from '../events/realtime-fan-out.js';
import { serverLink } from './server-link.js';
import { DESK_DAY_HELP, deskDayCommand } from './desk-day.js';
import { OPERATIONS_COMMANDS, OPERATIONS_HELP, operationsCommand } from './operations.js';

const HELP = `concierge — administer a Concierge installation (uses DATABASE_URL / DATA_DIR like the server)

  concierge migrate                       create or update the database schema
  concierge seed                          add the demo hotels if the database is empty
  concierge hotel create <slug> <name> --rooms 101-120[,201]
  concierge hotel settings <slug> [--cover-minutes N] [--reply-minutes N] [--vip-reply-minutes N] [--time-zone Europe/Berlin]
  concierge staff create --hotel <slug> --username <u> --password <p> --first <name> --last <name> --role <role> [--manager]
  concierge staff deactivate --hotel <slug> --id <staff id>
  concierge staff activate --hotel <slug> --id <staff id>
  concierge staff set-password --hotel <slug> --id <staff id> --password <p>
  concierge duty on|off --hotel <slug> --id <staff id> [--note <handoff note>]
  concierge check-in --hotel <slug> --room <number> --guest <name> [--pin <pin>]
  concierge check-out --hotel <slug> --room <number>
${DESK_DAY_HELP}
${OPERATIONS_HELP}
  concierge staff list --hotel <slug>
  concierge staff invite --hotel <slug> --username <u> --first <name> --last <name> --role <role> [--manager]
  concierge staff reset-password --hotel <slug> --id <staff id>
  concierge room list --hotel <slug>
  concierge room add --hotel <slug> --room <number>

Answers are printed as JSON. A running server on HOST:PORT (or the external Pusher service) is
told: check-ins and check-outs reach the dashboards, and deactivation, a new password or a
check-out ends the person's live connections on every node.`;

const SYSTEM: Actor = { kind: 'system' };

function parseRooms(spec: string): number[] {
  return spec.split(',').flatMap((part) => {
    const [a, b] = part.split('-').map((x) => Number(x.trim()));
    if (!Number.isInteger(a) || (b !== undefined && !Number.isInteger(b))) throw new AppError('invalid_request', `Bad room list "${spec}".`);
    return b === undefined ? [a!] : range(a!, b);
  });
}

async function main(argv: string[]): Promise<unknown> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      hotel: { type: 'string' }, rooms: { type: 'string' }, username: { type: 'string' }, password: { type: 'string' },
      note: { type: 'string' }, 'cover-minutes': { type: 'string' }, 'reply-minutes': { type: 'string' }, 'vip-reply-minutes': { type: 'string' }, 'time-zone': { type: 'string' },
      first: { type: 'string' }, last: { type: 'string' }, role: { type: 'string' }, manager: { type: 'boolean' },
      id: { type: 'string' }, room: { type: 'string' }, guest: { type: 'string' }, pin: { type: 'string' }, help: { type: 'boolean', short: 'h' },
      url: { type: 'string' }, events: { type: 'string' }, days: { type: 'string' }, mode: { type: 'string' }, 'dry-run': { type: 'boolean' },
    },
  });
  const [cmd, sub, ...rest] = positionals;
  if (values.help || !cmd) return HELP;
  const config = loadConfig();
  const logger = pino({ level: 'warn' }, pino.destination(2));
  const { store } = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const link = serverLink(config, logger);
  const deps: Deps = {
    store,
    hasher: argon2Hasher(config.hashing),
    live: { isStaffOnline: async () => false },
    clock: systemClock,
    settings: { staffTokenTtl: config.staffTokenTtl, guestSessionTtl: config.guestSessionTtl },
  };
  // What the command line does is in the audit log too, and reaches the hotels' webhooks: queued
  // here, delivered by the running servers' delivery loops.
  const dispatcher = createDispatcher(
    [
      liveConnections(link),
      realtimeFanOut(link, { legacyPublicChannels: config.legacyPublicChannels }),
      hotelWebhooksListener(deps, { wake: () => undefined }),
      auditLogListener(deps),
    ],
    logger,
  );
  const staffId = (): number => {
    const id = Number(need(values.id, 'id'));
    if (!Number.isInteger(id) || id < 1) throw new AppError('invalid_request', '--id must be a staff id (a positive whole number).');
    return id;
  };
  const roomNumber = (): number => {
    const room = Number(need(values.room, 'room'));
    if (!Number.isInteger(room) || room < 1) throw new AppError('invalid_request', '--room must be a room number.');
    return room;
  };
  const need = (v: string | undefined, flag: string): string => {
    if (v === undefined || v === '') throw new AppError('invalid_request', `--${flag} is required.`);
    return v;
  };
  try {
    switch (`${cmd}${sub ? ` ${sub}` : ''}`) {
      case 'migrate':
        return { migrated: true };
      case 'seed':
        return { seeded: await seedDemo(deps) };
      case 'hotel create':
        await createHotel(deps, need(rest[0], 'slug'), need(rest[1], 'name'), parseRooms(values.rooms ?? ''));
        return { created: rest[0] };
      case 'hotel settings': {
        const minutes = (v: string | undefined) => (v === undefined ? undefined : Number(v));
        const s = await dispatcher.run(null, () => updateDeskSettings(deps, SYSTEM, need(rest[0], 'slug'), {
          coverAlertMinutes: minutes(values['cover-minutes']), replyAlertMinutes: minutes(values['reply-minutes']), vipReplyAlertMinutes: minutes(values['vip-reply-minutes']), timeZone: values['time-zone'],
        }));
        return { cover_alert_minutes: s.coverAlertMinutes, reply_alert_minutes: s.replyAlertMinutes, vip_reply_alert_minutes: s.vipReplyAlertMinutes, time_zone: s.timeZone };
      }
      case 'staff create':
        return presentStaff(await dispatcher.run(null, () => addStaff(deps, SYSTEM, need(values.hotel, 'hotel'), {
          username: need(values.username, 'username'), password: need(values.password, 'password'),
          firstName: values.first ?? '', lastName: values.last ?? '', role: values.role ?? '', isManager: values.manager ?? false,
        })));
      case 'staff deactivate':
      case 'staff activate':
      case 'staff set-password': {
        const hotel = need(values.hotel, 'hotel');
        const input = sub === 'set-password' ? { password: need(values.password, 'password') } : { isActive: sub === 'activate' };
        return presentStaff(await dispatcher.run(null, () => updateStaff(deps, SYSTEM, hotel, staffId(), input)));
      }
      case 'duty on':
      case 'duty off': {
        const hotel = need(values.hotel, 'hotel');
        const r = await dispatcher.run(null, () => setDutyOf(deps, SYSTEM, hotel, staffId(), { onDuty: sub === 'on', note: values.note }));
        return { staff: displayName(r.staff), on_duty: r.onDuty, released: r.released.map((x) => ({ conversation_id: x.conversationId, room_number: x.roomNumber, note: x.note })) };
      }
      case 'check-in': {
        const [hotel, room] = [need(values.hotel, 'hotel'), roomNumber()];
        // A PIN a person chose must not be an easy one; without --pin a random one is made.
        if (values.pin !== undefined) checkPin(values.pin);
        const r = await dispatcher.run(roomKey(hotel, room), () => checkIn(deps, SYSTEM, hotel, room, { guestName: need(values.guest, 'guest'), pin: values.pin }));
        return { room_number: r.roomNumber, guest_name: r.guestName, pin: r.pin, conversation_id: r.conversationId };
      }
      case 'check-out': {
        const [hotel, room] = [need(values.hotel, 'hotel'), roomNumber()];
        const r = await dispatcher.run(roomKey(hotel, room), () => checkOut(deps, SYSTEM, hotel, room));
        return { room_number: r.roomNumber, conversation_id: r.conversationId, checked_out: true };
      }
      case 'staff list': case 'staff invite': case 'staff reset-password': case 'room list': case 'room add':
        return await consoleCommand(deps, dispatcher, `${cmd} ${sub}`, { ...values, hotel: need(values.hotel, 'hotel') });
      case 'quick-reply list': case 'quick-reply add': case 'quick-reply remove': case 'desk-day settings':
        return await deskDayCommand(deps, `${cmd} ${sub}`, need(values.hotel, 'hotel'), rest, values.id);
      default: {
        const command = OPERATIONS_COMMANDS.find((c) => c === `${cmd} ${sub}`);
        if (command) return await operationsCommand(deps, dispatcher, command, { ...values, hotel: need(values.hotel, 'hotel') });
        throw new AppError('invalid_request', `Unknown command "${positionals.join(' ')}". Run concierge --help.`);
      }
    }
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (out) => {
    process.stdout.write(typeof out === 'string' ? `${out}\n` : `${JSON.stringify(out, null, 2)}\n`);
  },
  (err: unknown) => {
    const message = err instanceof AppError ? `${err.message} (${err.code})` : err instanceof Error ? err.message : String(err);
    process.stderr.write(`concierge: ${message}\n`);
    process.exitCode = err instanceof AppError ? 2 : 1;
  },
);
