// One pusher-js client per token. `reconnects` counts comebacks after a dropped connection, so
// screens can fetch whatever they missed while it was down.
import { useCallback, useEffect, useState } from 'react';
import { useSignedIn } from './client-events.js';
import { connectPusher, reconnectWhenServerAnswers, watchConnection } from './realtime.js';
import type { ConnectionState, PusherClient } from './realtime.js';

export type LinkState = ConnectionState | 'config-error';

export interface PusherLink {
  client: PusherClient | null;
  state: LinkState;
  reconnects: number;
  /** The socket finished pusher:signin: client events may go out (and be attributed to us). */
  signedIn: boolean;
  /** Starts over with a new client (after the server closed the connection for good). */
  restart: () => void;
}

export function usePusher(token: string | null): PusherLink {
  const [client, setClient] = useState<PusherClient | null>(null);
  const [state, setState] = useState<LinkState>('initialized');
  const [reconnects, setReconnects] = useState(0);
  const [generation, setGeneration] = useState(0);
  const restart = useCallback(() => setGeneration((g) => g + 1), []);

  useEffect(() => {
    if (!token) return;
    let cancelled = false;
    let created: PusherClient | null = null;
    let unwatch: (() => void) | null = null;
    let unnudge: (() => void) | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let attempt = 0;

    const start = async (): Promise<void> => {
      try {
        const c = await connectPusher(token);
        if (cancelled) {
          c.disconnect();
          return;
        }
        created = c;
        unwatch = watchConnection(c, setState, () => setReconnects((n) => n + 1));
        unnudge = reconnectWhenServerAnswers(c);
        // A fresh client after a restart has missed whatever happened in between.
        if (generation > 0) setReconnects((n) => n + 1);
        setState(c.connection.state as ConnectionState);
        setClient(c);
      } catch {
        if (cancelled) return;
        setState('config-error');
        attempt += 1;
        retry = setTimeout(() => void start(), Math.min(30_000, 1_000 * 2 ** attempt));
      }
    };
    void start();

    return () => {
      cancelled = true;
      if (retry) clearTimeout(retry);
      unwatch?.();
      unnudge?.();
      created?.disconnect();
      setClient(null);
    };
  }, [token, generation]);

  const signedIn = useSignedIn(client);
  return { client, state, reconnects, signedIn, restart };
}

export function linkLabel(state: LinkState): string | null {
  switch (state) {
    case 'connected':
      return null;
    case 'initialized':
    case 'connecting':
      return 'Connecting…';
    case 'unavailable':
    case 'config-error':
      return 'Connection lost. Reconnecting…';
    case 'failed':
      return 'Live updates are not supported by this browser.';
    case 'disconnected':
      return 'Disconnected.';
  }
}
