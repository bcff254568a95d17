// Quick replies, the hotel's desk-day settings, the after-hours claim, the stay panel's fields and
// transcripts (domain/desk-day-ports.ts).
import { sql, type Kysely } from 'kysely';
import type { DeskDayRepository, DeskDaySettings, QuickReply, StayDetails, TranscriptLine } from '../../domain/desk-day-ports.js';
import type { DB } from '../schema.js';

const DEFAULTS: DeskDaySettings = { defaultLanguage: 'en', placeholderValues: {}, deskHours: null, afterHoursTexts: {}, emergencyNumber: null };

function stayQuery(db: Kysely<DB>) {
  return db
    .selectFrom('stays as s')
    .innerJoin('rooms as r', 'r.id', 's.room_id')
    .select([
      's.id as stayId', 's.hotel_id as hotelId', 'r.number as roomNumber', 's.guest_name as guestName', 's.checked_in_at as checkedInAt',
      's.checked_out_at as checkedOutAt', 's.language', 's.vip', 's.note',
      sql<string | null>`to_char(s.expected_departure, 'YYYY-MM-DD')`.as('expectedDeparture'),
    ]);
}

const toQuickReply = (r: { id: number; shortcut: string; title: string; texts: Record<string, string>; updated_at: Date }): QuickReply => ({
  id: r.id, shortcut: r.shortcut, title: r.title, texts: r.texts, updatedAt: r.updated_at,
});

export function deskDayRepository(db: Kysely<DB>): DeskDayRepository {
  return {
    async settings(hotelId) {
      const r = await db.selectFrom('desk_day_settings').selectAll().where('hotel_id', '=', hotelId).executeTakeFirst();
      if (!r) return { ...DEFAULTS };
      return {
        defaultLanguage: r.default_language,
        placeholderValues: r.placeholder_values,
        deskHours: r.desk_hours,
        afterHoursTexts: r.after_hours_texts,
        emergencyNumber: r.emergency_number,
      };
    },
    async saveSettings(hotelId, s, at) {
      const row = {
        default_language: s.defaultLanguage,
        placeholder_values: JSON.stringify(s.placeholderValues),
        desk_hours: s.deskHours === null ? null : JSON.stringify(s.deskHours),
        after_hours_texts: JSON.stringify(s.afterHoursTexts),
        emergency_number: s.emergencyNumber,
        updated_at: at,
      };
      await db.insertInto('desk_day_settings').values({ hotel_id: hotelId, ...row }).onConflict((oc) => oc.column('hotel_id').doUpdateSet(row)).execute();
    },
    async quickReplies(hotelId) {
      const rows = await db.selectFrom('quick_replies').select(['id', 'shortcut', 'title', 'texts', 'updated_at']).where('hotel_id', '=', hotelId).orderBy('shortcut').execute();
      return rows.map(toQuickReply);
    },
    async countQuickReplies(hotelId) {
      const r = await db.selectFrom('quick_replies').select((eb) => eb.fn.countAll<string>().as('n')).where('hotel_id', '=', hotelId).executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async insertQuickReply(hotelId, q, at) {
      const r = await db
        .insertInto('quick_replies')
        .values({ hotel_id: hotelId, shortcut: q.shortcut, title: q.title, texts: JSON.stringify(q.texts), created_at: at, updated_at: at })
        .onConflict((oc) => oc.columns(['hotel_id', 'shortcut']).doNothing())
        .returning(['id', 'shortcut', 'title', 'texts', 'updated_at'])
        .executeTakeFirst();
      return r && toQuickReply(r);
    },
    async updateQuickReply(hotelId, id, q, at) {
      const taken = await db.selectFrom('quick_replies').select('id').where('hotel_id', '=', hotelId).where('shortcut', '=', q.shortcut).where('id', '!=', id).executeTakeFirst();
      if (taken) return 'taken';
      const r = await db
        .updateTable('quick_replies')
        .set({ shortcut: q.shortcut, title: q.title, texts: JSON.stringify(q.texts), updated_at: at })
        .where('hotel_id', '=', hotelId)
        .where('id', '=', id)
        .returning(['id', 'shortcut', 'title', 'texts', 'updated_at'])
        .executeTakeFirst();
      return r && toQuickReply(r);
    },
    async deleteQuickReply(hotelId, id) {
      const r = await db.deleteFrom('quick_replies').where('hotel_id', '=', hotelId).where('id', '=', id).returning('id').executeTakeFirst();
      return r !== undefined;
    },
    async claimAfterHours(conversationId, opensAt, at) {
      const r = await db
        .insertInto('after_hours_replies')
        .values({ conversation_id: conversationId, opens_at: opensAt, at })
        .onConflict((oc) => oc.columns(['conversation_id', 'opens_at']).doNothing())
        .returning('conversation_id')
        .executeTakeFirst();
      return r !== undefined;
    },
    async stayOfConversation(hotelId, conversationId) {
      const r: StayDetails | undefined = await stayQuery(db)
        .where('s.hotel_id', '=', hotelId)
        .where('s.id', '=', (eb) => eb.selectFrom('conversations').select('stay_id').where('id', '=', conversationId).where('hotel_id', '=', hotelId))
        .executeTakeFirst();
      return r;
    },
    async stayOfRoom(hotelId, roomNumber) {
      const r: StayDetails | undefined = await stayQuery(db)
        .where('s.hotel_id', '=', hotelId)
        .where('r.number', '=', roomNumber)
        .where('s.checked_out_at', 'is', null)
        .executeTakeFirst();
      return r;
    },
    async updateStay(stayId, p) {
      const set = {
        ...(p.guestName !== undefined && { guest_name: p.guestName }),
        ...(p.expectedDeparture !== undefined && { expected_departure: p.expectedDeparture }),
        ...(p.language !== undefined && { language: p.language }),
        ...(p.vip !== undefined && { vip: p.vip }),
        ...(p.note !== undefined && { note: p.note }),
      };
      if (Object.keys(set).length > 0) await db.updateTable('stays').set(set).where('id', '=', stayId).execute();
    },
    async transcript(conversationId, limit) {
      const rows = await db
        .selectFrom('messages as m')
        .leftJoin('staff as st', 'st.id', 'm.staff_id')
        .select(['m.sender_type', 'm.body', 'm.created_at', 'st.first_name', 'st.last_name', 'st.role'])
        .where('m.conversation_id', '=', conversationId)
        .orderBy('m.id')
        .limit(limit)
        .execute();
      return rows.map((r): TranscriptLine => ({
        senderType: r.sender_type,
        staffName: r.first_name === null ? null : `${r.first_name} ${r.last_name ?? ''}`.trim(),
        staffRole: r.role,
        body: r.body,
        createdAt: r.created_at,
      }));
    },
  };
}
