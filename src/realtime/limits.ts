// Limits of the Pusher Channels protocol as Pusher documents them, plus our own safety margins.

export const Limits = {
  /** Pusher: channel names are at most 200 characters. */
  channelNameMax: 200,
  /** Pusher: event names are at most 200 characters. */
  eventNameMax: 200,
  /** Pusher: a client event's data is at most 10 KB. */
  clientEventDataMaxBytes: 10 * 1024,
  /** Pusher: an event published through the HTTP API carries at most 10 KB of data. */
  apiEventDataMaxBytes: 10 * 1024,
  /** Pusher: one HTTP publish reaches at most 100 channels. */
  apiMaxChannels: 100,
  /** Pusher: a batch holds at most 10 events. */
  apiMaxBatch: 10,
  /** Whole HTTP API request body; beyond it Fastify answers 413 before we parse anything. */
  apiBodyMaxBytes: 1024 * 1024,
  /** Pusher: presence user ids are at most 128 characters, user_info at most 1 KB. */
  presenceUserIdMax: 128,
  presenceUserInfoMaxBytes: 1024,
  /** A client frame above this is answered with pusher:error and ignored. */
  messageMaxBytes: 32 * 1024,
  /** ws drops the connection (1009) above this, so nobody can make us buffer megabytes. */
  wsMaxPayload: 256 * 1024,
  /** A socket that does not read what we send is closed before it costs us this much memory. */
  maxBufferedBytes: 8 * 1024 * 1024,
  /** Pusher: the HTTP API accepts request timestamps within 600 s of its clock. */
  apiTimestampSkewSeconds: 600,
} as const;

/**
 * A token bucket: `rate` events per second, bursts up to `rate`. Pusher's default client event
 * limit is 10 per second per connection.
 */
export class RateLimiter {
  private tokens: number;
  private last: number;

  constructor(private readonly rate: number, now: number = performance.now()) {
    this.tokens = rate;
    this.last = now;
  }

  take(now: number = performance.now()): boolean {
    const elapsed = (now - this.last) / 1000;
    this.last = now;
    this.tokens = Math.min(this.rate, this.tokens + elapsed * this.rate);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
