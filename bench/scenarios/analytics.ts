// 8. analytics: the handoff reports (docs/analytics.md) over a year of history. 50 hotels × 365
// days of stays, conversations, messages, handoffs (takeovers, releases, clock-out orphans),
// alerts and a duty log are generated in SQL (generate_series), then each report is timed for
// one hotel over a 30-day and a 365-day window: p50/p99 per report, the whole JSON endpoint as a
// manager sees it, and the EXPLAIN ANALYZE plan of each report's statement in the details.
import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely';
import pg from 'pg';
import { analyticsRepository } from '../../src/db/repositories/analytics-repository.js';
import type { DB } from '../../src/db/schema.js';
import type { AnalyticsRepository, AnalyticsWindow } from '../../src/domain/analytics-ports.js';
import { hashToken, newStaffToken } from '../../src/domain/actor.js';
import type { BenchContext, ConciergeNode } from '../lib/context.js';
import { Histogram } from '../lib/histogram.js';

const FULL = { hotels: 50, days: 365, perDay: 12, staff: 8, rooms: 40, runs365: 15, runs30: 30 };
const QUICK = { hotels: 4, days: 60, perDay: 6, staff: 6, rooms: 20, runs365: 3, runs30: 5 };
type Size = typeof FULL;

const REPORTS: Array<keyof AnalyticsRepository> = ['firstResponse', 'handoffs', 'replyAfterHandoff', 'orphaned', 'shiftChanges', 'staffLoad'];
const END = '2026-11-30';

/** The history, in set-based statements: the year ends at END (UTC midnight). */
function generate(size: Size): string[] {
  const { hotels, days, perDay, staff, rooms } = size;
  const start = `(date '${END}' - ${days})::timestamptz`;
  return [
    `insert into hotels (slug, name, time_zone) select 'analytics-' || h, 'Analytics ' || h, case when h % 2 = 0 then 'Europe/Berlin' else 'UTC' end from generate_series(1, ${hotels}) h`,
    `insert into staff (hotel_id, username, password_hash, first_name, last_name, role, is_manager)
       select ho.id, ho.slug || '-s' || k, 'bench-only', 'Staff', 'No ' || k, 'Receptionist', k = 1
       from hotels ho cross join generate_series(1, ${staff}) k where ho.slug like 'analytics-%' order by ho.id, k`,
    `insert into rooms (hotel_id, number) select ho.id, r from hotels ho cross join generate_series(1, ${rooms}) r where ho.slug like 'analytics-%' order by ho.id, r`,
    // One stay and one conversation per (hotel, day, k), checked out two days later.
    // Each hotel's first staff and room id, looked up once per hotel (not once per generated row).
    `create temp table gen_convs as
       with ho as materialized (
         select h.id, (select min(s.id) from staff s where s.hotel_id = h.id) as staff0, (select min(r.id) from rooms r where r.hotel_id = h.id) as room0
         from hotels h where h.slug like 'analytics-%'
       )
       select ho.id as hotel_id, d, k, ${start} + d * interval '1 day' + (6 + (k * 7919 + d * 104729) % 16) * interval '1 hour' as at, ho.staff0, ho.room0
       from ho cross join generate_series(0, ${days - 1}) d cross join generate_series(1, ${perDay}) k`,
    'analyze gen_convs',
    `insert into stays (hotel_id, room_id, guest_name, pin_hash, checked_in_at, checked_out_at)
       select hotel_id, room0 + (d * ${perDay} + k) % ${rooms}, 'gen:' || hotel_id || ':' || d || ':' || k, 'bench-only', at, at + interval '2 days' from gen_convs`,
    `insert into conversations (hotel_id, room_id, stay_id, status, created_at, last_activity_at, closed_at)
       select s.hotel_id, s.room_id, s.id, 'closed', s.checked_in_at, s.checked_out_at, s.checked_out_at from stays s where s.guest_name like 'gen:%'`,
    // Per conversation: A answers first, B takes over half of them, a third of those are
    // released at B's clock-out and C covers them.
    `create temp table gen_plan as
       select c.id, c.hotel_id, c.created_at as at, g.staff0,
              g.staff0 + (c.id % ${staff}) as a, g.staff0 + ((c.id / 7) % ${staff}) as b, g.staff0 + ((c.id / 13) % ${staff}) as c,
              (c.id % 2 = 0) as takeover, (c.id % 6 = 0) as orphan,
              (c.id * 37 % 25 + 1) * interval '1 minute' as wait1, (c.id * 53 % 40 + 1) * interval '1 minute' as wait2,
              (c.id * 11 % 90 + 5) * interval '1 minute' as cover
       from conversations c join stays s on s.id = c.stay_id join gen_convs g on s.guest_name = 'gen:' || g.hotel_id || ':' || g.d || ':' || g.k`,
    'analyze gen_plan',
    `insert into messages (conversation_id, hotel_id, sender_type, staff_id, body, created_at, read_by_staff, read_by_guest)
       select p.id, p.hotel_id, m.sender, m.staff, 'generated', m.at, true, true from gen_plan p cross join lateral (values
         ('guest', null::int, p.at + interval '10 minutes'),
         ('guest', null, p.at + interval '12 minutes'),
         ('staff', p.a, p.at + interval '10 minutes' + p.wait1),
         ('guest', null, p.at + interval '4 hours'),
         ('staff', case when p.takeover then p.b else p.a end, p.at + interval '4 hours' + p.wait2),
         ('guest', null, p.at + interval '1 day'),
         ('staff', case when p.orphan then p.c when p.takeover then p.b else p.a end, p.at + interval '1 day' + p.wait1 + p.cover)
       ) as m(sender, staff, at) order by m.at`,
    `insert into assignments (conversation_id, staff_id, previous_staff_id, reason, note, assigned_at)
       select p.id, x.staff, x.prev, x.reason, x.note, x.at from gen_plan p cross join lateral (values
         (p.a, null::int, 'replied', null::text, p.at + interval '10 minutes' + p.wait1, true),
         (p.b, p.a, 'replied', null, p.at + interval '4 hours' + p.wait2, p.takeover and p.a <> p.b),
         (null, p.b, 'released', 'end of shift', p.at + interval '5 hours', p.takeover and p.a <> p.b and p.orphan),
         (p.c, null, 'opened', null, p.at + interval '5 hours' + p.cover, p.takeover and p.a <> p.b and p.orphan)
       ) as x(staff, prev, reason, note, at, keep) where x.keep order by x.at`,
    // Shifts: each staff member clocks in and out once a day; orphans' clock-outs at their instant.
    `insert into duty_log (hotel_id, staff_id, on_duty, at)
       select s.hotel_id, s.id, e.on_duty, ${start} + d * interval '1 day' + ((s.id % 3) * 8 + 7) * interval '1 hour' + e.off
       from staff s join hotels ho on ho.id = s.hotel_id and ho.slug like 'analytics-%'
       cross join generate_series(0, ${days - 1}) d cross join (values (true, interval '0'), (false, interval '8 hours')) e(on_duty, off)`,
    `insert into duty_log (hotel_id, staff_id, on_duty, at)
       select p.hotel_id, p.b, false, p.at + interval '5 hours' from gen_plan p where p.takeover and p.a <> p.b and p.orphan`,
    `insert into desk_alert_log (conversation_id, kind, audience, waited_seconds, at)
       select p.id, 'reply', 'handler', 600, p.at + interval '20 minutes' from gen_plan p where p.wait1 > interval '10 minutes'`,
    `drop table gen_convs`,
    `drop table gen_plan`,
    // As autovacuum would have by now: statistics, and the visibility map for index-only scans.
    'vacuum (analyze) conversations, stays, messages, assignments, duty_log, desk_alert_log, staff',
  ];
}

export async function runAnalytics(ctx: BenchContext, node: ConciergeNode): Promise<void> {
  const size = ctx.quick ? QUICK : FULL;
  const scenario = `8 analytics ${size.hotels} hotels × ${size.days} days`;
  const client = new pg.Client({ connectionString: ctx.databaseUrl, options: `-c search_path=${ctx.schema}` });
  await client.connect();
  const captured: CompiledQuery[] = [];
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: ctx.databaseUrl, options: `-c search_path=${ctx.schema}`, max: 1 }) }),
    log: (e) => {
      if (e.level === 'query' && e.query.sql.includes('bounds as')) captured.push(e.query);
    },
  });
  try {
    let t = performance.now();
    for (const statement of generate(size)) await client.query(statement);
    const counts = (await client.query<Record<string, string>>(`select
      (select count(*) from conversations) as conversations, (select count(*) from messages) as messages,
      (select count(*) from assignments) as assignments, (select count(*) from duty_log) as duty_log, (select count(*) from desk_alert_log) as alerts`)).rows[0]!;
    const generatedS = (performance.now() - t) / 1000;
    ctx.log(`  analytics: generated ${Object.entries(counts).map(([k, v]) => `${Number(v).toLocaleString('en')} ${k}`).join(', ')} in ${generatedS.toFixed(1)} s`);
    ctx.rows.push({ scenario, measure: 'generate history', value: Math.round(generatedS * 10) / 10, unit: 's', note: `${Number(counts.messages).toLocaleString('en')} messages` });
    ctx.details.analyticsData = { size, counts, generatedSeconds: generatedS };

    // A manager of one hotel with a sign-in token, for the endpoint as a browser calls it.
    const hotel = (await client.query<{ id: number; slug: string; time_zone: string }>(`select id, slug, time_zone from hotels where slug = 'analytics-2'`)).rows[0]!;
    const token = newStaffToken();
    await client.query(`insert into staff_tokens (token_hash, staff_id, expires_at)
      select $1, min(id), now() + interval '1 day' from staff where hotel_id = $2`, [hashToken(token), hotel.id]);

    const repo = analyticsRepository(db);
    const plans: Record<string, string[]> = {};
    for (const days of [30, 365]) {
      const from = new Date(Date.parse(`${END}T00:00:00Z`) - (days - 1) * 86_400_000).toISOString().slice(0, 10);
      const w: AnalyticsWindow = { hotelId: hotel.id, from, to: END, timeZone: hotel.time_zone };
      const runs = days === 30 ? size.runs30 : size.runs365;
      for (const report of REPORTS) {
        await repo[report](w); // warm: plans cached, pages in memory
        const h = new Histogram();
        for (let i = 0; i < runs; i += 1) {
          t = performance.now();
          await repo[report](w);
          h.record(performance.now() - t);
        }
        const s = h.summary();
        ctx.rows.push({ scenario, measure: `${report} ${days} d p50`, value: s.p50, unit: 'ms' });
        ctx.rows.push({ scenario, measure: `${report} ${days} d p99`, value: s.p99, unit: 'ms', note: `${runs} runs` });
        ctx.log(`  analytics ${days} d: ${report} p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms`);
        ctx.details[`analytics ${report} ${days}d`] = s;
        if (days === 365) {
          captured.length = 0;
          await repo[report](w);
          plans[report] = await explain(client, captured);
        }
      }
      const h = new Histogram();
      const refused: number[] = [];
      for (let i = 0; i < Math.max(3, Math.round(runs / 2)); i += 1) {
        t = performance.now();
        const r = await fetch(`${node.url}/admin/${hotel.slug}/analytics/?from=${from}&to=${END}`, { headers: { authorization: `Bearer ${token}` } });
        await r.text();
        if (r.status !== 200) refused.push(r.status);
        h.record(performance.now() - t);
      }
      if (refused.length > 0) ctx.fail(`analytics: GET over ${days} days answered ${refused.join(', ')}`);
      const s = h.summary();
      ctx.rows.push({ scenario, measure: `GET all reports ${days} d p50`, value: s.p50, unit: 'ms', note: 'HTTP, as a manager' });
      ctx.rows.push({ scenario, measure: `GET all reports ${days} d p99`, value: s.p99, unit: 'ms' });
      ctx.log(`  analytics ${days} d: GET all reports p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms`);
    }
    ctx.details.analyticsPlans365 = plans;
  } finally {
    await db.destroy();
    await client.end();
  }
}

/** EXPLAIN ANALYZE of each captured statement, with its parameters. */
async function explain(client: pg.Client, queries: readonly CompiledQuery[]): Promise<string[]> {
  const out: string[] = [];
  for (const q of queries) {
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers, costs off) ${q.sql}`, [...q.parameters]);
    out.push(...rows.map((r) => r['QUERY PLAN']), '');
  }
  return out;
}
