// pusher-js, configured from GET /pusher/config/, authorising private and presence channels
// with the same bearer token the HTTP calls use.
import PusherImport from 'pusher-js';
import type { Options } from 'pusher-js';
import { request } from './api.js';

/**
 * What GET /pusher/config/ answers: pusher-js options. The server declares no schema for this
 * reply (it mirrors pusher-js, not our contract), so the client states the fields it reads.
 */
interface PusherClientConfig {
  key: string;
  cluster?: string;
  wsHost?: string;
  wsPort?: number;
  wssPort?: number;
  forceTLS?: boolean;
  enabledTransports?: Options['enabledTransports'];
}

type PusherClass = typeof PusherImport.default;
export type PusherClient = InstanceType<PusherClass>;
export type PusherChannel = ReturnType<PusherClient['subscribe']>;

// pusher-js is CommonJS: TypeScript (NodeNext) types the default import as the module object,
// while the bundler hands us `module.exports`, the class itself. Accept both.
function pusherClass(): PusherClass {
  const imported: unknown = PusherImport;
  if (typeof imported === 'function') return imported as PusherClass;
  return (imported as { default: PusherClass }).default;
}

export type ConnectionState =
  | 'initialized'
  | 'connecting'
  | 'connected'
  | 'unavailable'
  | 'failed'
  | 'disconnected';

export async function connectPusher(token: string): Promise<PusherClient> {
  const config = await request<PusherClientConfig>('/pusher/config/', { token });
  const Pusher = pusherClass();
  const options: Options = {
    cluster: config.cluster ?? 'mt1',
    wsHost: config.wsHost ?? location.hostname,
    wsPort: config.wsPort ?? (Number(location.port) || (location.protocol === 'https:' ? 443 : 80)),
    wssPort: config.wssPort ?? config.wsPort ?? (Number(location.port) || 443),
    forceTLS: config.forceTLS ?? location.protocol === 'https:',
    enabledTransports: config.enabledTransports ?? ['ws', 'wss'],
    disableStats: true,
    // Notice a dead connection within ~30 s rather than the default two minutes.
    activityTimeout: 20_000,
    pongTimeout: 10_000,
    channelAuthorization: {
      endpoint: '/pusher/auth/',
      transport: 'ajax',
      headers: { Authorization: `Bearer ${token}` },
    },
    // Signing in lets the server end this person's connections (check-out, revoked account),
    // also when events go through an external Pusher service.
    userAuthentication: {
      endpoint: '/pusher/user-auth/',
      transport: 'ajax',
      headers: { Authorization: `Bearer ${token}` },
    },
  };
  const client = new Pusher(config.key, options);
  client.signin();
  return client;
}

export function connectionState(client: PusherClient): ConnectionState {
  return client.connection.state as ConnectionState;
}

/**
 * Calls `onChange` with every connection state, and `onReconnect` each time the connection comes
 * back after having been up before: the moment to fetch what was missed. Returns an unbind.
 */
export function watchConnection(
  client: PusherClient,
  onChange: (state: ConnectionState) => void,
  onReconnect: () => void,
): () => void {
  let wasConnected = client.connection.state === 'connected';
  const handler = (change: { previous: string; current: string }): void => {
    // The 'disconnected' of our own fresh attempt (reconnectWhenServerAnswers) is no news.
    if (restarting.has(client)) return;
    onChange(change.current as ConnectionState);
    if (change.current === 'connected') {
      if (wasConnected) onReconnect();
      wasConnected = true;
    }
  };
  client.connection.bind('state_change', handler);
  return () => {
    client.connection.unbind('state_change', handler);
  };
}

/** Binds typed handlers to a channel; returns a function that unbinds them all. */
export function bindAll(
  channel: PusherChannel,
  handlers: Record<string, (data: unknown) => void>,
): () => void {
  for (const [event, fn] of Object.entries(handlers)) channel.bind(event, fn);
  return () => {
    for (const [event, fn] of Object.entries(handlers)) channel.unbind(event, fn);
  };
}

/** This page's id among its user's tabs (ViewingEvent.tab). getRandomValues works on plain http too. */
export const TAB_ID = Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join('');

/** One entry per person and tab, so two tabs of one person never overwrite each other. */
export const viewingKey = (e: { staff_id: number; tab?: string | undefined }): string => `${String(e.staff_id)}/${e.tab ?? ''}`;

/** Clients in the middle of a fresh attempt: their passing 'disconnected' is not reported. */
const restarting = new WeakSet<PusherClient>();

const PROBE_MS = 1_000;
const PROBE_TIMEOUT_MS = 2_000;
const MAX_GAP_MS = 30_000;

/**
 * pusher-js tries a refused connection again only when its own timeouts run out (15 s, then 30 s,
 * 60 s), so after a server restart the apps came back 12–25 s late. While the connection is
 * down this asks the server's /healthz every second, and once it answers, starts a fresh attempt
 * at once; further attempts (the server answers HTTP but the socket still fails, e.g. an external
 * Pusher service is down) wait 2, 4, 8 … at most 30 s. Returns a stop function.
 */
export function reconnectWhenServerAnswers(client: PusherClient, healthPath = '/healthz'): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  let gap = 0;
  let lastAttempt = 0;
  const down = (): boolean => ['connecting', 'unavailable'].includes(client.connection.state);

  const probe = async (): Promise<void> => {
    timer = null;
    if (stopped || !down()) return;
    const answered = await fetch(healthPath, { cache: 'no-store', signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) }).then(
      (r) => r.ok,
      () => false,
    );
    if (stopped || !down()) return;
    if (answered && Date.now() - lastAttempt >= gap) {
      lastAttempt = Date.now();
      gap = Math.min(MAX_GAP_MS, Math.max(2 * gap, 2_000));
      restarting.add(client);
      try {
        client.disconnect();
        client.connect();
      } finally {
        restarting.delete(client);
      }
    }
    schedule();
  };
  const schedule = (): void => {
    if (timer === null && !stopped) timer = setTimeout(() => void probe(), PROBE_MS);
  };
  const onState = (change: { current: string }): void => {
    if (restarting.has(client)) return;
    if (change.current === 'connected') gap = 0;
    if (down()) schedule();
  };
  client.connection.bind('state_change', onState);
  if (down()) schedule();
  return () => {
    stopped = true;
    if (timer !== null) clearTimeout(timer);
    client.connection.unbind('state_change', onState);
  };
}
