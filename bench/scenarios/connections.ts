// 4. connections: 10,000 idle sockets on a fresh server (each subscribed to its own private
// channel on the Pusher servers, as a guest is to its room): server RSS per connection and CPU
// at idle, read from /proc the same way for Concierge, bare `ws` and Soketi.
import type { BenchContext } from '../lib/context.js';
import { sleep } from '../lib/clock.js';
import { cpuSeconds, rssBytes } from '../lib/proc.js';
import { bareWsTarget, conciergeTarget, soketiTarget, type Target } from './fanout.js';

interface IdleFigures {
  server: string;
  sockets: number;
  rssBefore: number;
  rssAfter: number;
  bytesPerConnection: number;
  idleCpuPercent: number;
  connectSeconds: number;
}

async function measure(ctx: BenchContext, target: Target): Promise<IdleFigures> {
  const n = ctx.sizes.idleSockets;
  const fleet = await ctx.fleet(`idle-sockets-${target.name.replace(/\W+/g, '-')}`);
  try {
    await sleep(ctx.quick ? 300 : 1000);
    const rssBefore = rssBytes(target.pid);
    const started = performance.now();
    await ctx.connect(fleet, {
      url: target.wsUrl, mode: target.mode, key: 'app-key', secret: 'app-secret', concurrency: 100,
      sockets: Array.from({ length: n }, (_, i) => ({ subs: target.mode === 'raw' ? [] : [{ channel: `private-bench-idle-${i}`, auth: 'local' as const }] })),
    });
    const connectSeconds = (performance.now() - started) / 1000;
    await sleep(ctx.quick ? 500 : 3000);
    const rssAfter = rssBytes(target.pid);
    const cpu0 = cpuSeconds(target.pid);
    const t0 = performance.now();
    await sleep(ctx.sizes.idleWindowMs);
    const idleCpuPercent = ((cpuSeconds(target.pid) - cpu0) / ((performance.now() - t0) / 1000)) * 100;
    const open = (await fleet.call<{ open: number }>('progress')).open;
    if (open !== n) ctx.fail(`connections ${target.name}: ${n - open} of ${n} idle sockets were dropped`);
    await fleet.call('close', {}, 120_000);
    const figures = { server: target.name, sockets: n, rssBefore, rssAfter, bytesPerConnection: (rssAfter - rssBefore) / n, idleCpuPercent, connectSeconds };
    ctx.log(`  idle ${target.name}: ${(figures.bytesPerConnection / 1024).toFixed(1)} KiB per connection, ${idleCpuPercent.toFixed(2)} % CPU at idle (RSS ${(rssBefore / 2 ** 20).toFixed(0)} → ${(rssAfter / 2 ** 20).toFixed(0)} MiB)`);
    return figures;
  } finally {
    await ctx.stop(fleet);
  }
}

export async function runConnections(ctx: BenchContext): Promise<void> {
  const all: IdleFigures[] = [];
  try {
    const makers: Array<() => Promise<Target>> = [
      () => bareWsTarget(ctx, 'idle-bare-ws'),
      async () => {
        // A fresh node, so the RSS it starts from holds no earlier scenario.
        const node = await ctx.concierge('idle-concierge');
        const t = conciergeTarget(node);
        return { ...t, stop: () => ctx.stop(node.child) };
      },
    ];
    if (ctx.soketi.available) makers.push(() => soketiTarget(ctx, 'idle-soketi'));
    for (const make of makers) {
      const target = await make();
      try {
        all.push(await measure(ctx, target));
      } finally {
        await target.stop();
      }
    }
  } finally {
    ctx.details.connections = all;
  }
  const c = all.find((f) => f.server === 'Concierge');
  const ws = all.find((f) => f.server === 'bare ws');
  const so = all.find((f) => f.server === 'Soketi');
  if (c === undefined) return;
  const scenario = `4 connections ${c.sockets}`;
  const kib = (b: number): number => b / 1024;
  if (ws !== undefined) {
    const ratio = c.bytesPerConnection / ws.bytesPerConnection;
    ctx.rows.push({ scenario, measure: 'RSS per connection', value: kib(c.bytesPerConnection), unit: 'KiB', baseline: { name: 'bare ws', value: kib(ws.bytesPerConnection) }, ratio, target: '≤ 2.0×', met: ratio <= 2 });
  }
  if (so !== undefined) {
    ctx.rows.push({ scenario, measure: 'RSS per connection', value: kib(c.bytesPerConnection), unit: 'KiB', baseline: { name: 'Soketi', value: kib(so.bytesPerConnection) }, ratio: c.bytesPerConnection / so.bytesPerConnection });
  }
  ctx.rows.push({
    scenario, measure: 'CPU at idle', value: c.idleCpuPercent, unit: '%',
    ...(so !== undefined ? { baseline: { name: 'Soketi', value: so.idleCpuPercent } } : ws !== undefined ? { baseline: { name: 'bare ws', value: ws.idleCpuPercent } } : {}),
    note: ws === undefined ? '' : `bare ws ${ws.idleCpuPercent.toFixed(2)} %`,
  });
}
