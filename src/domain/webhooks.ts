// A hotel's webhooks: a manager points Concierge at their own system (a property-management
// system, a chat tool, a ticket queue) and chooses which events it receives. Delivery is one more
// listener of domain events (events/hotel-webhooks.ts): signed, queued in the database, retried.
import { randomBytes } from 'node:crypto';
import type { Actor } from './actor.js';
import { requireHotel, requireManagerOf } from './access.js';
import { recorded } from './audit.js';
import type { Outcome } from './domain-events.js';
import { AppError, notFound } from './errors.js';
import type { WebhookDeliveryRecord, WebhookPatch, WebhookRecord } from './operations-ports.js';
import type { Deps } from './ports.js';

export const WEBHOOK_LIMITS = { perHotel: 10, urlLength: 2000, description: 200, deliveriesShown: 100 } as const;

/** Retries after a failed attempt: 10 s, 1 min, 5 min, 30 min, 2 h, 6 h; then the delivery has failed. */
export const RETRY_AFTER_SECONDS = [10, 60, 300, 1800, 7200, 21600] as const;

/** When to try again after `attempts` failed attempts; null: give up. */
export function nextAttempt(attempts: number, at: Date): Date | null {
  const wait = RETRY_AFTER_SECONDS[attempts - 1];
  return wait === undefined ? null : new Date(at.getTime() + wait * 1000);
}

/** A webhook target: http(s) only, no credentials in it, not too long. Where it may point is the HTTP edge's check. */
export function checkWebhookUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError('invalid_request', 'The webhook URL is not a valid URL.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new AppError('invalid_request', 'A webhook URL must start with https:// (or http://).');
  if (url.username !== '' || url.password !== '') throw new AppError('invalid_request', 'A webhook URL may not carry a user name or password; the signature authenticates Concierge.');
  if (raw.length > WEBHOOK_LIMITS.urlLength) throw new AppError('invalid_request', `A webhook URL may be at most ${WEBHOOK_LIMITS.urlLength} characters long.`);
  return url.toString();
}

function checkDescription(d: string | undefined): string | undefined {
  if (d !== undefined && d.length > WEBHOOK_LIMITS.description) throw new AppError('invalid_request', `A description may be at most ${WEBHOOK_LIMITS.description} characters long.`);
  return d;
}

/** The secret in lists: enough to tell two apart, never enough to sign. */
export const hideSecret = (w: WebhookRecord): WebhookRecord => ({ ...w, secret: `…${w.secret.slice(-4)}` });

export async function listWebhooks(deps: Deps, actor: Actor | null, hotelSlug: string): Promise<WebhookRecord[]> {
  requireManagerOf(actor, hotelSlug);
  return deps.store.read(async (r) => (await r.webhooks.list((await requireHotel(r, hotelSlug)).id)).map(hideSecret));
}

/** A new webhook; the answer is the only time its signing secret is shown. */
export async function createWebhook(
  deps: Deps,
  actor: Actor | null,
  hotelSlug: string,
  input: { url: string; events: string[]; description?: string | undefined },
): Promise<Outcome<WebhookRecord>> {
  requireManagerOf(actor, hotelSlug);
  const url = checkWebhookUrl(input.url);
  const description = checkDescription(input.description) ?? '';
  const events = [...new Set(input.events)];
  if (events.length === 0) throw new AppError('invalid_request', 'Choose at least one event.');
  return deps.store.transaction(async (tx) => {
    const hotel = await requireHotel(tx, hotelSlug);
    if ((await tx.webhooks.countLocked(hotel.id)) >= WEBHOOK_LIMITS.perHotel) {
      throw new AppError('conflict', `A hotel may have at most ${WEBHOOK_LIMITS.perHotel} webhooks.`);
    }
    const at = deps.clock.now();
    const secret = `whsec_${randomBytes(24).toString('base64url')}`;
    const hook = await tx.webhooks.insert({ hotelId: hotel.id, url, events, secret, description, createdAt: at });
    return { result: hook, events: [recorded(actor, hotel.id, 'webhook.created', `webhook ${hook.id}`, at, { url, events })] };
  });
}

export async function updateWebhook(
  deps: Deps,
  actor: Actor | null,
  hotelSlug: string,
  id: number,
  patch: WebhookPatch,
): Promise<Outcome<WebhookRecord>> {
  requireManagerOf(actor, hotelSlug);
  const clean: WebhookPatch = {
    ...(patch.url !== undefined && { url: checkWebhookUrl(patch.url) }),
    ...(patch.events !== undefined && { events: [...new Set(patch.events)] }),
    ...(patch.active !== undefined && { active: patch.active }),
    ...(patch.description !== undefined && { description: checkDescription(patch.description)! }),
  };
  if (clean.events?.length === 0) throw new AppError('invalid_request', 'Choose at least one event.');
  return deps.store.transaction(async (tx) => {
    const hotel = await requireHotel(tx, hotelSlug);
    const hook = await tx.webhooks.update(hotel.id, id, clean);
    if (!hook) throw notFound('That webhook');
    const at = deps.clock.now();
    return { result: hideSecret(hook), events: [recorded(actor, hotel.id, 'webhook.changed', `webhook ${id}`, at, { ...clean })] };
  });
}

export async function deleteWebhook(deps: Deps, actor: Actor | null, hotelSlug: string, id: number): Promise<Outcome<void>> {
  requireManagerOf(actor, hotelSlug);
  return deps.store.transaction(async (tx) => {
    const hotel = await requireHotel(tx, hotelSlug);
    if (!(await tx.webhooks.remove(hotel.id, id))) throw notFound('That webhook');
    return { result: undefined, events: [recorded(actor, hotel.id, 'webhook.deleted', `webhook ${id}`, deps.clock.now())] };
  });
}

/** The delivery log of one webhook, newest first. */
export async function webhookDeliveries(deps: Deps, actor: Actor | null, hotelSlug: string, id: number): Promise<WebhookDeliveryRecord[]> {
  requireManagerOf(actor, hotelSlug);
  return deps.store.read(async (r) => {
    const hotel = await requireHotel(r, hotelSlug);
    if (!(await r.webhooks.list(hotel.id)).some((w) => w.id === id)) throw notFound('That webhook');
    return r.webhooks.deliveries(hotel.id, id, WEBHOOK_LIMITS.deliveriesShown);
  });
}
