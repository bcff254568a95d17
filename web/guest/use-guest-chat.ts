// The guest's conversation: who is helping them (a named handler, or the front desk team after a
// release) and whether they are online, read ticks both ways, typing, and the connection. The
// messages themselves (pages, sending, live, catch-up) are the shared timeline's.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../shared/api.js';
import { channels } from '../shared/channels.js';
import type { AvailabilityReply, GuestSession, Message, StaffInfo, TypingEvent } from '../shared/contract.js';
import { isGuestStaffAssigned, isGuestStaffReleased, isHandlerPresence, isMessage, isReadByStaff, isTyping } from '../shared/guards.js';
import { useClientEvents } from '../shared/client-events.js';
import { sendClientEvent, useChannel } from '../shared/use-channel.js';
import { usePusher } from '../shared/use-pusher.js';
import { useCatchUp, useTimeline } from '../shared/use-timeline.js';
import { useTypists } from '../shared/typing.js';
import { guestErrorText } from './errors.js';
import { GuestApi, reportLanguage } from './guest-api.js';
import { addLine, lineText, loadLines, saveLines } from './handoff-lines.js';
import type { Change, GuestNotice } from './handoff-lines.js';

export type { GuestNotice } from './handoff-lines.js';

// While nobody handles the chat, how the desk is staffed is asked again now and then.
const AVAILABILITY_MS = 120_000;

export function useGuestChat(session: GuestSession, visible: boolean, onLost: () => void) {
  const { t, i18n } = useTranslation();
  const tRef = useRef(t);
  tRef.current = t;
  const api = useRef(new GuestApi(session)).current;
  const link = usePusher(session.session_token);
  const [status, setStatus] = useState<'loading' | 'ready' | 'error'>('loading');
  const [handler, setHandler] = useState<StaffInfo | null>(session.current_staff_handler);
  const [online, setOnline] = useState<boolean | null>(session.current_staff_handler?.online ?? null);
  const [notices, setNotices] = useState<GuestNotice[]>(() => loadLines(session.conversation_id));
  const [availability, setAvailability] = useState<AvailabilityReply | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const staffTyping = useTypists();
  const handlerRef = useRef(handler);
  handlerRef.current = handler;
  const lostRef = useRef(onLost);
  lostRef.current = onLost;

  const fail = useCallback((err: unknown): string => {
    if (err instanceof ApiError && (err.status === 401 || err.status === 403)) lostRef.current();
    return guestErrorText(err, tRef.current);
  }, []);

  const timeline = useTimeline({
    source: { page: (limit, beforeId) => api.messages(limit, beforeId), send: (text, clientId) => api.send(text, clientId) },
    describe: fail,
  });
  const { loadLatest, clearError, lastId } = timeline;

  const load = useCallback(async () => {
    try {
      await loadLatest();
      setStatus('ready');
      clearError();
    } catch (err) {
      timeline.fail(err);
      setStatus((s) => (s === 'ready' ? s : 'error'));
    }
  }, [loadLatest, clearError, timeline.fail]);

  useEffect(() => {
    void load();
  }, [load]);

  // While the first load fails (server away), keep retrying instead of waiting silently.
  useEffect(() => {
    if (status !== 'error') return;
    const t = setTimeout(() => void load(), 5_000);
    return () => clearTimeout(t);
  }, [status, load]);

  // The server closed our socket for good (e.g. check-out ended the session): ask whether the
  // session still holds; if it does, start a new connection.
  const { restart } = link;
  useEffect(() => {
    if (link.state !== 'disconnected') return;
    lostRef.current();
    const t = setTimeout(restart, 3_000);
    return () => clearTimeout(t);
  }, [link.state, restart]);

  const notice = useCallback(
    (change: Change, current: string | null) => {
      const next = addLine(notices, change, current, lastId(), Date.now());
      saveLines(session.conversation_id, next);
      setNotices(next);
      const last = next[next.length - 1];
      setAnnouncement(last ? `${lineText(last, tRef.current)}.` : '');
    },
    [notices, lastId, session.conversation_id],
  );

  // The language the guest reads the chat in, for the staff to see on the stay (best effort).
  const language = i18n.resolvedLanguage ?? 'en';
  useEffect(() => {
    reportLanguage(session, language).catch(() => undefined);
  }, [session, language]);

  // Nobody handles the chat: what to tell the guest depends on who is on duty, not on sockets.
  const noHandler = handler === null;
  useEffect(() => {
    if (!noHandler) return;
    let cancelled = false;
    const ask = (): void => {
      api
        .availability()
        .then((a) => {
          if (!cancelled) setAvailability(a);
        })
        .catch(() => undefined);
    };
    ask();
    const t = setInterval(ask, AVAILABILITY_MS);
    return () => {
      cancelled = true;
      clearInterval(t);
    };
  }, [noHandler, api]);

  const received = (m: Message): void => {
    if (m.conversation !== session.conversation_id) return;
    const fresh = timeline.receive(m);
    if (fresh && m.sender_type === 'staff') {
      staffTyping.heard(`staff-${String(m.staff)}`, '', false);
      setAnnouncement(tRef.current('chat.newFrom', { name: m.staff_info?.name ?? m.staff_display_name ?? tRef.current('chat.staff'), text: m.message }));
    }
  };

  const channel = useChannel(link.client, channels.room(session.hotel_slug, session.room_number), {
    'new-staff-message': (d) => {
      if (isMessage(d)) received(d);
    },
    'new-message': (d) => {
      if (isMessage(d)) received(d);
    },
    'staff-assigned': (d) => {
      if (!isGuestStaffAssigned(d)) return;
      const current = handlerRef.current?.name ?? null;
      setHandler({ id: d.staff_id, name: d.staff_name, role: d.staff_role, profile_image: d.profile_image });
      setOnline(true);
      notice({ kind: 'staff', name: d.staff_name, role: d.staff_role }, current);
    },
    // The handler handed the chat back to the team: nobody by name until someone picks it up.
    'staff-released': (d) => {
      if (!isGuestStaffReleased(d) || handlerRef.current === null) return;
      const current = handlerRef.current.name;
      setHandler(null);
      setOnline(null);
      notice({ kind: 'team' }, current);
    },
    'messages-read-by-staff': (d) => {
      if (!isReadByStaff(d)) return;
      const ids = new Set(d.message_ids);
      const upTo = Math.max(...d.message_ids);
      timeline.patch((m) => (ids.has(m.id) || (m.sender_type === 'guest' && m.id <= upTo) ? { ...m, read_by_staff: true, staff_read_at: d.read_at } : m));
    },
    'handler-presence': (d) => {
      if (isHandlerPresence(d) && (handlerRef.current === null || d.staff_id === handlerRef.current.id)) setOnline(d.online);
    },
  });
  // Who types is the server's stamp on the event, never the payload's claim; the name shown is
  // the handler's when it is them (the one staff name this guest was told), else the desk's.
  useClientEvents(link.client, channels.room(session.hotel_slug, session.room_number), {
    'client-typing': (d, sender) => {
      if (!isTyping(d) || sender.kind !== 'staff') return;
      const name = handlerRef.current?.id === sender.staffId ? handlerRef.current.name : tRef.current('typing.desk');
      staffTyping.heard(`staff-${String(sender.staffId)}`, name, d.typing);
    },
  });

  // The room channel was refused: most likely the stay ended between loading the chat and
  // subscribing (a check-out then reaches no socket of ours), so ask whether the session holds.
  useEffect(() => {
    if (channel.error !== null) lostRef.current();
  }, [channel.error]);

  useCatchUp(timeline.catchUp, link.reconnects, channel.subscribed && status === 'ready');

  const sendTyping = useCallback(
    (typing: boolean) => {
      const e: TypingEvent = { sender_type: 'guest', typing };
      sendClientEvent(channel, 'client-typing', e);
    },
    [channel],
  );

  // Reading: staff messages on screen while the page is visible count as read.
  const unreadIds = timeline.messages.filter((m) => m.sender_type === 'staff' && !m.read_by_guest).map((m) => m.id);
  const marking = useRef(false);
  useEffect(() => {
    if (!visible || unreadIds.length === 0 || marking.current || status !== 'ready') return;
    marking.current = true;
    const ids = new Set(unreadIds);
    api
      .markRead()
      .then(() => timeline.patch((m) => (ids.has(m.id) ? { ...m, read_by_guest: true } : m)))
      .catch(timeline.fail)
      .finally(() => {
        marking.current = false;
      });
    // Keyed on the count: the ids themselves are recomputed from `messages` on every render.
  }, [visible, unreadIds.length, status, api, timeline.patch, timeline.fail]);

  return {
    link, status, handler, online, notices, announcement, availability,
    messages: timeline.messages, hasMore: timeline.hasMore, loadingOlder: timeline.loadingOlder,
    pending: timeline.pending, error: timeline.error,
    unreadCount: unreadIds.length,
    staffTyping: staffTyping.typists.map((t) => t.name),
    channelError: channel.error,
    sendTyping, loadOlder: timeline.loadOlder, send: timeline.send, discard: timeline.discard, retryLoad: load,
  };
}
