// Subscribes to one channel for as long as a component wants it. Handlers are read through a ref,
// so re-rendering never resubscribes; only a new client or channel name does.
import { useEffect, useRef, useState } from 'react';
import { isSignedIn } from './client-events.js';
import type { PusherChannel, PusherClient } from './realtime.js';

export type Handlers = Record<string, (data: unknown) => void>;

export interface ChannelLink {
  channel: PusherChannel | null;
  subscribed: boolean;
  error: string | null;
}

export function useChannel(client: PusherClient | null, name: string | null, handlers: Handlers): ChannelLink {
  const ref = useRef(handlers);
  ref.current = handlers;
  const [link, setLink] = useState<ChannelLink>({ channel: null, subscribed: false, error: null });

  useEffect(() => {
    if (!client || !name) return;
    const channel = client.subscribe(name);
    const events = Object.keys(ref.current);
    const bound = events.map((event) => {
      const fn = (data: unknown): void => ref.current[event]?.(data);
      channel.bind(event, fn);
      return [event, fn] as const;
    });
    const ok = (): void => setLink({ channel, subscribed: true, error: null });
    const failed = (status: unknown): void => {
      const code = typeof status === 'object' && status !== null ? (status as { status?: unknown }).status : null;
      setLink({ channel, subscribed: false, error: `Live updates unavailable (${String(code ?? 'error')}).` });
    };
    // A dropped connection drops the subscription: `subscribed` turns true again only when the
    // server has confirmed the new one, so a catch-up keyed on it covers every event published
    // while the channel was away (a catch-up at the reconnect alone can run before that).
    const dropped = (change: { current: string }): void => {
      if (change.current !== 'connected') setLink((prev) => (prev.subscribed ? { ...prev, subscribed: false } : prev));
    };
    channel.bind('pusher:subscription_succeeded', ok);
    channel.bind('pusher:subscription_error', failed);
    client.connection.bind('state_change', dropped);
    setLink({ channel, subscribed: channel.subscribed, error: null });
    return () => {
      for (const [event, fn] of bound) channel.unbind(event, fn);
      channel.unbind('pusher:subscription_succeeded', ok);
      channel.unbind('pusher:subscription_error', failed);
      client.connection.unbind('state_change', dropped);
      client.unsubscribe(name);
      setLink({ channel: null, subscribed: false, error: null });
    };
  }, [client, name]);

  return link;
}

/**
 * Sends a client event if the channel can carry it now; returns whether it went out. The server
 * refuses client events from a socket that has not signed in, so nothing is sent before that.
 */
export function sendClientEvent(link: ChannelLink, event: string, data: object): boolean {
  if (!link.channel || !link.subscribed || !isSignedIn(link.channel.pusher)) return false;
  try {
    return link.channel.trigger(event, data);
  } catch {
    return false;
  }
}
