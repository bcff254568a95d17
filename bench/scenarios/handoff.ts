// 5. handoff storm: 8 staff open the same 50 conversations at once, each in its own order, for a
// few rounds. Assignments/s and p99 of assign-staff; then the contract's promise is checked: one
// staff-assigned event per change on every channel, in the order of the stored history.
import type { RequestTemplate } from '../clients/senders.js';
import type { BenchContext, ConciergeNode } from '../lib/context.js';
import { Histogram } from '../lib/histogram.js';

const STAFF = 8;
const CONVERSATIONS = 50;

/** A fixed shuffle per worker (so runs compare), different between workers. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed * 2654435761 + 1;
  for (let i = out.length - 1; i > 0; i -= 1) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

export async function runHandoff(ctx: BenchContext, node: ConciergeNode): Promise<void> {
  const fx = node.fixture;
  if (fx === undefined || fx.staff.length <= STAFF) throw new Error(`the handoff storm needs more than ${STAFF} staff in the fixture`);
  const rooms = fx.rooms.slice(0, Math.min(CONVERSATIONS, fx.rooms.length));
  const observer = fx.staff[STAFF];
  if (observer === undefined) throw new Error('no observer staff');
  const fleet = await ctx.fleet('handoff-observer');
  const senders = await ctx.child('handoff-staff', 'clients/senders.ts');
  try {
    const h = fx.hotel;
    const subs = [
      { channel: `private-${h}-staff-inbox`, auth: 'http' as const, token: observer.token },
      ...rooms.flatMap((r) => [
        { channel: `private-${h}-conversation-${r.conversationId}-chat`, auth: 'http' as const, token: observer.token },
        { channel: `private-${h}-room-${r.number}-chat`, auth: 'http' as const, token: observer.token },
      ]),
    ];
    await ctx.connect(fleet, { url: `ws://127.0.0.1:${node.port}/app/app-key?protocol=7`, mode: 'pusher', sockets: [{ subs }], key: 'app-key', secret: 'app-secret', authUrl: `${node.url}/pusher/auth/`, record: ['staff-assigned'] });
    await fleet.call('reset');

    const historyBefore = await histories(node, fx.hotel, rooms.map((r) => r.conversationId), observer.token);
    const workers: RequestTemplate[][] = fx.staff.slice(0, STAFF).map((staff, w) =>
      shuffled(rooms, w + 1).map((room) => ({ method: 'POST' as const, path: `/chat/${h}/conversations/${room.conversationId}/assign-staff/`, token: staff.token, tag: `a${room.conversationId}` })));
    const total = STAFF * rooms.length * ctx.sizes.handoffRounds;
    const cpu = ctx.cpu({ server: node.child, senders });
    cpu.begin();
    const run = await ctx.profile(node, 'handoff', () => ctx.send(senders, {
      baseUrl: node.url, mode: 'closed', workers: workers.map((list) => Array.from({ length: ctx.sizes.handoffRounds }, () => list).flat()),
      durationMs: 60_000, maxRequests: total, keepLog: true, capture: '"changed":(true|false)', okStatus: [200],
    }));
    const cpuUse = cpu.end();
    if (run.errors > 0) ctx.fail(`handoff: ${run.errors} of ${run.requests} assign-staff calls failed (${run.errorSamples.join('; ')})`);
    const changes = run.log.filter((l) => l.captured === 'true').length;
    // One event per change on each of the three channels (room, conversation, inbox).
    await ctx.drain([fleet], changes * 3, 2000, 20_000);
    const report = await ctx.report(fleet);
    const historyAfter = await histories(node, fx.hotel, rooms.map((r) => r.conversationId), observer.token);

    const problems: string[] = [];
    const inbox = report.recorded.filter((e) => e.channel === `private-${h}-staff-inbox`).length;
    if (inbox !== changes) problems.push(`${inbox} staff-assigned events on the inbox for ${changes} changes`);
    for (const room of rooms) {
      const id = room.conversationId;
      const changed = run.log.filter((l) => l.key.startsWith(`a${id}.`) && l.captured === 'true').length;
      const stored = (historyAfter.get(id) ?? []).slice((historyBefore.get(id) ?? []).length);
      const onConversation = report.recorded.filter((e) => e.channel === `private-${h}-conversation-${id}-chat`).map((e) => (JSON.parse(e.data) as { staff: { id: number } }).staff.id);
      const onRoom = report.recorded.filter((e) => e.channel === `private-${h}-room-${room.number}-chat`).map((e) => (JSON.parse(e.data) as { staff_id: number }).staff_id);
      if (stored.length !== changed) problems.push(`conversation ${id}: ${changed} changes answered, ${stored.length} stored`);
      if (onConversation.join() !== stored.join()) problems.push(`conversation ${id}: events [${onConversation.join()}] ≠ history [${stored.join()}]`);
      if (onRoom.join() !== stored.join()) problems.push(`room ${room.number}: events [${onRoom.join()}] ≠ history [${stored.join()}]`);
    }
    if (problems.length > 0) ctx.fail(`handoff: ${problems.length} mismatches, e.g. ${problems.slice(0, 3).join('; ')}`);

    const latency = Histogram.from(run.latency).summary();
    const seconds = run.elapsedMs / 1000;
    ctx.details.handoff = { staff: STAFF, conversations: rooms.length, rounds: ctx.sizes.handoffRounds, requests: run.requests, changes, seconds, latency, cpu: cpuUse, oneEventPerChange: problems.length === 0, problems: problems.slice(0, 20) };
    ctx.log(`  handoff: ${run.ok} assign-staff in ${seconds.toFixed(2)} s (${changes} changes), p99 ${latency.p99.toFixed(1)} ms, ${problems.length === 0 ? 'one event per change, in order' : `${problems.length} mismatches`} · CPU % ${JSON.stringify(cpuUse)}`);
    const scenario = `5 handoff ${STAFF}×${rooms.length}`;
    ctx.rows.push({ scenario, measure: 'assign-staff/s', value: run.ok / seconds, unit: '/s', note: `${(changes / seconds).toFixed(0)} changes/s` });
    ctx.rows.push({ scenario, measure: 'latency p99', value: latency.p99, unit: 'ms', note: `p50 ${latency.p50.toFixed(1)} ms` });
    ctx.rows.push({ scenario, measure: 'events per change', value: problems.length === 0 ? 1 : Number.NaN, unit: '', target: 'exactly 1, in history order', met: problems.length === 0 });
  } finally {
    await fleet.call('close').catch(() => undefined);
    await Promise.all([ctx.stop(fleet), ctx.stop(senders)]);
  }
}

async function histories(node: ConciergeNode, hotel: string, ids: number[], token: string): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  await Promise.all(ids.map(async (id) => {
    const res = await fetch(`${node.url}/chat/${hotel}/conversations/${id}/assignments/`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) throw new Error(`assignments of ${id} answered ${res.status}`);
    const rows = (await res.json()) as Array<{ staff: { id: number } }>;
    out.set(id, rows.map((r) => r.staff.id));
  }));
  return out;
}
