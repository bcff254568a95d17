import { sql, type Kysely } from 'kysely';
import type { MessageRecord, Repos } from '../../domain/ports.js';
import type { DB } from '../schema.js';
import { profileFrom } from './conversation-repository.js';

function messageQuery(db: Kysely<DB>) {
  return db
    .selectFrom('messages as m')
    .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
    .innerJoin('rooms as r', 'r.id', 'c.room_id')
    .innerJoin('stays as s', 's.id', 'c.stay_id')
    .leftJoin('staff as st', 'st.id', 'm.staff_id')
    .select([
      'm.id', 'm.conversation_id', 'c.room_id', 'r.number as room_number', 'm.sender_type', 's.guest_name', 'm.body',
      'm.created_at', 'm.read_by_staff', 'm.staff_read_at', 'm.read_by_guest', 'm.guest_read_at', 'm.client_message_id',
      'st.id as staff_id', 'st.first_name', 'st.last_name', 'st.role', 'st.profile_image',
    ]);
}
type Row = Awaited<ReturnType<ReturnType<typeof messageQuery>['executeTakeFirstOrThrow']>>;

const toMessage = (r: Row): MessageRecord => ({
  id: r.id,
  conversationId: r.conversation_id,
  roomId: r.room_id,
  roomNumber: r.room_number,
  senderType: r.sender_type,
  staff: profileFrom(r),
  guestName: r.guest_name,
  body: r.body,
  createdAt: r.created_at,
  readByStaff: r.read_by_staff,
  staffReadAt: r.staff_read_at,
  readByGuest: r.read_by_guest,
  guestReadAt: r.guest_read_at,
  clientMessageId: r.client_message_id,
});

async function markRead(db: Kysely<DB>, conversationId: number, sender: 'guest' | 'staff', at: Date): Promise<number[]> {
  const [flag, time] = sender === 'guest' ? (['read_by_staff', 'staff_read_at'] as const) : (['read_by_guest', 'guest_read_at'] as const);
  const rows = await db
    .updateTable('messages')
    .set({ [flag]: true, [time]: at })
    .where('conversation_id', '=', conversationId)
    .where('sender_type', '=', sender)
    .where(flag, '=', false)
    .returning('id')
    .execute();
  return rows.map((r) => r.id).sort((x, y) => x - y);
}

export function messageRepository(db: Kysely<DB>): Repos['messages'] {
  return {
    async insert(m) {
      // One statement: the insert (a repeated client_message_id inserts nothing), and the
      // conversation's last activity when a row went in.
      const { rows } = await sql<{ id: number }>`
        with m as (
          insert into messages (conversation_id, hotel_id, sender_type, staff_id, body, client_message_id, created_at)
          values (${m.conversationId}, ${m.hotelId}, ${m.senderType}, ${m.staffId}, ${m.body}, ${m.clientMessageId}, ${m.createdAt})
          on conflict (conversation_id, client_message_id) where client_message_id is not null do nothing
          returning id
        ), touched as (
          update conversations set last_activity_at = ${m.createdAt}
          where id = ${m.conversationId} and exists (select 1 from m)
        )
        select id from m`.execute(db);
      return rows[0]?.id ?? null;
    },
    async findByClientId(conversationId, clientMessageId) {
      const r = await messageQuery(db).where('m.conversation_id', '=', conversationId).where('m.client_message_id', '=', clientMessageId).executeTakeFirst();
      return r ? toMessage(r) : undefined;
    },
    async list(conversationId, limit, beforeId) {
      let q = messageQuery(db).where('m.conversation_id', '=', conversationId);
      if (beforeId !== null) q = q.where('m.id', '<', beforeId);
      const rows = await q.orderBy('m.id', 'desc').limit(limit).execute();
      return rows.reverse().map(toMessage);
    },
    // Staff read the guest's messages; the guest reads the staff's.
    markReadByStaff: (conversationId, at) => markRead(db, conversationId, 'guest', at),
    markReadByGuest: (conversationId, at) => markRead(db, conversationId, 'staff', at),
    async markLatestGuestUnread(conversationId) {
      const latest = await db
        .selectFrom('messages')
        .select('id')
        .where('conversation_id', '=', conversationId)
        .where('sender_type', '=', 'guest')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (!latest) return undefined;
      await db.updateTable('messages').set({ read_by_staff: false, staff_read_at: null }).where('id', '=', latest.id).execute();
      return latest.id;
    },
    async countUnreadGuest(conversationId) {
      const r = await db
        .selectFrom('messages')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('conversation_id', '=', conversationId)
        .where('sender_type', '=', 'guest')
        .where('read_by_staff', '=', false)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async latestMessageId(conversationId) {
      const r = await db.selectFrom('messages').select('id').where('conversation_id', '=', conversationId).orderBy('id', 'desc').limit(1).executeTakeFirst();
      return r?.id ?? null;
    },
    async unreadByConversation(hotelId) {
      // One grouped count over the partial unread index, whatever the number of rooms.
      const { rows } = await sql<{ conversation_id: number; room_number: number; n: number }>`
        select m.conversation_id, r.number as room_number, count(*)::int as n
        from messages m
        join conversations c on c.id = m.conversation_id
        join rooms r on r.id = c.room_id
        where m.hotel_id = ${hotelId} and m.sender_type = 'guest' and not m.read_by_staff and c.status = 'open'
        group by m.conversation_id, r.number
        order by r.number`.execute(db);
      return rows.map((r) => ({ conversationId: r.conversation_id, roomNumber: r.room_number, unreadCount: r.n }));
    },
    async unreadForGuest(conversationId) {
      const [count, latest] = await Promise.all([
        db
          .selectFrom('messages')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('conversation_id', '=', conversationId)
          .where('sender_type', '=', 'staff')
          .where('read_by_guest', '=', false)
          .executeTakeFirstOrThrow(),
        messageQuery(db).where('m.conversation_id', '=', conversationId).orderBy('m.id', 'desc').limit(1).executeTakeFirst(),
      ]);
      return { count: Number(count.n), latest: latest ? toMessage(latest) : undefined };
    },
  };
}
