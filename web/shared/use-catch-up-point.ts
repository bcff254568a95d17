// Where a catch-up after a dropped connection starts: the newest message id known from loads,
// live events and catch-ups — never from our own sends, which can succeed over HTTP while the
// socket is down and must not hide what was missed meanwhile.
import { useRef } from 'react';
import type { Message } from './contract.js';
import { lastId } from './messages.js';

export function useCatchUpPoint(messages: readonly Message[]) {
  const messagesRef = useRef(messages);
  messagesRef.current = messages;
  const synced = useRef(0);
  return {
    messagesRef,
    /** Records messages that came from the server by a load, a live event or a catch-up. */
    sync(list: readonly Message[]): void {
      synced.current = Math.max(synced.current, lastId(list));
    },
    /** The id to fetch messages after. */
    since: (): number => synced.current || lastId(messagesRef.current),
  };
}
