// Tells a guest when their handler comes online or goes away. Driven by presence on the staff
// channel; a leave is held for a short grace so a page reload is not reported as a flap.
import type { Logger } from 'pino';
import { handlerPresenceEvent } from './domain/events.js';
import type { Publisher, Store } from './domain/ports.js';

export interface PresenceWatch {
  memberChanged(channel: string, userId: string, present: boolean): void;
  close(): void;
}

export function watchHandlerPresence(store: Store, publisher: Publisher, logger: Logger, graceMs: number): PresenceWatch {
  const pendingLeaves = new Map<string, NodeJS.Timeout>();

  async function announce(staffId: number, online: boolean): Promise<void> {
    const convos = await store.read((r) => r.staff.handledConversations(staffId));
    await publisher.publish(convos.map((c) => handlerPresenceEvent(c.hotelSlug, c.roomNumber, c.conversationId, staffId, online)));
  }
  const run = (staffId: number, online: boolean) => {
    announce(staffId, online).catch((err: unknown) => logger.warn({ err, staffId }, 'could not announce handler presence'));
  };

  return {
    memberChanged(channel, userId, present) {
      if (!/^presence-.+-staff$/.test(channel)) return;
      const staffId = Number(userId);
      if (!Number.isInteger(staffId)) return;
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
          run(staffId, false);
        }, graceMs).unref(),
      );
    },
    close() {
      for (const t of pendingLeaves.values()) clearTimeout(t);
      pendingLeaves.clear();
    },
  };
}
