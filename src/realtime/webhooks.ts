// Webhooks from the built-in server, as Pusher sends them: POST {time_ms, events: [...]} as JSON,
// signed with X-Pusher-Key and X-Pusher-Signature (HMAC-SHA256 of the body with the app secret).
// Events are batched for a short window, retried with back-off, and never wait for delivery:
// emit() only queues. Each endpoint has its own queue, sent in order.
import type { Logger } from './logger.js';
import { hmacSha256Hex } from './signature.js';

export type WebhookEventName = 'channel_occupied' | 'channel_vacated' | 'member_added' | 'member_removed' | 'client_event' | 'cache_miss';

export const WEBHOOK_EVENT_NAMES: readonly WebhookEventName[] = ['channel_occupied', 'channel_vacated', 'member_added', 'member_removed', 'client_event', 'cache_miss'];

export type WebhookEvent =
  | { name: 'channel_occupied' | 'channel_vacated' | 'cache_miss'; channel: string }
  | { name: 'member_added' | 'member_removed'; channel: string; user_id: string }
  | { name: 'client_event'; channel: string; event: string; data: string; socket_id: string; user_id?: string };

export interface WebhookEndpoint {
  url: string;
  /** Which events this endpoint gets; default all. */
  events?: readonly WebhookEventName[];
}

export interface WebhookOptions {
  endpoints: readonly WebhookEndpoint[];
  /** Events within this window go out in one request. Default 250 ms. */
  batchMs?: number;
  /** Events per request at most. Default 100. */
  maxBatch?: number;
  /** Tries per request, the first included. Default 6 (about a minute of back-off). */
  maxAttempts?: number;
  /** First retry delay; doubled each time, at most 30 s. Default 1000 ms. */
  retryBaseMs?: number;
  /** One request's timeout. Default 5000 ms. */
  timeoutMs?: number;
  /** Events held per endpoint while it is failing; beyond that the oldest are dropped. Default 10,000. */
  maxQueued?: number;
}

export interface WebhookStats {
  sent: number;
  failed: number;
  dropped: number;
}

export interface WebhookSink {
  emit(event: WebhookEvent): void;
  stats(): WebhookStats;
  /** Sends what is queued (one try each) and stops. */
  close(): Promise<void>;
}

export const noWebhooks: WebhookSink = {
  emit: () => undefined,
  stats: () => ({ sent: 0, failed: 0, dropped: 0 }),
  close: async () => undefined,
};

export function createWebhooks(options: WebhookOptions, credentials: { key: string; secret: string }, logger: Logger): WebhookSink {
  if (options.endpoints.length === 0) return noWebhooks;
  const stats: WebhookStats = { sent: 0, failed: 0, dropped: 0 };
  const queues = options.endpoints.map((endpoint) => new EndpointQueue(endpoint, options, credentials, logger.child({ webhook: endpoint.url }), stats));
  return {
    emit(event) {
      for (const queue of queues) queue.push(event);
    },
    stats: () => ({ ...stats }),
    async close() {
      await Promise.all(queues.map((q) => q.close()));
    },
  };
}

/** On close, what is still being sent gets this long. */
const CLOSE_GRACE_MS = 1000;

class EndpointQueue {
  private readonly wanted: ReadonlySet<WebhookEventName>;
  private readonly pending: WebhookEvent[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private closing = false;
  private wake: (() => void) | null = null;
  /** Cuts requests still open when closing has given them its grace. */
  private readonly stop = new AbortController();

  constructor(
    private readonly endpoint: WebhookEndpoint,
    private readonly options: WebhookOptions,
    private readonly credentials: { key: string; secret: string },
    private readonly logger: Logger,
    private readonly stats: WebhookStats,
  ) {
    this.wanted = new Set(endpoint.events ?? WEBHOOK_EVENT_NAMES);
  }

  push(event: WebhookEvent): void {
    if (this.closing || !this.wanted.has(event.name)) return;
    this.pending.push(event);
    const max = this.options.maxQueued ?? 10_000;
    if (this.pending.length > max) {
      this.pending.splice(0, this.pending.length - max);
      this.stats.dropped += 1;
      this.logger.warn('realtime: webhook queue full, dropped the oldest event');
    }
    if (this.timer === null && this.running === null) {
      this.timer = setTimeout(() => this.start(), this.options.batchMs ?? 250);
      this.timer.unref();
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    this.wake?.();
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.start();
    }
    const grace = setTimeout(() => this.stop.abort(), CLOSE_GRACE_MS);
    grace.unref();
    await this.running;
    clearTimeout(grace);
  }

  private start(): void {
    this.timer = null;
    if (this.running !== null) return;
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.pending.length > 0 && !this.closing) this.start();
    });
  }

  /** Sends batches in order; a failing batch is retried before the next goes. */
  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.options.maxBatch ?? 100);
      const body = JSON.stringify({ time_ms: Date.now(), events: batch });
      const maxAttempts = this.closing ? 1 : (this.options.maxAttempts ?? 6);
      let delivered = false;
      for (let attempt = 1; attempt <= maxAttempts && !delivered; attempt += 1) {
        const result = await this.post(body);
        if (result === 'ok') delivered = true;
        else if (result === 'refused' || this.closing) break;
        else if (attempt < maxAttempts) await this.pause(Math.min((this.options.retryBaseMs ?? 1000) * 2 ** (attempt - 1), 30_000));
      }
      if (delivered) this.stats.sent += 1;
      else {
        this.stats.failed += 1;
        this.logger.warn({ events: batch.length }, 'realtime: webhook not delivered, events dropped');
      }
    }
  }

  /** 'retry' for network errors, timeouts, 429 and 5xx; 'refused' for another 4xx. */
  private async post(body: string): Promise<'ok' | 'retry' | 'refused'> {
    try {
      const response = await fetch(this.endpoint.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-Pusher-Key': this.credentials.key,
          'X-Pusher-Signature': hmacSha256Hex(this.credentials.secret, body),
        },
        body,
        signal: AbortSignal.any([AbortSignal.timeout(this.options.timeoutMs ?? 5000), this.stop.signal]),
      });
      await response.body?.cancel();
      if (response.ok) return 'ok';
      this.logger.warn({ status: response.status }, 'realtime: webhook endpoint answered an error');
      return response.status === 429 || response.status >= 500 ? 'retry' : 'refused';
    } catch (err) {
      this.logger.warn({ err }, 'realtime: webhook request failed');
      return 'retry';
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      timer.unref();
      this.wake = done;
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
    });
  }
}
