// One open conversation: the guarded open (assign-staff, unless a colleague is busy with it and
// the user chooses to only read), its handler and handoff lines, reading, mark-unread and release.
// The messages themselves (pages, sending, live, catch-up) are the shared timeline's.
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, errorText } from '../shared/api.js';
import type { ConversationSummary, Staff, StaffInfo, StaffReleased } from '../shared/contract.js';
import { useTimeline } from '../shared/use-timeline.js';
import type { InboxAction } from './inbox-state.js';
import type { StaffApi } from './staff-api.js';
import { historyNotices, releaseText } from './notices.js';
import type { Notice } from './notices.js';

const RECENT_MS = 60_000;

export type Phase =
  | { kind: 'checking' }
  | { kind: 'confirm'; handler: StaffInfo; why: string }
  | { kind: 'opening' }
  | { kind: 'ready' }
  | { kind: 'error'; message: string };

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
  const [handler, setHandler] = useState<StaffInfo | null>(summary.current_handler);
  const [notices, setNotices] = useState<Notice[]>([]);
  const optsRef = useRef(opts);
  optsRef.current = opts;
  const handlerRef = useRef(handler);
  handlerRef.current = handler;

  const fail = useCallback((err: unknown): string => {
    if (err instanceof ApiError && err.status === 401) optsRef.current.onExpired();
    return errorText(err);
  }, []);

  const timeline = useTimeline({
    source: { page: (limit, beforeId) => api.messages(id, limit, beforeId), send: (text, clientId) => api.send(id, text, clientId) },
    describe: fail,
    onNews: (m) => optsRef.current.inbox({ type: 'message', message: m, countsAsUnread: false }),
  });
  const { loadLatest: loadPage, lastId } = timeline;

  const addNotice = useCallback(
    (text: string, tone: Notice['tone']) => {
      setNotices((prev) => [...prev, { key: `live-${Date.now()}-${prev.length}`, afterId: lastId(), text, tone }]);
    },
    [lastId],
  );

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

  /** `staff-released`: nobody handles the conversation now. */
  const applyRelease = useCallback(
    (e: StaffReleased) => {
      if (handlerRef.current === null) return;
      handlerRef.current = null;
      setHandler(null);
      addNotice(releaseText(e.previous_staff, e.note, me.id), 'handoff');
    },
    [addNotice, me.id],
  );

  const loadLatest = useCallback(async () => {
    const page = await loadPage();
    api
      .assignments(id)
      .then((entries) => setNotices((prev) => [...historyNotices(entries, page, me.id), ...prev.filter((n) => !n.key.startsWith('hist-'))]))
      .catch(() => undefined);
    return page;
  }, [api, id, me.id, loadPage]);

  const takeOver = useCallback(async () => {
    setPhase({ kind: 'opening' });
    try {
      const reply = await api.assign(id);
      // No live notice for our own open: the handoff history, loaded next, shows it in place.
      applyHandler(reply.assigned_staff, false);
      optsRef.current.inbox({ type: 'handler', conversationId: id, handler: reply.assigned_staff });
      await loadLatest();
      setPhase({ kind: 'ready' });
    } catch (err) {
      setPhase({ kind: 'error', message: fail(err) });
    }
  }, [api, id, applyHandler, loadLatest, fail]);

  const justRead = useCallback(() => setPhase({ kind: 'ready' }), []);

  // Opening: if a colleague handles it and was active in the last minute, ask before taking over.
  // A released conversation has no handler, so whoever opens it next simply takes it.
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

  const readByGuest = useCallback(
    (ids: number[], at: string) => {
      const set = new Set(ids);
      timeline.patch((m) => (set.has(m.id) ? { ...m, read_by_guest: true, guest_read_at: at, status: 'read' } : m));
    },
    [timeline.patch],
  );

  // Read guest messages while the conversation is on screen: clears the badge for everyone.
  const unreadGuest = timeline.messages.some((m) => m.sender_type === 'guest' && !m.read_by_staff);
  const marking = useRef(false);
  // Set by mark-unread and release: the conversation is left unread on purpose, so never read it again.
  const leftUnread = useRef(false);
  useEffect(() => {
    if (phase.kind !== 'ready' || !opts.visible || marking.current || leftUnread.current) return;
    if (!unreadGuest && !summary.has_unread) return;
    marking.current = true;
    api
      .markRead(id)
      .then(() => {
        timeline.patch((m) => (m.sender_type === 'guest' ? { ...m, read_by_staff: true } : m));
        optsRef.current.inbox({ type: 'read', conversationId: id, me: { id: me.id, name: me.name, role: me.role, profile_image: me.profile_image } });
      })
      .catch(timeline.fail)
      .finally(() => {
        marking.current = false;
      });
  }, [phase.kind, opts.visible, unreadGuest, summary.has_unread, api, id, me, timeline.patch, timeline.fail]);

  const send = useCallback(
    async (text: string, clientId?: string) => {
      const reply = await timeline.send(text, clientId);
      if (reply?.staff_info) applyHandler(reply.staff_info, true);
    },
    [timeline.send, applyHandler],
  );

  /** Runs mark-unread or release: while it is under way (and after), this screen stops reading. */
  const leaveUnread = useCallback(async <T>(call: () => Promise<T>): Promise<T> => {
    leftUnread.current = true;
    try {
      return await call();
    } catch (err) {
      leftUnread.current = false;
      throw err;
    }
  }, []);

  /** Marked unread by its handler, it is released too: it needs cover until someone opens it. */
  const markUnread = useCallback(async () => {
    const reply = await leaveUnread(() => api.markUnread(id));
    if (reply.released) {
      handlerRef.current = null;
      setHandler(null);
      optsRef.current.inbox({ type: 'released', conversationId: id, by: null, note: null, at: new Date().toISOString() });
    }
    optsRef.current.inbox({ type: 'unread', event: { conversation_id: id, room_number: summary.room_number, unread_count: Math.max(1, reply.unread_count) } });
  }, [api, id, summary.room_number, leaveUnread]);

  /** The handler hands the conversation back to the team: nobody handles it, everyone sees it unread. */
  const release = useCallback(
    async (reason: string) => {
      const reply = await leaveUnread(() => api.release(id, reason));
      handlerRef.current = null;
      setHandler(null);
      optsRef.current.inbox({ type: 'released', conversationId: id, by: null, note: reason.trim() || null, at: new Date().toISOString() });
      optsRef.current.inbox({ type: 'unread', event: { conversation_id: id, room_number: reply.room_number, unread_count: Math.max(1, reply.unread_count) } });
    },
    [api, id, leaveUnread],
  );

  return {
    phase, handler, notices,
    messages: timeline.messages, hasMore: timeline.hasMore, loadingOlder: timeline.loadingOlder,
    pending: timeline.pending, error: timeline.error, clearError: timeline.clearError,
    takeOver, justRead, loadOlder: timeline.loadOlder, catchUp: timeline.catchUp, received: timeline.receive,
    readByGuest, applyHandler, applyRelease, send, discard: timeline.discard, markUnread, release,
  };
}
