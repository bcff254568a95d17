// "… is typing": the sender repeats `typing: true` while keys are pressed and says `false` when
// idle; the receiver forgets anyone not heard from for a few seconds, so a closed tab never
// leaves a typing indicator behind.
import { useCallback, useEffect, useRef, useState } from 'react';

const RESEND_MS = 2_500;
const IDLE_MS = 4_000;
const EXPIRE_MS = 6_000;

export function useTypingSender(send: (typing: boolean) => void): { onInput: () => void; stop: () => void } {
  const sendRef = useRef(send);
  sendRef.current = send;
  const lastSent = useRef(0);
  const idle = useRef<ReturnType<typeof setTimeout> | null>(null);
  const active = useRef(false);

  const stop = useCallback(() => {
    if (idle.current) clearTimeout(idle.current);
    idle.current = null;
    if (active.current) {
      active.current = false;
      lastSent.current = 0;
      sendRef.current(false);
    }
  }, []);

  const onInput = useCallback(() => {
    const now = Date.now();
    if (!active.current || now - lastSent.current > RESEND_MS) {
      active.current = true;
      lastSent.current = now;
      sendRef.current(true);
    }
    if (idle.current) clearTimeout(idle.current);
    idle.current = setTimeout(stop, IDLE_MS);
  }, [stop]);

  useEffect(() => stop, [stop]);
  return { onInput, stop };
}

export interface Typist {
  key: string;
  name: string;
}

export function useTypists(): { typists: Typist[]; heard: (key: string, name: string, typing: boolean) => void; clear: () => void } {
  const [map, setMap] = useState<Map<string, { name: string; until: number }>>(new Map());

  const heard = useCallback((key: string, name: string, typing: boolean) => {
    setMap((prev) => {
      const next = new Map(prev);
      if (typing) next.set(key, { name, until: Date.now() + EXPIRE_MS });
      else next.delete(key);
      return next;
    });
  }, []);

  const clear = useCallback(() => setMap(new Map()), []);

  useEffect(() => {
    if (map.size === 0) return;
    const t = setInterval(() => {
      setMap((prev) => {
        const now = Date.now();
        const next = new Map([...prev].filter(([, v]) => v.until > now));
        return next.size === prev.size ? prev : next;
      });
    }, 1_000);
    return () => clearInterval(t);
  }, [map.size]);

  const typists = [...map].map(([key, v]) => ({ key, name: v.name }));
  return { typists, heard, clear };
}

export function typingSentence(names: string[]): string {
  if (names.length === 0) return '';
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return `${names.length} people are typing…`;
}
