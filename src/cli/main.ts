// `npx concierge …`: the administration calls of CONTRACT §5 from a shell, through the same domain
// commands as HTTP. Events go to the running server's Pusher HTTP API (best effort).
import { parseArgs } from 'node:util';
import Pusher from 'pusher';
import pino from 'pino';
import { loadConfig } from '../config.js';
import { openStore } from '../db/store.js';
import { argon2Hasher } from '../db/password-hasher.js';
import { checkIn, checkOut, createStaff, updateStaff } from '../domain/admin.js';
import type { Actor } from '../domain/actor.js';
import { AppError } from '../domain/errors.js';
import type { Deps, Publisher } from '../domain/ports.js';
import { createHotel, range, seedDemo } from '../domain/seed.js';
import { staffView } from '../domain/views.js';

const HELP = `concierge — administer a Concierge installation (uses DATABASE_URL / DATA_DIR like the server)

  concierge migrate                       create or update the database schema
  concierge seed                          add the demo hotels if the database is empty
  concierge hotel create <slug> <name> --rooms 101-120[,201]
  concierge staff create --hotel <slug> --username <u> --password <p> --first <name> --last <name> --role <role> [--manager]
  concierge staff deactivate --hotel <slug> --id <staff id>
  concierge staff activate --hotel <slug> --id <staff id>
  concierge check-in --hotel <slug> --room <number> --guest <name> [--pin <pin>]
  concierge check-out --hotel <slug> --room <number>

Answers are printed as JSON. A running server on HOST:PORT is told about check-ins and check-outs.`;

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
      first: { type: 'string' }, last: { type: 'string' }, role: { type: 'string' }, manager: { type: 'boolean' },
      id: { type: 'string' }, room: { type: 'string' }, guest: { type: 'string' }, pin: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
  });
  const [cmd, sub, ...rest] = positionals;
  if (values.help || !cmd) return HELP;
  const config = loadConfig();
  const logger = pino({ level: 'warn' }, pino.destination(2));
  const { store } = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const pusher = new Pusher({
    appId: config.pusher.appId, key: config.pusher.key, secret: config.pusher.secret,
    host: config.host === '0.0.0.0' ? '127.0.0.1' : config.host, port: String(config.port), useTLS: false,
  });
  const publisher: Publisher = {
    async publish(events) {
      for (const e of events) {
        await pusher.trigger(e.channel, e.name, e.data).catch(() => logger.warn('the server is not running: live clients were not told'));
      }
    },
  };
  const deps: Deps = {
    store,
    hasher: argon2Hasher(),
    publisher,
    // Sessions end in the database at once; live sockets of a running server notice on their next call.
    live: { disconnect: async () => undefined, isStaffOnline: async () => false },
    settings: { staffTokenTtl: config.staffTokenTtl, guestSessionTtl: config.guestSessionTtl },
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
      case 'staff create':
        return staffView(await createStaff(deps, SYSTEM, need(values.hotel, 'hotel'), {
          username: need(values.username, 'username'), password: need(values.password, 'password'),
          first_name: values.first ?? '', last_name: values.last ?? '', role: values.role ?? '', is_manager: values.manager ?? false,
        }));
      case 'staff deactivate':
      case 'staff activate':
        return staffView(await updateStaff(deps, SYSTEM, need(values.hotel, 'hotel'), Number(need(values.id, 'id')), { is_active: sub === 'activate' }));
      case 'check-in': {
        const r = await checkIn(deps, SYSTEM, need(values.hotel, 'hotel'), Number(need(values.room, 'room')), { guest_name: need(values.guest, 'guest'), pin: values.pin });
        await publisher.publish(r.events);
        return r.result;
      }
      case 'check-out': {
        const r = await checkOut(deps, SYSTEM, need(values.hotel, 'hotel'), Number(need(values.room, 'room')));
        await publisher.publish(r.events);
        return r.result;
      }
      default:
        throw new AppError('invalid_request', `Unknown command "${positionals.join(' ')}". Run concierge --help.`);
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
