// Webhooks and their delivery queue, the audit log, retention (domain/operations-ports.ts).
import { sql, type Kysely } from 'kysely';
import type { OperationsRepos, RetainedStay, WebhookDeliveryRecord, WebhookRecord } from '../../domain/operations-ports.js';
import type { DB } from '../schema.js';

type WebhookRow = Omit<DB['hotel_webhooks'], 'id' | 'active' | 'description'> & { id: number; active: boolean; description: string };

const toWebhook = (r: WebhookRow): WebhookRecord => ({
  id: r.id, hotelId: r.hotel_id, url: r.url, events: r.events, active: r.active, description: r.description, createdAt: r.created_at, secret: r.secret,
});

const WEBHOOK_COLUMNS = ['id', 'hotel_id', 'url', 'events', 'secret', 'active', 'description', 'created_at'] as const;

export function operationsRepositories(db: Kysely<DB>): OperationsRepos {
  return {
    webhooks: {
      async list(hotelId) {
        const rows = await db.selectFrom('hotel_webhooks').select(WEBHOOK_COLUMNS).where('hotel_id', '=', hotelId).orderBy('id').execute();
        return rows.map(toWebhook);
      },
      async subscribed(hotelId, event) {
        return db
          .selectFrom('hotel_webhooks')
          .select('id')
          .where('hotel_id', '=', hotelId)
          .where('active', '=', true)
          .where(sql<boolean>`${event} = any(events)`)
          .execute();
      },
      async insert(w) {
        const r = await db
          .insertInto('hotel_webhooks')
          .values({ hotel_id: w.hotelId, url: w.url, events: w.events, secret: w.secret, description: w.description, created_at: w.createdAt })
          .returning(WEBHOOK_COLUMNS)
          .executeTakeFirstOrThrow();
        return toWebhook(r);
      },
      async update(hotelId, id, patch) {
        const set = {
          ...(patch.url !== undefined && { url: patch.url }),
          ...(patch.events !== undefined && { events: patch.events }),
          ...(patch.active !== undefined && { active: patch.active }),
          ...(patch.description !== undefined && { description: patch.description }),
        };
        const q = Object.keys(set).length === 0
          ? db.selectFrom('hotel_webhooks').select(WEBHOOK_COLUMNS).where('hotel_id', '=', hotelId).where('id', '=', id)
          : db.updateTable('hotel_webhooks').set(set).where('hotel_id', '=', hotelId).where('id', '=', id).returning(WEBHOOK_COLUMNS);
        const r = await q.executeTakeFirst();
        return r && toWebhook(r);
      },
      async remove(hotelId, id) {
        const r = await db.deleteFrom('hotel_webhooks').where('hotel_id', '=', hotelId).where('id', '=', id).returning('id').executeTakeFirst();
        return r !== undefined;
      },
      async deliveries(hotelId, webhookId, limit) {
        const rows = await db
          .selectFrom('webhook_deliveries')
          .select(['id', 'webhook_id', 'event_id', 'event', 'status', 'attempts', 'next_attempt_at', 'last_status', 'last_error', 'created_at', 'delivered_at'])
          .where('hotel_id', '=', hotelId)
          .where('webhook_id', '=', webhookId)
          .orderBy('id', 'desc')
          .limit(limit)
          .execute();
        return rows.map((r): WebhookDeliveryRecord => ({
          id: Number(r.id), webhookId: r.webhook_id, eventId: r.event_id, event: r.event, status: r.status, attempts: r.attempts,
          nextAttemptAt: r.next_attempt_at, lastStatus: r.last_status, lastError: r.last_error, createdAt: r.created_at, deliveredAt: r.delivered_at,
        }));
      },
      async countLocked(hotelId) {
        await db.selectFrom('hotels').select('id').where('id', '=', hotelId).forUpdate().execute();
        const r = await db.selectFrom('hotel_webhooks').select((eb) => eb.fn.countAll<string>().as('n')).where('hotel_id', '=', hotelId).executeTakeFirstOrThrow();
        return Number(r.n);
      },
    },

    webhookQueue: {
      async enqueue(rows) {
        if (rows.length === 0) return;
        await db
          .insertInto('webhook_deliveries')
          .values(rows.map((r) => ({
            webhook_id: r.webhookId, hotel_id: r.hotelId, event_id: r.eventId, event: r.event, payload: r.payload, next_attempt_at: r.at, created_at: r.at,
          })))
          .onConflict((oc) => oc.columns(['webhook_id', 'event_id']).doNothing())
          .execute();
      },
      async claimDue(now, leaseUntil, limit) {
        // One statement: pick due rows no live lease holds (SKIP LOCKED: another node's claim in
        // flight is passed over, not waited for), lease them, and hand them out in queue order.
        const { rows } = await sql<{ id: string; webhook_id: number; url: string; secret: string; event_id: string; event: string; payload: string; attempts: number }>`
          with due as (
            select d.id from webhook_deliveries d
            where d.status = 'pending' and d.next_attempt_at <= ${now} and (d.leased_until is null or d.leased_until < ${now})
            order by d.next_attempt_at, d.id
            limit ${limit}
            for update skip locked
          ), leased as (
            update webhook_deliveries d set leased_until = ${leaseUntil}
            from due where d.id = due.id
            returning d.id, d.webhook_id, d.event_id, d.event, d.payload, d.attempts
          )
          select l.*, w.url, w.secret from leased l join hotel_webhooks w on w.id = l.webhook_id
          order by l.id`.execute(db);
        return rows.map((r) => ({
          id: Number(r.id), webhookId: r.webhook_id, url: r.url, secret: r.secret, eventId: r.event_id, event: r.event, payload: r.payload, attempts: r.attempts,
        }));
      },
      async finish(id, o) {
        await db
          .updateTable('webhook_deliveries')
          .set(o.delivered
            ? { status: 'delivered', delivered_at: o.at, last_status: o.status, last_error: null, leased_until: null, attempts: sql`attempts + 1` }
            : {
              status: o.nextAttemptAt === null ? 'failed' : 'pending',
              next_attempt_at: o.nextAttemptAt ?? o.at,
              last_status: o.status,
              last_error: o.error.slice(0, 500),
              leased_until: null,
              attempts: sql`attempts + 1`,
            })
          .where('id', '=', String(id))
          .execute();
      },
      async prune(hotelId, before) {
        const rows = await db
          .deleteFrom('webhook_deliveries')
          .where('hotel_id', '=', hotelId)
          .where('status', '!=', 'pending')
          .where('created_at', '<', before)
          .returning('id')
          .execute();
        return rows.length;
      },
    },

    audit: {
      async record(e) {
        await db
          .insertInto('audit_log')
          .values({
            hotel_id: e.hotelId, actor_kind: e.actor.kind, actor_staff_id: e.actor.staffId, actor_name: e.actor.name,
            action: e.action, target: e.target, details: JSON.stringify(e.details), at: e.at,
          })
          .execute();
      },
      async list(hotelId, beforeId, limit) {
        let q = db
          .selectFrom('audit_log')
          .select(['id', 'hotel_id', 'actor_kind', 'actor_staff_id', 'actor_name', 'action', 'target', 'details', 'at'])
          .where('hotel_id', '=', hotelId);
        if (beforeId !== null) q = q.where('id', '<', String(beforeId));
        const rows = await q.orderBy('id', 'desc').limit(limit).execute();
        return rows.map((r) => ({
          id: Number(r.id), hotelId: r.hotel_id, actor: { kind: r.actor_kind, staffId: r.actor_staff_id, name: r.actor_name },
          action: r.action, target: r.target, details: (typeof r.details === 'string' ? JSON.parse(r.details) : r.details) as Record<string, unknown>, at: r.at,
        }));
      },
    },

    retention: {
      hotels: () => db.selectFrom('hotels').select(['id', 'slug', 'name']).orderBy('id').execute(),
      async settings(hotelId) {
        const r = await db.selectFrom('hotels').select(['retention_days', 'retention_mode']).where('id', '=', hotelId).executeTakeFirstOrThrow();
        return { days: r.retention_days, mode: r.retention_mode };
      },
      async setSettings(hotelId, patch) {
        const r = await db
          .updateTable('hotels')
          .set({ ...(patch.days !== undefined && { retention_days: patch.days }), ...(patch.mode !== undefined && { retention_mode: patch.mode }) })
          .where('id', '=', hotelId)
          .returning(['retention_days', 'retention_mode'])
          .executeTakeFirstOrThrow();
        return { days: r.retention_days, mode: r.retention_mode };
      },
      async due(hotelId, before, limit) {
        return stays(db, hotelId).where('s.checked_out_at', '<', before).where('s.erased_at', 'is', null)
          .orderBy('s.checked_out_at').orderBy('s.id').limit(limit).execute().then((rows) => rows.map(toStay));
      },
      async find(hotelId, stayId) {
        const r = await stays(db, hotelId).where('s.id', '=', stayId).executeTakeFirst();
        return r && toStay(r);
      },
      async export(stayId) {
        const stay = await db.selectFrom('stays').select('hotel_id').where('id', '=', stayId).executeTakeFirstOrThrow();
        const found = await stays(db, stay.hotel_id).where('s.id', '=', stayId).executeTakeFirstOrThrow();
        const messages = await db
          .selectFrom('messages as m')
          .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
          .leftJoin('staff as st', 'st.id', 'm.staff_id')
          .select(['m.id', 'm.sender_type', 'm.body', 'm.created_at', 'st.first_name', 'st.last_name'])
          .where('c.stay_id', '=', stayId)
          .orderBy('m.id')
          .execute();
        const handoffs = await db
          .selectFrom('assignments as a')
          .innerJoin('conversations as c', 'c.id', 'a.conversation_id')
          .leftJoin('staff as s', 's.id', 'a.staff_id')
          .leftJoin('staff as p', 'p.id', 'a.previous_staff_id')
          .select(['a.reason', 'a.note', 'a.assigned_at', 's.first_name', 's.last_name', 'p.first_name as p_first', 'p.last_name as p_last'])
          .where('c.stay_id', '=', stayId)
          .orderBy('a.id')
          .execute();
        const name = (first: string | null, last: string | null) => (first === null ? null : `${first} ${last ?? ''}`.trim());
        return {
          stay: toStay(found),
          messages: messages.map((m) => ({ id: m.id, senderType: m.sender_type, staffName: name(m.first_name, m.last_name), body: m.body, createdAt: m.created_at })),
          handoffs: handoffs.map((h) => ({ staffName: name(h.first_name, h.last_name), previousStaffName: name(h.p_first, h.p_last), reason: h.reason, note: h.note, at: h.assigned_at })),
        };
      },
      async recent(hotelId, roomNumber, limit) {
        let q = stays(db, hotelId);
        if (roomNumber !== null) q = q.where('r.number', '=', roomNumber);
        return (await q.orderBy('s.id', 'desc').limit(limit).execute()).map(toStay);
      },
      erase: (stayId, mode, at) => eraseStay(db, stayId, at, mode),
    },
  };
}

function stays(db: Kysely<DB>, hotelId: number) {
  return db
    .selectFrom('stays as s')
    .innerJoin('rooms as r', 'r.id', 's.room_id')
    .select((eb) => [
      's.id', 's.hotel_id', 'r.number', 's.guest_name', 's.checked_in_at', 's.checked_out_at', 's.erased_at',
      eb.selectFrom('messages as m').innerJoin('conversations as c', 'c.id', 'm.conversation_id')
        .select((e) => e.fn.countAll<string>().as('n')).whereRef('c.stay_id', '=', 's.id').as('messages'),
    ])
    .where('s.hotel_id', '=', hotelId);
}

const toStay = (r: { id: number; hotel_id: number; number: number; guest_name: string; checked_in_at: Date; checked_out_at: Date | null; erased_at: Date | null; messages: string | null }): RetainedStay => ({
  stayId: r.id, hotelId: r.hotel_id, roomNumber: r.number, guestName: r.guest_name, checkedInAt: r.checked_in_at,
  checkedOutAt: r.checked_out_at, erasedAt: r.erased_at, messages: Number(r.messages ?? 0),
});

/**
 * One stay's personal data, removed in one statement per table (call it in a transaction): the
 * guest's name, the messages (deleted, or kept with their text blanked so the figures still count
 * them), the notes staff wrote about it, the reasons written when it changed hands, its guest
 * sessions. The stay, its conversation and the handoff history stay for the figures, with nothing
 * in them that names the guest.
 */
async function eraseStay(db: Kysely<DB>, stayId: number, at: Date, mode: 'purge' | 'anonymise'): Promise<boolean> {
  // First claim the stay: the row lock makes a concurrent eraser wait, then find it done.
  const claimed = await db.updateTable('stays').set({ guest_name: '', erased_at: at }).where('id', '=', stayId).where('erased_at', 'is', null).returning('id').executeTakeFirst();
  if (!claimed) return false;
  const conversations = db.selectFrom('conversations').select('id').where('stay_id', '=', stayId);
  if (mode === 'purge') {
    await db.deleteFrom('staff_reads').where('conversation_id', 'in', conversations).execute();
    await db.deleteFrom('messages').where('conversation_id', 'in', conversations).execute();
  } else {
    await db.updateTable('messages').set({ body: '', client_message_id: null }).where('conversation_id', 'in', conversations).execute();
  }
  await db.deleteFrom('conversation_notes').where('conversation_id', 'in', conversations).execute();
  await db.updateTable('assignments').set({ note: null }).where('conversation_id', 'in', conversations).execute();
  await db.deleteFrom('guest_sessions').where('stay_id', '=', stayId).execute();
  await db.updateTable('conversations').set({ unread_count: 0, waiting_since: null }).where('stay_id', '=', stayId).execute();
  return true;
}
