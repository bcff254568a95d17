// Event-loop delay of a bench process: when a latency tail appears, this says whether the
// server or the load generator was the one that stalled.
import { monitorEventLoopDelay } from 'node:perf_hooks';

const histogram = monitorEventLoopDelay({ resolution: 5 });
histogram.enable();

export interface LoopDelay {
  p99: number;
  max: number;
}

/** Since the last call (ms). */
export function takeLoopDelay(): LoopDelay {
  const out = { p99: histogram.percentile(99) / 1e6, max: histogram.max / 1e6 };
  histogram.reset();
  return out;
}
