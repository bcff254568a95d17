// Client events (`client-typing`, `client-viewing`) with the sender as the server knows it. The
// server stamps every relayed client event with the signed-in socket's `user_id` (`staff-{id}` or
// `stay-{id}`; on presence channels the member id, String(staff id)). pusher-js hands that id to
// handlers on presence channels only, so we read client events from the raw connection messages,
// and never believe what the payload says about who sent it (issue 11 #10).
import { useEffect, useRef, useState } from 'react';
import type { PusherClient } from './realtime.js';

export type Sender = { kind: 'staff'; staffId: number } | { kind: 'guest'; stayId: number };

/** Who sent a client event on `channel`, from the server-stamped user_id; null when unknown. */
export function senderOf(channel: string, userId: unknown): Sender | null {
  if (typeof userId !== 'string') return null;
  const staff = /^staff-(\d+)$/.exec(userId);
  if (staff) return { kind: 'staff', staffId: Number(staff[1]) };
  const stay = /^stay-(\d+)$/.exec(userId);
  if (stay) return { kind: 'guest', stayId: Number(stay[1]) };
  if (channel.startsWith('presence-') && /^\d+$/.test(userId)) return { kind: 'staff', staffId: Number(userId) };
  return null;
}

export type ClientHandlers = Record<string, (data: unknown, sender: Sender) => void>;

interface RawMessage {
  event?: unknown;
  channel?: unknown;
  data?: unknown;
  user_id?: unknown;
}

/**
 * Calls `handlers[event](data, sender)` for client events on `channel`. Events without a
 * recognisable sender are dropped: an unsigned one cannot be attributed to anybody.
 */
export function useClientEvents(client: PusherClient | null, channel: string | null, handlers: ClientHandlers): void {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    if (!client || !channel) return;
    const onMessage = (m: RawMessage): void => {
      if (m.channel !== channel || typeof m.event !== 'string' || !m.event.startsWith('client-')) return;
      const sender = senderOf(channel, m.user_id);
      if (sender) ref.current[m.event]?.(m.data, sender);
    };
    client.connection.bind('message', onMessage);
    return () => {
      client.connection.unbind('message', onMessage);
    };
  }, [client, channel]);
}

/** Whether this socket has finished pusher:signin: only then may it send client events. */
export function isSignedIn(client: PusherClient | null): boolean {
  return client !== null && client.connection.state === 'connected' && client.user.user_data != null;
}

/**
 * True once the socket is signed in, false again while it reconnects (a new socket signs in
 * anew). Screens say hello to colleagues when this turns true.
 */
export function useSignedIn(client: PusherClient | null): boolean {
  const [signedIn, setSignedIn] = useState(() => isSignedIn(client));
  useEffect(() => {
    if (!client) {
      setSignedIn(false);
      return;
    }
    let cancelled = false;
    const check = (): void => {
      setSignedIn(isSignedIn(client));
      // Resolved when the (re)sign-in finishes, whether or not it succeeded.
      void Promise.resolve(client.user.signinDonePromise).then(() => {
        if (!cancelled) setSignedIn(isSignedIn(client));
      });
    };
    check();
    client.connection.bind('state_change', check);
    return () => {
      cancelled = true;
      client.connection.unbind('state_change', check);
    };
  }, [client]);
  return signedIn;
}
