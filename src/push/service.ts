// Web push delivery: the VAPID key pair (configured, or generated once and shared through the
// database), who a notification goes to (asked of the database when it is sent, never earlier),
// and the POSTs to the push services through the `web-push` library, which signs them (VAPID
// JWT) and encrypts each payload for its browser (RFC 8291, aes128gcm). Everything runs on a
// bounded work queue after the commit: a slow push service never slows a request or the
// dispatcher, and a full queue drops (and logs) rather than grows.
import webpush from 'web-push';
import type { Logger } from 'pino';
import type { PushEndpoint, PushRepository, WebPush } from '../domain/ports.js';
import type { RevokedAccess } from '../domain/domain-events.js';
import { workQueue } from './work-queue.js';

/** What one notification says; contract/schemas/push.ts PushNotification is its wire shape. */
export interface Notification {
  title: string;
  body: string;
  url: string;
  tag: string;
}

/** What the listener asks of the push service. */
export type PushIntent =
  | { kind: 'notify'; to: { staffOnDuty: { hotelId: number; staffIds: readonly number[] | null } } | { stay: number }; notification: Notification }
  /** Someone's credentials ended (check-out, deactivation, sign-out): forget what they subscribed. */
  | { kind: 'forget'; who: RevokedAccess }
  /** Remove the subscriptions of ended stays and deactivated staff (changes made without this listener). */
  | { kind: 'sweep' };

export interface PushService {
  /** What the HTTP routes use (Deps.push). */
  port: WebPush;
  /** Queues the work and returns at once; false when the queue was full and it was dropped. */
  submit(intent: PushIntent): boolean;
  /** Resolves when every queued push has been answered (tests). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export interface PushOptions {
  subscriptions: PushRepository;
  vapid: { publicKey: string; privateKey: string } | null;
  subject: string;
  allowLoopback: boolean;
  logger: Pick<Logger, 'warn' | 'error' | 'info'>;
  now?: () => Date;
  /** Pushes in flight at once (across all push services). */
  concurrency?: number;
  /** Work that may wait; beyond it new work is dropped and logged. */
  queueLimit?: number;
  /** A push service that has not answered in this long is given up on (ms). */
  timeoutMs?: number;
}

/** How long a push service keeps an undelivered message for a browser that is offline (seconds). */
const TTL_SECONDS = 12 * 3600;

export async function startWebPush(opts: PushOptions): Promise<PushService> {
  const { subscriptions, logger } = opts;
  const now = opts.now ?? (() => new Date());
  const keys = opts.vapid ?? (await subscriptions.vapidKeys(() => webpush.generateVAPIDKeys(), now()));
  const vapidDetails = { subject: opts.subject, publicKey: keys.publicKey, privateKey: keys.privateKey };
  let dropped = 0;
  const queue = workQueue({
    concurrency: opts.concurrency ?? 8,
    limit: opts.queueLimit ?? 2000,
    onError: (err) => logger.error({ err }, 'push: a task failed'),
  });
  const add = (task: () => Promise<void>): boolean => {
    if (queue.add(task)) return true;
    dropped += 1;
    logger.warn({ dropped, queued: queue.size }, 'push: the queue is full; a push was dropped');
    return false;
  };

  // The endpoint is a capability URL: only its host goes into the log.
  const hostOf = (endpoint: string) => {
    try {
      return new URL(endpoint).host;
    } catch {
      return '?';
    }
  };

  async function deliver(target: PushEndpoint, payload: string): Promise<void> {
    try {
      await webpush.sendNotification({ endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } }, payload, {
        vapidDetails,
        TTL: TTL_SECONDS,
        urgency: 'high',
        contentEncoding: 'aes128gcm',
        timeout: opts.timeoutMs ?? 10_000,
      });
    } catch (err) {
      const status = err instanceof webpush.WebPushError ? err.statusCode : null;
      if (status === 404 || status === 410) {
        // The browser unsubscribed or the subscription expired: the push service says so once.
        await subscriptions.removeEndpoint(target.endpoint);
        logger.info({ host: hostOf(target.endpoint), status }, 'push: removed a subscription the push service no longer knows');
        return;
      }
      logger.warn({ host: hostOf(target.endpoint), status, err: status === null ? err : undefined }, 'push: a push service refused or did not answer');
    }
  }

  async function run(intent: PushIntent): Promise<void> {
    if (intent.kind === 'forget') {
      await subscriptions.removeFor(intent.who);
      return;
    }
    if (intent.kind === 'sweep') {
      await subscriptions.removeEnded();
      return;
    }
    const to = intent.to;
    const targets = 'stay' in to ? await subscriptions.stay(to.stay) : await subscriptions.onDutyStaff(to.staffOnDuty.hotelId, to.staffOnDuty.staffIds);
    const payload = JSON.stringify(intent.notification);
    for (const target of targets) add(() => deliver(target, payload));
  }

  return {
    port: { subscriptions, publicKey: keys.publicKey, allowLoopback: opts.allowLoopback },
    submit: (intent) => add(() => run(intent)),
    idle: () => queue.idle(),
    close: () => queue.close(5000),
  };
}
