// The first listener: domain events out to the realtime channels, through whichever adapter is
// configured (built-in server, Redis cluster, external Pusher service).
import { fanOut, withLegacyChannels, type RealtimeEvent } from '../contract/fan-out.js';
import type { EventPublisher } from '../realtime/publisher.js';
import type { Listener } from './dispatcher.js';

export function realtimeFanOut(publisher: EventPublisher, opts: { legacyPublicChannels: boolean; observe?: (events: readonly RealtimeEvent[]) => void }): Listener {
  return {
    name: 'realtime',
    async handle(events) {
      const out = events.flatMap(fanOut);
      if (out.length === 0) return;
      opts.observe?.(out);
      await publisher.publish(opts.legacyPublicChannels ? withLegacyChannels(out) : out);
    },
  };
}
