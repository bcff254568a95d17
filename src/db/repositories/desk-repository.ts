// The shared front desk: duty, per-hotel alert times, due alerts, notes between staff.
import { sql, type Kysely } from 'kysely';
import type { DueAlert, Repos } from '../../domain/ports.js';
import type { DB } from '../schema.js';
import { profileFrom } from './conversation-repository.js';

export function deskRepository(db: Kysely<DB>): Repos['desk'] {
  const settings = (hotelId: number) =>
    db
      .selectFrom('hotels')
      .select(['cover_alert_minutes as coverAlertMinutes', 'reply_alert_minutes as replyAlertMinutes', 'vip_reply_alert_minutes as vipReplyAlertMinutes', 'time_zone as timeZone'])
      .where('id', '=', hotelId)
      .executeTakeFirstOrThrow();
  return {
    settings,
    async updateSettings(hotelId, patch) {
      const set = {
        ...(patch.coverAlertMinutes !== undefined && { cover_alert_minutes: patch.coverAlertMinutes }),
        ...(patch.replyAlertMinutes !== undefined && { reply_alert_minutes: patch.replyAlertMinutes }),
        ...(patch.vipReplyAlertMinutes !== undefined && { vip_reply_alert_minutes: patch.vipReplyAlertMinutes }),
        ...(patch.timeZone !== undefined && { time_zone: patch.timeZone }),
      };
      if (Object.keys(set).length > 0) await db.updateTable('hotels').set(set).where('id', '=', hotelId).execute();
      return settings(hotelId);
    },
    async setLanguage(stayId, language) {
      const row = await db.updateTable('stays').set({ language }).where('id', '=', stayId).returning('language').executeTakeFirst();
      return row?.language ?? null;
    },
    async setVip(hotelId, roomNumber, vip) {
      const r = await db
        .updateTable('stays')
        .set({ vip })
        .where('hotel_id', '=', hotelId)
        .where('checked_out_at', 'is', null)
        .where('room_id', '=', (eb) => eb.selectFrom('rooms').select('id').where('hotel_id', '=', hotelId).where('number', '=', roomNumber))
        .returning('id')
        .execute();
      return r.length > 0;
    },
    async setDuty(staffId, hotelId, onDuty, at) {
      await db
        .insertInto('staff_duty')
        .values({ staff_id: staffId, hotel_id: hotelId, on_duty: onDuty, changed_at: at })
        .onConflict((oc) => oc.column('staff_id').doUpdateSet({ on_duty: onDuty, changed_at: at }))
        .execute();
      // The history of shift changes for the analytics (docs/analytics.md), in the caller's transaction.
      await db.insertInto('duty_log').values({ hotel_id: hotelId, staff_id: staffId, on_duty: onDuty, at }).execute();
    },
    async onDuty(hotelId) {
      const rows = await db
        .selectFrom('staff_duty as d')
        .innerJoin('staff as s', 's.id', 'd.staff_id')
        .select(['s.id', 's.first_name', 's.last_name', 's.role', 's.profile_image', 's.is_manager', 'd.changed_at'])
        .where('d.hotel_id', '=', hotelId)
        .where('d.on_duty', '=', true)
        .where('s.is_active', '=', true)
        .orderBy('d.changed_at')
        .execute();
      return rows.map((r) => ({
        id: r.id, firstName: r.first_name, lastName: r.last_name, role: r.role, profileImage: r.profile_image, isManager: r.is_manager, since: r.changed_at,
      }));
    },
    async managers(hotelId) {
      const rows = await db
        .selectFrom('staff')
        .select(['id', 'first_name', 'last_name', 'role', 'profile_image'])
        .where('hotel_id', '=', hotelId)
        .where('is_manager', '=', true)
        .where('is_active', '=', true)
        .orderBy('id')
        .execute();
      return rows.map((r) => ({ id: r.id, firstName: r.first_name, lastName: r.last_name, role: r.role, profileImage: r.profile_image }));
    },
    async startAlert({ hotelId, conversationId, kind, at, restart }) {
      // step -1: the poller gives the first step its due time from the hotel's settings
      // (domain/escalation.ts), so the rule is written once, in the domain.
      const q = db
        .insertInto('desk_alerts')
        .values({ hotel_id: hotelId, conversation_id: conversationId, kind, step: -1, started_at: at, due_at: at });
      await (restart
        ? q.onConflict((oc) => oc.columns(['conversation_id', 'kind']).doUpdateSet({ step: -1, started_at: at, due_at: at }))
        : q.onConflict((oc) => oc.columns(['conversation_id', 'kind']).doNothing())
      ).execute();
    },
    async cancelAlerts(conversationId, kinds) {
      if (kinds.length === 0) return;
      await db.deleteFrom('desk_alerts').where('conversation_id', '=', conversationId).where('kind', 'in', [...kinds]).execute();
    },
    async claimDue(now, limit) {
      const { rows } = await sql<{
        id: number; kind: DueAlert['kind']; step: number; started_at: Date; due_at: Date;
        conversation_id: number; hotel_id: number; hotel_slug: string; room_number: number; stay_id: number; current_staff_id: number | null;
        cover: number; reply: number; vip_reply: number; vip: boolean; status: string;
      }>`
        select a.id, a.kind, a.step, a.started_at, a.due_at,
               c.id as conversation_id, c.hotel_id, h.slug as hotel_slug, r.number as room_number, c.stay_id, c.current_staff_id, c.status,
               h.cover_alert_minutes as cover, h.reply_alert_minutes as reply, h.vip_reply_alert_minutes as vip_reply, s.vip
        from desk_alerts a
        join conversations c on c.id = a.conversation_id
        join hotels h on h.id = c.hotel_id
        join rooms r on r.id = c.room_id
        join stays s on s.id = c.stay_id
        where a.due_at <= ${now}
        order by a.due_at, a.id
        limit ${limit}
        for update of a skip locked`.execute(db);
      return rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        step: r.step,
        startedAt: r.started_at,
        dueAt: r.due_at,
        open: r.status === 'open',
        conversation: { id: r.conversation_id, hotelId: r.hotel_id, hotelSlug: r.hotel_slug, roomNumber: r.room_number, stayId: r.stay_id, currentStaffId: r.current_staff_id },
        settings: { coverAlertMinutes: r.cover, replyAlertMinutes: r.reply, vipReplyAlertMinutes: r.vip_reply },
        vip: r.vip,
      }));
    },
    async advanceAlert(id, step, dueAt) {
      await db.updateTable('desk_alerts').set({ step, due_at: dueAt }).where('id', '=', id).execute();
    },
    async removeAlert(id) {
      await db.deleteFrom('desk_alerts').where('id', '=', id).execute();
    },
    async logAlert(conversationId, e) {
      await db.insertInto('desk_alert_log').values({ conversation_id: conversationId, kind: e.kind, audience: e.audience, waited_seconds: e.waitedSeconds, at: e.at }).execute();
    },
    async alertLog(conversationId) {
      const rows = await db.selectFrom('desk_alert_log').selectAll().where('conversation_id', '=', conversationId).orderBy('id').execute();
      return rows.map((r) => ({ kind: r.kind, audience: r.audience, waitedSeconds: r.waited_seconds, at: r.at }));
    },
    async setResolved(conversationId, at) {
      await db.updateTable('conversations').set({ resolved_at: at }).where('id', '=', conversationId).execute();
    },
    async insertNote(n) {
      const r = await db
        .insertInto('conversation_notes')
        .values({ conversation_id: n.conversationId, hotel_id: n.hotelId, staff_id: n.staffId, body: n.body, created_at: n.at })
        .returning('id')
        .executeTakeFirstOrThrow();
      return r.id;
    },
    async notes(conversationId) {
      const rows = await db
        .selectFrom('conversation_notes as n')
        .innerJoin('staff as s', 's.id', 'n.staff_id')
        .select(['n.id', 'n.conversation_id', 'n.body', 'n.created_at', 's.id as staff_id', 's.first_name', 's.last_name', 's.role', 's.profile_image'])
        .where('n.conversation_id', '=', conversationId)
        .orderBy('n.id')
        .execute();
      return rows.map((r) => ({ id: r.id, conversationId: r.conversation_id, author: profileFrom(r)!, body: r.body, createdAt: r.created_at }));
    },
    async typicalReplyMinutes(hotelId, since) {
      // Each guest message's wait until the next staff message in the same conversation.
      const { rows } = await sql<{ minutes: number | null }>`
        select percentile_cont(0.5) within group (order by extract(epoch from (reply.created_at - g.created_at)) / 60) as minutes
        from messages g
        join lateral (
          select r.created_at from messages r
          where r.conversation_id = g.conversation_id and r.id > g.id and r.sender_type = 'staff'
          order by r.id limit 1
        ) reply on true
        where g.hotel_id = ${hotelId} and g.sender_type = 'guest' and g.created_at >= ${since}`.execute(db);
      const m = rows[0]?.minutes;
      return m === null || m === undefined ? null : Number(m);
    },
  };
}
