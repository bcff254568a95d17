import { sql, type Kysely } from 'kysely';
import type { Conversation, MessageRecord, NewMessage, Repos } from '../../domain/ports.js';
import type { DB } from '../schema.js';
import { statement } from '../statement.js';
import { toAttachment } from './attachment-repository.js';
import { profileFrom } from './conversation-repository.js';

/**
 * What a stored message `m` (sender_type, created_at) does to its conversation `t`'s counts: a
 * guest message is one more unread and starts the wait if none is running; a staff message ends
 * the wait; a system message (an automatic reply) changes neither. The one place this is written.
 */
const COUNTS = `
      unread_count = t.unread_count + (case when m.sender_type = 'guest' then 1 else 0 end),
      waiting_since = case m.sender_type when 'guest' then coalesce(t.waiting_since, m.created_at) when 'staff' then null else t.waiting_since end`;

/**
 * Sends that change nothing but the message list, several callers' in one statement (its own
 * transaction; see batcher.ts): lock each conversation's row, in id order so that concurrent
 * statements never wait on each other in a circle, then store a message only if its
 * conversation is open and its sender is the guest (staff_id null) or the current handler — the
 * condition of sendChangesNothing in domain/handoff.ts, repeated here for speed and held to it by
 * test/db/handoff-fast-path.test.ts — and
 * move the last activity, the unread count and the wait (see UPDATE_COUNTS) of every
 * conversation that got one. Every locked row comes back, with the message id or null and the
 * unread count afterwards, so each caller knows why nothing was stored. FOR UPDATE returns a
 * row's newest committed version, so the handler compared is the current one.
 * One conversation at most once per statement (the batcher's key).
 */
const appendQuietly = statement<Conversation & { messageId: number | null; unreadCount: number; unreadBefore: number }>(`
  with x as (
    select * from jsonb_to_recordset($1::jsonb)
      as x(hotel_id int, conversation_id int, sender_type text, staff_id int, body text, client_message_id text, created_at timestamptz)
  ), c as materialized (
    select c.id, c.hotel_id as "hotelId", h.slug as "hotelSlug", c.room_id as "roomId", r.number as "roomNumber",
           c.stay_id as "stayId", s.guest_name as "guestName", c.status, c.current_staff_id as "currentStaffId",
           c.resolved_at as "resolvedAt", c.unread_count as "unreadBefore"
    from conversations c
    join x on x.conversation_id = c.id and x.hotel_id = c.hotel_id
    join rooms r on r.id = c.room_id
    join stays s on s.id = c.stay_id
    join hotels h on h.id = c.hotel_id
    where c.id = any(array(select conversation_id from x))
    order by c.id
    for update of c
  ), m as (
    insert into messages (conversation_id, hotel_id, sender_type, staff_id, body, client_message_id, created_at)
    select c.id, c."hotelId", x.sender_type, x.staff_id, x.body, x.client_message_id, x.created_at
    from c join x on x.conversation_id = c.id and x.hotel_id = c."hotelId"
    where c.status = 'open' and (x.staff_id is null or c."currentStaffId" = x.staff_id)
    on conflict (conversation_id, client_message_id) where client_message_id is not null do nothing
    returning id, conversation_id, hotel_id, sender_type, created_at
  ), touched as (
    update conversations t set last_activity_at = m.created_at,
      resolved_at = case when m.sender_type = 'guest' then null else t.resolved_at end,
      ${COUNTS}
    from m where t.id = m.conversation_id
    returning t.id, t.unread_count
  ), waits as (
    insert into desk_alerts (hotel_id, conversation_id, kind, step, started_at, due_at)
    select m.hotel_id, m.conversation_id, 'reply', -1, m.created_at, m.created_at from m where m.sender_type = 'guest'
    on conflict (conversation_id, kind) do nothing
  ), answered as (
    delete from desk_alerts d using m where d.conversation_id = m.conversation_id and d.kind = 'reply' and m.sender_type = 'staff'
  )
  select c.*, m.id as "messageId", coalesce(touched.unread_count, c."unreadBefore") as "unreadCount"
  from c left join m on m.conversation_id = c.id left join touched on touched.id = c.id`);

export type Appended = { conversation: Conversation; id: number | null; unreadCount: number } | undefined;

/** appendUnlessHandoff for many sends at once, each answered in order (undefined: no such conversation). */
export async function appendManyUnlessHandoff(db: Kysely<DB>, sends: readonly NewMessage[]): Promise<Appended[]> {
  const rows = await appendQuietly(db, [JSON.stringify(sends.map((m) => ({
    hotel_id: m.hotelId, conversation_id: m.conversationId, sender_type: m.senderType, staff_id: m.staffId,
    body: m.body, client_message_id: m.clientMessageId, created_at: m.createdAt,
  })))]);
  const byId = new Map(rows.map(({ messageId, unreadCount, unreadBefore: _, ...conversation }) => [conversation.id, { conversation, id: messageId, unreadCount }]));
  // Only rows matching both the conversation and the hotel asked for come back (the join on x).
  return sends.map((m) => byId.get(m.conversationId));
}

function messageQuery(db: Kysely<DB>) {
  return db
    .selectFrom('messages as m')
    .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
    .innerJoin('rooms as r', 'r.id', 'c.room_id')
    .innerJoin('stays as s', 's.id', 'c.stay_id')
    .leftJoin('staff as st', 'st.id', 'm.staff_id')
    .leftJoin('attachments as at', 'at.message_id', 'm.id')
    .select([
      'm.id', 'm.conversation_id', 'c.room_id', 'r.number as room_number', 'm.sender_type', 's.guest_name', 'm.body',
      'm.created_at', 'm.read_by_staff', 'm.staff_read_at', 'm.read_by_guest', 'm.guest_read_at', 'm.client_message_id',
      'st.id as staff_id', 'st.first_name', 'st.last_name', 'st.role', 'st.profile_image',
      'at.id as attachment_id', 'at.kind', 'at.file_name', 'at.content_type', 'at.size', 'at.width', 'at.height',
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
  attachment: r.attachment_id === null || r.kind === null ? null : toAttachment({ ...r, id: r.attachment_id, kind: r.kind, file_name: r.file_name ?? '', content_type: r.content_type ?? '', size: r.size ?? 0 }),
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
  // Staff have read every guest message: none is unread any more.
  if (sender === 'guest' && rows.length > 0) {
    await db.updateTable('conversations').set({ unread_count: 0 }).where('id', '=', conversationId).execute();
  }
  return rows.map((r) => r.id).sort((x, y) => x - y);
}

export function messageRepository(db: Kysely<DB>): Repos['messages'] {
  return {
    async insert(m) {
      // One statement: the insert (a repeated client_message_id inserts nothing), and the
      // conversation's last activity and counts when a row went in.
      const { rows } = await sql<{ id: number }>`
        with m as (
          insert into messages (conversation_id, hotel_id, sender_type, staff_id, body, client_message_id, created_at)
          values (${m.conversationId}, ${m.hotelId}, ${m.senderType}, ${m.staffId}, ${m.body}, ${m.clientMessageId}, ${m.createdAt})
          on conflict (conversation_id, client_message_id) where client_message_id is not null do nothing
          returning id, conversation_id, sender_type, created_at
        ), touched as (
          update conversations t set last_activity_at = m.created_at, ${sql.raw(COUNTS)}
          from m where t.id = m.conversation_id
        )
        select id from m`.execute(db);
      return rows[0]?.id ?? null;
    },
    appendUnlessHandoff: async (m) => (await appendManyUnlessHandoff(db, [m]))[0],
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
      // One more unread only if it had been read (marking an unread message unread changes nothing).
      await sql`
        with m as (
          update messages set read_by_staff = false, staff_read_at = null where id = ${latest.id} and read_by_staff returning conversation_id
        )
        update conversations set unread_count = unread_count + 1 where id in (select conversation_id from m)`.execute(db);
      return latest.id;
    },
    async countUnreadGuest(conversationId) {
      const r = await db.selectFrom('conversations').select('unread_count').where('id', '=', conversationId).executeTakeFirst();
      return r?.unread_count ?? 0;
    },
    async latestMessageId(conversationId) {
      const r = await db.selectFrom('messages').select('id').where('conversation_id', '=', conversationId).orderBy('id', 'desc').limit(1).executeTakeFirst();
      return r?.id ?? null;
    },
    async unreadByConversation(hotelId) {
      // The counts each open conversation keeps: no message is read.
      const rows = await db
        .selectFrom('conversations as c')
        .innerJoin('rooms as r', 'r.id', 'c.room_id')
        .select(['c.id', 'r.number', 'c.unread_count'])
        .where('c.hotel_id', '=', hotelId)
        .where('c.status', '=', 'open')
        .where('c.unread_count', '>', 0)
        .orderBy('r.number')
        .execute();
      return rows.map((r) => ({ conversationId: r.id, roomNumber: r.number, unreadCount: r.unread_count }));
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
