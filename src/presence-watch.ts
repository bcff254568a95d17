// Tells a guest when their handler comes online or goes away. Driven by presence on the staff
// channel; a leave is held for a short grace so a page reload is not reported as a flap.
// With many nodes the reload may land on another node: that node sees a join while this one holds
// the leave, so when the grace ends the cluster is asked whether the person is still away.
import type { Logger } from 'pino';
import { parseChannel } from './contract/channels.js';
import { staffIdOfMember } from './contract/identities.js';
import type { Store } from './domain/ports.js';
import type { Dispatcher } from './events/dispatcher.js';

export interface PresenceWatch {
  memberChanged(channel: string, userId: string, present: boolean): void;
  close(): void;
}

/** Whether a user is a member of a presence channel anywhere in the cluster (RealtimeServer.isMember). */
export type IsPresent = (channel: string, userId: string) => Promise<boolean>;

export function watchHandlerPresence(store: Store, dispatcher: Dispatcher, logger: Logger, graceMs: number, isPresent?: IsPresent): PresenceWatch {
  const pendingLeaves = new Map<string, NodeJS.Timeout>();
  let closed = false;

  async function announce(staffId: number, online: boolean): Promise<void> {
    const convos = await store.read((r) => r.staff.handledConversations(staffId));
    await dispatcher.dispatch(convos.map((conversation) => ({ type: 'handler-presence', conversation, staffId, online })));
  }
  const run = (staffId: number, online: boolean) => {
    announce(staffId, online).catch((err: unknown) => logger.warn({ err, staffId }, 'could not announce handler presence'));
  };
  /** The grace is over: announce the leave unless the person is back (on any node). */
  async function stillAway(channel: string, userId: string): Promise<boolean> {
    if (isPresent === undefined) return true;
    try {
      return !(await isPresent(channel, userId));
    } catch (err) {
      logger.warn({ err, channel }, 'could not check handler presence; announcing the leave');
      return true;
    }
  }

  return {
    memberChanged(channel, userId, present) {
      if (parseChannel(channel)?.kind !== 'presence') return;
      const staffId = staffIdOfMember(userId);
      if (staffId === null) return;
      const key = `${channel}:${userId}`;
      const pending = pendingLeaves.get(key);
      if (present) {
        if (pending) {
          clearTimeout(pending);
          pendingLeaves.delete(key);
          return; // back within the grace: nothing changed for the guest
        }
        run(staffId, true);
        return;
      }
      if (pending) return;
      pendingLeaves.set(
        key,
        setTimeout(() => {
          pendingLeaves.delete(key);
          void stillAway(channel, userId).then((away) => {
            if (away && !closed) run(staffId, false);
          });
        }, graceMs).unref(),
      );
    },
    close() {
      closed = true;
      for (const t of pendingLeaves.values()) clearTimeout(t);
      pendingLeaves.clear();
    },
  };
}
