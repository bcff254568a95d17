import { sql, type Kysely } from 'kysely';
import type { Repos } from '../../domain/ports.js';
import type { DB } from '../schema.js';

export function stayRepository(db: Kysely<DB>): Repos['stays'] {
  return {
    findActive: (roomId) =>
      db
        .selectFrom('stays')
        .innerJoin('rooms', 'rooms.id', 'stays.room_id')
        .select([
          'stays.id', 'stays.hotel_id as hotelId', 'stays.room_id as roomId', 'rooms.number as roomNumber',
          'stays.guest_name as guestName', 'stays.pin_hash as pinHash', 'stays.checked_in_at as checkedInAt',
        ])
        .where('stays.room_id', '=', roomId)
        .where('stays.checked_out_at', 'is', null)
        .executeTakeFirst(),
    async lockRoom(roomId) {
      await sql`select id from rooms where id = ${roomId} for update`.execute(db);
    },
    async insert(s) {
      const r = await db
        .insertInto('stays')
        .values({ hotel_id: s.hotelId, room_id: s.roomId, guest_name: s.guestName, pin_hash: s.pinHash, checked_in_at: s.at })
        .returning('id')
        .executeTakeFirstOrThrow();
      return r.id;
    },
    async checkOut(stayId, at) {
      await db.updateTable('stays').set({ checked_out_at: at }).where('id', '=', stayId).execute();
    },
  };
}

export function guestSessionRepository(db: Kysely<DB>): Repos['guestSessions'] {
  return {
    async insert(s) {
      await db
        .insertInto('guest_sessions')
        .values({ stay_id: s.stayId, conversation_id: s.conversationId, token_hash: s.tokenHash, created_at: s.at, expires_at: s.expiresAt })
        .execute();
    },
    findActive: (tokenHash, now) =>
      db
        .selectFrom('guest_sessions as gs')
        .innerJoin('stays', 'stays.id', 'gs.stay_id')
        .innerJoin('rooms', 'rooms.id', 'stays.room_id')
        .innerJoin('hotels', 'hotels.id', 'stays.hotel_id')
        .select([
          'gs.stay_id as stayId', 'gs.conversation_id as conversationId', 'hotels.id as hotelId',
          'hotels.slug as hotelSlug', 'hotels.name as hotelName', 'rooms.number as roomNumber', 'gs.expires_at as expiresAt',
        ])
        .where('gs.token_hash', '=', tokenHash)
        .where('gs.ended_at', 'is', null)
        .where('gs.expires_at', '>', now)
        .where('stays.checked_out_at', 'is', null)
        .executeTakeFirst(),
    async countActive(stayId, now) {
      const r = await db
        .selectFrom('guest_sessions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('stay_id', '=', stayId)
        .where('ended_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async endForStay(stayId, at) {
      await db.updateTable('guest_sessions').set({ ended_at: at }).where('stay_id', '=', stayId).where('ended_at', 'is', null).execute();
    },
  };
}
