// Retention on a clock: every node, every `intervalMs`, erases what each hotel's retention
// setting says is due (domain/retention.ts). Each stay is erased once however many nodes run it.
import type { Logger } from 'pino';
import type { Deps } from '../domain/ports.js';
import { retainHotel } from '../domain/retention.js';
import type { Dispatcher } from './dispatcher.js';

export interface RetentionTimer {
  /** One round over every hotel now; resolves with the number of stays erased. */
  tick(): Promise<number>;
  close(): Promise<void>;
}

export function startRetentionTimer(deps: Deps, dispatcher: Dispatcher, logger: Pick<Logger, 'warn' | 'info'>, intervalMs: number): RetentionTimer {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> = Promise.resolve(0);
  let closed = false;

  async function once(): Promise<number> {
    let erased = 0;
    for (const hotel of await deps.store.read((r) => r.retention.hotels())) {
      if (closed) break;
      const run = await dispatcher.run(null, () => retainHotel(deps, hotel));
      erased += run.stays.length;
      if (run.stays.length > 0) logger.info({ hotel: hotel.slug, stays: run.stays.length, mode: run.mode }, 'retention: stays erased');
    }
    return erased;
  }
  const tick = (): Promise<number> => {
    running = running.then(once, once).catch((err: unknown) => {
      logger.warn({ err }, 'retention: a round failed; the next one retries');
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
