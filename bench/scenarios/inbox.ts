// 6. inbox: the front desk's queue on a hotel with 1,000 open conversations and a year of past
// stays. Staff load the inbox (every view — All, Waiting, Unassigned, needs cover — is one list
// sorted and filtered in the browser) and the unread badge; p50/p99 of each, and the plan of
// the inbox query in the details (EXPLAIN ANALYZE, for the note).
import { Kysely, PostgresDialect, sql, type RawBuilder } from 'kysely';
import pg from 'pg';
import type { DB } from '../../src/db/schema.js';
import { inboxQuery } from '../../src/db/repositories/conversation-repository.js';
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

/**
 * EXPLAIN ANALYZE of the inbox query exactly as the server runs it (the repository's own
 * inboxQuery), and beside it the baseline it replaced: counting each room's unread messages and
 * its wait from the messages table (what the inbox did before migration 005), on the same data.
 */
async function inboxPlan(ctx: BenchContext, hotelId: number): Promise<{ plan: string[]; baseline: string[]; summary: string }> {
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: ctx.databaseUrl, options: `-c search_path=${ctx.schema}`, max: 1 }) }),
  });
  try {
    const explain = async (query: RawBuilder<unknown>): Promise<string[]> =>
      (await sql<{ 'QUERY PLAN': string }>`explain (analyze, buffers, costs off) ${query}`.execute(db)).rows.map((r) => r['QUERY PLAN']);
    const plan = await explain(inboxQuery(hotelId, undefined, 1));
    const baseline = await explain(sql`
      select c.id, u.n, w.since
      from conversations c
      left join lateral (select m.sender_type from messages m where m.conversation_id = c.id order by m.id desc limit 1) lm on true
      left join lateral (select count(*) as n from messages m where m.conversation_id = c.id and m.sender_type = 'guest' and not m.read_by_staff) u on true
      left join lateral (select min(g.created_at) as since from messages g where lm.sender_type = 'guest' and g.conversation_id = c.id and g.sender_type = 'guest'
        and g.id > coalesce((select max(a.id) from messages a where a.conversation_id = c.id and a.sender_type = 'staff'), 0)) w on true
      where c.hotel_id = ${hotelId} and c.status = 'open'`);
    const figures = (lines: string[]) => {
      const time = lines.find((l) => l.startsWith('Execution Time'))?.replace('Execution Time: ', '') ?? '?';
      const buffers = /shared hit=(\d+)/.exec(lines.find((l) => l.includes('Buffers')) ?? '')?.[1] ?? '?';
      return `${time}, ${buffers} buffers`;
    };
    const summary = `inbox query ${figures(plan)}; the per-room counts it replaced, alone: ${figures(baseline)}`;
    ctx.log(`  inbox plan: ${summary}`);
    return { plan, baseline, summary };
  } finally {
    await db.destroy();
  }
}
