// Chat scrolling: stay pinned to the newest message while the reader is at the bottom, keep the
// view still when older pages are prepended, and ask for older pages near the top.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { UIEvent } from 'react';

interface Args {
  firstId: number;
  lastId: number;
  /** Bumps when something is appended that should pull the view down (e.g. our own message). */
  pin: number;
  onNearTop?: () => void;
}

export function useChatScroll({ firstId, lastId, pin, onNearTop }: Args) {
  const ref = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const prev = useRef({ firstId: 0, lastId: 0, pin: 0, height: 0 });

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const p = prev.current;
    const prepended = p.firstId !== 0 && firstId < p.firstId && lastId === p.lastId;
    if (prepended) el.scrollTop += el.scrollHeight - p.height;
    else if (atBottom.current || p.lastId === 0 || pin !== p.pin) el.scrollTop = el.scrollHeight;
    prev.current = { firstId, lastId, pin, height: el.scrollHeight };
  }, [firstId, lastId, pin]);

  // Content that grows without a new message (handoff lines, late layout, a taller composer)
  // keeps the reader pinned to the bottom if that is where they were.
  const [content, setContent] = useState<HTMLElement | null>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => {
      if (atBottom.current) el.scrollTop = el.scrollHeight;
      prev.current.height = el.scrollHeight;
    });
    ro.observe(el);
    if (content) ro.observe(content);
    return () => ro.disconnect();
  }, [content]);

  const onScroll = useCallback(
    (e: UIEvent<HTMLElement>) => {
      const el = e.currentTarget;
      atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
      prev.current.height = el.scrollHeight;
      if (el.scrollTop < 60) onNearTop?.();
    },
    [onNearTop],
  );

  return { ref, onScroll, contentRef: setContent };
}
