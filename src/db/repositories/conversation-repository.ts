import { sql, type Kysely } from 'kysely';
import type { Conversation, ConversationSummaryRow, SenderType, Repos, StaffProfile } from '../../domain/ports.js';
import type { DB } from '../schema.js';

function conversationQuery(db: Kysely<DB>) {
  return db
    .selectFrom('conversations as c')
    .innerJoin('rooms', 'rooms.id', 'c.room_id')
    .innerJoin('stays', 'stays.id', 'c.stay_id')
    .innerJoin('hotels', 'hotels.id', 'c.hotel_id')
    .select([
      'c.id', 'c.hotel_id as hotelId', 'hotels.slug as hotelSlug', 'c.room_id as roomId', 'rooms.number as roomNumber',
      'c.stay_id as stayId', 'stays.guest_name as guestName', 'c.status', 'c.current_staff_id as currentStaffId', 'c.resolved_at as resolvedAt',
    ]);
}

type ProfileColumns = { staff_id: number | null; first_name: string | null; last_name: string | null; role: string | null; profile_image: string | null };

export const profileFrom = (r: ProfileColumns): StaffProfile | null =>
  r.staff_id === null
    ? null
    : { id: r.staff_id, firstName: r.first_name ?? '', lastName: r.last_name ?? '', role: r.role ?? '', profileImage: r.profile_image };

/** A row of the inbox query (inboxQuery). */
type InboxRow = ProfileColumns & {
  id: number; room_number: number; guest_name: string; vip: boolean; last_activity_at: Date; resolved_at: Date | null;
  body: string | null; created_at: Date | null; last_sender_type: SenderType | null; unread: number;
  ls_id: number | null; ls_first_name: string | null; ls_last_name: string | null; ls_role: string | null; ls_profile_image: string | null;
  waiting_since: Date | null; last_reason: string | null; last_note: string | null; last_at: Date | null;
  lr_id: number | null; lr_first_name: string | null; lr_last_name: string | null; lr_role: string | null; lr_profile_image: string | null;
  lr_at: Date | null; unread_by_viewer: boolean | null;
  rb_id: number | null; rb_first_name: string | null; rb_last_name: string | null; rb_role: string | null; rb_profile_image: string | null;
};

/**
 * The inbox, however many rooms, in one query: the unread count and the wait are kept on the
 * conversation (migration 005); the rest comes from lateral subqueries over an index — the last
 * message over (conversation_id, id), the last handoff over (conversation_id, id) of assignments,
 * the reads over staff_reads' primary key. Exported for the bench, which shows its plan.
 */
export function inboxQuery(hotelId: number, ids: readonly number[] | undefined, viewer: number | undefined) {
  const only = ids === undefined ? sql`` : sql`and c.id in (${sql.join(ids)})`;
  return sql<InboxRow>`
        select c.id, r.number as room_number, s.guest_name, s.vip, c.last_activity_at, c.resolved_at,
               lm.body, lm.created_at, lm.sender_type as last_sender_type, c.unread_count as unread,
               st.id as staff_id, st.first_name, st.last_name, st.role, st.profile_image,
               ls.id as ls_id, ls.first_name as ls_first_name, ls.last_name as ls_last_name, ls.role as ls_role, ls.profile_image as ls_profile_image,
               c.waiting_since,
               la.reason as last_reason, la.note as last_note, la.assigned_at as last_at,
               rb.id as rb_id, rb.first_name as rb_first_name, rb.last_name as rb_last_name, rb.role as rb_role, rb.profile_image as rb_profile_image,
               lr.id as lr_id, lr.first_name as lr_first_name, lr.last_name as lr_last_name, lr.role as lr_role, lr.profile_image as lr_profile_image,
               lr.read_at as lr_at,
               ${viewer === undefined ? sql`null::boolean` : sql`(lm.id is not null and coalesce(me.last_read_message_id, 0) < lm.id)`} as unread_by_viewer
        from conversations c
        join rooms r on r.id = c.room_id
        join stays s on s.id = c.stay_id
        left join staff st on st.id = c.current_staff_id
        left join lateral (
          select m.id, m.body, m.created_at, m.sender_type, m.staff_id from messages m where m.conversation_id = c.id order by m.id desc limit 1
        ) lm on true
        left join staff ls on ls.id = lm.staff_id
        left join lateral (
          select a.reason, a.note, a.assigned_at, a.previous_staff_id from assignments a where a.conversation_id = c.id order by a.id desc limit 1
        ) la on true
        left join staff rb on rb.id = la.previous_staff_id and la.reason = 'released'
        left join lateral (
          select sr.read_at, x.id, x.first_name, x.last_name, x.role, x.profile_image
          from staff_reads sr join staff x on x.id = sr.staff_id
          where sr.conversation_id = c.id order by sr.read_at desc limit 1
        ) lr on true
        ${viewer === undefined ? sql`` : sql`left join staff_reads me on me.conversation_id = c.id and me.staff_id = ${viewer}`}
        where c.hotel_id = ${hotelId} and c.status = 'open' ${only}
        order by c.last_activity_at desc, c.id desc`;
}

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
    async listSummaries(hotelId, ids, viewer): Promise<ConversationSummaryRow[]> {
      if (ids !== undefined && ids.length === 0) return [];
      const { rows } = await inboxQuery(hotelId, ids, viewer).execute(db);
      const profile = (id: number | null, first: string | null, last: string | null, role: string | null, image: string | null) =>
        profileFrom({ staff_id: id, first_name: first, last_name: last, role, profile_image: image });
      return rows.map((r) => {
        const needsCover = r.staff_id === null && r.last_reason === 'released';
        const releasedBy = profile(r.rb_id, r.rb_first_name, r.rb_last_name, r.rb_role, r.rb_profile_image);
        const reader = profile(r.lr_id, r.lr_first_name, r.lr_last_name, r.lr_role, r.lr_profile_image);
        return {
          conversationId: r.id,
          roomNumber: r.room_number,
          guestName: r.guest_name,
          lastMessage: r.body,
          lastMessageTime: r.created_at,
          lastActivity: r.last_activity_at,
          unreadCount: r.unread,
          handler: profileFrom(r),
          lastSenderType: r.last_sender_type,
          lastSender: profile(r.ls_id, r.ls_first_name, r.ls_last_name, r.ls_role, r.ls_profile_image),
          waitingSince: r.waiting_since,
          needsCover,
          handoffNote: needsCover && r.last_note !== null && r.last_at !== null ? { text: r.last_note, by: releasedBy, at: r.last_at } : null,
          resolvedAt: r.resolved_at,
          lastRead: reader && r.lr_at ? { by: reader, at: r.lr_at } : null,
          unreadByViewer: r.unread_by_viewer,
          vip: r.vip,
        };
      });
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
