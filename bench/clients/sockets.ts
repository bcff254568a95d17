// A socket fleet: many Pusher-protocol (or bare ws) sockets in one load-generator process. It
// times every delivery that carries a bench marker and counts deliveries per message key, so
// the orchestrator can tell lost from late.
import { signChannelAuth } from '../../src/realtime/signature.js';
import { Histogram } from '../lib/histogram.js';
import { serve } from '../lib/ipc.js';
import { takeLoopDelay, type LoopDelay } from '../lib/loop-delay.js';
import { readMarker } from '../lib/marker.js';
import { BenchSocket, type SubscribeAuth } from '../lib/pusher-client.js';

export interface SubSpec {
  channel: string;
  /** none: public; local: signed here with the app secret; http: asked of authUrl with the token. */
  auth: 'none' | 'local' | 'http';
  token?: string;
  channelData?: string;
}

export interface ConnectSpec {
  url: string;
  mode: 'pusher' | 'raw';
  sockets: Array<{ subs: SubSpec[] }>;
  key: string;
  secret: string;
  authUrl?: string;
  concurrency?: number;
  /** Events kept whole (event, channel, data) for the orchestrator to check order. */
  record?: string[];
}

export interface FleetReport {
  open: number;
  deliveries: number;
  byEvent: Record<string, number>;
  counts: Record<string, number>;
  latency: ReturnType<Histogram['toJSON']>;
  firstArrival: number;
  lastArrival: number;
  errors: string[];
  recorded: Array<{ event: string; channel: string | undefined; data: string; arrived: number }>;
  /** This process's event-loop delay since the last reset (a stall here inflates latencies). */
  loopDelay: LoopDelay;
  /** The slowest deliveries: [arrival time, latency] (ms), to see whether they cluster. */
  slowest: Array<[number, number]>;
}

const sockets: BenchSocket[] = [];
let latency = new Histogram();
let counts = new Map<string, number>();
let byEvent = new Map<string, number>();
let deliveries = 0;
let firstArrival = 0;
let lastArrival = 0;
let errors: string[] = [];
let record = new Set<string>();
let recorded: FleetReport['recorded'] = [];
let slowest: Array<[number, number]> = [];
let slowFloor = 0;
const MESSAGE_ID = /"message_id":(\d+)/;

function onFrame(event: string, channel: string | undefined, data: string, arrived: number): void {
  if (event.startsWith('pusher')) {
    if (event === 'pusher:error' && errors.length < 20) errors.push(data);
    return;
  }
  deliveries += 1;
  if (firstArrival === 0) firstArrival = arrived;
  lastArrival = arrived;
  byEvent.set(event, (byEvent.get(event) ?? 0) + 1);
  if (record.has(event)) recorded.push({ event, channel, data, arrived });
  const m = readMarker(data);
  let key: string | undefined;
  if (m !== null) {
    const ms = arrived - m.t0;
    latency.record(ms);
    if (ms > slowFloor) noteSlow(arrived, ms);
    key = m.key;
  } else if (event === 'message-delivered') {
    const id = MESSAGE_ID.exec(data);
    if (id) key = `id:${id[1]}`;
  }
  if (key !== undefined) counts.set(key, (counts.get(key) ?? 0) + 1);
}

function noteSlow(arrived: number, ms: number): void {
  slowest.push([arrived, ms]);
  if (slowest.length > 200) {
    slowest.sort((a, b) => b[1] - a[1]);
    slowest.length = 100;
    slowFloor = slowest[99]?.[1] ?? 0;
  }
}

async function authorize(spec: ConnectSpec, socket: BenchSocket, sub: SubSpec): Promise<SubscribeAuth> {
  if (sub.auth === 'none') return {};
  if (sub.auth === 'local') return signChannelAuth(spec.key, spec.secret, socket.socketId, sub.channel, sub.channelData);
  if (spec.authUrl === undefined || sub.token === undefined) throw new Error('http auth needs authUrl and a token');
  const res = await fetch(spec.authUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${sub.token}` },
    body: JSON.stringify({ socket_id: socket.socketId, channel_name: sub.channel }),
  });
  if (res.status !== 200) throw new Error(`auth for ${sub.channel} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as SubscribeAuth;
}

async function connectOne(spec: ConnectSpec, subs: SubSpec[]): Promise<void> {
  const socket = await BenchSocket.open(spec.url, spec.mode, onFrame);
  sockets.push(socket);
  for (const sub of subs) await socket.subscribe(sub.channel, await authorize(spec, socket, sub));
}

function reset(): void {
  latency = new Histogram();
  counts = new Map();
  byEvent = new Map();
  deliveries = 0;
  firstArrival = 0;
  lastArrival = 0;
  errors = [];
  recorded = [];
  slowest = [];
  slowFloor = 0;
  takeLoopDelay();
}

serve({
  async connect(spec: ConnectSpec) {
    record = new Set(spec.record ?? []);
    const started = performance.now();
    let next = 0;
    let failed = 0;
    const failures: string[] = [];
    const worker = async (): Promise<void> => {
      while (next < spec.sockets.length) {
        const i = next++;
        try {
          await connectOne(spec, spec.sockets[i]?.subs ?? []);
        } catch (err) {
          failed += 1;
          if (failures.length < 5) failures.push(err instanceof Error ? err.message : String(err));
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(spec.concurrency ?? 50, spec.sockets.length) }, worker));
    return { connected: spec.sockets.length - failed, failed, failures, ms: performance.now() - started };
  },
  reset() {
    reset();
    return sockets.filter((s) => s.isOpen).length;
  },
  report(): FleetReport {
    return {
      open: sockets.filter((s) => s.isOpen).length,
      deliveries,
      byEvent: Object.fromEntries(byEvent),
      counts: Object.fromEntries(counts),
      latency: latency.toJSON(),
      firstArrival,
      lastArrival,
      errors,
      recorded,
      loopDelay: takeLoopDelay(),
      slowest: slowest.sort((a, b) => b[1] - a[1]).slice(0, 20),
    };
  },
  /** Deliveries so far (cheap: for waiting until a run has drained). */
  progress() {
    return { deliveries, lastArrival, open: sockets.filter((s) => s.isOpen).length };
  },
  async close() {
    const all = sockets.splice(0);
    for (let i = 0; i < all.length; i += 500) await Promise.all(all.slice(i, i + 500).map((s) => s.close()));
    return all.length;
  },
});
