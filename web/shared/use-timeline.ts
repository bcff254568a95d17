// One conversation's messages, as both apps keep them: pages (the newest, then older ones),
// messages being sent (with retry), live messages merged in, and catch-up after a reconnect.
// Who is reading, handoffs and read receipts stay with each app; they change messages via `patch`.
import { useCallback, useEffect, useRef, useState } from 'react';
import { newClientMessageId } from './api.js';
import type { Message, SendReply } from './contract.js';
import { fetchSince, lastId, mergeMessages } from './messages.js';
import type { PageFetcher } from './messages.js';

const PAGE = 50;

/** A message the user sent that the server has not confirmed yet (or refused: `failed`). */
export interface Pending {
  clientId: string;
  text: string;
  failed: boolean;
}

export interface TimelineSource {
  page: PageFetcher;
  send: (text: string, clientMessageId: string) => Promise<SendReply>;
}

interface Options {
  source: TimelineSource;
  /** The sentence to show for a failed call (and the app's reaction to an ended session). */
  describe: (err: unknown) => string;
  /** A message new to this screen: a live one, our own sent one, or the newest caught up. */
  onNews?: (m: Message) => void;
}

export function useTimeline(opts: Options) {
  const [messages, setMessages] = useState<Message[]>([]);
  const [hasMore, setHasMore] = useState(false);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [pending, setPending] = useState<Pending[]>([]);
  const [error, setError] = useState<string | null>(null);
  const optsRef = useRef(opts);
  optsRef.current = opts;
  const messagesRef = useRef(messages);
  messagesRef.current = messages;

  // Where a catch-up starts: the newest id known from loads, live events and catch-ups — never
  // from our own sends, which can succeed over HTTP while the socket is down and must not hide
  // what was missed meanwhile.
  const synced = useRef(0);
  const sync = (list: readonly Message[]): void => {
    synced.current = Math.max(synced.current, lastId(list));
  };

  const merge = useCallback((list: readonly Message[]) => {
    setMessages((prev) => mergeMessages(prev, list));
    // Our own message arriving by any road (live, reply, catch-up) is no longer pending.
    const mine = new Set(list.flatMap((m) => (m.client_message_id ? [m.client_message_id] : [])));
    if (mine.size > 0) setPending((prev) => (prev.some((p) => mine.has(p.clientId)) ? prev.filter((p) => !mine.has(p.clientId)) : prev));
  }, []);

  const fail = useCallback((err: unknown) => setError(optsRef.current.describe(err)), []);

  /** The newest page; throws, so the app decides what a failed first load looks like. */
  const loadLatest = useCallback(async (): Promise<Message[]> => {
    const page = await optsRef.current.source.page(PAGE);
    const first = messagesRef.current.length === 0;
    sync(page);
    merge(page);
    if (first) setHasMore(page.length === PAGE);
    return page;
  }, [merge]);

  const loadOlder = useCallback(async () => {
    const oldest = messagesRef.current[0];
    if (!oldest || loadingOlder || !hasMore) return;
    setLoadingOlder(true);
    try {
      const page = await optsRef.current.source.page(PAGE, oldest.id);
      merge(page);
      setHasMore(page.length === PAGE);
    } catch (err) {
      fail(err);
    } finally {
      setLoadingOlder(false);
    }
  }, [hasMore, loadingOlder, merge, fail]);

  const catchUp = useCallback(async () => {
    try {
      const missed = await fetchSince(optsRef.current.source.page, synced.current || lastId(messagesRef.current));
      sync(missed);
      merge(missed);
      const newest = missed[missed.length - 1];
      if (newest) optsRef.current.onNews?.(newest);
      setError(null);
    } catch (err) {
      fail(err);
    }
  }, [merge, fail]);

  /** A message from the realtime channel; answers whether this screen had not seen it yet. */
  const receive = useCallback(
    (m: Message): boolean => {
      const fresh = !messagesRef.current.some((x) => x.id === m.id);
      sync([m]);
      merge([m]);
      optsRef.current.onNews?.(m);
      return fresh;
    },
    [merge],
  );

  /** Sends (or retries, with the same client id, so the server stores it once); null if it failed. */
  const send = useCallback(
    async (text: string, clientId: string = newClientMessageId()): Promise<SendReply | null> => {
      setPending((prev) => [...prev.filter((p) => p.clientId !== clientId), { clientId, text, failed: false }]);
      try {
        const reply = await optsRef.current.source.send(text, clientId);
        merge([reply.message]);
        optsRef.current.onNews?.(reply.message);
        setPending((prev) => prev.filter((p) => p.clientId !== clientId));
        setError(null);
        return reply;
      } catch (err) {
        setPending((prev) => prev.map((p) => (p.clientId === clientId ? { ...p, failed: true } : p)));
        fail(err);
        return null;
      }
    },
    [merge, fail],
  );

  const discard = useCallback((clientId: string) => setPending((prev) => prev.filter((p) => p.clientId !== clientId)), []);

  /** Changes messages in place (read receipts). */
  const patch = useCallback((fn: (m: Message) => Message) => setMessages((prev) => prev.map(fn)), []);

  return {
    messages, hasMore, loadingOlder, pending, error,
    loadLatest, loadOlder, catchUp, receive, send, discard, patch, fail,
    clearError: useCallback(() => setError(null), []),
    /** The newest message id on screen (where a notice that happens now belongs). */
    lastId: useCallback(() => lastId(messagesRef.current), []),
  };
}

/** Catches up after every reconnect, and once the live channel is up (anything sent before it was). */
export function useCatchUp(catchUp: () => Promise<void>, reconnects: number, live: boolean): void {
  useEffect(() => {
    if (reconnects > 0) void catchUp();
  }, [reconnects, catchUp]);
  useEffect(() => {
    if (live) void catchUp();
  }, [live, catchUp]);
}
