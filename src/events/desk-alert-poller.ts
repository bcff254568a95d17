// Fires the front desk's due alerts (domain/escalation.ts). The alerts live in the database, so
// this loop is only a clock: every node runs one, each tick claims what is due with
// FOR UPDATE SKIP LOCKED, and a restart or a second node neither loses nor repeats an alert.
import type { Logger } from 'pino';
import { CLAIM_BATCH, fireDueAlerts } from '../domain/escalation.js';
import type { Deps } from '../domain/ports.js';
import { startClockLoop } from './clock-loop.js';
import type { Dispatcher } from './dispatcher.js';

export interface AlertPoller {
  /** Runs one tick now (tests use it with a set clock); resolves when it is done. */
  tick(): Promise<number>;
  close(): Promise<void>;
}

export function startAlertPoller(deps: Deps, dispatcher: Dispatcher, logger: Pick<Logger, 'warn'>, intervalMs: number): AlertPoller {
  return startClockLoop('desk alerts', async (closing) => {
    let fired = 0;
    for (;;) {
      const events = await fireDueAlerts(deps);
      fired += events.length;
      if (events.length > 0) await dispatcher.dispatch(events);
      if (events.length < CLAIM_BATCH || closing()) return fired;
    }
  }, logger, intervalMs);
}
