// The guest's conversation: messages (pages, live, catch-up), the current handler and whether
// they are online, read ticks both ways, and sending with retry.
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, errorText, newClientMessageId } from '../shared/api.js';
import type { GuestSession, Message, StaffInfo, TypingEvent } from '../shared/contract.js';
import { asGuestStaffAssigned, asHandlerPresence, asMessage, asReadReceipt, asTyping } from '../shared/guards.js';
import { fetchSince, lastId, mergeMessages } from '../shared/messages.js';
import { useCatchUpPoint } from '../shared/use-catch-up-point.js';
import { sendClientEvent, useChannel } from '../shared/use-channel.js';
import { usePusher } from '../shared/use-pusher.js';
import { useTypists } from '../shared/typing.js';
import { GuestApi } from './guest-api.js';

const PAGE = 50;

export interface GuestNotice {
  key: string;
  afterId: number;
  text: string;
}

export interface GuestPending {
  clientId: string;
  text: string;
  failed: boolean;
}

export function useGuestChat(session: GuestSession, visible: boolean, onLost: () => void) {
  const api = useRef(new GuestApi(session)).current;
  const link = usePusher(session.session_token);
  const [status, setStatus] = useState<'loading' | 'ready' | 'error'>('loading');
  const [messages, setMessages] = useState<Message[]>([]);
  const [hasMore, setHasMore] = useState(false);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [handler, setHandler] = useState<StaffInfo | null>(session.current_staff_handler);
  // The validate/initialize answers add `online` to the handler (not in StaffInfo proper).
  const [online, setOnline] = useState<boolean | null>(() => {
    const h: unknown = session.current_staff_handler;
    return typeof h === 'object' && h !== null && typeof (h as { online?: unknown }).online === 'boolean' ? (h as { online: boolean }).online : null;
  });
  const [notices, setNotices] = useState<GuestNotice[]>([]);
  const [pending, setPending] = useState<GuestPending[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const staffTyping = useTypists();
  const { messagesRef, sync, since } = useCatchUpPoint(messages);
  const handlerRef = useRef(handler);
  handlerRef.current = handler;
  const lostRef = useRef(onLost);
  lostRef.current = onLost;

  const fail = useCallback((err: unknown): string => {
    if (err instanceof ApiError && (err.status === 401 || err.status === 403)) lostRef.current();
    return errorText(err);
  }, []);

  const load = useCallback(async () => {
    try {
      const page = await api.messages(PAGE);
      sync(page);
      setMessages((prev) => mergeMessages(prev, page));
      setHasMore(page.length === PAGE);
      setStatus('ready');
      setError(null);
    } catch (err) {
      setError(fail(err));
      setStatus((s) => (s === 'ready' ? s : 'error'));
    }
  }, [api, fail]);

  useEffect(() => {
    void load();
  }, [load]);

  // While the first load fails (server away), keep retrying instead of waiting silently.
  useEffect(() => {
    if (status !== 'error') return;
    const t = setTimeout(() => void load(), 5_000);
    return () => clearTimeout(t);
  }, [status, load]);

  const catchUp = useCallback(async () => {
    try {
      const missed = await fetchSince(session.hotel_slug, session.conversation_id, since(), session.session_token);
      sync(missed);
      setMessages((prev) => mergeMessages(prev, missed));
      setError(null);
    } catch (err) {
      setError(fail(err));
    }
  }, [session, fail]);

  useEffect(() => {
    if (link.reconnects > 0) void catchUp();
  }, [link.reconnects, catchUp]);

  // The server closed our socket for good (e.g. check-out ended the session): ask whether the
  // session still holds; if it does, start a new connection.
  const { restart } = link;
  useEffect(() => {
    if (link.state !== 'disconnected') return;
    lostRef.current();
    const t = setTimeout(restart, 3_000);
    return () => clearTimeout(t);
  }, [link.state, restart]);

  const received = useCallback((m: Message) => {
    if (m.conversation !== session.conversation_id) return;
    const fresh = !messagesRef.current.some((x) => x.id === m.id);
    sync([m]);
    setMessages((prev) => mergeMessages(prev, [m]));
    if (m.client_message_id) setPending((prev) => prev.filter((p) => p.clientId !== m.client_message_id));
    if (fresh && m.sender_type === 'staff') {
      staffTyping.heard(`staff-${String(m.staff)}`, '', false);
      setAnnouncement(`New message from ${m.staff_info?.name ?? m.staff_display_name ?? 'Hotel Staff'}: ${m.message}`);
    }
  }, [session.conversation_id, staffTyping]);

  const channel = useChannel(link.client, session.pusher_channel, {
    'new-staff-message': (d) => {
      const m = asMessage(d);
      if (m) received(m);
    },
    'new-message': (d) => {
      const m = asMessage(d);
      if (m) received(m);
    },
    'staff-assigned': (d) => {
      const e = asGuestStaffAssigned(d);
      if (!e) return;
      const next: StaffInfo = { id: e.staff_id, name: e.staff_name, role: e.staff_role, profile_image: e.profile_image ?? null };
      setHandler(next);
      setOnline(true);
      const text = `${e.staff_name} is now assisting you`;
      setNotices((prev) => [...prev, { key: `n-${Date.now()}-${prev.length}`, afterId: lastId(messagesRef.current), text }]);
      setAnnouncement(`${text}. ${e.staff_role}.`);
    },
    'messages-read-by-staff': (d) => {
      const e = asReadReceipt(d);
      if (!e) return;
      const ids = new Set(e.message_ids);
      setMessages((prev) => prev.map((m) => (ids.has(m.id) || (m.sender_type === 'guest' && m.id <= Math.max(...e.message_ids)) ? { ...m, read_by_staff: true, staff_read_at: e.read_at } : m)));
    },
    'handler-presence': (d) => {
      const e = asHandlerPresence(d);
      if (e && (handlerRef.current === null || e.staff_id === handlerRef.current.id)) setOnline(e.online);
    },
    'client-typing': (d) => {
      const e = asTyping(d);
      if (e && e.sender_type === 'staff') staffTyping.heard(`staff-${String(e.staff_id)}`, e.name ?? 'Hotel Staff', e.typing);
    },
  });

  // The room channel was refused: most likely the stay ended between loading the chat and
  // subscribing (a check-out then reaches no socket of ours), so ask whether the session holds.
  useEffect(() => {
    if (channel.error !== null) lostRef.current();
  }, [channel.error]);

  // Anything posted between the first page load and the subscription taking effect.
  useEffect(() => {
    if (channel.subscribed && status === 'ready') void catchUp();
  }, [channel.subscribed, status, catchUp]);

  const sendTyping = useCallback(
    (typing: boolean) => {
      const e: TypingEvent = { sender_type: 'guest', typing };
      sendClientEvent(channel, 'client-typing', e);
    },
    [channel],
  );

  // Reading: staff messages on screen while the page is visible count as read.
  const unreadIds = messages.filter((m) => m.sender_type === 'staff' && !m.read_by_guest).map((m) => m.id);
  const marking = useRef(false);
  useEffect(() => {
    if (!visible || unreadIds.length === 0 || marking.current || status !== 'ready') return;
    marking.current = true;
    const ids = new Set(unreadIds);
    api
      .markRead()
      .then(() => setMessages((prev) => prev.map((m) => (ids.has(m.id) ? { ...m, read_by_guest: true } : m))))
      .catch((err: unknown) => setError(fail(err)))
      .finally(() => {
        marking.current = false;
      });
    // Keyed on the count: the ids themselves are recomputed from `messages` on every render.
  }, [visible, unreadIds.length, status, api, fail]);

  const loadOlder = useCallback(async () => {
    const oldest = messagesRef.current[0];
    if (!oldest || loadingOlder || !hasMore) return;
    setLoadingOlder(true);
    try {
      const page = await api.messages(PAGE, oldest.id);
      setMessages((prev) => mergeMessages(prev, page));
      setHasMore(page.length === PAGE);
    } catch (err) {
      setError(fail(err));
    } finally {
      setLoadingOlder(false);
    }
  }, [api, hasMore, loadingOlder, fail]);

  const send = useCallback(
    async (text: string, clientId: string = newClientMessageId()) => {
      setPending((prev) => [...prev.filter((p) => p.clientId !== clientId), { clientId, text, failed: false }]);
      try {
        const reply = await api.send(text, clientId);
        setMessages((prev) => mergeMessages(prev, [reply.message]));
        setPending((prev) => prev.filter((p) => p.clientId !== clientId));
        setError(null);
      } catch (err) {
        setPending((prev) => prev.map((p) => (p.clientId === clientId ? { ...p, failed: true } : p)));
        setError(fail(err));
      }
    },
    [api, fail],
  );

  const discard = useCallback((clientId: string) => setPending((prev) => prev.filter((p) => p.clientId !== clientId)), []);

  return {
    link, status, messages, hasMore, loadingOlder, handler, online, notices, pending, error, announcement,
    unreadCount: unreadIds.length,
    staffTyping: staffTyping.typists.map((t) => t.name),
    channelError: channel.error,
    sendTyping, loadOlder, send, discard, retryLoad: load,
  };
}
