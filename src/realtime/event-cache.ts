// The last event of each cache channel on this node, as Pusher's cache channels keep it: the
// frame's JSON literals as they were published, for 30 minutes.

/** Pusher keeps a cache channel's last event for 30 minutes. */
export const CACHE_TTL_MS = 30 * 60 * 1000;
/** Bounds this node's memory whatever the number of cache channels; the oldest entry goes first. */
const MAX_ENTRIES = 10_000;

export interface CachedEvent {
  eventJson: string;
  dataJson: string;
}

export class EventCache {
  private readonly entries = new Map<string, CachedEvent & { expires: number }>();

  constructor(private readonly ttlMs: number = CACHE_TTL_MS, private readonly now: () => number = Date.now, private readonly maxEntries = MAX_ENTRIES) {}

  set(channel: string, event: CachedEvent): void {
    // Re-inserted so that Map order is the order of last writes, the eviction order.
    this.entries.delete(channel);
    this.entries.set(channel, { ...event, expires: this.now() + this.ttlMs });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
  }

  get(channel: string): CachedEvent | null {
    const entry = this.entries.get(channel);
    if (entry === undefined) return null;
    if (entry.expires <= this.now()) {
      this.entries.delete(channel);
      return null;
    }
    return { eventJson: entry.eventJson, dataJson: entry.dataJson };
  }
}

/** Text of a cached event in Redis: the two JSON literals, which hold no raw newline. */
export function encodeCached(event: CachedEvent): string {
  return `${event.eventJson}\n${event.dataJson}`;
}

export function decodeCached(text: string | null): CachedEvent | null {
  if (text === null) return null;
  const at = text.indexOf('\n');
  if (at === -1) return null;
  return { eventJson: text.slice(0, at), dataJson: text.slice(at + 1) };
}
