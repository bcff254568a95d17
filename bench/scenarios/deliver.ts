// 2. deliver: 1,000 guest sockets and 20 staff sockets, subscribed as the web apps do (through
// /pusher/auth/), and a steady 200 messages/s over HTTP: POST-to-delivery latency on the
// receiving sockets, deliveries/s, and every expected delivery accounted for.
// 6. two nodes reuses it with the senders on node A and the sockets on node B.
import type { RequestTemplate } from '../clients/senders.js';
import type { SubSpec } from '../clients/sockets.js';
import { Histogram, type Summary } from '../lib/histogram.js';
import type { BenchContext, ConciergeNode } from '../lib/context.js';
import type { Fixture } from '../servers/fixture.js';

export interface DeliveryResult {
  sent: number;
  rate: number;
  expected: number;
  received: number;
  lost: number;
  duplicated: number;
  deliveriesPerSecond: number;
  latency: Summary;
  sendLatency: Summary;
  cpu: Record<string, number>;
  skipped: number;
  /** Event-loop delay (ms) of the node with the sockets, the node taking the sends, the socket process. */
  loopDelay: { socketNode: { p99: number; max: number }; sendNode: { p99: number; max: number }; sockets: { p99: number; max: number } };
  slowest: Array<[number, number]>;
}

const TEXT = 'Hi, the air conditioning in our room is making a noise, could someone take a look?';

function wsUrl(node: ConciergeNode): string {
  return `ws://127.0.0.1:${node.port}/app/app-key?protocol=7&client=bench&version=8.4.0`;
}

/** What each web app subscribes to: guests their room; staff presence, inbox, own channel, and the open conversation. */
function socketsFor(fx: Fixture, guests: number): Array<{ subs: SubSpec[] }> {
  const h = fx.hotel;
  const sockets: Array<{ subs: SubSpec[] }> = fx.rooms.slice(0, guests).map((room) => ({
    subs: [{ channel: `private-${h}-room-${room.number}-chat`, auth: 'http', token: room.guestToken }],
  }));
  fx.staff.forEach((staff, j) => {
    const open = fx.rooms[j];
    const subs: SubSpec[] = [
      { channel: `presence-${h}-staff`, auth: 'http', token: staff.token },
      { channel: `private-${h}-staff-inbox`, auth: 'http', token: staff.token },
      { channel: `private-${h}-staff-${staff.id}-chat`, auth: 'http', token: staff.token },
    ];
    if (open !== undefined) {
      subs.push({ channel: `private-${h}-conversation-${open.conversationId}-chat`, auth: 'http', token: staff.token });
      subs.push({ channel: `private-${h}-room-${open.number}-chat`, auth: 'http', token: staff.token });
    }
    sockets.push({ subs });
  });
  return sockets;
}

/** How many sockets of the fleet subscribe to each channel. */
function subscribers(sockets: Array<{ subs: SubSpec[] }>): Map<string, number> {
  const count = new Map<string, number>();
  for (const socket of sockets) for (const sub of socket.subs) count.set(sub.channel, (count.get(sub.channel) ?? 0) + 1);
  return count;
}

export async function runDelivery(ctx: BenchContext, label: string, sendNode: ConciergeNode, socketNode: ConciergeNode, fx: Fixture): Promise<DeliveryResult> {
  const guests = Math.min(ctx.sizes.rooms, fx.rooms.length);
  const fleet = await ctx.fleet(`${label}-sockets`);
  const senders = await ctx.child(`${label}-senders`, 'clients/senders.ts');
  try {
    const sockets = socketsFor(fx, guests);
    const subscribed = subscribers(sockets);
    await ctx.connect(fleet, { url: wsUrl(socketNode), mode: 'pusher', sockets, key: 'app-key', secret: 'app-secret', authUrl: `${socketNode.url}/pusher/auth/`, concurrency: 50 });

    // Three guest messages for each staff reply, rooms taken in turn.
    const list: RequestTemplate[] = fx.rooms.slice(0, guests).map((room, i) => {
      const path = `/chat/${fx.hotel}/conversations/${room.conversationId}/messages/send/`;
      const body = `{"message":"{{m}} ${TEXT}","client_message_id":"{{m}}"}`;
      const staff = fx.staff[room.handler];
      const fromStaff = i % 4 === 3 && staff !== undefined;
      return { method: 'POST', path, token: fromStaff ? staff.token : room.guestToken, body, tag: `${fromStaff ? 's' : 'g'}${i}` };
    });
    const rate = ctx.sizes.deliverRate;
    const spec = (durationMs: number) => ({
      baseUrl: sendNode.url, mode: 'open' as const, rate, workers: [list], durationMs, maxRequests: Math.ceil((rate * durationMs) / 1000) + 10,
      maxInFlight: 256, keepLog: true, capture: '"message":\\{"id":(\\d+)', okStatus: [201],
    });
    // Warm-up at the same rate (JIT, pools, caches), then presence and warm-up deliveries pass.
    await ctx.send(senders, spec(ctx.sizes.warmMs));
    await ctx.drain([fleet], Number.POSITIVE_INFINITY, 1000, 10_000);
    await fleet.call('reset');
    await sendNode.child.call('recordEvents');

    const cpu = ctx.cpu(sendNode === socketNode ? { server: sendNode.child, sockets: fleet, senders } : { sendNode: sendNode.child, socketNode: socketNode.child, sockets: fleet, senders });
    cpu.begin();
    const run = await ctx.send(senders, spec(ctx.sizes.deliverMs));
    if (run.errors > 0) ctx.fail(`${label}: ${run.errors} of ${run.requests} sends failed (${run.errorSamples.join('; ')})`);

    // What should arrive: every published event carrying a bench key, once per subscribed socket.
    const published = await sendNode.child.call<Array<{ channel: string; name: string; key: string | null }>>('events');
    const expected = new Map<string, number>();
    for (const e of published) {
      if (e.key === null) continue;
      expected.set(e.key, (expected.get(e.key) ?? 0) + (subscribed.get(e.channel) ?? 0));
    }
    const expectedTotal = [...expected.values()].reduce((a, b) => a + b, 0);
    let unpublished = 0;
    for (const entry of run.log) if (entry.status === 201 && !expected.has(entry.key)) unpublished += 1;
    if (unpublished > 0) ctx.fail(`${label}: ${unpublished} stored messages published no event`);
    await ctx.drain([fleet], expectedTotal, 2000, 15_000);
    const cpuUse = cpu.end();
    const report = await ctx.report(fleet);
    const serverLoop = await socketNode.child.call<{ p99: number; max: number }>('loopDelay');
    const senderLoop = sendNode === socketNode ? serverLoop : await sendNode.child.call<{ p99: number; max: number }>('loopDelay');

    let lost = 0;
    let duplicated = 0;
    let received = 0;
    const strays: string[] = [];
    for (const [key, want] of expected) {
      const got = report.counts[key] ?? 0;
      received += Math.min(got, want);
      if (got < want) lost += want - got;
      if (got > want) {
        duplicated += got - want;
        if (strays.length < 5) strays.push(`${key}: ${got} for ${want}`);
      }
    }
    for (const [key, got] of Object.entries(report.counts)) {
      if (expected.has(key)) continue;
      duplicated += got;
      if (strays.length < 5) strays.push(`${key}×${got}`);
    }
    if (report.errors.length > 0) ctx.fail(`${label}: sockets got pusher:error ${report.errors.slice(0, 3).join('; ')}`);
    if (lost > 0 || duplicated > 0) ctx.fail(`${label}: ${lost} of ${expectedTotal} deliveries lost, ${duplicated} unexpected (${strays.join(', ')})`);
    if (report.open !== sockets.length) ctx.fail(`${label}: only ${report.open} of ${sockets.length} sockets still open at the end`);
    const sendSeconds = run.elapsedMs / 1000;
    const result: DeliveryResult = {
      sent: run.ok,
      rate: run.ok / sendSeconds,
      expected: expectedTotal,
      received,
      lost,
      duplicated,
      deliveriesPerSecond: received / sendSeconds,
      latency: Histogram.from(report.latency).summary(),
      sendLatency: Histogram.from(run.latency).summary(),
      cpu: cpuUse,
      skipped: run.skipped,
      loopDelay: { socketNode: serverLoop, sendNode: senderLoop, sockets: report.loopDelay },
      slowest: report.slowest.map(([at, ms]) => [Math.round(at - (run.log[0]?.t0 ?? at)), Math.round(ms * 10) / 10]),
    };
    if (run.skipped > 0) ctx.fail(`${label}: the generator skipped ${run.skipped} sends (over 256 in flight)`);
    ctx.log(`  ${label}: ${result.sent} messages at ${result.rate.toFixed(0)}/s → ${result.received}/${expectedTotal} deliveries, p50 ${result.latency.p50.toFixed(1)} p99 ${result.latency.p99.toFixed(1)} max ${result.latency.max.toFixed(1)} ms · CPU % ${JSON.stringify(cpuUse)} · loop delay max (ms): server ${serverLoop.max.toFixed(0)}${sendNode === socketNode ? '' : `, send node ${senderLoop.max.toFixed(0)}`}, sockets ${report.loopDelay.max.toFixed(0)}`);
    return result;
  } finally {
    await fleet.call('close', {}, 60_000).catch(() => undefined);
    await Promise.all([ctx.stop(fleet), ctx.stop(senders)]);
  }
}

export async function runDeliver(ctx: BenchContext, node: ConciergeNode): Promise<DeliveryResult> {
  const fx = node.fixture;
  if (fx === undefined) throw new Error('the deliver scenario needs the bench fixture');
  const r = await ctx.profile(node, 'deliver', () => runDelivery(ctx, 'deliver', node, node, fx));
  ctx.details.deliver = { guests: Math.min(ctx.sizes.rooms, fx.rooms.length), staff: fx.staff.length, ...r };
  const label = `2 deliver ${Math.min(ctx.sizes.rooms, fx.rooms.length)}+${fx.staff.length}`;
  ctx.rows.push({ scenario: label, measure: `latency p99 @${ctx.sizes.deliverRate}/s`, value: r.latency.p99, unit: 'ms', target: '≤ 20 ms', met: r.latency.p99 <= 20, note: `p50 ${r.latency.p50.toFixed(1)}, max ${r.latency.max.toFixed(1)} ms` });
  ctx.rows.push({ scenario: label, measure: 'deliveries/s (lost)', value: r.deliveriesPerSecond, unit: '/s', target: 'zero loss', met: r.lost === 0 && r.duplicated === 0, note: `${r.lost} lost of ${r.expected}` });
  return r;
}
