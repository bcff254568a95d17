// A mergeable latency histogram: log buckets 1 % wide from 1 µs to ~100 s, so percentiles are
// within 1 % and a histogram crosses process boundaries as a few hundred numbers.

const MIN_MS = 0.001;
const GROWTH = Math.log(1.01);
const BUCKETS = 1900;

export interface HistogramData {
  count: number;
  sum: number;
  min: number;
  max: number;
  /** [bucket, count] pairs of the non-empty buckets. */
  buckets: Array<[number, number]>;
}

export interface Summary {
  count: number;
  mean: number;
  p50: number;
  p99: number;
  max: number;
}

export class Histogram {
  private readonly counts = new Uint32Array(BUCKETS);
  count = 0;
  sum = 0;
  min = Number.POSITIVE_INFINITY;
  max = 0;

  record(ms: number): void {
    const v = ms < MIN_MS ? MIN_MS : ms;
    const i = Math.min(BUCKETS - 1, Math.floor(Math.log(v / MIN_MS) / GROWTH));
    this.counts[i] = (this.counts[i] ?? 0) + 1;
    this.count += 1;
    this.sum += ms;
    if (ms < this.min) this.min = ms;
    if (ms > this.max) this.max = ms;
  }

  merge(data: HistogramData): this {
    for (const [i, n] of data.buckets) this.counts[i] = (this.counts[i] ?? 0) + n;
    this.count += data.count;
    this.sum += data.sum;
    this.min = Math.min(this.min, data.min);
    this.max = Math.max(this.max, data.max);
    return this;
  }

  /** The value below which `q` (0..1) of the samples lie: the middle of its bucket, capped at max. */
  quantile(q: number): number {
    if (this.count === 0) return Number.NaN;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i += 1) {
      seen += this.counts[i] ?? 0;
      if (seen >= rank) return Math.min(this.max, Math.max(this.min, MIN_MS * Math.exp((i + 0.5) * GROWTH)));
    }
    return this.max;
  }

  summary(): Summary {
    return { count: this.count, mean: this.count === 0 ? Number.NaN : this.sum / this.count, p50: this.quantile(0.5), p99: this.quantile(0.99), max: this.count === 0 ? Number.NaN : this.max };
  }

  toJSON(): HistogramData {
    const buckets: Array<[number, number]> = [];
    this.counts.forEach((n, i) => {
      if (n > 0) buckets.push([i, n]);
    });
    return { count: this.count, sum: this.sum, min: this.count === 0 ? 0 : this.min, max: this.max, buckets };
  }

  static from(...data: HistogramData[]): Histogram {
    const h = new Histogram();
    for (const d of data) h.merge(d);
    return h;
  }
}
