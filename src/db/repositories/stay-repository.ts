import { sql, type Kysely } from 'kysely';
import type { GuestSession, Repos } from '../../domain/ports.js';
import type { DB } from '../schema.js';
import { statement, type TokenAsk } from '../statement.js';

/** The active sessions of these guest tokens: every guest request asks, so several go in one statement. */
const sessionsOfTokens = statement<GuestSession & { hash: string }>(`
  select q.hash, gs.stay_id as "stayId", gs.conversation_id as "conversationId", hotels.id as "hotelId",
         hotels.slug as "hotelSlug", hotels.name as "hotelName", rooms.number as "roomNumber", gs.expires_at as "expiresAt"
  from guest_sessions gs
  join jsonb_to_recordset($1::jsonb) as q(hash text, at timestamptz) on q.hash = gs.token_hash
  join stays on stays.id = gs.stay_id
  join rooms on rooms.id = stays.room_id
  join hotels on hotels.id = stays.hotel_id
  where gs.token_hash = any(array(select jsonb_array_elements($1::jsonb)->>'hash'))
    and gs.ended_at is null and gs.expires_at > q.at and stays.checked_out_at is null`);

export async function findSessionsByTokens(db: Kysely<DB>, asks: readonly TokenAsk[]): Promise<Array<GuestSession | undefined>> {
  const rows = await sessionsOfTokens(db, [JSON.stringify(asks)]);
  const byHash = new Map(rows.map(({ hash, ...session }) => [hash, session]));
  return asks.map((a) => byHash.get(a.hash));
}

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
    findActive: async (hash, at) => (await findSessionsByTokens(db, [{ hash, at }]))[0],
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
