import type { Logger } from './logger.js';

export interface PublisherTarget {
  publish(channels: string[], event: string, data: string): Promise<void>;
}

export interface OutgoingEvent {
  channel: string;
  name: string;
  data: unknown;
}

export interface EventPublisher {
  /** Never throws: a failed publish is logged (clients catch up when they reconnect). */
  publish(events: ReadonlyArray<OutgoingEvent>): Promise<void>;
}

/**
 * Serialises each event's data once and sends events with the same name and data as one
 * publish to all their channels, keeping the order in which each (name, data) first appears.
 */
export function createPublisher(target: PublisherTarget, logger: Logger): EventPublisher {
  return {
    async publish(events) {
      const serialised = new Map<unknown, string>();
      const groups = new Map<string, { name: string; data: string; channels: string[] }>();
      for (const { channel, name, data } of events) {
        let json = typeof data === 'object' && data !== null ? serialised.get(data) : undefined;
        if (json === undefined) {
          json = JSON.stringify(data) ?? 'null';
          if (typeof data === 'object' && data !== null) serialised.set(data, json);
        }
        const key = `${name}\u0000${json}`;
        const group = groups.get(key);
        if (group === undefined) groups.set(key, { name, data: json, channels: [channel] });
        else if (!group.channels.includes(channel)) group.channels.push(channel);
      }
      // Every publish is started before any is awaited: the local adapter delivers during the
      // call, and the Redis and Pusher adapters queue in call order on one connection, so the
      // order holds while the hops to Redis overlap instead of adding up, one per event.
      const sent = [...groups.values()].map(({ name, data, channels }) => {
        const failed = (err: unknown): void => logger.error({ err, event: name, channels }, 'realtime: publish failed');
        try {
          return target.publish(channels, name, data).catch(failed);
        } catch (err) {
          failed(err);
          return undefined;
        }
      });
      await Promise.all(sent);
    },
  };
}
