// 3. fan-out: one event to N subscribers of one channel (N = 1,000 and 5,000), published through
// the Pusher HTTP API, against a bare `ws` broadcast of the same frames to the same number of
// sockets and against Soketi, all driven by the same client process at the same offered load.
import type { RequestTemplate } from '../clients/senders.js';
import type { BenchContext, ConciergeNode } from '../lib/context.js';
import { Histogram, type Summary } from '../lib/histogram.js';
import type { Child } from '../lib/ipc.js';
import type { ApiCredentials } from '../lib/pusher-api.js';
import { startSoketi } from '../lib/soketi.js';

const CHANNEL = 'private-bench-fanout';
const APP: ApiCredentials = { appId: 'app-id', key: 'app-key', secret: 'app-secret' };

export interface Target {
  name: string;
  wsUrl: string;
  mode: 'pusher' | 'raw';
  httpBase: string;
  /** Pusher HTTP API (signed) or the bare server's /broadcast. */
  pusher: boolean;
  pid: number;
  stop(): Promise<void>;
}

interface FanoutFigures {
  server: string;
  n: number;
  burst: { events: number; deliveries: number; expected: number; seconds: number; deliveriesPerSecond: number; serverCpuUsPerDelivery: number; cpu: Record<string, number>; latency: Summary };
  load: { rate: number; events: number; deliveries: number; expected: number; latency: Summary; cpu: Record<string, number> };
}

/** A payload the size and shape of a chat message event. */
function eventBody(): string {
  const data = JSON.stringify({
    id: 1, conversation: 1, room: 1, room_number: 101, sender_type: 'guest', staff: null, staff_name: null, staff_display_name: null,
    staff_role_name: null, staff_info: null, guest_name: 'Guest 101', message: '{{m}} Could someone bring two extra pillows to our room, please?',
    timestamp: '2026-01-01T12:00:00.000Z', status: 'delivered', read_by_staff: false, read_by_guest: false, staff_read_at: null,
    guest_read_at: null, delivered_at: '2026-01-01T12:00:00.000Z', client_message_id: null,
  });
  return JSON.stringify({ name: 'new-message', channel: CHANNEL, data });
}

function template(target: Target): RequestTemplate {
  return target.pusher
    ? { method: 'POST', path: '', body: eventBody(), tag: 'f', pusher: APP }
    : { method: 'POST', path: '/broadcast', body: eventBody(), tag: 'f' };
}

export function conciergeTarget(node: ConciergeNode): Target {
  return { name: 'Concierge', wsUrl: `ws://127.0.0.1:${node.port}/app/app-key?protocol=7&client=bench&version=8.4.0`, mode: 'pusher', httpBase: node.url, pusher: true, pid: node.child.pid, stop: async () => undefined };
}

export async function bareWsTarget(ctx: BenchContext, name: string): Promise<Target> {
  const child = await ctx.child(name, 'servers/raw-ws.ts');
  const { port } = await child.call<{ port: number }>('start');
  return { name: 'bare ws', wsUrl: `ws://127.0.0.1:${port}/`, mode: 'raw', httpBase: `http://127.0.0.1:${port}`, pusher: false, pid: child.pid, stop: () => ctx.stop(child) };
}

export async function soketiTarget(ctx: BenchContext, name: string): Promise<Target> {
  const s = await startSoketi(`${ctx.logDir}/${name}.log`);
  const stop = ctx.track(() => s.stop());
  return { name: 'Soketi', wsUrl: `ws://127.0.0.1:${s.port}/app/app-key?protocol=7&client=bench&version=8.4.0`, mode: 'pusher', httpBase: `http://127.0.0.1:${s.port}`, pusher: true, pid: s.pid, stop };
}

async function measure(ctx: BenchContext, target: Target, n: number, fleet: Child, senders: Child): Promise<FanoutFigures> {
  await ctx.connect(fleet, {
    url: target.wsUrl, mode: target.mode, key: APP.key, secret: APP.secret, concurrency: 100,
    sockets: Array.from({ length: n }, () => ({ subs: target.mode === 'raw' ? [] : [{ channel: CHANNEL, auth: 'local' as const }] })),
  });
  // Warm-up (JIT on both sides), discarded.
  const warm = await ctx.send(senders, { baseUrl: target.httpBase, mode: 'closed', workers: [[template(target)]], durationMs: 10_000, maxRequests: 20, okStatus: [200] });
  await ctx.drain([fleet], warm.ok * n, 1000, 20_000);
  await fleet.call('reset');
  // Burst: events back to back, eight in flight so the server never waits for the next one,
  // until the client or the server gives out.
  const events = Math.max(5, Math.ceil(ctx.sizes.fanoutDeliveries / n));
  const cpu = ctx.cpu({ server: target.pid, sockets: fleet, senders });
  cpu.begin();
  const burst = await ctx.send(senders, {
    baseUrl: target.httpBase, mode: 'closed', workers: Array.from({ length: 8 }, () => [template(target)]), durationMs: 60_000, maxRequests: events, keepLog: true, okStatus: [200],
  });
  const deliveredBurst = await ctx.drain([fleet], burst.ok * n, 3000, 60_000);
  const burstCpu = cpu.end();
  const burstSeconds = cpu.windowSeconds;
  const b = await ctx.report(fleet);
  if (burst.errors > 0) ctx.fail(`fan-out ${target.name} N=${n}: ${burst.errors} publishes failed (${burst.errorSamples.join('; ')})`);
  const start = Math.min(...burst.log.map((l) => l.t0));
  const seconds = (b.lastArrival - start) / 1000;
  const serverCpuSeconds = ((burstCpu.server ?? 0) / 100) * burstSeconds;

  // Fixed offered load, the same for every server: ~20,000 deliveries/s.
  await fleet.call('reset');
  const rate = ctx.quick ? 20 : Math.max(1, Math.round(20_000 / n));
  const loadCpu = ctx.cpu({ server: target.pid, sockets: fleet, senders });
  loadCpu.begin();
  const load = await ctx.send(senders, {
    baseUrl: target.httpBase, mode: 'open', rate, workers: [[template(target)]], durationMs: ctx.sizes.fanoutLoadMs, maxRequests: Math.ceil((rate * ctx.sizes.fanoutLoadMs) / 1000) + 5, maxInFlight: 64, okStatus: [200],
  });
  await ctx.drain([fleet], load.ok * n, 3000, 60_000);
  const loadCpuUse = loadCpu.end();
  const l = await ctx.report(fleet);
  if (load.errors > 0) ctx.fail(`fan-out ${target.name} N=${n}: ${load.errors} publishes failed under load`);
  await fleet.call('close', {}, 120_000);

  const figures: FanoutFigures = {
    server: target.name,
    n,
    burst: {
      events: burst.ok, deliveries: deliveredBurst, expected: burst.ok * n, seconds,
      deliveriesPerSecond: b.deliveries / seconds, serverCpuUsPerDelivery: (serverCpuSeconds * 1e6) / Math.max(1, b.deliveries), cpu: burstCpu,
      latency: Histogram.from(b.latency).summary(),
    },
    load: { rate, events: load.ok, deliveries: l.deliveries, expected: load.ok * n, latency: Histogram.from(l.latency).summary(), cpu: loadCpuUse },
  };
  for (const phase of [figures.burst, figures.load]) {
    if (phase.deliveries !== phase.expected) ctx.fail(`fan-out ${target.name} N=${n}: ${phase.expected - phase.deliveries} of ${phase.expected} deliveries lost`);
  }
  ctx.log(`  fan-out ${target.name} N=${n}: burst ${figures.burst.deliveriesPerSecond.toFixed(0)} deliveries/s (server ${figures.burst.serverCpuUsPerDelivery.toFixed(2)} µs CPU each; CPU % ${JSON.stringify(burstCpu)}) · at ${rate}/s p50 ${figures.load.latency.p50.toFixed(1)} p99 ${figures.load.latency.p99.toFixed(1)} ms`);
  return figures;
}

function clientBound(f: FanoutFigures): boolean {
  return (f.burst.cpu.sockets ?? 0) >= 90;
}

export async function runFanout(ctx: BenchContext, node: ConciergeNode): Promise<void> {
  const fleet = await ctx.fleet('fanout-sockets');
  const senders = await ctx.child('fanout-publisher', 'clients/senders.ts');
  const all: FanoutFigures[] = [];
  try {
    const makers: Array<[string, () => Promise<Target>]> = [
      ['bare ws', () => bareWsTarget(ctx, 'fanout-bare-ws')],
      ['Concierge', async () => conciergeTarget(node)],
    ];
    if (ctx.soketi.available) makers.push(['Soketi', () => soketiTarget(ctx, 'fanout-soketi')]);
    for (const [, make] of makers) {
      const target = await make();
      try {
        for (const n of ctx.sizes.fanoutN) {
          const run = (): Promise<FanoutFigures> => measure(ctx, target, n, fleet, senders);
          all.push(target.name === 'Concierge' && n === Math.max(...ctx.sizes.fanoutN) ? await ctx.profile(node, `fanout-${n}`, run) : await run());
        }
      } finally {
        await target.stop();
      }
    }
  } finally {
    ctx.details.fanout = all;
    await Promise.all([ctx.stop(fleet), ctx.stop(senders)]);
  }
  for (const n of ctx.sizes.fanoutN) {
    const of = (name: string): FanoutFigures | undefined => all.find((f) => f.n === n && f.server === name);
    const c = of('Concierge');
    if (c === undefined) continue;
    const ws = of('bare ws');
    const so = of('Soketi');
    const note = (f: FanoutFigures | undefined): string => (f === undefined ? '' : `${f.server} ${f.burst.serverCpuUsPerDelivery.toFixed(2)} µs CPU/delivery${clientBound(f) ? ', client-bound' : ''}`);
    const scenario = `3 fan-out N=${n}`;
    if (ws !== undefined) {
      const ratio = c.burst.deliveriesPerSecond / ws.burst.deliveriesPerSecond;
      ctx.rows.push({ scenario, measure: 'deliveries/s', value: c.burst.deliveriesPerSecond, unit: '/s', baseline: { name: 'bare ws', value: ws.burst.deliveriesPerSecond }, ratio, target: '≥ 0.80×', met: ratio >= 0.8, note: `${note(c)}; ${note(ws)}` });
    }
    if (so !== undefined) {
      const ratio = c.burst.deliveriesPerSecond / so.burst.deliveriesPerSecond;
      ctx.rows.push({ scenario, measure: 'deliveries/s', value: c.burst.deliveriesPerSecond, unit: '/s', baseline: { name: 'Soketi', value: so.burst.deliveriesPerSecond }, ratio, target: '≥ 1.00×', met: ratio >= 1, note: note(so) });
      ctx.rows.push({ scenario, measure: `p99 @${c.load.rate} events/s`, value: c.load.latency.p99, unit: 'ms', baseline: { name: 'Soketi', value: so.load.latency.p99 }, ratio: c.load.latency.p99 / so.load.latency.p99, target: '≤ Soketi', met: c.load.latency.p99 <= so.load.latency.p99, note: `p50 ${c.load.latency.p50.toFixed(1)} vs ${so.load.latency.p50.toFixed(1)} ms` });
    }
    if (ws !== undefined) {
      ctx.rows.push({ scenario, measure: `p99 @${c.load.rate} events/s`, value: c.load.latency.p99, unit: 'ms', baseline: { name: 'bare ws', value: ws.load.latency.p99 }, ratio: c.load.latency.p99 / ws.load.latency.p99 });
    }
  }
}
