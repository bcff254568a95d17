// The handoff analytics in SQL over the history (docs/analytics.md defines every figure). Each
// report is one statement: the window's bounds are the hotel's local midnights, the conversations
// are those overlapping the window (so a wait or a release that began before the window and was
// still running in it is seen whole), and the indexes of migrations/012-analytics.ts serve the
// range scans. Durations are seconds.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type {
  AnalyticsRepository, AnalyticsWindow, Durations, HandoffKind, StaffName,
} from '../../domain/analytics-ports.js';
import type { DB } from '../schema.js';

/** lo/hi: the window as instants, [first local midnight, the midnight after the last day). */
const bounds = (w: AnalyticsWindow): RawBuilder<unknown> => sql`
  bounds as (
    select (${w.from}::date::timestamp at time zone ${w.timeZone}) as lo,
           ((${w.to}::date + 1)::timestamp at time zone ${w.timeZone}) as hi
  ),
  convs as materialized (
    select c.id, c.created_at, c.closed_at
    from conversations c cross join bounds b
    where c.hotel_id = ${w.hotelId} and c.created_at < b.hi and (c.closed_at is null or c.closed_at >= b.lo)
  )`;

/**
 * A wait starts with a guest message that follows a staff message (or opens the conversation),
 * and ends with the next staff message. System messages are neither. `onlyStartedInWindow`
 * narrows to waits that began in the window before the reply is looked up.
 */
const waits = (onlyStartedInWindow: boolean): RawBuilder<unknown> => sql`
  seq as (
    select m.*, c.closed_at from convs c cross join lateral (
      select m.id, m.conversation_id, m.sender_type, m.created_at, lag(m.sender_type) over (order by m.id) as prev
      from messages m where m.conversation_id = c.id and m.sender_type in ('guest', 'staff')
    ) m
  ),
  waits as (
    select s.id, s.conversation_id, s.created_at as started_at, r.created_at as replied_at, r.staff_id as replied_by, s.closed_at
    from seq s
    cross join bounds b
    left join lateral (
      select x.created_at, x.staff_id from messages x
      where x.conversation_id = s.conversation_id and x.sender_type = 'staff' and x.id > s.id
      order by x.id limit 1
    ) r on true
    where s.sender_type = 'guest' and s.prev is distinct from 'guest'
      ${onlyStartedInWindow ? sql`and s.created_at >= b.lo and s.created_at < b.hi` : sql``}
  )`;

/** Release intervals: a row handing the conversation to nobody, and when the next row took it. */
const releases = sql`
  releases as (
    select a.*, c.closed_at from convs c cross join lateral (
      select a.conversation_id, a.previous_staff_id, a.assigned_at, a.staff_id,
             lead(a.assigned_at) over (order by a.assigned_at, a.id) as next_at
      from assignments a where a.conversation_id = c.id
    ) a
  )`;

const durations = sql`
  count(secs)::int as count,
  percentile_cont(0.5) within group (order by secs) as p50,
  percentile_cont(0.9) within group (order by secs) as p90,
  avg(secs)::float8 as mean`;

interface DurationRow {
  count: number;
  p50: number | null;
  p90: number | null;
  mean: number | null;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const toDurations = (r: DurationRow): Durations => ({ count: Number(r.count), p50: num(r.p50), p90: num(r.p90), mean: num(r.mean) });
const emptyDurations: Durations = { count: 0, p50: null, p90: null, mean: null };

async function staffNames(db: Kysely<DB>, hotelId: number): Promise<Map<number, StaffName & { role: string; isActive: boolean }>> {
  const rows = await db.selectFrom('staff').select(['id', 'first_name', 'last_name', 'role', 'is_active']).where('hotel_id', '=', hotelId).orderBy('id').execute();
  return new Map(rows.map((r) => [r.id, { staffId: r.id, firstName: r.first_name, lastName: r.last_name, role: r.role, isActive: r.is_active }]));
}

const nameOf = (names: Map<number, StaffName>, id: number): StaffName => {
  const n = names.get(id);
  return n ? { staffId: n.staffId, firstName: n.firstName, lastName: n.lastName } : { staffId: id, firstName: '', lastName: '' };
};

export function analyticsRepository(db: Kysely<DB>): AnalyticsRepository {
  return {
    async firstResponse(w) {
      const { rows } = await sql<DurationRow & { by_day: number; by_staff: number; day: string | null; staff_id: number | null; unanswered: number }>`
        with ${bounds(w)}, ${waits(true)}
        select grouping(day) = 0 as by_day, grouping(staff_id) = 0 as by_staff, day, staff_id, ${durations},
               count(*) filter (where secs is null)::int as unanswered
        from (
          select to_char(started_at at time zone ${w.timeZone}, 'YYYY-MM-DD') as day, replied_by as staff_id,
                 extract(epoch from replied_at - started_at)::float8 as secs
          from waits
        ) t
        group by grouping sets ((), (day), (staff_id))
        order by day, staff_id`.execute(db);
      const names = await staffNames(db, w.hotelId);
      const overall = rows.find((r) => !r.by_day && !r.by_staff);
      return {
        overall: overall ? { ...toDurations(overall), unanswered: Number(overall.unanswered) } : { ...emptyDurations, unanswered: 0 },
        byDay: rows.filter((r) => r.by_day).map((r) => ({ day: r.day ?? '', ...toDurations(r), unanswered: Number(r.unanswered) })),
        byStaff: rows.filter((r) => r.by_staff && r.staff_id !== null).map((r) => ({ ...nameOf(names, Number(r.staff_id)), ...toDurations(r) })),
      };
    },

    async handoffs(w) {
      // A handoff is a history row that took the conversation out of someone's hands.
      const { rows } = await sql<{ n: number; conversations: number }>`
        with ${bounds(w)},
        per as (
          select (select count(*) from assignments a where a.conversation_id = c.id and a.previous_staff_id is not null)::int as n
          from convs c cross join bounds b
          where c.created_at >= b.lo and c.created_at < b.hi
        )
        select n, count(*)::int as conversations from per group by n order by n`.execute(db);
      const conversations = rows.reduce((s, r) => s + Number(r.conversations), 0);
      const handoffs = rows.reduce((s, r) => s + Number(r.n) * Number(r.conversations), 0);
      return {
        conversations,
        handoffs,
        mean: conversations === 0 ? null : handoffs / conversations,
        distribution: rows.map((r) => ({ handoffs: Number(r.n), conversations: Number(r.conversations) })),
      };
    },

    async replyAfterHandoff(w) {
      const { rows } = await sql<DurationRow & { by_kind: boolean; kind: HandoffKind | null; unanswered: number }>`
        with ${bounds(w)},
        h as (
          select a.conversation_id, a.assigned_at, case when a.staff_id is null then 'released' else 'taken_over' end as kind
          from convs c cross join bounds b cross join lateral (
            select a.* from assignments a
            where a.conversation_id = c.id and a.previous_staff_id is not null and a.assigned_at >= b.lo and a.assigned_at < b.hi
          ) a
        )
        select grouping(kind) = 0 as by_kind, kind, ${durations}, count(*) filter (where secs is null)::int as unanswered
        from (
          select h.kind, extract(epoch from r.created_at - h.assigned_at)::float8 as secs
          from h left join lateral (
            select x.created_at from messages x
            where x.conversation_id = h.conversation_id and x.sender_type = 'staff' and x.created_at >= h.assigned_at
            order by x.created_at, x.id limit 1
          ) r on true
        ) t
        group by grouping sets ((), (kind))
        order by kind`.execute(db);
      const overall = rows.find((r) => !r.by_kind);
      return {
        overall: overall ? { ...toDurations(overall), unanswered: Number(overall.unanswered) } : { ...emptyDurations, unanswered: 0 },
        byKind: rows.filter((r) => r.by_kind && r.kind !== null).map((r) => ({ kind: r.kind as HandoffKind, ...toDurations(r), unanswered: Number(r.unanswered) })),
      };
    },

    async orphaned(w) {
      // A clock-out releases in the transaction that logs it, at the same instant (domain/duty.ts):
      // a release whose previous handler clocked out at that very moment is an orphan.
      const { rows } = await sql<DurationRow & { g: string; staff_id: number | null; day: string | null; released: number; max: number | null }>`
        with ${bounds(w)}, ${releases},
        orphans as (
          select o.previous_staff_id as staff_id, to_char(o.assigned_at at time zone ${w.timeZone}, 'YYYY-MM-DD') as day,
                 extract(epoch from o.next_at - o.assigned_at)::float8 as secs
          from releases o cross join bounds b
          where o.staff_id is null and o.assigned_at >= b.lo and o.assigned_at < b.hi
            and exists (select 1 from duty_log d where d.staff_id = o.previous_staff_id and not d.on_duty and d.at = o.assigned_at)
        )
        select case when grouping(staff_id) = 0 then 'staff' when grouping(day) = 0 then 'day' else 'all' end as g,
               staff_id, day, count(*)::int as released, ${durations}, max(secs) as max
        from orphans
        group by grouping sets ((), (staff_id), (day))
        order by day, staff_id`.execute(db);
      const names = await staffNames(db, w.hotelId);
      const all = rows.find((r) => r.g === 'all');
      return {
        released: all ? Number(all.released) : 0,
        covered: all ? Number(all.count) : 0,
        wait: all ? { ...toDurations(all), max: num(all.max) } : { ...emptyDurations, max: null },
        byStaff: rows.filter((r) => r.g === 'staff' && r.staff_id !== null).map((r) => ({ ...nameOf(names, Number(r.staff_id)), released: Number(r.released), covered: Number(r.count) })),
        byDay: rows.filter((r) => r.g === 'day').map((r) => ({ day: r.day ?? '', released: Number(r.released), covered: Number(r.count), p50: num(r.p50) })),
      };
    },

    async shiftChanges(w) {
      // Running sums over one sorted stream of +1/-1 changes: at each clock-in or -out, how many
      // waits had started and not ended, and how many releases were not yet taken. At one instant
      // the changes come before the clock event, so a clock-out counts the releases it made.
      const { rows } = await sql<{ staff_id: number; on_duty: boolean; at: Date; waiting: number; needs_cover: number }>`
        with ${bounds(w)}, ${waits(false)}, ${releases},
        ev as (
          select d.id, d.staff_id, d.on_duty, d.at from duty_log d cross join bounds b
          where d.hotel_id = ${w.hotelId} and d.at >= b.lo and d.at < b.hi
        ),
        changes as (
          select started_at as t, 1 as dw, 0 as dc, 0 as k, null::bigint as ev from waits
          union all select least(replied_at, closed_at), -1, 0, 0, null from waits where coalesce(replied_at, closed_at) is not null
          union all select assigned_at, 0, 1, 0, null from releases where staff_id is null
          union all select least(next_at, closed_at), 0, -1, 0, null from releases where staff_id is null and coalesce(next_at, closed_at) is not null
          union all select at, 0, 0, 1, id from ev
        ),
        running as (
          select ev, sum(dw) over w as waiting, sum(dc) over w as needs_cover
          from changes window w as (order by t, k, ev rows unbounded preceding)
        )
        select e.staff_id, e.on_duty, e.at, r.waiting::int as waiting, r.needs_cover::int as needs_cover
        from running r join ev e on e.id = r.ev
        order by e.at, e.id`.execute(db);
      const names = await staffNames(db, w.hotelId);
      return rows.map((r) => ({ ...nameOf(names, Number(r.staff_id)), at: new Date(r.at), onDuty: r.on_duty, waiting: Number(r.waiting), needsCover: Number(r.needs_cover) }));
    },

    async staffLoad(w) {
      const { rows } = await sql<{ staff_id: number; messages: number; conversations: number; received: number; given: number; alerts: number }>`
        with ${bounds(w)},
        msgs as (
          select m.staff_id, count(*)::int as messages, count(distinct m.conversation_id)::int as conversations
          from messages m cross join bounds b
          where m.hotel_id = ${w.hotelId} and m.sender_type = 'staff' and m.created_at >= b.lo and m.created_at < b.hi
          group by m.staff_id
        ),
        asg as (
          select a.* from convs c cross join lateral (
            select a.staff_id, a.previous_staff_id, a.assigned_at, row_number() over (order by a.assigned_at, a.id) as rn
            from assignments a where a.conversation_id = c.id
          ) a
        ),
        recv as (
          select staff_id, count(*)::int as n from asg cross join bounds b
          where staff_id is not null and rn > 1 and assigned_at >= b.lo and assigned_at < b.hi group by staff_id
        ),
        gave as (
          select previous_staff_id as staff_id, count(*)::int as n from asg cross join bounds b
          where previous_staff_id is not null and assigned_at >= b.lo and assigned_at < b.hi group by previous_staff_id
        ),
        al as (
          select h.staff_id, count(*)::int as n
          from convs c cross join bounds b
          cross join lateral (select l.* from desk_alert_log l where l.conversation_id = c.id and l.at >= b.lo and l.at < b.hi) l
          cross join lateral (
            select a.staff_id from assignments a
            where a.conversation_id = l.conversation_id and a.assigned_at <= l.at
            order by a.assigned_at desc, a.id desc limit 1
          ) h
          where l.audience = 'handler' and h.staff_id is not null
          group by h.staff_id
        )
        select s.id as staff_id, coalesce(m.messages, 0) as messages, coalesce(m.conversations, 0) as conversations,
               coalesce(r.n, 0) as received, coalesce(g.n, 0) as given, coalesce(al.n, 0) as alerts
        from staff s
        left join msgs m on m.staff_id = s.id
        left join recv r on r.staff_id = s.id
        left join gave g on g.staff_id = s.id
        left join al on al.staff_id = s.id
        where s.hotel_id = ${w.hotelId}
        order by s.id`.execute(db);
      const { rows: alerts } = await sql<{ kind: string; audience: string; count: number }>`
        with ${bounds(w)}
        select l.kind, l.audience, count(*)::int as count
        from convs c cross join bounds b
        cross join lateral (select l.kind, l.audience from desk_alert_log l where l.conversation_id = c.id and l.at >= b.lo and l.at < b.hi) l
        group by l.kind, l.audience order by l.kind, l.audience`.execute(db);
      const names = await staffNames(db, w.hotelId);
      return {
        staff: rows.map((r) => {
          const n = names.get(Number(r.staff_id));
          return {
            ...nameOf(names, Number(r.staff_id)), role: n?.role ?? '', isActive: n?.isActive ?? false,
            conversations: Number(r.conversations), messages: Number(r.messages), handoffsReceived: Number(r.received), handoffsGiven: Number(r.given), alerts: Number(r.alerts),
          };
        }),
        alerts: alerts.map((a) => ({ kind: a.kind, audience: a.audience, count: Number(a.count) })),
      };
    },
  };
}
