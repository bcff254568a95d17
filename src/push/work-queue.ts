// A bounded, fire-and-forget work queue: at most `concurrency` tasks run at once and at most
// `limit` wait. Adding never waits: when the queue is full the task is refused (the caller logs
// it), so a slow or unreachable push service can neither hold up the dispatcher nor grow memory.

export interface WorkQueue {
  /** False when the queue is full or closed: the task was dropped. */
  add(task: () => Promise<void>): boolean;
  /** Resolves once nothing runs or waits (tests, and a clean stop). */
  idle(): Promise<void>;
  /** Refuses new tasks; resolves when the running and waiting ones are done, or after `timeoutMs`. */
  close(timeoutMs: number): Promise<void>;
  readonly size: number;
}

export function workQueue(opts: { concurrency: number; limit: number; onError: (err: unknown) => void }): WorkQueue {
  const waiting: Array<() => Promise<void>> = [];
  let running = 0;
  let closed = false;
  let idlers: Array<() => void> = [];

  const settle = () => {
    if (running > 0 || waiting.length > 0) return;
    const wake = idlers;
    idlers = [];
    for (const w of wake) w();
  };
  const next = (): void => {
    while (running < opts.concurrency && waiting.length > 0) {
      const task = waiting.shift()!;
      running += 1;
      void task()
        .catch(opts.onError)
        .finally(() => {
          running -= 1;
          next();
          settle();
        });
    }
  };
  const idle = () => (running === 0 && waiting.length === 0 ? Promise.resolve() : new Promise<void>((r) => idlers.push(r)));

  return {
    add(task) {
      if (closed || waiting.length >= opts.limit) return false;
      waiting.push(task);
      next();
      return true;
    },
    idle,
    async close(timeoutMs) {
      closed = true;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([idle(), new Promise<void>((r) => (timer = setTimeout(r, timeoutMs)))]);
      clearTimeout(timer);
    },
    get size() {
      return running + waiting.length;
    },
  };
}
