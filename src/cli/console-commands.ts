// The manager's console from a shell: list staff and rooms, invite, reset a password, add a room.
// The same domain calls and presenters as HTTP; an invitation's link is printed as a path of the
// server (open it at the server's address).
import { presentConsoleStaff, presentLink, presentRoom } from '../contract/schemas/console.js';
import type { Actor } from '../domain/actor.js';
import { addRoom, inviteStaff, listRooms, listStaff, resetPassword } from '../domain/console.js';
import { AppError } from '../domain/errors.js';
import type { Deps } from '../domain/ports.js';
import type { Dispatcher } from '../events/dispatcher.js';

const SYSTEM: Actor = { kind: 'system' };

interface Flags {
  hotel: string;
  username?: string | undefined;
  first?: string | undefined;
  last?: string | undefined;
  role?: string | undefined;
  manager?: boolean | undefined;
  id?: string | undefined;
  room?: string | undefined;
}

const positive = (v: string | undefined, flag: string): number => {
  const n = Number(v);
  if (v === undefined || !Number.isInteger(n) || n < 1) throw new AppError('invalid_request', `--${flag} must be a positive whole number.`);
  return n;
};

export async function consoleCommand(deps: Deps, dispatcher: Dispatcher, command: string, f: Flags): Promise<unknown> {
  const now = deps.clock.now();
  switch (command) {
    case 'staff list':
      return (await listStaff(deps, SYSTEM, f.hotel)).map((s) => presentConsoleStaff(s, now));
    case 'staff invite': {
      if (!f.username) throw new AppError('invalid_request', '--username is required.');
      const input = { username: f.username, firstName: f.first ?? '', lastName: f.last ?? '', role: f.role ?? '', isManager: f.manager };
      return presentLink(await dispatcher.run(null, () => inviteStaff(deps, SYSTEM, f.hotel, input)), now);
    }
    case 'staff reset-password': {
      const id = positive(f.id, 'id');
      return presentLink(await dispatcher.run(null, () => resetPassword(deps, SYSTEM, f.hotel, id)), now);
    }
    case 'room list':
      return (await listRooms(deps, SYSTEM, f.hotel)).map(presentRoom);
    case 'room add': {
      const room = positive(f.room, 'room');
      return presentRoom(await dispatcher.run(null, () => addRoom(deps, SYSTEM, f.hotel, room)));
    }
    default:
      throw new AppError('invalid_request', `Unknown command "${command}".`);
  }
}
