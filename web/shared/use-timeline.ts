// One conversation's messages, as both apps keep them: pages (the newest, then older ones),
// messages being sent (with retry), live messages merged in, and catch-up after a reconnect.
// Who is reading, handoffs and read receipts stay with each app; they change messages via `patch`.
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, newClientMessageId } from './api.js';
import type { Message, SendReply } from './contract.js';
import { fetchOne, fetchSince, isTruncated, lastId, mergeMessages } from './messages.js';
import type { PageFetcher } from './messages.js';

const PAGE = 50;

/** A message the user sent that the server has not confirmed yet (or refused: `failed`). */
export interface Pending {
  clientId: string;
  text: string;
  failed: boolean;
  /**
   * It failed for want of the server (no answer, or a 5xx), not because the server refused it:
   * it is sent again by itself when the connection returns (the same client id, so once).
   */
  resend?: boolean;
}

/** Worth sending again by itself: the server was not reached, or failed; never a refusal (4xx). */
const transient = (err: unknown): boolean => err instanceof ApiError && (err.isNetwork || err.status >= 500);

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
  const pendingRef = useRef(pending);
  pendingRef.current = pending;
  /** Truncated messages whose whole text is being fetched. */
  const completing = useRef(new Set<number>());
  const resending = useRef(false);

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

  /**
   * Fetches the whole text of messages that arrived trimmed (`truncated: true`). One that cannot
   * be fetched now stays trimmed and is tried again at the next catch-up.
   */
  const complete = useCallback(
    async (ids: readonly number[]) => {
      await Promise.all(
        ids.map(async (id) => {
          if (completing.current.has(id)) return;
          completing.current.add(id);
          try {
            const whole = await fetchOne(optsRef.current.source.page, id);
            if (whole) merge([whole]);
          } catch {
            // kept trimmed; catchUp tries again
          } finally {
            completing.current.delete(id);
          }
        }),
      );
    },
    [merge],
  );

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

  /** Sends (or retries, with the same client id, so the server stores it once); null if it failed. */
  const send = useCallback(
    async (text: string, clientId: string = newClientMessageId()): Promise<SendReply | null> => {
      setPending((prev) => {
        const kept = prev.findIndex((p) => p.clientId === clientId);
        const next = { clientId, text, failed: false };
        // A retried message keeps its place among the others waiting.
        return kept === -1 ? [...prev, next] : prev.map((p, i) => (i === kept ? next : p));
      });
      try {
        const reply = await optsRef.current.source.send(text, clientId);
        merge([reply.message]);
        optsRef.current.onNews?.(reply.message);
        setPending((prev) => prev.filter((p) => p.clientId !== clientId));
        setError(null);
        return reply;
      } catch (err) {
        setPending((prev) => prev.map((p) => (p.clientId === clientId ? { ...p, failed: true, resend: transient(err) } : p)));
        fail(err);
        return null;
      }
    },
    [merge, fail],
  );

  /**
   * Sends again, in order, the messages that failed for want of the server. Each keeps its client
   * id, so one that did reach the server before is answered with the stored message (never a
   * second copy); it shows as sending meanwhile. Stops at the first that fails again.
   */
  const resendFailed = useCallback(async () => {
    if (resending.current) return;
    resending.current = true;
    try {
      for (const p of pendingRef.current.filter((x) => x.failed && x.resend)) {
        // Caught up meanwhile (it had reached the server after all): nothing to send.
        if (!pendingRef.current.some((x) => x.clientId === p.clientId && x.failed)) continue;
        if ((await send(p.text, p.clientId)) === null) break;
      }
    } finally {
      resending.current = false;
    }
  }, [send]);

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
      return;
    }
    // Let React apply what catch-up merged before the refs are read again. Reading them early is
    // harmless: a message resent that had been stored is answered with the stored one, once.
    await new Promise((resolve) => setTimeout(resolve, 0));
    void complete(messagesRef.current.filter(isTruncated).map((m) => m.id));
    await resendFailed();
  }, [merge, fail, complete, resendFailed]);

  /** A message from the realtime channel; answers whether this screen had not seen it yet. */
  const receive = useCallback(
    (m: Message): boolean => {
      const fresh = !messagesRef.current.some((x) => x.id === m.id);
      sync([m]);
      merge([m]);
      optsRef.current.onNews?.(m);
      if (isTruncated(m)) void complete([m.id]);
      return fresh;
    },
    [merge, complete],
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
