// The raw Redis baseline of the two-node scenario: one PUBLISH → SUBSCRIBE hop, timed, at the
// given rate, with a payload the size of a Concierge bus message.
import { Redis } from 'ioredis';
import { now, sleep } from '../lib/clock.js';
import { Histogram } from '../lib/histogram.js';
import { serve } from '../lib/ipc.js';

export interface HopSpec {
  url: string;
  count: number;
  rate: number;
  payloadBytes: number;
}

async function run(spec: HopSpec) {
  const pub = new Redis(spec.url, { lazyConnect: true });
  const sub = new Redis(spec.url, { lazyConnect: true });
  await Promise.all([pub.connect(), sub.connect()]);
  const channel = `bench:hop:${process.pid}`;
  const latency = new Histogram();
  let received = 0;
  sub.on('message', (_c: string, message: string) => {
    const t = now();
    received += 1;
    latency.record(t - Number(message.slice(0, message.indexOf('|'))));
  });
  await sub.subscribe(channel);
  const pad = 'x'.repeat(Math.max(0, spec.payloadBytes - 20));
  const interval = 1000 / spec.rate;
  const start = now();
  for (let i = 0; i < spec.count; i += 1) {
    const due = start + i * interval;
    const wait = due - now();
    if (wait > 0) await sleep(wait);
    await pub.publish(channel, `${now().toFixed(3)}|${pad}`);
  }
  const deadline = now() + 2000;
  while (received < spec.count && now() < deadline) await sleep(10);
  pub.disconnect();
  sub.disconnect();
  return { sent: spec.count, received, latency: latency.toJSON() };
}

serve({ run });
