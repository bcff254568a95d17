// Retention on a clock: every node, every `intervalMs`, erases what each hotel's retention
// setting says is due (domain/retention.ts). Each stay is erased once however many nodes run it.
import type { Logger } from 'pino';
import type { Deps } from '../domain/ports.js';
import { retainHotel } from '../domain/retention.js';
import { startClockLoop, type ClockLoop } from './clock-loop.js';
import type { Dispatcher } from './dispatcher.js';

export type RetentionTimer = ClockLoop;

export function startRetentionTimer(deps: Deps, dispatcher: Dispatcher, logger: Pick<Logger, 'warn' | 'info'>, intervalMs: number): RetentionTimer {
  return startClockLoop('retention', async (closing) => {
    let erased = 0;
    for (const hotel of await deps.store.read((r) => r.retention.hotels())) {
      if (closing()) break;
      const run = await dispatcher.run(null, () => retainHotel(deps, hotel));
      erased += run.stays.length;
      if (run.stays.length > 0) logger.info({ hotel: hotel.slug, stays: run.stays.length, mode: run.mode }, 'retention: stays erased');
    }
    return erased;
  }, logger, intervalMs);
}
