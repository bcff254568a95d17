// The bench hotel: rooms with checked-in guests, staff with sign-in tokens, each conversation
// handled by one staff member. Made through the domain commands (as the CLI does), with a fast
// stand-in for argon2: hashing 1,000 PINs would take longer than the benchmark.
// Then the past a hotel has after a year (addHistory): checked-out stays with their closed
// conversations, messages and expired sessions, and expired sign-ins, so every lookup on the
// measured path runs against tables of a realistic size, not a few rows a plan can scan.
import { checkIn, createStaff } from '../../src/domain/admin.js';
import { hashToken, newGuestToken, newStaffToken, type Actor } from '../../src/domain/actor.js';
import { assignStaff } from '../../src/domain/handoff.js';
import type { Deps, SecretHasher, StaffMember } from '../../src/domain/ports.js';
import { createHotel, range } from '../../src/domain/seed.js';
import pg from 'pg';

export interface FixtureSpec {
  hotel: string;
  rooms: number;
  staff: number;
  /** Past stays (each with a closed conversation, `messagesPerStay` messages and an expired session). */
  pastStays: number;
  messagesPerStay: number;
  /** Expired staff sign-ins. */
  pastSignIns: number;
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
  // The fixture's events are not dispatched: nobody is connected while it is built.
  const deps: Deps = { ...serverDeps, hasher: benchHasher };
  const roomNumbers = range(1, spec.rooms);
  await createHotel(deps, spec.hotel, 'Bench Hotel', roomNumbers);
  const expiresAt = new Date(Date.now() + 24 * 3600 * 1000);
  const staff: Array<{ member: StaffMember; token: string }> = [];
  for (let i = 1; i <= spec.staff; i += 1) {
    const member = await createStaff(deps, SYSTEM, spec.hotel, {
      username: `${spec.hotel}-staff-${i}`, password: 'bench-password', firstName: 'Bench', lastName: `Staff ${i}`, role: 'Receptionist',
    });
    const token = newStaffToken();
    await deps.store.transaction((tx) => tx.staffTokens.insert(member.id, hashToken(token), expiresAt));
    staff.push({ member, token });
  }
  const rooms = await inParallel(roomNumbers, 8, async (number, i) => {
    const { result } = await checkIn(deps, SYSTEM, spec.hotel, number, { guestName: `Guest ${number}`, pin: '1234' });
    const guestToken = newGuestToken();
    const handler = i % spec.staff;
    const me = staff[handler];
    if (me === undefined) throw new Error('the fixture needs at least one staff member');
    await deps.store.transaction(async (tx) => {
      const convo = await tx.conversations.find(me.member.hotelId, result.conversationId);
      if (!convo) throw new Error(`conversation ${result.conversationId} vanished`);
      const at = new Date();
      await tx.guestSessions.insert({ stayId: convo.stayId, conversationId: convo.id, tokenHash: hashToken(guestToken), at, expiresAt });
    });
    await assignStaff(deps, { kind: 'staff', staff: me.member, tokenHash: '' }, spec.hotel, result.conversationId);
    return { number, conversationId: result.conversationId, guestToken, handler };
  });
  const hotelId = staff[0]?.member.hotelId ?? 0;
  return { hotel: spec.hotel, hotelId, staff: staff.map((s) => ({ id: s.member.id, token: s.token })), rooms };
}

/** Bulk SQL: through the domain commands this much history would take longer than the benchmark. */
export async function addHistory(databaseUrl: string, schema: string, hotelId: number, spec: FixtureSpec): Promise<void> {
  const db = new pg.Client({ connectionString: databaseUrl, options: `-c search_path=${schema}` });
  await db.connect();
  try {
    await db.query('begin');
    await db.query(
      `with s as (
         insert into stays (hotel_id, room_id, guest_name, pin_hash, checked_in_at, checked_out_at)
         select $1, rooms.ids[1 + g % cardinality(rooms.ids)], 'Past guest ' || g, 'bench-only:x',
                now() - interval '400 days' + g * interval '20 minutes', now() - interval '397 days' + g * interval '20 minutes'
         from generate_series(1, $2::int) g, (select array_agg(id order by id) as ids from rooms where hotel_id = $1) rooms
         returning id, room_id, checked_in_at, checked_out_at
       ), c as (
         insert into conversations (hotel_id, room_id, stay_id, status, created_at, last_activity_at, closed_at)
         select $1, room_id, id, 'closed', checked_in_at, checked_out_at, checked_out_at from s
         returning id, stay_id, created_at, closed_at
       ), m as (
         insert into messages (conversation_id, hotel_id, sender_type, body, created_at, read_by_staff, read_by_guest)
         select c.id, $1, 'guest', 'An old message from a past stay ' || k, c.created_at + k * interval '1 minute', true, true
         from c, generate_series(1, $3::int) k
       )
       insert into guest_sessions (token_hash, stay_id, conversation_id, created_at, expires_at, ended_at)
       select md5('past-session-' || c.id), c.stay_id, c.id, c.created_at, c.created_at + interval '30 days', c.closed_at from c`,
      [hotelId, spec.pastStays, spec.messagesPerStay],
    );
    await db.query(
      `insert into staff_tokens (token_hash, staff_id, created_at, expires_at)
       select md5('past-sign-in-' || g), staff.ids[1 + g % cardinality(staff.ids)], now() - g * interval '10 minutes', now() - g * interval '10 minutes' + interval '12 hours'
       from generate_series(1, $2::int) g, (select array_agg(id) as ids from staff where hotel_id = $1) staff`,
      [hotelId, spec.pastSignIns],
    );
    await db.query('commit');
    await db.query('analyze');
  } finally {
    await db.end();
  }
}
