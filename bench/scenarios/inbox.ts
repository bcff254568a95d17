// 6. inbox: the front desk's queue on a hotel with 1,000 open conversations and a year of past
// stays. Staff load the inbox (every view — All, Waiting, Unassigned, needs cover — is one list
// sorted and filtered in the browser) and the unread badge; p50/p99 of each, and the plan of
// the inbox query in the details (EXPLAIN ANALYZE, for the note).
import pg from 'pg';
import type { BenchContext, ConciergeNode } from '../lib/context.js';
import { Histogram } from '../lib/histogram.js';

const WORKERS = 4;
const REQUESTS = 400;

export async function runInbox(ctx: BenchContext, node: ConciergeNode): Promise<void> {
  const fx = node.fixture;
  if (fx === undefined) throw new Error('the inbox scenario needs the fixture');
  const senders = await ctx.child('inbox-staff', 'clients/senders.ts');
  try {
    const staff = fx.staff.slice(0, WORKERS);
    for (const [path, name] of [[`/chat/${fx.hotel}/conversations/`, 'inbox list'], [`/chat/${fx.hotel}/conversations/unread-count/`, 'unread badge']] as const) {
      const perWorker = Math.max(10, Math.round(REQUESTS / WORKERS / (ctx.quick ? 10 : 1)));
      const run = await ctx.send(senders, {
        baseUrl: node.url, mode: 'closed', durationMs: 60_000, maxRequests: perWorker * staff.length, okStatus: [200],
        workers: staff.map((s) => Array.from({ length: perWorker }, () => ({ method: 'GET' as const, path, token: s.token, tag: 'inbox' }))),
      });
      if (run.errors > 0) ctx.fail(`inbox: ${run.errors} of ${run.requests} ${name} calls failed (${run.errorSamples.join('; ')})`);
      const latency = Histogram.from(run.latency).summary();
      const scenario = `6 inbox ${fx.rooms.length} open`;
      ctx.rows.push({ scenario, measure: `${name} p50`, value: latency.p50, unit: 'ms', note: `${WORKERS} staff at once` });
      ctx.rows.push({ scenario, measure: `${name} p99`, value: latency.p99, unit: 'ms', note: `${run.ok} requests` });
      ctx.log(`  inbox: ${name} p50 ${latency.p50.toFixed(1)} ms, p99 ${latency.p99.toFixed(1)} ms over ${run.ok} requests`);
      ctx.details[`inbox ${name}`] = { latency, requests: run.ok };
    }
    ctx.details.inboxPlan = await inboxPlan(ctx, fx.hotelId);
  } finally {
    await ctx.stop(senders);
  }
}

/** EXPLAIN ANALYZE of the inbox query as the server runs it, read from pg_stat_statements-free SQL. */
async function inboxPlan(ctx: BenchContext, hotelId: number): Promise<string[]> {
  const client = new pg.Client({ connectionString: ctx.databaseUrl, options: `-c search_path=${ctx.schema}` });
  await client.connect();
  try {
    // The same joins as conversation-repository listSummaries, for one viewer.
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers, costs off)
      select c.id, lm.id, u.n, w.since, la.reason, lr.read_at, me.last_read_message_id
      from conversations c
      join rooms r on r.id = c.room_id join stays s on s.id = c.stay_id
      left join lateral (select m.id, m.sender_type from messages m where m.conversation_id = c.id order by m.id desc limit 1) lm on true
      left join lateral (select count(*) as n from messages m where m.conversation_id = c.id and m.sender_type = 'guest' and not m.read_by_staff) u on true
      left join lateral (select min(g.created_at) as since from messages g where lm.sender_type = 'guest' and g.conversation_id = c.id and g.sender_type = 'guest'
        and g.id > coalesce((select max(a.id) from messages a where a.conversation_id = c.id and a.sender_type = 'staff'), 0)) w on true
      left join lateral (select a.reason from assignments a where a.conversation_id = c.id order by a.id desc limit 1) la on true
      left join lateral (select sr.read_at from staff_reads sr where sr.conversation_id = c.id order by sr.read_at desc limit 1) lr on true
      left join staff_reads me on me.conversation_id = c.id and me.staff_id = 1
      where c.hotel_id = $1 and c.status = 'open' order by c.last_activity_at desc, c.id desc`, [hotelId]);
    return rows.map((r) => r['QUERY PLAN']);
  } finally {
    await client.end();
  }
}
