// One open conversation: the guarded open (assign-staff, unless the handler is busy and the
// user chooses to only read), message pages, catch-up after reconnect, read state and sending.
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, errorText, newClientMessageId } from '../shared/api.js';
import type { ConversationSummary, Message, Staff, StaffInfo } from '../shared/contract.js';
import { fetchSince, lastId, mergeMessages } from '../shared/messages.js';
import { useCatchUpPoint } from '../shared/use-catch-up-point.js';
import type { InboxAction } from './inbox-state.js';
import type { StaffApi } from './staff-api.js';
import { historyNotices } from './notices.js';
import type { Notice } from './notices.js';

const PAGE = 50;
const RECENT_MS = 60_000;

export type Phase =
  | { kind: 'checking' }
  | { kind: 'confirm'; handler: StaffInfo; why: string }
  | { kind: 'opening' }
  | { kind: 'ready' }
  | { kind: 'error'; message: string };

export interface Pending {
  clientId: string;
  text: string;
  failed: boolean;
}

interface Options {
  api: StaffApi;
  me: Staff;
  summary: ConversationSummary;
  visible: boolean;
  /** When the given colleague last typed in this conversation (ms epoch, 0 if never). */
  typedAt: (staffId: number) => number;
  inbox: (action: InboxAction) => void;
  onExpired: () => void;
}

export function useConversation(opts: Options) {
  const { api, me, summary } = opts;
  const id = summary.conversation_id;
  const [phase, setPhase] = useState<Phase>({ kind: 'checking' });
  const [messages, setMessages] = useState<Message[]>([]);
  const [hasMore, setHasMore] = useState(false);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [handler, setHandler] = useState<StaffInfo | null>(summary.current_handler);
  const [notices, setNotices] = useState<Notice[]>([]);
  const [pending, setPending] = useState<Pending[]>([]);
  const [error, setError] = useState<string | null>(null);
  const optsRef = useRef(opts);
  optsRef.current = opts;
  const { messagesRef, sync, since } = useCatchUpPoint(messages);
  const handlerRef = useRef(handler);
  handlerRef.current = handler;

  const fail = useCallback((err: unknown): string => {
    if (err instanceof ApiError && err.status === 401) optsRef.current.onExpired();
    return errorText(err);
  }, []);

  const addNotice = useCallback((text: string, tone: Notice['tone']) => {
    setNotices((prev) => [...prev, { key: `live-${Date.now()}-${prev.length}`, afterId: lastId(messagesRef.current), text, tone }]);
  }, []);

  const applyHandler = useCallback(
    (next: StaffInfo, live: boolean) => {
      const prev = handlerRef.current;
      handlerRef.current = next;
      setHandler(next);
      if (!live || prev?.id === next.id) return;
      addNotice(next.id === me.id ? 'You are now handling this conversation' : `${next.name} is now handling this conversation`, next.id === me.id ? 'me' : 'handoff');
    },
    [addNotice, me.id],
  );

  const loadLatest = useCallback(async () => {
    const page = await api.messages(id, PAGE);
    sync(page);
    setMessages((prev) => mergeMessages(prev, page));
    if (messagesRef.current.length === 0) setHasMore(page.length === PAGE);
    api
      .assignments(id)
      .then((entries) => setNotices((prev) => [...historyNotices(entries, page, me.id), ...prev.filter((n) => !n.key.startsWith('hist-'))]))
      .catch(() => undefined);
    return page;
  }, [api, id, me.id]);

  const takeOver = useCallback(async () => {
    setPhase({ kind: 'opening' });
    try {
      const reply = await api.assign(id);
      // No live notice for our own open: the handoff history, loaded next, shows it in place.
      applyHandler(reply.assigned_staff, false);
      optsRef.current.inbox({
        type: 'assigned',
        event: { conversation_id: id, room_number: summary.room_number, staff: reply.assigned_staff, previous_staff: reply.previous_staff, reason: 'opened', assigned_at: new Date().toISOString() },
      });
      await loadLatest();
      setPhase({ kind: 'ready' });
    } catch (err) {
      setPhase({ kind: 'error', message: fail(err) });
    }
  }, [api, id, summary.room_number, applyHandler, loadLatest, fail]);

  const justRead = useCallback(() => setPhase({ kind: 'ready' }), []);

  // Opening: if a colleague handles it and was active in the last minute, ask before taking over.
  useEffect(() => {
    let cancelled = false;
    const open = async (): Promise<void> => {
      const current = summary.current_handler;
      if (current && current.id !== me.id) {
        try {
          const page = await loadLatest();
          if (cancelled) return;
          const now = Date.now();
          const replied = page.some((m) => m.sender_type === 'staff' && m.staff === current.id && now - Date.parse(m.timestamp) < RECENT_MS);
          const typed = now - optsRef.current.typedAt(current.id) < RECENT_MS;
          if (replied || typed) {
            setPhase({ kind: 'confirm', handler: current, why: typed ? `${current.name} was typing a reply a moment ago.` : `${current.name} replied less than a minute ago.` });
            return;
          }
        } catch (err) {
          if (!cancelled) setPhase({ kind: 'error', message: fail(err) });
          return;
        }
      }
      if (!cancelled) await takeOver();
    };
    void open();
    return () => {
      cancelled = true;
    };
    // Runs once per conversation (the component is keyed by it); later changes arrive as events.
  }, []);

  const loadOlder = useCallback(async () => {
    const oldest = messagesRef.current[0];
    if (!oldest || loadingOlder || !hasMore) return;
    setLoadingOlder(true);
    try {
      const page = await api.messages(id, PAGE, oldest.id);
      setMessages((prev) => mergeMessages(prev, page));
      setHasMore(page.length === PAGE);
    } catch (err) {
      setError(fail(err));
    } finally {
      setLoadingOlder(false);
    }
  }, [api, id, hasMore, loadingOlder, fail]);

  const catchUp = useCallback(async () => {
    try {
      const missed = await fetchSince(api.hotel, id, since(), api.token);
      sync(missed);
      setMessages((prev) => mergeMessages(prev, missed));
      const newest = missed[missed.length - 1];
      if (newest) optsRef.current.inbox({ type: 'message', message: newest, countsAsUnread: false });
      setError(null);
    } catch (err) {
      setError(fail(err));
    }
  }, [api, id, fail]);

  const merge = useCallback((m: Message) => {
    setMessages((prev) => mergeMessages(prev, [m]));
    if (m.client_message_id) setPending((prev) => prev.filter((p) => p.clientId !== m.client_message_id));
    optsRef.current.inbox({ type: 'message', message: m, countsAsUnread: false });
  }, []);

  /** A message from the realtime channel. */
  const received = useCallback(
    (m: Message) => {
      sync([m]);
      merge(m);
    },
    [merge],
  );

  const readByGuest = useCallback((ids: number[], at: string) => {
    const set = new Set(ids);
    setMessages((prev) => prev.map((m) => (set.has(m.id) ? { ...m, read_by_guest: true, guest_read_at: at, status: 'read' } : m)));
  }, []);

  // Read guest messages while the conversation is on screen: clears the badge for everyone.
  const unreadGuest = messages.some((m) => m.sender_type === 'guest' && !m.read_by_staff);
  const marking = useRef(false);
  // Set by mark-unread: the conversation is being left unread on purpose, so never read it again.
  const leftUnread = useRef(false);
  useEffect(() => {
    if (phase.kind !== 'ready' || !opts.visible || marking.current || leftUnread.current) return;
    if (!unreadGuest && !summary.has_unread) return;
    marking.current = true;
    api
      .markRead(id)
      .then(() => {
        setMessages((prev) => prev.map((m) => (m.sender_type === 'guest' ? { ...m, read_by_staff: true } : m)));
        optsRef.current.inbox({ type: 'read', conversationId: id });
      })
      .catch((err: unknown) => setError(fail(err)))
      .finally(() => {
        marking.current = false;
      });
  }, [phase.kind, opts.visible, unreadGuest, summary.has_unread, api, id, fail]);

  const send = useCallback(
    async (text: string, clientId: string = newClientMessageId()) => {
      setPending((prev) => [...prev.filter((p) => p.clientId !== clientId), { clientId, text, failed: false }]);
      try {
        const reply = await api.send(id, text, clientId);
        merge(reply.message);
        if (reply.staff_info) applyHandler(reply.staff_info, true);
        setPending((prev) => prev.filter((p) => p.clientId !== clientId));
        setError(null);
      } catch (err) {
        setPending((prev) => prev.map((p) => (p.clientId === clientId ? { ...p, failed: true } : p)));
        setError(fail(err));
      }
    },
    [api, id, merge, applyHandler, fail],
  );

  const discard = useCallback((clientId: string) => setPending((prev) => prev.filter((p) => p.clientId !== clientId)), []);

  const markUnread = useCallback(async () => {
    leftUnread.current = true;
    try {
      await api.markUnread(id);
    } catch (err) {
      leftUnread.current = false;
      throw err;
    }
    optsRef.current.inbox({ type: 'unread', event: { conversation_id: id, room_number: summary.room_number, unread_count: Math.max(1, summary.unread_count) } });
  }, [api, id, summary.room_number, summary.unread_count]);

  return {
    phase, messages, hasMore, loadingOlder, handler, notices, pending, error,
    takeOver, justRead, loadOlder, catchUp, received, readByGuest, applyHandler, send, discard, markUnread,
    clearError: () => setError(null),
  };
}
