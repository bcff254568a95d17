import { sql, type Kysely } from 'kysely';
import type { Conversation, ConversationSummaryRow, Repos, StaffProfile } from '../../domain/ports.js';
import type { DB } from '../schema.js';

function conversationQuery(db: Kysely<DB>) {
  return db
    .selectFrom('conversations as c')
    .innerJoin('rooms', 'rooms.id', 'c.room_id')
    .innerJoin('stays', 'stays.id', 'c.stay_id')
    .innerJoin('hotels', 'hotels.id', 'c.hotel_id')
    .select([
      'c.id', 'c.hotel_id as hotelId', 'hotels.slug as hotelSlug', 'c.room_id as roomId', 'rooms.number as roomNumber',
      'c.stay_id as stayId', 'stays.guest_name as guestName', 'c.status', 'c.current_staff_id as currentStaffId',
    ]);
}

type ProfileColumns = { staff_id: number | null; first_name: string | null; last_name: string | null; role: string | null; profile_image: string | null };

export const profileFrom = (r: ProfileColumns): StaffProfile | null =>
  r.staff_id === null
    ? null
    : { id: r.staff_id, firstName: r.first_name ?? '', lastName: r.last_name ?? '', role: r.role ?? '', profileImage: r.profile_image };

export function conversationRepository(db: Kysely<DB>): Repos['conversations'] {
  return {
    async insert(c) {
      const r = await db
        .insertInto('conversations')
        .values({ hotel_id: c.hotelId, room_id: c.roomId, stay_id: c.stayId, created_at: c.at, last_activity_at: c.at, current_staff_id: null, handler_assigned_at: null, closed_at: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      return r.id;
    },
    find: (hotelId, id): Promise<Conversation | undefined> =>
      conversationQuery(db).where('c.hotel_id', '=', hotelId).where('c.id', '=', id).executeTakeFirst(),
    lockForUpdate: (hotelId, id): Promise<Conversation | undefined> =>
      conversationQuery(db).where('c.hotel_id', '=', hotelId).where('c.id', '=', id).forUpdate('c').executeTakeFirst(),
    findOpenForStay: (stayId): Promise<Conversation | undefined> =>
      conversationQuery(db).where('c.stay_id', '=', stayId).where('c.status', '=', 'open').executeTakeFirst(),
    async setHandler(id, staffId, at) {
      await db.updateTable('conversations').set({ current_staff_id: staffId, handler_assigned_at: at }).where('id', '=', id).execute();
    },
    async close(id, at) {
      await db.updateTable('conversations').set({ status: 'closed', closed_at: at }).where('id', '=', id).execute();
    },
    async startIdsAt(next) {
      await sql`select setval(pg_get_serial_sequence('conversations', 'id'), ${next}, false)`.execute(db);
    },
    async listSummaries(hotelId, ids): Promise<ConversationSummaryRow[]> {
      if (ids !== undefined && ids.length === 0) return [];
      const only = ids === undefined ? sql`` : sql`and c.id in (${sql.join(ids)})`;
      // One query for the whole inbox, however many rooms: the last message and the unread count
      // come from lateral subqueries over the (conversation_id, id) and unread-guest indexes.
      const { rows } = await sql<ProfileColumns & {
        id: number; room_number: number; guest_name: string; last_activity_at: Date;
        body: string | null; created_at: Date | null; unread: number;
      }>`
        select c.id, r.number as room_number, s.guest_name, c.last_activity_at,
               lm.body, lm.created_at, coalesce(u.n, 0)::int as unread,
               st.id as staff_id, st.first_name, st.last_name, st.role, st.profile_image
        from conversations c
        join rooms r on r.id = c.room_id
        join stays s on s.id = c.stay_id
        left join staff st on st.id = c.current_staff_id
        left join lateral (
          select m.body, m.created_at from messages m where m.conversation_id = c.id order by m.id desc limit 1
        ) lm on true
        left join lateral (
          select count(*) as n from messages m
          where m.conversation_id = c.id and m.sender_type = 'guest' and not m.read_by_staff
        ) u on true
        where c.hotel_id = ${hotelId} and c.status = 'open' ${only}
        order by c.last_activity_at desc, c.id desc`.execute(db);
      return rows.map((r) => ({
        conversationId: r.id,
        roomNumber: r.room_number,
        guestName: r.guest_name,
        lastMessage: r.body,
        lastMessageTime: r.created_at,
        lastActivity: r.last_activity_at,
        unreadCount: r.unread,
        handler: profileFrom(r),
      }));
    },
  };
}

export function assignmentRepository(db: Kysely<DB>): Repos['assignments'] {
  return {
    async insert(a) {
      const r = await db
        .insertInto('assignments')
        .values({ conversation_id: a.conversationId, staff_id: a.staffId, previous_staff_id: a.previousStaffId, reason: a.reason, note: a.note, assigned_at: a.at })
        .returning('id')
        .executeTakeFirstOrThrow();
      return r.id;
    },
    async list(conversationId) {
      const rows = await db
        .selectFrom('assignments as a')
        .leftJoin('staff as s', 's.id', 'a.staff_id')
        .leftJoin('staff as p', 'p.id', 'a.previous_staff_id')
        .select([
          'a.id', 'a.conversation_id', 'a.reason', 'a.note', 'a.assigned_at',
          's.id as staff_id', 's.first_name', 's.last_name', 's.role', 's.profile_image',
          'p.id as p_id', 'p.first_name as p_first_name', 'p.last_name as p_last_name', 'p.role as p_role', 'p.profile_image as p_profile_image',
        ])
        .where('a.conversation_id', '=', conversationId)
        .orderBy('a.id')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        conversationId: r.conversation_id,
        reason: r.reason,
        note: r.note,
        assignedAt: r.assigned_at,
        staff: profileFrom(r),
        previousStaff: profileFrom({ staff_id: r.p_id, first_name: r.p_first_name, last_name: r.p_last_name, role: r.p_role, profile_image: r.p_profile_image }),
      }));
    },
  };
}

export function staffReadRepository(db: Kysely<DB>): Repos['staffReads'] {
  return {
    async record(staffId, conversationId, lastReadMessageId, at) {
      await db
        .insertInto('staff_reads')
        .values({ staff_id: staffId, conversation_id: conversationId, last_read_message_id: lastReadMessageId, read_at: at })
        .onConflict((oc) => oc.columns(['conversation_id', 'staff_id']).doUpdateSet({ last_read_message_id: lastReadMessageId, read_at: at }))
        .execute();
    },
  };
}
