// The live inbox: GET conversations/ once, then the staff inbox channel and this person's own
// channel keep it current. A refresh on reconnect (and now and then) covers anything missed.
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { ApiError, errorText } from '../shared/api.js';
import type { ConversationSummary, Message } from '../shared/contract.js';
import { channels } from '../shared/channels.js';
import { isMessage, isResolvedChange, isStaffAssigned, isStaffReleased, isUnreadChange } from '../shared/guards.js';
import type { PusherClient } from '../shared/realtime.js';
import { useChannel } from '../shared/use-channel.js';
import type { Handlers } from '../shared/use-channel.js';
import { inboxReducer } from './inbox-state.js';
import type { InboxAction } from './inbox-state.js';
import type { StaffApi } from './staff-api.js';

// The inbox channel carries every message, handoff and read change; a slow refresh is only a
// safety net for anything a flaky connection dropped without a reconnect.
const REFRESH_VISIBLE_MS = 120_000;
const REFRESH_HIDDEN_MS = 300_000;

export interface Inbox {
  conversations: ConversationSummary[];
  status: 'loading' | 'ready' | 'error';
  error: string | null;
  refresh: () => Promise<void>;
  dispatch: (action: InboxAction) => void;
}

interface Options {
  api: StaffApi;
  client: PusherClient | null;
  myId: number;
  reconnects: number;
  /** Whether a guest message in this conversation is being read right now (open and visible). */
  isBeingRead: (conversationId: number) => boolean;
  onGuestMessage: (message: Message) => void;
  onExpired: () => void;
  /** More events of the inbox channel (the desk's: duty changes), for other parts of the screen. */
  inboxEvents: Handlers;
  /** More events of my own channel (alerts meant for me). */
  myEvents: Handlers;
}

export function useInbox(opts: Options): Inbox {
  const { api, client, myId, reconnects } = opts;
  const [conversations, dispatch] = useReducer(inboxReducer, []);
  const [status, setStatus] = useState<Inbox['status']>('loading');
  const [error, setError] = useState<string | null>(null);
  const optsRef = useRef(opts);
  optsRef.current = opts;
  const seen = useRef(new Set<number>());
  const conversationsRef = useRef(conversations);
  conversationsRef.current = conversations;

  const lastRefresh = useRef(0);
  const refresh = useCallback(async () => {
    lastRefresh.current = Date.now();
    try {
      const list = await api.conversations();
      dispatch({ type: 'loaded', list });
      setStatus('ready');
      setError(null);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        optsRef.current.onExpired();
        return;
      }
      setError(errorText(err));
      setStatus((s) => (s === 'ready' ? 'ready' : 'error'));
    }
  }, [api]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  // Catch up after a dropped connection; retry sooner while the last load failed.
  useEffect(() => {
    if (reconnects > 0) void refresh();
  }, [reconnects, refresh]);
  useEffect(() => {
    const t = setInterval(
      () => {
        const due = document.visibilityState === 'visible' ? REFRESH_VISIBLE_MS : REFRESH_HIDDEN_MS;
        if (error || Date.now() - lastRefresh.current >= due - 1_000) void refresh();
      },
      error ? 5_000 : REFRESH_VISIBLE_MS,
    );
    return () => clearInterval(t);
  }, [refresh, error]);

  const onGuestMessage = useCallback(
    (data: unknown) => {
      if (!isMessage(data) || seen.current.has(data.id)) return;
      const m = data;
      seen.current.add(m.id);
      const known = conversationsRef.current.some((c) => c.conversation_id === m.conversation);
      if (!known) void refresh();
      dispatch({ type: 'message', message: m, countsAsUnread: !optsRef.current.isBeingRead(m.conversation) });
      optsRef.current.onGuestMessage(m);
    },
    [refresh],
  );
  const inboxLink = useChannel(client, channels.inbox(api.hotel), {
    'new-guest-message': onGuestMessage,
    'staff-assigned': (data) => {
      if (isStaffAssigned(data)) dispatch({ type: 'handler', conversationId: data.conversation_id, handler: data.staff });
    },
    // Released to the team: nobody handles it now (its unread count follows as conversation-unread).
    'staff-released': (data) => {
      if (isStaffReleased(data)) dispatch({ type: 'released', conversationId: data.conversation_id, by: data.previous_staff, note: data.note, at: data.released_at });
    },
    'conversation-resolved': (data) => {
      if (isResolvedChange(data)) dispatch({ type: 'resolved', conversationId: data.conversation_id, resolved: data.resolved, at: data.at });
    },
    'conversation-unread': (data) => {
      if (isUnreadChange(data)) dispatch({ type: 'unread', event: { ...data, unread_count: Math.max(1, data.unread_count) } });
    },
    'conversation-read': (data) => {
      if (isUnreadChange(data)) dispatch({ type: 'unread', event: data });
    },
    'new-staff-message': (data) => {
      if (isMessage(data)) dispatch({ type: 'message', message: data, countsAsUnread: false });
    },
    'new-conversation': () => void refresh(),
    'conversation-closed': () => void refresh(),
    ...opts.inboxEvents,
  });
  useChannel(client, channels.staff(api.hotel, myId), { 'new-guest-message': onGuestMessage, ...opts.myEvents });
  // A guest may write between the first load and the moment the inbox channel is live: once it
  // is (and after every resubscription), load the list again so nothing falls in that gap.
  useEffect(() => {
    if (inboxLink.subscribed) void refresh();
  }, [inboxLink.subscribed, refresh]);

  return { conversations, status, error, refresh, dispatch };
}
