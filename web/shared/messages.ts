// Message lists are kept sorted by id (the server's storage order) with no duplicates, however
// the messages arrive: page loads, live events, our own send replies, or reconnect catch-up.
import type { Message } from './contract.js';

/**
 * A message as a realtime event may carry it: one too large for Pusher's 10 KB (a long text in
 * emoji or CJK) arrives with the start of its text and `truncated: true`, and the whole message
 * is fetched over HTTP (docs/pusher-server.md).
 */
export type LiveMessage = Message & { truncated?: boolean };

export const isTruncated = (m: Message): boolean => (m as LiveMessage).truncated === true;

export function mergeMessages(current: readonly Message[], incoming: readonly Message[]): Message[] {
  if (incoming.length === 0) return current as Message[];
  const byId = new Map<number, Message>();
  for (const m of current) byId.set(m.id, m);
  for (const m of incoming) {
    const prev = byId.get(m.id);
    if (!prev) {
      byId.set(m.id, m);
      continue;
    }
    // Keep read state once seen: an older copy must not un-read a message.
    const merged: LiveMessage = { ...prev, ...m, read_by_guest: prev.read_by_guest || m.read_by_guest, read_by_staff: prev.read_by_staff || m.read_by_staff };
    // A trimmed copy never shortens the whole text already here; a whole copy ends the trim.
    if (isTruncated(m) && !isTruncated(prev)) {
      merged.message = prev.message;
      delete merged.truncated;
    } else if (!isTruncated(m)) {
      delete merged.truncated;
    }
    byId.set(m.id, merged);
  }
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

/** The one message `id`, whole, through the message list (`before_id` = id + 1, `limit` 1); null if gone. */
export async function fetchOne(page: PageFetcher, id: number): Promise<Message | null> {
  const [m] = await page(1, id + 1);
  return m !== undefined && m.id === id ? m : null;
}

export function lastId(list: readonly Message[]): number {
  return list.length > 0 ? (list[list.length - 1]?.id ?? 0) : 0;
}

export function messagesPath(hotel: string, conversationId: number, limit: number, beforeId?: number): string {
  const q = new URLSearchParams({ limit: String(limit) });
  if (beforeId !== undefined) q.set('before_id', String(beforeId));
  return `/chat/${encodeURIComponent(hotel)}/conversations/${conversationId}/messages/?${q.toString()}`;
}

/** A page of messages, oldest first: the newest `limit`, or the `limit` before `beforeId`. */
export type PageFetcher = (limit: number, beforeId?: number) => Promise<Message[]>;

/**
 * Everything newer than `sinceId`. The contract pages backwards only (`before_id`), so walk back
 * from the newest page until we reach a message we already have.
 */
export async function fetchSince(page: PageFetcher, sinceId: number): Promise<Message[]> {
  const pageSize = 100;
  let collected: Message[] = [];
  let before: number | undefined;
  for (let pages = 0; pages < 20; pages++) {
    const list = await page(pageSize, before);
    collected = mergeMessages(collected, list.filter((m) => m.id > sinceId));
    const oldest = list[0];
    if (list.length < pageSize || !oldest || oldest.id <= sinceId) break;
    before = oldest.id;
  }
  return collected;
}
