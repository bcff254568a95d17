import { Limits } from './limits.js';
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

export interface PublisherOptions {
  /**
   * For an event whose serialised data is over Pusher's 10 KB: answers smaller data to send in
   * its place (a notice telling the client to fetch it, say). Applied whatever the adapter, so
   * every deployment behaves alike. Without it, such an event is sent as it is and logged (the
   * built-in server delivers it; an external service refuses it).
   */
  oversize?: (event: OutgoingEvent) => unknown;
}

/**
 * Serialises each event's data once and sends events with the same name and data as one
 * publish to all their channels, keeping the order in which each (name, data) first appears.
 */
export function createPublisher(target: PublisherTarget, logger: Logger, options: PublisherOptions = {}): EventPublisher {
  const { oversize } = options;
  return {
    async publish(events) {
      const serialised = new Map<unknown, string>();
      const groups = new Map<string, { name: string; data: string; channels: string[] }>();
      for (const event of events) {
        const { channel, name, data } = event;
        let json = typeof data === 'object' && data !== null ? serialised.get(data) : undefined;
        if (json === undefined) {
          json = JSON.stringify(data) ?? 'null';
          if (typeof data === 'object' && data !== null) serialised.set(data, json);
        }
        // Bytes can only exceed the limit when UTF-16 units do not; most events are far below.
        if (json.length * 3 > Limits.apiEventDataMaxBytes && Buffer.byteLength(json, 'utf8') > Limits.apiEventDataMaxBytes) {
          json = shrink(event, json);
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

  function shrink(event: OutgoingEvent, json: string): string {
    const bytes = Buffer.byteLength(json, 'utf8');
    if (oversize === undefined) {
      logger.warn({ event: event.name, channel: event.channel, bytes }, 'realtime: event data over 10 KB, sent as it is (an external service refuses it)');
      return json;
    }
    let replacement: string;
    try {
      replacement = JSON.stringify(oversize(event)) ?? 'null';
    } catch (err) {
      logger.error({ err, event: event.name, channel: event.channel }, 'realtime: oversize callback failed, event sent as it is');
      return json;
    }
    if (Buffer.byteLength(replacement, 'utf8') > Limits.apiEventDataMaxBytes) {
      logger.warn({ event: event.name, channel: event.channel }, 'realtime: oversize replacement is still over 10 KB');
    }
    return replacement;
  }
}
