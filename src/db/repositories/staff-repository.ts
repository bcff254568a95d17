import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Repos, StaffMember } from '../../domain/ports.js';
import type { DB } from '../schema.js';
import { statement, type TokenAsk } from '../statement.js';

type Row = {
  id: number; hotel_id: number; slug: string; hotel_name: string; username: string; first_name: string; last_name: string;
  role: string; profile_image: string | null; is_manager: boolean; is_active: boolean;
};

function staffQuery(db: Kysely<DB>): SelectQueryBuilder<DB, 'staff' | 'hotels', Row & { password_hash: string }> {
  return db
    .selectFrom('staff')
    .innerJoin('hotels', 'hotels.id', 'staff.hotel_id')
    .select([
      'staff.id', 'staff.hotel_id', 'hotels.slug', 'hotels.name as hotel_name', 'staff.username', 'staff.first_name', 'staff.last_name', 'staff.role',
      'staff.profile_image', 'staff.is_manager', 'staff.is_active', 'staff.password_hash',
    ]);
}

export const toStaff = (r: Row): StaffMember => ({
  id: r.id,
  hotelId: r.hotel_id,
  hotelSlug: r.slug,
  hotelName: r.hotel_name,
  username: r.username,
  firstName: r.first_name,
  lastName: r.last_name,
  role: r.role,
  profileImage: r.profile_image,
  isManager: r.is_manager,
  isActive: r.is_active,
});

export function staffRepository(db: Kysely<DB>): Repos['staff'] {
  return {
    async findByUsername(username) {
      const r = await staffQuery(db).where('staff.username', '=', username).executeTakeFirst();
      return r ? { ...toStaff(r), passwordHash: r.password_hash } : undefined;
    },
    async findById(hotelId, id) {
      const r = await staffQuery(db).where('staff.hotel_id', '=', hotelId).where('staff.id', '=', id).executeTakeFirst();
      return r ? toStaff(r) : undefined;
    },
    async insert(s) {
      const { id } = await db
        .insertInto('staff')
        .values({
          hotel_id: s.hotelId, username: s.username, password_hash: s.passwordHash, first_name: s.firstName,
          last_name: s.lastName, role: s.role, profile_image: s.profileImage, is_manager: s.isManager,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return toStaff(await staffQuery(db).where('staff.id', '=', id).executeTakeFirstOrThrow());
    },
    async update(hotelId, id, p) {
      const values = {
        ...(p.passwordHash !== undefined && { password_hash: p.passwordHash }),
        ...(p.firstName !== undefined && { first_name: p.firstName }),
        ...(p.lastName !== undefined && { last_name: p.lastName }),
        ...(p.role !== undefined && { role: p.role }),
        ...(p.profileImage !== undefined && { profile_image: p.profileImage }),
        ...(p.isManager !== undefined && { is_manager: p.isManager }),
        ...(p.isActive !== undefined && { is_active: p.isActive }),
      };
      if (Object.keys(values).length > 0) {
        await db.updateTable('staff').set(values).where('hotel_id', '=', hotelId).where('id', '=', id).execute();
      }
      const r = await staffQuery(db).where('staff.hotel_id', '=', hotelId).where('staff.id', '=', id).executeTakeFirst();
      return r ? toStaff(r) : undefined;
    },
    handledConversations: (staffId) =>
      db
        .selectFrom('conversations')
        .innerJoin('rooms', 'rooms.id', 'conversations.room_id')
        .innerJoin('hotels', 'hotels.id', 'conversations.hotel_id')
        .select([
          'conversations.id', 'conversations.hotel_id as hotelId', 'hotels.slug as hotelSlug', 'rooms.number as roomNumber',
          'conversations.stay_id as stayId', 'conversations.current_staff_id as currentStaffId',
        ])
        .where('conversations.current_staff_id', '=', staffId)
        .where('conversations.status', '=', 'open')
        .execute(),
  };
}

/**
 * The active staff members owning unexpired, unrevoked tokens: every authenticated staff request
 * asks, so many requests' questions go in one statement (batcher.ts), answered in order.
 */
const staffOfTokens = statement<Row & { token_hash: string }>(`
  select t.token_hash, staff.id, staff.hotel_id, hotels.slug, hotels.name as hotel_name, staff.username, staff.first_name,
         staff.last_name, staff.role, staff.profile_image, staff.is_manager, staff.is_active
  from staff_tokens t
  join jsonb_to_recordset($1::jsonb) as q(hash text, at timestamptz) on q.hash = t.token_hash
  join staff on staff.id = t.staff_id
  join hotels on hotels.id = staff.hotel_id
  where t.token_hash = any(array(select jsonb_array_elements($1::jsonb)->>'hash'))
    and t.revoked_at is null and t.expires_at > q.at and staff.is_active`);

export async function findStaffByTokens(db: Kysely<DB>, asks: readonly TokenAsk[]): Promise<Array<StaffMember | undefined>> {
  const rows = await staffOfTokens(db, [JSON.stringify(asks)]);
  const byHash = new Map(rows.map((r) => [r.token_hash, toStaff(r)]));
  return asks.map((a) => byHash.get(a.hash));
}

export function staffTokenRepository(db: Kysely<DB>): Repos['staffTokens'] {
  return {
    async insert(staffId, tokenHash, expiresAt) {
      await db.insertInto('staff_tokens').values({ staff_id: staffId, token_hash: tokenHash, expires_at: expiresAt }).execute();
    },
    findStaff: async (hash, at) => (await findStaffByTokens(db, [{ hash, at }]))[0],
    async revoke(tokenHash, now) {
      await db.updateTable('staff_tokens').set({ revoked_at: now }).where('token_hash', '=', tokenHash).execute();
    },
    async revokeAllForStaff(staffId, now) {
      await db.updateTable('staff_tokens').set({ revoked_at: now }).where('staff_id', '=', staffId).where('revoked_at', 'is', null).execute();
    },
  };
}
