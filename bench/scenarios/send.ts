// 1. send: staff and guest `messages/send` over HTTP at 1, 8 and 32 closed-loop senders across
// many conversations, against the same INSERT + UPDATE straight through `pg` and a bare
// Fastify route at the same concurrency.
import type { RequestTemplate, RunReport } from '../clients/senders.js';
import { Histogram, type HistogramData } from '../lib/histogram.js';
import type { LoopReport } from '../lib/closed-loop.js';
import type { BenchContext, ConciergeNode } from '../lib/context.js';

const TEXT = 'Good evening, could we get two extra towels and a late checkout tomorrow, please?';

/** Each worker its own conversations, so senders contend for the machine, not for row locks. */
export function sendTemplates(node: ConciergeNode, workers: number, rooms: number): RequestTemplate[][] {
  const fx = node.fixture;
  if (fx === undefined) throw new Error('the send scenario needs the bench fixture');
  const lists: RequestTemplate[][] = Array.from({ length: workers }, () => []);
  fx.rooms.slice(0, rooms).forEach((room, i) => {
    const path = `/chat/${fx.hotel}/conversations/${room.conversationId}/messages/send/`;
    const body = `{"message":"{{m}} ${TEXT}","client_message_id":"{{m}}"}`;
    const list = lists[i % workers];
    const handler = fx.staff[room.handler];
    if (list === undefined || handler === undefined) return;
    list.push({ method: 'POST', path, token: room.guestToken, body, tag: `g${room.number}` });
    list.push({ method: 'POST', path, token: handler.token, body, tag: `s${room.number}` });
  });
  return lists;
}

function throughput(ok: number, elapsedMs: number): number {
  return ok / (elapsedMs / 1000);
}

function figures(count: number, elapsedMs: number, latency: HistogramData, cpu: Record<string, number>) {
  return { rate: throughput(count, elapsedMs), ...Histogram.from(latency).summary(), cpu };
}

export async function runSend(ctx: BenchContext, node: ConciergeNode): Promise<void> {
  const fx = node.fixture;
  if (fx === undefined) throw new Error('the send scenario needs the bench fixture');
  const rooms = Math.min(200, fx.rooms.length);
  const senders = await ctx.child('send-senders', 'clients/senders.ts');
  const pgRaw = await ctx.child('send-pg-raw', 'clients/pg-raw.ts');
  const fastify = await ctx.child('send-bare-fastify', 'servers/raw-fastify.ts');
  // Full runs also split the gap: the domain command without HTTP.
  const domain = ctx.quick ? null : await ctx.child('send-domain-only', 'clients/domain-send.ts');
  const { port: fastifyPort } = await fastify.call<{ port: number }>('start');
  const levels: unknown[] = [];
  try {
    // Warm-up of each target (JIT, connection pools), discarded.
    const warm = { durationMs: ctx.sizes.warmMs, okStatus: [201], mode: 'closed' as const, workers: sendTemplates(node, 8, rooms), maxRequests: 100_000 };
    await pgRaw.call('run', { databaseUrl: ctx.databaseUrl, schema: ctx.schema, concurrency: 8, durationMs: ctx.sizes.warmMs, maxTransactions: 100_000, conversations: fx.rooms.slice(0, rooms).map((r) => ({ id: r.conversationId, hotelId: fx.hotelId })) });
    await ctx.send(senders, { ...warm, baseUrl: `http://127.0.0.1:${fastifyPort}` });
    await ctx.send(senders, { ...warm, baseUrl: node.url });
    for (const concurrency of ctx.sizes.sendLevels) {
      const durationMs = ctx.sizes.sendMs;
      const templates = sendTemplates(node, concurrency, rooms);

      const pgCpu = ctx.cpu({ client: pgRaw });
      pgCpu.begin();
      const raw = await pgRaw.call<LoopReport>('run', {
        databaseUrl: ctx.databaseUrl, schema: ctx.schema, concurrency, durationMs, maxTransactions: 1_000_000,
        conversations: fx.rooms.slice(0, rooms).map((r) => ({ id: r.conversationId, hotelId: fx.hotelId })),
      }, durationMs + 60_000);
      const pgCpuUse = pgCpu.end();
      if (raw.errors > 0) throw new Error(`raw pg baseline failed: ${raw.errorSamples.join('; ')}`);

      const fCpu = ctx.cpu({ server: fastify, client: senders });
      fCpu.begin();
      const bare = await ctx.send(senders, {
        baseUrl: `http://127.0.0.1:${fastifyPort}`, mode: 'closed', workers: templates, durationMs, maxRequests: 2_000_000, okStatus: [201],
      });
      const fCpuUse = fCpu.end();
      if (bare.errors > 0) throw new Error(`bare Fastify baseline failed: ${bare.errorSamples.join('; ')}`);

      const cCpu = ctx.cpu({ server: node.child, client: senders });
      const run = (): Promise<RunReport> => {
        cCpu.begin();
        return ctx.send(senders, { baseUrl: node.url, mode: 'closed', workers: templates, durationMs, maxRequests: 1_000_000, okStatus: [201] });
      };
      const c = concurrency === Math.max(...ctx.sizes.sendLevels) ? await ctx.profile(node, `send-${concurrency}`, run) : await run();
      const cCpuUse = cCpu.end();
      if (c.errors > 0) ctx.fail(`send @${concurrency}: ${c.errors} of ${c.requests} requests failed (${c.errorSamples.join('; ')})`);

      let split: { domainOnly: ReturnType<typeof figures> } | null = null;
      if (domain !== null) {
        const convs = fx.rooms.slice(0, rooms).map((r) => ({ id: r.conversationId, hotelId: fx.hotelId, guestToken: r.guestToken }));
        const dCpu = ctx.cpu({ client: domain });
        dCpu.begin();
        const d = await domain.call<LoopReport>('run', { databaseUrl: ctx.databaseUrl, schema: ctx.schema, hotel: fx.hotel, concurrency, durationMs, maxMessages: 1_000_000, conversations: convs }, durationMs + 60_000);
        const dCpuUse = dCpu.end();
        if (d.errors > 0) throw new Error(`send split failed: ${d.errorSamples.join('; ')}`);
        split = { domainOnly: figures(d.transactions, d.elapsedMs, d.latency, dCpuUse) };
      }

      const concierge = { rate: throughput(c.ok, c.elapsedMs), ...Histogram.from(c.latency).summary(), requests: c.requests, errors: c.errors, cpu: cCpuUse };
      const rawPg = { rate: throughput(raw.transactions, raw.elapsedMs), ...Histogram.from(raw.latency).summary(), cpu: pgCpuUse };
      const bareFastify = { rate: throughput(bare.ok, bare.elapsedMs), ...Histogram.from(bare.latency).summary(), cpu: fCpuUse };
      levels.push({ concurrency, durationMs, concierge, rawPg, bareFastify, ...split });
      ctx.log(`  send @${concurrency}: Concierge ${concierge.rate.toFixed(0)}/s p99 ${concierge.p99.toFixed(1)} ms · raw pg ${rawPg.rate.toFixed(0)}/s · bare Fastify ${bareFastify.rate.toFixed(0)}/s · CPU % ${JSON.stringify(cCpuUse)}`);

      const isTarget = concurrency === 32;
      const ratio = concierge.rate / rawPg.rate;
      ctx.rows.push({
        scenario: `1 send @${concurrency}`, measure: 'messages/s', value: concierge.rate, unit: '/s',
        baseline: { name: 'raw pg INSERT+UPDATE', value: rawPg.rate }, ratio,
        ...(isTarget && { target: '≥ 0.60×', met: ratio >= 0.6 }),
      });
      ctx.rows.push({
        scenario: `1 send @${concurrency}`, measure: 'messages/s vs HTTP', value: concierge.rate, unit: '/s',
        baseline: { name: 'bare Fastify route', value: bareFastify.rate }, ratio: concierge.rate / bareFastify.rate,
      });
      if (split !== null && isTarget) {
        ctx.rows.push({
          scenario: `1 send @${concurrency}`, measure: 'same, domain + db only (no HTTP)', value: split.domainOnly.rate, unit: '/s',
          baseline: { name: 'raw pg INSERT+UPDATE', value: rawPg.rate }, ratio: split.domainOnly.rate / rawPg.rate, note: 'what HTTP costs',
        });
      }
      ctx.rows.push({
        scenario: `1 send @${concurrency}`, measure: 'latency p50 / p99', value: concierge.p99, unit: 'ms',
        baseline: { name: 'raw pg p99', value: rawPg.p99 }, note: `p50 ${concierge.p50.toFixed(1)} ms`,
      });
    }
  } finally {
    ctx.details.send = { conversations: rooms, levels };
    await Promise.all([ctx.stop(senders), ctx.stop(pgRaw), ctx.stop(fastify), ...(domain === null ? [] : [ctx.stop(domain)])]);
  }
}
