// The reply box. It remembers which message was newest when the draft began; if a colleague
// posts in the meantime, sending first shows their reply and asks. Typing "/" opens the quick
// replies (quick-reply-picker.tsx), filled in for this conversation by the server.
import { useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import type { Message } from '../shared/contract.js';
import { lastId } from '../shared/messages.js';
import { errorText } from '../shared/api.js';
import { AttachButton, staffUploadTarget } from '../shared/attachments.js';
import type { RenderedQuickReply } from '../../src/contract/desk-day-types.js';
import { matching, optionId, PICKER_ID, QuickReplyPicker, slashToken } from './quick-reply-picker.js';

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
  /** The quick replies filled in for this conversation (fetched when "/" is first typed). */
  loadQuickReplies?: () => Promise<RenderedQuickReply[]>;
}

const MAX = 4_000;

export function Composer({ messages, meId, disabled, hint, onSend, onInput, onStopTyping, onConflict, loadQuickReplies }: Props) {
  const [draft, setDraft] = useState('');
  const [caret, setCaret] = useState(0);
  const [replies, setReplies] = useState<RenderedQuickReply[] | null>(null);
  const [repliesError, setRepliesError] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<number | null>(null);
  const token = loadQuickReplies ? slashToken(draft, caret) : null;
  const pickerOpen = token !== null && dismissed !== token.start;
  const shown = pickerOpen && replies ? matching(replies, token.filter) : [];
  const current = shown[Math.min(active, shown.length - 1)];

  function openPicker(): void {
    if (!loadQuickReplies || replies !== null) return;
    setRepliesError(null);
    loadQuickReplies().then(setReplies, (err: unknown) => setRepliesError(`Quick replies could not be loaded: ${errorText(err)}`));
  }

  function track(value: string, at: number): void {
    setCaret(at);
    const t = slashToken(value, at);
    if (t === null) setDismissed(null);
    else openPicker();
  }

  function pick(q: RenderedQuickReply): void {
    if (!token) return;
    const next = draft.slice(0, token.start) + q.text + draft.slice(caret);
    const at = token.start + q.text.length;
    change(next);
    setCaret(at);
    setDismissed(null);
    setActive(0);
    requestAnimationFrame(() => {
      box.current?.focus();
      box.current?.setSelectionRange(at, at);
    });
  }
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
    if (pickerOpen && token) {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        setDismissed(token.start);
        return;
      }
      if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && shown.length > 0) {
        e.preventDefault();
        const step = e.key === 'ArrowDown' ? 1 : -1;
        setActive((i) => (Math.min(i, shown.length - 1) + step + shown.length) % shown.length);
        return;
      }
      if ((e.key === 'Enter' || e.key === 'Tab') && !e.shiftKey && current && !e.nativeEvent.isComposing) {
        e.preventDefault();
        pick(current);
        return;
      }
    }
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
        {pickerOpen && <QuickReplyPicker replies={replies && shown} error={repliesError} active={Math.min(active, shown.length - 1)} onPick={pick} onHover={setActive} />}
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
          aria-autocomplete={loadQuickReplies ? 'list' : undefined}
          aria-controls={pickerOpen ? PICKER_ID : undefined}
          aria-activedescendant={pickerOpen && current ? optionId(current.id) : undefined}
          value={draft}
          disabled={disabled}
          onChange={(e) => {
            change(e.target.value);
            setActive(0);
            track(e.target.value, e.target.selectionStart);
          }}
          onSelect={(e) => track(e.currentTarget.value, e.currentTarget.selectionStart)}
          onKeyDown={onKey}
          onBlur={onStopTyping}
        />
        <AttachButton target={disabled ? null : staffUploadTarget()} />
        <button type="submit" className="btn btn-primary" disabled={disabled || draft.trim() === ''}>
          Send
        </button>
      </div>
      <p id="reply-keys" className="composer-keys">
        Enter sends · Shift+Enter starts a new line{loadQuickReplies ? ' · / for quick replies' : ''}
      </p>
    </form>
  );
}
