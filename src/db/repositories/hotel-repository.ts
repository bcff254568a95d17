import { sql, type Kysely } from 'kysely';
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

// One sweep of every expired attempt per this many reservations: keys of one-off callers
// (an address that guessed once) are otherwise never touched again.
const SWEEP_EVERY = 200;
let reservations = 0;

export function attemptRepository(db: Kysely<DB>): Repos['attempts'] {
  return {
    async reserve(budgets, since, at) {
      const keys = [...new Set(budgets.map((b) => b.key))].sort();
      const run = async (tx: Kysely<DB>) => {
        // One advisory lock per key, always taken in the same order: concurrent reservations of a
        // key take turns on every node sharing the database, and two callers never deadlock.
        for (const key of keys) await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(tx);
        await tx.deleteFrom('auth_attempts').where('key', 'in', keys).where('at', '<=', since).execute();
        const counts = await tx
          .selectFrom('auth_attempts')
          .select((eb) => ['key', eb.fn.countAll<string>().as('n'), eb.fn.min('at').as('oldest')])
          .where('key', 'in', keys)
          .groupBy('key')
          .execute();
        for (const b of budgets) {
          const row = counts.find((c) => c.key === b.key);
          if (row && Number(row.n) >= b.max) return { refused: b.key, oldest: new Date(row.oldest) };
        }
        const rows = await tx.insertInto('auth_attempts').values(keys.map((key) => ({ key, at }))).returning('id').execute();
        return { ids: rows.map((r) => r.id) };
      };
      const outcome = db.isTransaction ? await run(db) : await db.transaction().execute(run);
      if (++reservations % SWEEP_EVERY === 0) await db.deleteFrom('auth_attempts').where('at', '<=', since).execute();
      return outcome;
    },
    async release(ids, clearKey) {
      if (ids.length > 0) await db.deleteFrom('auth_attempts').where('id', 'in', [...ids]).execute();
      if (clearKey !== null) await db.deleteFrom('auth_attempts').where('key', '=', clearKey).execute();
    },
  };
}
