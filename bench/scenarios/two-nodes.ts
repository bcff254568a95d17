// 6. two nodes: the deliver scenario with the senders on node A and every socket on node B,
// events crossing through Redis; against the single-node figure and a bare Redis
// publish → subscribe hop.
import { sleep } from '../lib/clock.js';
import type { BenchContext } from '../lib/context.js';
import { Histogram, type HistogramData } from '../lib/histogram.js';
import { runDelivery, type DeliveryResult } from './deliver.js';
import type { Fixture } from '../servers/fixture.js';

export async function runTwoNodes(ctx: BenchContext, fixture: Fixture, single: DeliveryResult | null): Promise<void> {
  const env = { REDIS_URL: ctx.redisUrl };
  const a = await ctx.concierge('node-a', env);
  const b = await ctx.concierge('node-b', env);
  const hop = await ctx.child('redis-hop', 'clients/redis-hop.ts');
  try {
    for (const node of [a, b]) {
      let redis = 'unknown';
      for (let i = 0; i < 50 && redis !== 'up'; i += 1) {
        redis = ((await (await fetch(`${node.url}/readyz`)).json()) as { redis?: string }).redis ?? 'unknown';
        if (redis !== 'up') await sleep(100);
      }
      if (redis !== 'up') throw new Error(`node ${node.url} reports redis ${redis}`);
    }
    const r = await ctx.profile(b, 'two-nodes-b', () => runDelivery(ctx, 'two-nodes', { ...a, fixture }, { ...b, fixture }, fixture));
    const raw = await hop.call<{ sent: number; received: number; latency: HistogramData }>('run', { url: ctx.redisUrl, count: ctx.sizes.hops, rate: ctx.sizes.deliverRate, payloadBytes: 900 });
    const hopLatency = Histogram.from(raw.latency).summary();
    if (raw.received !== raw.sent) ctx.fail(`redis hop baseline: ${raw.sent - raw.received} of ${raw.sent} lost`);
    ctx.details.twoNodes = { ...r, redisHop: hopLatency, singleNodeP99: single?.latency.p99 ?? null };
    ctx.log(`  bare redis hop: p50 ${hopLatency.p50.toFixed(2)} ms, p99 ${hopLatency.p99.toFixed(2)} ms`);
    const scenario = '6 two nodes via Redis';
    if (single !== null) {
      const limit = single.latency.p99 + 5;
      ctx.rows.push({ scenario, measure: `latency p99 @${ctx.sizes.deliverRate}/s`, value: r.latency.p99, unit: 'ms', baseline: { name: 'single node', value: single.latency.p99 }, target: '≤ single + 5 ms', met: r.latency.p99 <= limit, note: `p50 ${r.latency.p50.toFixed(1)} vs ${single.latency.p50.toFixed(1)} ms` });
      ctx.rows.push({ scenario, measure: 'latency p50 added by the hop', value: r.latency.p50 - single.latency.p50, unit: 'ms', baseline: { name: 'bare Redis hop p50', value: hopLatency.p50 } });
    } else {
      ctx.rows.push({ scenario, measure: `latency p99 @${ctx.sizes.deliverRate}/s`, value: r.latency.p99, unit: 'ms', note: 'single-node figure not measured in this run' });
    }
    ctx.rows.push({ scenario, measure: 'deliveries/s (lost)', value: r.deliveriesPerSecond, unit: '/s', target: 'zero loss', met: r.lost === 0 && r.duplicated === 0, note: `${r.lost} lost of ${r.expected}` });
  } finally {
    await Promise.all([ctx.stop(hop), ctx.stop(a.child), ctx.stop(b.child)]);
  }
}
