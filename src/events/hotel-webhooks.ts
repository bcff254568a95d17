// A hotel's webhooks, as one more listener of domain events. The listener only queues: each
// event, for each of the hotel's webhooks that takes it, becomes a row of webhook_deliveries in
// the database (so a restart loses nothing), and the delivery loop is woken. The loop runs on
// every node; a row is leased by one node at a time (FOR UPDATE SKIP LOCKED), POSTed signed, and
// retried with back-off (domain/webhooks.ts) until the receiver answers 2xx or the retries end.
// Delivery never blocks a request: the listener's cost is one insert, and none when the hotel
// has no webhook for the event (the hotels' webhooks are cached for CACHE_MS).
import { createHmac, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { webhookBody, webhookItems } from '../contract/webhook-payloads.js';
import type { DomainEvent } from '../domain/domain-events.js';
import type { ClaimedDelivery, QueuedDelivery, WebhookRecord } from '../domain/operations-ports.js';
import type { Deps } from '../domain/ports.js';
import { nextAttempt } from '../domain/webhooks.js';
import { startClockLoop } from './clock-loop.js';
import type { Listener } from './dispatcher.js';
import { refusedTarget } from './webhook-target.js';

/** How long a node trusts its copy of a hotel's webhooks (another node's change shows within it). */
const CACHE_MS = 5000;
/** How long a claimed delivery is this node's alone; after it, another node may try it. */
const LEASE_MS = 60_000;
const CLAIM = 20;

/** Why a request failed, in words a manager can act on (fetch's own message is only "fetch failed"). */
function reason(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  if (err.name === 'TimeoutError') return 'the receiver did not answer within the time limit';
  const cause = (err as Error & { cause?: { code?: unknown; message?: unknown } }).cause;
  const code = typeof cause?.code === 'string' ? cause.code : null;
  const known: Record<string, string> = {
    ECONNREFUSED: 'the receiver refused the connection (ECONNREFUSED)',
    ENOTFOUND: 'the receiver\'s host name was not found (ENOTFOUND)',
    ECONNRESET: 'the receiver closed the connection (ECONNRESET)',
    ETIMEDOUT: 'the connection to the receiver timed out (ETIMEDOUT)',
  };
  if (code !== null) return known[code] ?? `the request failed (${code})`;
  return typeof cause?.message === 'string' ? `the request failed: ${cause.message}` : `the request failed: ${err.message}`;
}

/** HMAC-SHA256 over "<timestamp>.<body>", hex: the X-Concierge-Signature header's v1. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export interface WebhookDelivery {
  /** Looks for due deliveries now (tests call it after moving their clock); resolves when done. */
  tick(): Promise<number>;
  /** Something was queued: look soon, without waiting for the next poll. */
  wake(): void;
  close(): Promise<void>;
}

export interface WebhookOptions {
  pollMs: number;
  allowPrivate: boolean;
  timeoutMs?: number;
}

export function startWebhookDelivery(deps: Deps, logger: Pick<Logger, 'warn' | 'info'>, opts: WebhookOptions): WebhookDelivery {
  async function post(d: ClaimedDelivery): Promise<void> {
    const at = deps.clock.now();
    const refused = await refusedTarget(d.url, opts.allowPrivate);
    const fail = (status: number | null, error: string) =>
      deps.store.transaction((tx) => tx.webhookQueue.finish(d.id, { delivered: false, status, error, at: deps.clock.now(), nextAttemptAt: nextAttempt(d.attempts + 1, deps.clock.now()) }));
    if (refused !== null) return fail(null, `refused: ${refused}`);
    const timestamp = Math.floor(at.getTime() / 1000);
    try {
      const res = await fetch(d.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Concierge-Webhooks/1',
          'x-concierge-event': d.event,
          'x-concierge-delivery': d.eventId,
          'x-concierge-signature': `t=${timestamp},v1=${signWebhook(d.secret, timestamp, d.payload)}`,
        },
        body: d.payload,
      });
      await res.body?.cancel();
      if (res.status >= 200 && res.status < 300) {
        await deps.store.transaction((tx) => tx.webhookQueue.finish(d.id, { delivered: true, status: res.status, at: deps.clock.now() }));
      } else {
        await fail(res.status, `the receiver answered ${res.status}`);
      }
    } catch (err) {
      await fail(null, reason(err));
    }
  }

  const loop = startClockLoop('webhooks', async (closing) => {
    let sent = 0;
    for (;;) {
      const now = deps.clock.now();
      const due = await deps.store.transaction((tx) => tx.webhookQueue.claimDue(now, new Date(now.getTime() + LEASE_MS), CLAIM));
      await Promise.all(due.map(post));
      sent += due.length;
      if (due.length < CLAIM || closing()) return sent;
    }
  }, logger, opts.pollMs);
  return {
    tick: loop.tick,
    wake: () => void loop.tick(),
    close: loop.close,
  };
}

/** The listener: domain events → queued deliveries. */
export function hotelWebhooksListener(deps: Deps, delivery: Pick<WebhookDelivery, 'wake'>): Listener {
  const hooks = new Map<number, { until: number; hooks: WebhookRecord[] }>();
  const hotelIds = new Map<string, number>();

  async function hooksOf(hotelId: number): Promise<WebhookRecord[]> {
    const now = Date.now();
    const cached = hooks.get(hotelId);
    if (cached && cached.until > now) return cached.hooks;
    const fresh = (await deps.store.read((r) => r.webhooks.list(hotelId))).filter((w) => w.active);
    hooks.set(hotelId, { until: now + CACHE_MS, hooks: fresh });
    return fresh;
  }
  async function hotelId(slug: string): Promise<number | undefined> {
    const known = hotelIds.get(slug);
    if (known !== undefined) return known;
    const hotel = await deps.store.read((r) => r.hotels.findBySlug(slug));
    if (hotel) hotelIds.set(slug, hotel.id);
    return hotel?.id;
  }

  return {
    name: 'hotel-webhooks',
    async handle(events: readonly DomainEvent[]) {
      const rows: QueuedDelivery[] = [];
      for (const e of events) {
        // This node's own webhook changes take effect at once; another node's within CACHE_MS.
        if (e.type === 'action-recorded' && e.entry.action.startsWith('webhook.') && e.entry.hotelId !== null) hooks.delete(e.entry.hotelId);
        for (const item of webhookItems(e)) {
          const id = item.hotelId ?? (await hotelId(item.hotelSlug));
          if (id === undefined) continue;
          const takers = (await hooksOf(id)).filter((w) => w.events.includes(item.event));
          if (takers.length === 0) continue;
          const eventId = `evt_${randomUUID()}`;
          const payload = JSON.stringify(webhookBody(eventId, item));
          const at = deps.clock.now();
          for (const w of takers) rows.push({ webhookId: w.id, hotelId: id, eventId, event: item.event, payload, at });
        }
      }
      if (rows.length === 0) return;
      await deps.store.transaction((tx) => tx.webhookQueue.enqueue(rows));
      delivery.wake();
    },
  };
}
