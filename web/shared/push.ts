// Push notifications with the tab closed, for both apps: the service worker at /push-sw.js,
// registered with the app's scope (/staff/ or /guest/), a Push API subscription made with the
// server's VAPID key, and the server told about it. Opt-in only: nothing is asked of the browser
// until the person turns it on, and who turned it on in this browser is remembered per person, so
// someone else signing in on the same device is not subscribed without asking.
import { request } from './api.js';

export type PushAudience = 'staff' | 'guest';
/** unsupported: no Push API (or not a secure context); denied: blocked in the browser's settings. */
export type PushState = 'unsupported' | 'denied' | 'off' | 'on';

export interface PushTarget {
  audience: PushAudience;
  hotel: string;
  token: string;
  /** Who this browser would be subscribed for (a staff id, or hotel/room): the opt-in is remembered per person. */
  who: string;
}

const SCOPE: Record<PushAudience, string> = { staff: '/staff/', guest: '/guest/' };
const optInKey = (t: PushTarget) => `concierge.push.${t.audience}`;

export function pushSupported(): boolean {
  return typeof window !== 'undefined' && window.isSecureContext && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
}

function rememberedFor(t: PushTarget): boolean {
  try {
    return localStorage.getItem(optInKey(t)) === t.who;
  } catch {
    return false;
  }
}

function remember(t: PushTarget, on: boolean): void {
  try {
    if (on) localStorage.setItem(optInKey(t), t.who);
    else localStorage.removeItem(optInKey(t));
  } catch {
    // Private mode without storage: the opt-in lasts this page only.
  }
}

const base = (t: PushTarget) => `/chat/${encodeURIComponent(t.hotel)}/push`;

async function existing(t: PushTarget): Promise<PushSubscription | null> {
  const reg = await navigator.serviceWorker.getRegistration(SCOPE[t.audience]);
  return reg ? reg.pushManager.getSubscription() : null;
}

function save(t: PushTarget, sub: PushSubscription): Promise<unknown> {
  return request(`${base(t)}/${t.audience}/subscribe/`, { method: 'POST', token: t.token, body: sub.toJSON() });
}

/**
 * Where this browser stands, without asking anything. When this person turned push on here
 * before, the subscription is sent again: the server may have dropped it (sign-out, a new
 * session) and the browser may have renewed it.
 */
export async function pushState(t: PushTarget): Promise<PushState> {
  if (!pushSupported()) return 'unsupported';
  if (Notification.permission === 'denied') return 'denied';
  if (Notification.permission !== 'granted' || !rememberedFor(t)) return 'off';
  const sub = await existing(t).catch(() => null);
  if (!sub) return 'off';
  await save(t, sub);
  return 'on';
}

/** The registration's worker once it is active: a push subscription needs one. */
async function activeRegistration(scriptUrl: string, scope: string): Promise<ServiceWorkerRegistration> {
  const reg = await navigator.serviceWorker.register(scriptUrl, { scope });
  const worker = reg.installing ?? reg.waiting ?? reg.active;
  if (worker && worker.state !== 'activated') {
    await new Promise<void>((resolve) => {
      const check = () => {
        if (worker.state === 'activated' || worker.state === 'redundant') resolve();
      };
      worker.addEventListener('statechange', check);
      check();
    });
  }
  return reg;
}

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const b64 = base64url.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(base64url.length / 4) * 4, '=');
  const raw = atob(b64);
  const out = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i += 1) out[i] = raw.charCodeAt(i);
  return out;
}

/** Asks the browser's permission (call from a click), subscribes and tells the server. */
export async function enablePush(t: PushTarget): Promise<PushState> {
  if (!pushSupported()) return 'unsupported';
  const permission = await Notification.requestPermission();
  if (permission === 'denied') return 'denied';
  if (permission !== 'granted') return 'off';
  const { public_key: key, service_worker: script } = await request<{ public_key: string; service_worker: string }>(`${base(t)}/public-key/`, { token: t.token });
  const reg = await activeRegistration(script, SCOPE[t.audience]);
  let sub = await reg.pushManager.getSubscription();
  // A subscription made with another key (the server's key changed) cannot be pushed to by us.
  const current = sub?.options.applicationServerKey;
  if (sub && current && btoa(String.fromCharCode(...new Uint8Array(current))) !== btoa(String.fromCharCode(...keyBytes(key)))) {
    await sub.unsubscribe();
    sub = null;
  }
  sub ??= await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key) });
  await save(t, sub);
  remember(t, true);
  return 'on';
}

/** Tells the server to stop, then ends the browser's subscription. */
export async function disablePush(t: PushTarget): Promise<PushState> {
  remember(t, false);
  const sub = await existing(t).catch(() => null);
  if (sub) {
    await request(`${base(t)}/${t.audience}/unsubscribe/`, { method: 'POST', token: t.token, body: { endpoint: sub.endpoint } }).catch(() => undefined);
    await sub.unsubscribe().catch(() => false);
  }
  return pushSupported() && Notification.permission === 'denied' ? 'denied' : 'off';
}
