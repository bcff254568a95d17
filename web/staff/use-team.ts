// Who is online (the presence channel) and what each colleague is doing: which conversation
// they have open and whether they are typing. Activity travels as our own `client-viewing`
// event on the presence channel, so the sidebar can show it for every conversation. Who sent it
// is the server's stamp (the member id), and the name is the one the server gave that member:
// the payload's own staff_id and name are never believed.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Staff, ViewingEvent } from '../shared/contract.js';
import { channels } from '../shared/channels.js';
import { isRecord } from '../shared/checks.js';
import { isViewing } from '../shared/guards.js';
import { TAB_ID, viewingKey, type PusherClient } from '../shared/realtime.js';
import { useClientEvents } from '../shared/client-events.js';
import { sendClientEvent, useChannel } from '../shared/use-channel.js';

const HEARTBEAT_MS = 15_000;
const EXPIRE_MS = 45_000;

export interface Colleague {
  id: string;
  name: string;
  role: string;
  profile_image: string | null;
}

export interface Activity {
  staffId: number;
  name: string;
  conversationId: number | null;
  typing: boolean;
  seenAt: number;
  /** When this person last typed, and in which conversation (for the take-over guard). */
  typedAt: number;
  typedIn: number | null;
}

// A presence member's `info` is whatever the server put in the channel data: read it defensively.
function memberOf(id: unknown, info: unknown): Colleague | null {
  if (id === undefined || id === null) return null;
  const rec = isRecord(info) ? info : {};
  const str = (k: string): string | null => {
    const v = rec[k];
    return typeof v === 'string' ? v : null;
  };
  return {
    id: String(id),
    name: str('name') || str('staff_name') || [str('first_name'), str('last_name')].filter(Boolean).join(' ') || `Staff ${String(id)}`,
    role: str('role') ?? str('staff_role') ?? 'Staff',
    profile_image: str('profile_image'),
  };
}

interface Members {
  each: (fn: (m: { id: unknown; info: unknown }) => void) => void;
}

/** pusher-js hands `pusher:subscription_succeeded` on a presence channel its Members object. */
function isMembers(v: unknown): v is Members {
  return isRecord(v) && typeof v.each === 'function';
}

export function useTeam(client: PusherClient | null, signedIn: boolean, hotel: string, me: Staff, openId: number | null, typing: boolean) {
  const [online, setOnline] = useState<Colleague[]>([]);
  // Keyed by viewingKey: one entry per colleague's tab.
  const [activity, setActivity] = useState<Map<string, Activity>>(new Map());
  const state = useRef({ openId, typing });
  state.current = { openId, typing };

  const linkRef = useRef<ReturnType<typeof useChannel> | null>(null);
  const announce = useCallback(
    (hello = false) => {
      if (!linkRef.current) return;
      const payload: ViewingEvent = {
        staff_id: me.id,
        name: me.name,
        conversation_id: state.current.openId,
        typing: state.current.typing,
        tab: TAB_ID,
        ...(hello ? { hello: true } : {}),
      };
      sendClientEvent(linkRef.current, 'client-viewing', payload);
    },
    [me.id, me.name],
  );

  const heard = useCallback((e: ViewingEvent) => {
    setActivity((prev) => {
      const next = new Map(prev);
      const old = prev.get(viewingKey(e));
      const now = Date.now();
      next.set(viewingKey(e), {
        staffId: e.staff_id,
        name: e.name,
        conversationId: e.conversation_id,
        typing: e.typing,
        seenAt: now,
        typedAt: e.typing ? now : (old?.typedAt ?? 0),
        typedIn: e.typing ? e.conversation_id : (old?.typedIn ?? null),
      });
      return next;
    });
  }, []);

  const readMembers = (members: Members): void => {
    const list: Colleague[] = [];
    members.each((m) => {
      const c = memberOf(m.id, m.info);
      if (c) list.push(c);
    });
    setOnline(list);
  };

  const link = useChannel(client, channels.presence(hotel), {
    'pusher:subscription_succeeded': (data) => {
      if (isMembers(data)) readMembers(data);
    },
    'pusher:member_added': (data) => {
      const c = isRecord(data) ? memberOf(data.id, data.info) : null;
      if (c) setOnline((prev) => [...prev.filter((p) => p.id !== c.id), c]);
      announce();
    },
    'pusher:member_removed': (data) => {
      if (!isRecord(data)) return;
      const id = String(data.id);
      setOnline((prev) => prev.filter((p) => p.id !== id));
      setActivity((prev) => {
        const next = new Map([...prev].filter(([, a]) => String(a.staffId) !== id));
        return next.size === prev.size ? prev : next;
      });
    },
  });
  linkRef.current = link;
  const onlineRef = useRef(online);
  onlineRef.current = online;

  useClientEvents(client, channels.presence(hotel), {
    'client-viewing': (data, sender) => {
      if (!isViewing(data) || sender.kind !== 'staff' || sender.staffId === me.id) return;
      const known = onlineRef.current.find((c) => c.id === String(sender.staffId));
      heard({ ...data, staff_id: sender.staffId, name: known?.name ?? 'A colleague' });
      if (data.hello) announce();
    },
  });

  // Say hello once subscribed, then whenever what we look at changes, and as a heartbeat.
  useEffect(() => {
    if (link.subscribed && signedIn) announce(true);
  }, [link.subscribed, signedIn, announce]);
  useEffect(() => {
    announce();
  }, [openId, typing, announce]);
  useEffect(() => {
    const t = setInterval(() => {
      announce();
      setActivity((prev) => {
        const cutoff = Date.now() - EXPIRE_MS;
        const next = new Map([...prev].filter(([, a]) => a.seenAt > cutoff));
        return next.size === prev.size ? prev : next;
      });
    }, HEARTBEAT_MS);
    return () => clearInterval(t);
  }, [announce]);

  /** A colleague's name as the server told the presence channel (never a client event's claim). */
  const nameOf = useCallback((staffId: number): string | null => online.find((c) => c.id === String(staffId))?.name ?? null, [online]);

  return { online, activity, nameOf, presenceError: link.error };
}
