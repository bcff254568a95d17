// Search across the hotel's conversations from the top of the dashboard. Results show the words
// found as <mark> pieces built here from plain text (never HTML); choosing one opens its
// conversation at that message (conversation-view.tsx scrolls to it and flashes it).
import { useEffect, useId, useMemo, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { ApiError, errorText } from '../shared/api.js';
import type { SearchResult } from '../../src/contract/desk-day-types.js';
import { DeskDayApi } from './desk-day-api.js';
import type { StaffApi } from './staff-api.js';
import './desk-day.css';

/** The message a chosen result asked to show, until its conversation view has shown it. */
let wanted: { conversationId: number; messageId: number } | null = null;
const listeners = new Set<() => void>();

export function focusRequest(conversationId: number): number | null {
  return wanted?.conversationId === conversationId ? wanted.messageId : null;
}

export function focusDone(): void {
  wanted = null;
}

/** Re-renders the caller when a result is chosen. */
export function useFocusRequests(): number {
  const [n, setN] = useState(0);
  useEffect(() => {
    const bump = () => setN((x) => x + 1);
    listeners.add(bump);
    return () => {
      listeners.delete(bump);
    };
  }, []);
  return n;
}

function Snippet({ result }: { result: SearchResult }) {
  return (
    <span className="search-snippet">
      {result.snippet.map((s, i) => (s.hit ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))}
    </span>
  );
}

export function MessageSearch({ api, onOpen }: { api: StaffApi; onOpen: (conversationId: number) => void }) {
  const deskDay = useMemo(() => new DeskDayApi(api), [api]);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<SearchResult[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const id = useId();

  useEffect(() => {
    const q = query.trim();
    if (q === '') {
      setResults(null);
      setError(null);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      deskDay.search(q, controller.signal).then(
        (r) => {
          setResults(r.results);
          setError(null);
        },
        (err: unknown) => {
          if (err instanceof ApiError && err.code === 'aborted') return;
          setError(errorText(err));
        },
      );
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query, deskDay]);

  function choose(r: SearchResult): void {
    wanted = { conversationId: r.conversation_id, messageId: r.message_id };
    setOpen(false);
    onOpen(r.conversation_id);
    for (const l of listeners) l();
  }

  function onKey(e: KeyboardEvent<HTMLInputElement>): void {
    if (e.key === 'Escape') {
      setOpen(false);
      e.stopPropagation();
    }
  }

  const when = (iso: string) => new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
  return (
    <div className="message-search" role="search" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
      <label htmlFor={`${id}-q`} className="visually-hidden">
        Search messages
      </label>
      <input
        id={`${id}-q`}
        type="search"
        placeholder="Search messages…"
        maxLength={200}
        value={query}
        aria-controls={open && query.trim() !== '' ? `${id}-results` : undefined}
        onChange={(e) => {
          setQuery(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={onKey}
      />
      {open && query.trim() !== '' && (
        <div id={`${id}-results`} className="search-results">
          {error && <p role="alert" className="search-state">{error}</p>}
          {!error && results === null && <p role="status" className="search-state">Searching…</p>}
          {!error && results?.length === 0 && <p role="status" className="search-state">No message matches “{query.trim()}”.</p>}
          {!error && results && results.length > 0 && (
            <ul aria-label="Search results">
              {results.map((r) => (
                <li key={r.message_id}>
                  {r.conversation_open ? (
                    <button type="button" className="search-result" onClick={() => choose(r)}>
                      <span className="search-where">
                        Room {r.room_number} · {r.guest_name} · {when(r.timestamp)}
                      </span>
                      <Snippet result={r} />
                    </button>
                  ) : (
                    <div className="search-result search-closed">
                      <span className="search-where">
                        Room {r.room_number} · {r.guest_name} · {when(r.timestamp)} · checked out
                      </span>
                      <Snippet result={r} />
                    </div>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
