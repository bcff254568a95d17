// The domain's commands without HTTP: a real store (in-memory PGlite, or a fresh schema on the
// PostgreSQL of DATABASE_URL), the demo hotels, a clock the test sets, and actors by username.
import { after, before } from 'node:test';
import type { Actor, GuestActor, StaffActor } from '../../src/domain/actor.js';
import { argon2Hasher } from '../../src/db/password-hasher.js';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.js';
import { openStore } from '../../src/db/store.js';
import type { Clock, Deps, GuestSession } from '../../src/domain/ports.js';
import { seedDemo } from '../../src/domain/seed.js';
import { newSchemaName } from './server.js';

/** A clock that moves only when the test says so. */
export class TestClock implements Clock {
  private t: number;
  constructor(start = Date.parse('2026-11-30T09:00:00Z')) {
    this.t = start;
  }
  now(): Date {
    return new Date(this.t);
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface DomainWorld {
  deps: Deps;
  /** The store's own Kysely handle, for tests that check or change the tables directly. */
  db: Kysely<DB>;
  clock: TestClock;
  staff(username: string): Promise<StaffActor>;
  /** A guest session of the room's current stay, as resolveActor would give it. */
  guest(hotelSlug: string, roomNumber: number): Promise<GuestActor>;
  close(): Promise<void>;
}

export async function openWorld(): Promise<DomainWorld> {
  const databaseUrl = process.env.DATABASE_URL ?? null;
  const { store, db } = await openStore({ databaseUrl, dataDir: 'memory://', ...(databaseUrl && { schema: newSchemaName() }) });
  const clock = new TestClock();
  const deps: Deps = {
    store,
    hasher: argon2Hasher(),
    live: { isStaffOnline: async () => false },
    clock,
    settings: { staffTokenTtl: 3600, guestSessionTtl: 3600 },
  };
  await seedDemo(deps);
  return {
    deps,
    db,
    clock,
    async staff(username) {
      const found = await store.read((r) => r.staff.findByUsername(username));
      if (!found) throw new Error(`no staff member ${username}`);
      const { passwordHash: _secret, ...staff } = found;
      return { kind: 'staff', staff, tokenHash: `test-${username}` };
    },
    async guest(hotelSlug, roomNumber) {
      const session = await store.read(async (r): Promise<GuestSession> => {
        const hotel = await r.hotels.findBySlug(hotelSlug);
        const room = hotel && (await r.rooms.find(hotel.id, roomNumber));
        const stay = room && (await r.stays.findActive(room.id));
        const convo = stay && (await r.conversations.findOpenForStay(stay.id));
        if (!hotel || !room || !stay || !convo) throw new Error(`room ${roomNumber} of ${hotelSlug} has no open stay`);
        return { stayId: stay.id, conversationId: convo.id, hotelId: hotel.id, hotelSlug, hotelName: hotel.name, roomNumber, expiresAt: new Date(clock.now().getTime() + 3600_000) };
      });
      return { kind: 'guest', session, tokenHash: `test-guest-${roomNumber}` };
    },
    close: () => store.close(),
  };
}

/** One world for the whole test file. */
export function worldForFile(): DomainWorld {
  const ctx = {} as { world: DomainWorld };
  before(async () => {
    ctx.world = await openWorld();
  });
  after(() => ctx.world.close());
  return new Proxy({} as DomainWorld, { get: (_t, key: keyof DomainWorld) => ctx.world[key] });
}

export type { Actor };
