// A closed-loop load: `workers` callers, each sending its next operation when the last one
// answered, over its share of the items, until the time or the count runs out. Used by the
// in-process baselines (raw pg, the domain command) so both measure the same way.
import { now } from './clock.js';
import { Histogram, type HistogramData } from './histogram.js';

export interface LoopReport {
  transactions: number;
  errors: number;
  errorSamples: string[];
  elapsedMs: number;
  latency: HistogramData;
}

export async function closedLoop<T>(
  opts: { workers: number; durationMs: number; max: number; items: readonly T[] },
  step: (item: T, worker: number, i: number) => Promise<void>,
): Promise<LoopReport> {
  const latency = new Histogram();
  let done = 0;
  let started = 0;
  let errors = 0;
  const errorSamples: string[] = [];
  const t0 = now();
  const deadline = t0 + opts.durationMs;
  await Promise.all(Array.from({ length: opts.workers }, async (_, w) => {
    const mine = opts.items.filter((_item, i) => i % opts.workers === w);
    const list = mine.length > 0 ? mine : opts.items;
    for (let i = 0; now() < deadline && started < opts.max; i += 1) {
      started += 1;
      const item = list[i % list.length];
      if (item === undefined) break;
      const begin = now();
      try {
        await step(item, w, i);
        done += 1;
      } catch (err) {
        errors += 1;
        if (errorSamples.length < 3) errorSamples.push(err instanceof Error ? err.message : String(err));
      }
      latency.record(now() - begin);
    }
  }));
  return { transactions: done, errors, errorSamples, elapsedMs: now() - t0, latency: latency.toJSON() };
}
