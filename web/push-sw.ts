// The service worker of both apps' push notifications, served at /push-sw.js and registered once
// with scope /staff/ and once with /guest/ (each registration has its own push subscription).
// It shows what the server pushed and, on a click, focuses or opens the page the push names.
// It knows nothing else: the payload (title, body, url, tag) is all a push carries.

interface PushNotificationData {
  title: string;
  body: string;
  url: string;
  tag: string;
}

// The ServiceWorkerGlobalScope types live in TypeScript's "webworker" lib, which cannot share a
// program with the DOM lib the apps use: the little this worker touches is typed here.
interface WindowClientLike {
  url: string;
  focused: boolean;
  focus(): Promise<WindowClientLike>;
  navigate(url: string): Promise<WindowClientLike | null>;
}
interface ExtendableEventLike extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface PushEventLike extends ExtendableEventLike {
  data: { json(): unknown; text(): string } | null;
}
interface NotificationClickEventLike extends ExtendableEventLike {
  notification: Notification & { data: unknown };
}
interface WorkerScope {
  location: Location;
  registration: ServiceWorkerRegistration;
  clients: {
    claim(): Promise<void>;
    matchAll(o: { type: 'window'; includeUncontrolled: boolean }): Promise<WindowClientLike[]>;
    openWindow(url: string): Promise<WindowClientLike | null>;
  };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', fn: (e: ExtendableEventLike) => void): void;
  addEventListener(type: 'push', fn: (e: PushEventLike) => void): void;
  addEventListener(type: 'notificationclick', fn: (e: NotificationClickEventLike) => void): void;
}

const worker = self as unknown as WorkerScope;
const scope = () => new URL(worker.registration.scope);

/** A page of this app: same origin and inside this registration's scope; anything else opens the app's start. */
function safeUrl(raw: unknown): string {
  try {
    const url = new URL(typeof raw === 'string' ? raw : '', worker.location.origin);
    if (url.origin === worker.location.origin && url.pathname.startsWith(scope().pathname)) return url.href;
  } catch {
    // fall through to the app's start page
  }
  return scope().href;
}

function readPayload(e: PushEventLike): PushNotificationData {
  const fallback = { title: 'Concierge', body: 'You have a new message.', url: scope().href, tag: 'concierge' };
  try {
    const d = e.data?.json() as Partial<PushNotificationData> | null | undefined;
    if (!d || typeof d !== 'object') return fallback;
    return {
      title: typeof d.title === 'string' && d.title !== '' ? d.title : fallback.title,
      body: typeof d.body === 'string' ? d.body : fallback.body,
      url: safeUrl(d.url),
      tag: typeof d.tag === 'string' && d.tag !== '' ? d.tag : fallback.tag,
    };
  } catch {
    return fallback;
  }
}

worker.addEventListener('install', (e) => e.waitUntil(worker.skipWaiting()));
worker.addEventListener('activate', (e) => e.waitUntil(worker.clients.claim()));

worker.addEventListener('push', (e) => {
  const p = readPayload(e);
  // renotify: a second message in the same conversation replaces the first and alerts again.
  const options = { body: p.body, tag: p.tag, data: { url: p.url }, renotify: true } as NotificationOptions;
  e.waitUntil(worker.registration.showNotification(p.title, options));
});

worker.addEventListener('notificationclick', (e) => {
  e.notification.close();
  const data = e.notification.data as { url?: unknown } | null;
  const target = safeUrl(data?.url);
  e.waitUntil(
    (async () => {
      const windows = await worker.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const inScope = windows.filter((w) => w.url.startsWith(scope().href));
      const same = inScope.find((w) => w.url === target);
      if (same) return same.focus();
      // An open tab of the app goes to the page (navigate works for the tabs this worker controls).
      for (const w of inScope) {
        const moved = await w.navigate(target).catch(() => null);
        if (moved) return moved.focus();
      }
      return worker.clients.openWindow(target);
    })(),
  );
});
