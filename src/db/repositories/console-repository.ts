// The manager's console: staff and rooms listed in one query each, and the invitation links.
import { sql, type Kysely } from 'kysely';
import type { ConsoleRepository, StaffListing } from '../../domain/console-ports.js';
import type { DB } from '../schema.js';
import { toStaff } from './staff-repository.js';

export function consoleRepository(db: Kysely<DB>): ConsoleRepository {
  return {
    async listStaff(hotelId, staffId) {
      const rows = await db
        .selectFrom('staff')
        .innerJoin('hotels', 'hotels.id', 'staff.hotel_id')
        .leftJoin('staff_duty', (j) => j.onRef('staff_duty.staff_id', '=', 'staff.id').on('staff_duty.on_duty', '=', true))
        .leftJoinLateral(
          (eb) =>
            eb
              .selectFrom('staff_invites')
              .select(['purpose', 'created_at', 'expires_at'])
              .whereRef('staff_invites.staff_id', '=', 'staff.id')
              .where('used_at', 'is', null)
              .orderBy('id', 'desc')
              .limit(1)
              .as('invite'),
          (j) => j.onTrue(),
        )
        .select([
          'staff.id', 'staff.hotel_id', 'hotels.slug', 'hotels.name as hotel_name', 'staff.username', 'staff.first_name', 'staff.last_name', 'staff.role',
          'staff.profile_image', 'staff.is_manager', 'staff.is_active', 'staff_duty.changed_at as on_duty_since',
          'invite.purpose', 'invite.created_at as invite_created_at', 'invite.expires_at as invite_expires_at',
          sql<boolean>`staff.password_hash not like '!%'`.as('has_password'),
        ])
        .where('staff.hotel_id', '=', hotelId)
        .$if(staffId !== undefined, (q) => q.where('staff.id', '=', staffId!))
        .orderBy('staff.is_active', 'desc')
        .orderBy('staff.first_name')
        .orderBy('staff.last_name')
        .orderBy('staff.id')
        .execute();
      return rows.map((r): StaffListing => ({
        ...toStaff(r),
        hasPassword: r.has_password,
        onDutySince: r.on_duty_since,
        invite: r.purpose && r.invite_created_at && r.invite_expires_at ? { purpose: r.purpose, createdAt: r.invite_created_at, expiresAt: r.invite_expires_at } : null,
      }));
    },
    async listRooms(hotelId) {
      const rows = await db
        .selectFrom('rooms')
        .leftJoin('stays', (j) => j.onRef('stays.room_id', '=', 'rooms.id').on('stays.checked_out_at', 'is', null))
        .leftJoin('conversations', (j) => j.onRef('conversations.stay_id', '=', 'stays.id').on('conversations.status', '=', 'open'))
        .select(['rooms.number', 'stays.guest_name', 'stays.checked_in_at', 'stays.vip', 'conversations.id as conversation_id'])
        .where('rooms.hotel_id', '=', hotelId)
        .orderBy('rooms.number')
        .execute();
      return rows.map((r) => ({
        number: r.number,
        stay: r.guest_name !== null && r.checked_in_at !== null ? { guestName: r.guest_name, checkedInAt: r.checked_in_at, vip: r.vip ?? false, conversationId: r.conversation_id } : null,
      }));
    },
    async addRoom(hotelId, number) {
      const r = await db.insertInto('rooms').values({ hotel_id: hotelId, number }).onConflict((oc) => oc.columns(['hotel_id', 'number']).doNothing()).returning('id').executeTakeFirst();
      return r !== undefined;
    },
    openInvite: (staffId) =>
      db
        .selectFrom('staff_invites')
        .select(['purpose', 'created_at as createdAt', 'expires_at as expiresAt'])
        .where('staff_id', '=', staffId)
        .where('used_at', 'is', null)
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst(),
    async insertInvite(i) {
      await db
        .insertInto('staff_invites')
        .values({ hotel_id: i.hotelId, staff_id: i.staffId, token_hash: i.tokenHash, purpose: i.purpose, created_by: i.createdBy, created_at: i.at, expires_at: i.expiresAt })
        .execute();
    },
    async closeInvites(staffId, at) {
      // A closed link counts as used: it can never be used again, and no longer shows as open.
      await db.updateTable('staff_invites').set({ used_at: at }).where('staff_id', '=', staffId).where('used_at', 'is', null).execute();
    },
    async findInvite(tokenHash, now) {
      const r = await db
        .selectFrom('staff_invites')
        .innerJoin('staff', 'staff.id', 'staff_invites.staff_id')
        .innerJoin('hotels', 'hotels.id', 'staff.hotel_id')
        .select([
          'staff.id', 'staff.hotel_id', 'hotels.slug', 'hotels.name as hotel_name', 'staff.username', 'staff.first_name', 'staff.last_name', 'staff.role',
          'staff.profile_image', 'staff.is_manager', 'staff.is_active', 'staff_invites.purpose', 'staff_invites.expires_at',
        ])
        .where('staff_invites.token_hash', '=', tokenHash)
        .where('staff_invites.used_at', 'is', null)
        .where('staff_invites.expires_at', '>', now)
        .executeTakeFirst();
      return r ? { staff: toStaff(r), purpose: r.purpose, expiresAt: r.expires_at } : undefined;
    },
    useInvite: (tokenHash, now) =>
      db
        .updateTable('staff_invites')
        .set({ used_at: now })
        .where('token_hash', '=', tokenHash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .returning(['staff_id as staffId', 'hotel_id as hotelId', 'purpose'])
        .executeTakeFirst(),
  };
}
