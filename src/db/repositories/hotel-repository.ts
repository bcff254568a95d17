import type { Kysely } from 'kysely';
import type { Repos } from '../../domain/ports.js';
import type { DB } from '../schema.js';

export function hotelRepository(db: Kysely<DB>): Repos['hotels'] {
  return {
    findBySlug: (slug) => db.selectFrom('hotels').select(['id', 'slug', 'name']).where('slug', '=', slug).executeTakeFirst(),
    insert: (slug, name) => db.insertInto('hotels').values({ slug, name }).returning(['id', 'slug', 'name']).executeTakeFirstOrThrow(),
  };
}

export function roomRepository(db: Kysely<DB>): Repos['rooms'] {
  return {
    find: (hotelId, number) =>
      db.selectFrom('rooms').select(['id', 'hotel_id as hotelId', 'number']).where('hotel_id', '=', hotelId).where('number', '=', number).executeTakeFirst(),
    async insertMany(hotelId, numbers) {
      if (numbers.length === 0) return;
      await db.insertInto('rooms').values(numbers.map((number) => ({ hotel_id: hotelId, number }))).execute();
    },
  };
}

export function attemptRepository(db: Kysely<DB>): Repos['attempts'] {
  return {
    async countSince(key, since) {
      const row = await db
        .selectFrom('auth_attempts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('key', '=', key)
        .where('at', '>', since)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async record(key, at, forgetBefore) {
      await db.insertInto('auth_attempts').values({ key, at }).execute();
      // Attempts older than every window are never counted again: keep the table small.
      await db.deleteFrom('auth_attempts').where('key', '=', key).where('at', '<', forgetBefore).execute();
    },
  };
}
