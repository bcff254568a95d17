// Loads one list for a console section, and runs its actions: errors are kept for the section to
// show, and a 401 (the manager's own session ended) goes back to the sign-in form.
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, errorText } from '../../shared/api.js';

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  reload: () => Promise<void>;
  /** Runs an action; returns its result, or null after showing why it failed. */
  act: <R>(work: () => Promise<R>) => Promise<R | null>;
  busy: boolean;
  setError: (e: string | null) => void;
}

export function useLoad<T>(load: () => Promise<T>, onExpired: () => void): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const loadRef = useRef(load);
  loadRef.current = load;
  const expiredRef = useRef(onExpired);
  expiredRef.current = onExpired;

  const fail = useCallback((err: unknown) => {
    if (err instanceof ApiError && err.status === 401) expiredRef.current();
    else setError(errorText(err));
  }, []);

  const reload = useCallback(async () => {
    try {
      setData(await loadRef.current());
    } catch (err) {
      fail(err);
    }
  }, [fail]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const act = useCallback(
    async <R,>(work: () => Promise<R>): Promise<R | null> => {
      setBusy(true);
      setError(null);
      try {
        const r = await work();
        await reload();
        return r;
      } catch (err) {
        fail(err);
        return null;
      } finally {
        setBusy(false);
      }
    },
    [fail, reload],
  );

  return { data, error, reload, act, busy, setError };
}
