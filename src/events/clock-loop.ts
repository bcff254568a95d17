// The loop behind every clock of the server (due desk alerts, due webhook deliveries, due
// retention): run a round every `intervalMs`, one round at a time, a failed round logged and
// retried by the next. The work itself lives in the database, so the loop is only a clock.
import type { Logger } from 'pino';

export interface ClockLoop {
  /** Runs one round now (after any running one); resolves with what the round reported. */
  tick(): Promise<number>;
  close(): Promise<void>;
}

export function startClockLoop(
  what: string,
  round: (closing: () => boolean) => Promise<number>,
  logger: Pick<Logger, 'warn'>,
  intervalMs: number,
): ClockLoop {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> = Promise.resolve(0);
  let closed = false;
  const once = (): Promise<number> => round(() => closed);
  const tick = (): Promise<number> => {
    running = running.then(once, once).catch((err: unknown) => {
      logger.warn({ err }, `${what}: a round failed; the next one retries`);
      return 0;
    });
    return running;
  };
  const schedule = () => {
    if (closed) return;
    timer = setTimeout(() => void tick().then(schedule), intervalMs);
    timer.unref();
  };
  schedule();
  return {
    tick,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
