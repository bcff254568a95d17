// Fires the front desk's due alerts (domain/escalation.ts). The alerts live in the database, so
// this loop is only a clock: every node runs one, each tick claims what is due with
// FOR UPDATE SKIP LOCKED, and a restart or a second node neither loses nor repeats an alert.
import type { Logger } from 'pino';
import { CLAIM_BATCH, fireDueAlerts } from '../domain/escalation.js';
import type { Deps } from '../domain/ports.js';
import type { Dispatcher } from './dispatcher.js';

export interface AlertPoller {
  /** Runs one tick now (tests use it with a set clock); resolves when it is done. */
  tick(): Promise<number>;
  close(): Promise<void>;
}

export function startAlertPoller(deps: Deps, dispatcher: Dispatcher, logger: Pick<Logger, 'warn'>, intervalMs: number): AlertPoller {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> = Promise.resolve(0);
  let closed = false;

  async function once(): Promise<number> {
    let fired = 0;
    for (;;) {
      const events = await fireDueAlerts(deps);
      fired += events.length;
      if (events.length > 0) await dispatcher.dispatch(events);
      if (events.length < CLAIM_BATCH || closed) return fired;
    }
  }
  const tick = (): Promise<number> => {
    running = running.then(once, once).catch((err: unknown) => {
      logger.warn({ err }, 'desk alerts: a tick failed; the next one retries');
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
