// Group commit for the hottest statements. Calls that arrive while the database is busy wait
// and go out together as one statement: at most `maxInFlight` statements run at once, and what
// arrived meanwhile is the next one (up to `maxBatch` items). Without load a call goes out in the
// same turn of the event loop, alone. Under load each statement carries several callers, so the
// database does one round trip, one plan execution and one commit for all of them.
export interface BatcherOptions<In> {
  maxInFlight: number;
  maxBatch: number;
  /**
   * Items with the same key never share a statement, nor run in two at once: each goes in a
   * statement started after the one before it finished, so one key's items keep their order.
   */
  keyOf?: (item: In) => string;
  /** Told the size of every statement started (for /metrics). */
  observe?: (size: number) => void;
  /**
   * Says whether a failed statement's error may be one caller's doing (a value the database
   * refuses). Then each of its callers is retried alone, so only that one fails; the statement
   * was atomic, so nothing of the failed attempt remains.
   */
  retryAlone?: (err: unknown) => boolean;
}

interface Waiting<In, Out> {
  item: In;
  resolve(out: Out): void;
  reject(err: unknown): void;
}

export class Batcher<In, Out> {
  private pending: Array<Waiting<In, Out>> = [];
  /** Keys of the items in running statements. */
  private readonly running = new Set<string>();
  private inFlight = 0;
  private scheduled = false;

  /** `run` answers each item in order; if it throws, every caller of that statement gets the error. */
  constructor(
    private readonly run: (items: In[]) => Promise<Out[]>,
    private readonly opts: BatcherOptions<In>,
  ) {}

  submit(item: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.pending.length === 0 || this.inFlight >= this.opts.maxInFlight) return;
    this.scheduled = true;
    // After this turn's I/O callbacks: requests that arrived together leave together.
    setImmediate(() => {
      this.scheduled = false;
      while (this.pending.length > 0 && this.inFlight < this.opts.maxInFlight) {
        const batch = this.take();
        // Everything waiting belongs to keys still running: their statements' ends reschedule.
        if (batch.length === 0) break;
        this.start(batch);
      }
    });
  }

  private take(): Array<Waiting<In, Out>> {
    const { keyOf, maxBatch } = this.opts;
    if (keyOf === undefined) return this.pending.splice(0, maxBatch);
    const batch: Array<Waiting<In, Out>> = [];
    const rest: Array<Waiting<In, Out>> = [];
    const taken = new Set(this.running);
    for (const w of this.pending) {
      const key = keyOf(w.item);
      if (batch.length < maxBatch && !taken.has(key)) batch.push(w);
      else rest.push(w); // and every later item of this key stays behind it
      taken.add(key);
    }
    this.pending = rest;
    for (const w of batch) this.running.add(keyOf(w.item));
    return batch;
  }

  private start(batch: Array<Waiting<In, Out>>): void {
    this.inFlight += 1;
    this.opts.observe?.(batch.length);
    this.answer(batch)
      .catch((err: unknown) => {
        if (batch.length === 1 || this.opts.retryAlone?.(err) !== true) throw err;
        return Promise.all(batch.map((w) => this.answer([w]).catch((e: unknown) => w.reject(e))));
      })
      .catch((err: unknown) => batch.forEach((w) => w.reject(err)))
      .finally(() => {
        this.inFlight -= 1;
        const { keyOf } = this.opts;
        if (keyOf !== undefined) for (const w of batch) this.running.delete(keyOf(w.item));
        this.schedule();
      });
  }

  private async answer(batch: Array<Waiting<In, Out>>): Promise<void> {
    const outs = await this.run(batch.map((w) => w.item));
    batch.forEach((w, i) => w.resolve(outs[i] as Out));
  }
}
