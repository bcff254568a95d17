// The bench hotel: rooms with checked-in guests, staff with sign-in tokens, each conversation
// handled by one staff member. Made through the domain commands (as the CLI does), with a fast
// stand-in for argon2: hashing 1,000 PINs would take longer than the benchmark.
import { checkIn, createStaff } from '../../src/domain/admin.js';
import { hashToken, newGuestToken, newStaffToken, type Actor } from '../../src/domain/actor.js';
import { assignStaff } from '../../src/domain/handoff.js';
import type { Deps, SecretHasher, StaffMember } from '../../src/domain/ports.js';
import { createHotel, range } from '../../src/domain/seed.js';

export interface FixtureSpec {
  hotel: string;
  rooms: number;
  staff: number;
}

export interface Fixture {
  hotel: string;
  hotelId: number;
  staff: Array<{ id: number; token: string }>;
  rooms: Array<{ number: number; conversationId: number; guestToken: string; handler: number }>;
}

const SYSTEM: Actor = { kind: 'system' };
const benchHasher: SecretHasher = {
  hash: async (secret) => `bench-only:${secret}`,
  verify: async (stored, secret) => stored === `bench-only:${secret}`,
};

async function inParallel<T, R>(items: readonly T[], width: number, work: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i] as T, i);
    }
  }));
  return out;
}

export async function createFixture(serverDeps: Deps, spec: FixtureSpec): Promise<Fixture> {
  const deps: Deps = { ...serverDeps, hasher: benchHasher, publisher: { publish: async () => undefined } };
  const roomNumbers = range(1, spec.rooms);
  await createHotel(deps, spec.hotel, 'Bench Hotel', roomNumbers);
  const expiresAt = new Date(Date.now() + 24 * 3600 * 1000);
  const staff: Array<{ member: StaffMember; token: string }> = [];
  for (let i = 1; i <= spec.staff; i += 1) {
    const member = await createStaff(deps, SYSTEM, spec.hotel, {
      username: `${spec.hotel}-staff-${i}`, password: 'bench-password', first_name: 'Bench', last_name: `Staff ${i}`, role: 'Receptionist',
    });
    const token = newStaffToken();
    await deps.store.transaction((tx) => tx.staffTokens.insert(member.id, hashToken(token), expiresAt));
    staff.push({ member, token });
  }
  const rooms = await inParallel(roomNumbers, 8, async (number, i) => {
    const { result } = await checkIn(deps, SYSTEM, spec.hotel, number, { guest_name: `Guest ${number}`, pin: '1234' });
    const guestToken = newGuestToken();
    const handler = i % spec.staff;
    const me = staff[handler];
    if (me === undefined) throw new Error('the fixture needs at least one staff member');
    await deps.store.transaction(async (tx) => {
      const convo = await tx.conversations.find(me.member.hotelId, result.conversation_id);
      if (!convo) throw new Error(`conversation ${result.conversation_id} vanished`);
      const at = new Date();
      await tx.guestSessions.insert({ stayId: convo.stayId, conversationId: convo.id, tokenHash: hashToken(guestToken), at, expiresAt });
    });
    await assignStaff(deps, { kind: 'staff', staff: me.member, tokenHash: '' }, spec.hotel, result.conversation_id);
    return { number, conversationId: result.conversation_id, guestToken, handler };
  });
  const hotelId = staff[0]?.member.hotelId ?? 0;
  return { hotel: spec.hotel, hotelId, staff: staff.map((s) => ({ id: s.member.id, token: s.token })), rooms };
}
