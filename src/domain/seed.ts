// The demo data (docs/handoff.md lists it), and hotel creation for the command line.
import { checkIn, createStaff } from './admin.js';
import type { Actor } from './actor.js';
import { AppError } from './errors.js';
import type { Deps } from './ports.js';

const SYSTEM: Actor = { kind: 'system' };
export const DEMO_PASSWORD = 'demo-pass-1234';
export const DEMO_PIN = '1234';
export const REFERENCE_CONVERSATION_ID = 123;

export async function createHotel(deps: Deps, slug: string, name: string, rooms: number[]): Promise<void> {
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug) || slug.length > 60) {
    throw new AppError('invalid_request', 'A hotel slug is lowercase letters and digits joined by single dashes.');
  }
  await deps.store.transaction(async (tx) => {
    if (await tx.hotels.findBySlug(slug)) throw new AppError('conflict', `Hotel "${slug}" exists already.`);
    const hotel = await tx.hotels.insert(slug, name);
    await tx.rooms.insertMany(hotel.id, rooms);
  });
}

export const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Seeds the demo hotels once; returns false when the database already has data. */
export async function seedDemo(deps: Deps): Promise<boolean> {
  if (await deps.store.read((r) => r.hotels.findBySlug('hotel-abc'))) return false;
  await createHotel(deps, 'hotel-abc', 'Hotel ABC', range(101, 120));
  await createHotel(deps, 'hotel-xyz', 'Hotel XYZ', [201, 202]);
  const abc: Array<[string, string, string, string, boolean]> = [
    ['sarah', 'Sarah', 'Jones', 'Receptionist', false],
    ['mike', 'Mike', 'Thompson', 'Night Receptionist', false],
    ['john', 'John', 'Smith', 'Receptionist', false],
    ['emma', 'Emma', 'Brown', 'Receptionist', false],
    ['manager', 'Maria', 'Garcia', 'Front Office Manager', true],
  ];
  for (const [username, first, last, role, manager] of abc) {
    await createStaff(deps, SYSTEM, 'hotel-abc', {
      username, password: DEMO_PASSWORD, firstName: first, lastName: last, role, isManager: manager,
    });
  }
  await createStaff(deps, SYSTEM, 'hotel-xyz', {
    username: 'olga', password: DEMO_PASSWORD, firstName: 'Olga', lastName: 'Novak', role: 'Receptionist',
  });
  // The reference's curl examples use conversation 123: room 101's chat gets that id.
  await deps.store.transaction((tx) => tx.conversations.startIdsAt(REFERENCE_CONVERSATION_ID));
  const guests = ['John Doe', 'Anna Schmidt', 'Kenji Tanaka', 'Fatima Khan', 'Luis Ortega'];
  for (const [i, name] of guests.entries()) {
    await checkIn(deps, SYSTEM, 'hotel-abc', 101 + i, { guestName: name, pin: DEMO_PIN });
  }
  await checkIn(deps, SYSTEM, 'hotel-xyz', 201, { guestName: 'Ines Duarte', pin: DEMO_PIN });
  return true;
}
