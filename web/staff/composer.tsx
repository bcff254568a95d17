// The reply box. It remembers which message was newest when the draft began; if a colleague
// posts in the meantime, sending first shows their reply and asks.
import { useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import type { Message } from '../shared/contract.js';
import { lastId } from '../shared/messages.js';

interface Props {
  messages: Message[];
  meId: number;
  disabled: boolean;
  hint: string | null;
  onSend: (text: string) => void;
  onInput: () => void;
  onStopTyping: () => void;
  /** Highlights (or clears) the colleague messages the user is asked about. */
  onConflict: (ids: number[]) => void;
}

const MAX = 4_000;

export function Composer({ messages, meId, disabled, hint, onSend, onInput, onStopTyping, onConflict }: Props) {
  const [draft, setDraft] = useState('');
  const [conflict, setConflict] = useState<Message[]>([]);
  const baseline = useRef<number | null>(null);
  const box = useRef<HTMLTextAreaElement>(null);

  function change(value: string): void {
    if (value.trim() === '') baseline.current = null;
    else if (baseline.current === null) baseline.current = lastId(messages);
    setDraft(value);
    if (value.trim() !== '') onInput();
    else onStopTyping();
  }

  function deliver(text: string): void {
    onSend(text);
    setDraft('');
    setConflict([]);
    onConflict([]);
    baseline.current = null;
    onStopTyping();
    box.current?.focus();
  }

  function submit(e?: FormEvent): void {
    e?.preventDefault();
    const text = draft.trim();
    if (!text || disabled) return;
    const since = baseline.current ?? lastId(messages);
    const others = messages.filter((m) => m.id > since && m.sender_type === 'staff' && m.staff !== meId);
    if (others.length > 0) {
      setConflict(others);
      onConflict(others.map((m) => m.id));
      return;
    }
    deliver(text);
  }

  function keepEditing(): void {
    baseline.current = lastId(messages);
    setConflict([]);
    onConflict([]);
    box.current?.focus();
  }

  function onKey(e: KeyboardEvent<HTMLTextAreaElement>): void {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  }

  const authors = [...new Set(conflict.map((m) => m.staff_info?.name ?? m.staff_display_name ?? 'A colleague'))];
  return (
    <form className="composer" onSubmit={submit}>
      {conflict.length > 0 && (
        <div className="conflict" role="alertdialog" aria-labelledby="conflict-title" aria-describedby="conflict-quote">
          <p id="conflict-title" className="conflict-title">
            {authors.join(' and ')} replied while you were writing
          </p>
          <blockquote id="conflict-quote">
            {conflict.slice(-2).map((m) => (
              <p key={m.id} className="msg-text">
                {m.message}
              </p>
            ))}
          </blockquote>
          <div className="conflict-actions">
            <button type="button" className="btn btn-primary" onClick={() => deliver(draft.trim())} autoFocus>
              Send anyway
            </button>
            <button type="button" className="btn btn-ghost" onClick={keepEditing}>
              Keep editing
            </button>
          </div>
        </div>
      )}
      {hint && <p className="composer-hint">{hint}</p>}
      <div className="composer-row">
        <label htmlFor="reply" className="visually-hidden">
          Reply to guest
        </label>
        <textarea
          id="reply"
          ref={box}
          rows={2}
          maxLength={MAX}
          placeholder="Write a reply…"
          aria-describedby="reply-keys"
          value={draft}
          disabled={disabled}
          onChange={(e) => change(e.target.value)}
          onKeyDown={onKey}
          onBlur={onStopTyping}
        />
        <button type="submit" className="btn btn-primary" disabled={disabled || draft.trim() === ''}>
          Send
        </button>
      </div>
      <p id="reply-keys" className="composer-keys">
        Enter sends · Shift+Enter starts a new line
      </p>
    </form>
  );
}
