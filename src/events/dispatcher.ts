// The one way out of the domain. A command commits and returns its DomainEvents; the dispatcher
// hands them to every listener in registration order (realtime fan-out first), after the commit.
// Work for one key (a conversation) runs one call at a time, command and hand-over together, so
// the row lock's commit order is also the order every listener sees: `staff-assigned` events
// agree with the handoff history. Other keys run freely.
import type { Logger } from 'pino';
import type { DomainEvent, Outcome } from '../domain/domain-events.js';
import { KeyedQueue } from './keyed-queue.js';

/** Receives each commit's events. A new listener (push, webhooks, audit, …) is one file and one line in server.ts. */
export interface Listener {
  readonly name: string;
  handle(events: readonly DomainEvent[]): Promise<void>;
}

export interface Dispatcher {
  /**
   * Runs the command and then hands its events to the listeners. With a key, calls with the same
   * key run one at a time, in call order. Returns the command's result.
   */
  run<T>(key: string | null, command: () => Promise<Outcome<T>>): Promise<T>;
  /** Hands events that did not come from a command run here (presence changes) to the listeners. */
  dispatch(events: readonly DomainEvent[], key?: string | null): Promise<void>;
}

/** The key that orders work on one conversation. */
export const conversationKey = (hotelSlug: string, conversationId: number): string => `conversation:${hotelSlug}:${conversationId}`;
/** The key that orders check-ins and check-outs of one room. */
export const roomKey = (hotelSlug: string, roomNumber: number): string => `room:${hotelSlug}:${roomNumber}`;

export function createDispatcher(listeners: readonly Listener[], logger: Pick<Logger, 'error'>): Dispatcher {
  const queue = new KeyedQueue();

  /** A failed listener is logged, never rolled back (the commit stands) and never stops the next listener. */
  async function handOver(events: readonly DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    for (const listener of listeners) {
      try {
        await listener.handle(events);
      } catch (err) {
        logger.error({ err, listener: listener.name, events: events.map((e) => e.type) }, 'a listener failed to handle domain events');
      }
    }
  }

  const ordered = <T>(key: string | null | undefined, work: () => Promise<T>): Promise<T> => (key ? queue.run(key, work) : work());

  return {
    run(key, command) {
      return ordered(key, async () => {
        const { result, events } = await command();
        await handOver(events);
        return result;
      });
    },
    dispatch(events, key = null) {
      return ordered(key, () => handOver(events));
    },
  };
}
