// Notes between staff inside a conversation: loaded with GET notes/, kept live by
// `internal-note-added` on the staff-only conversation channel, never sent to the guest.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../shared/api.js';
import type { Note } from '../shared/contract.js';
import { MessageText } from '../shared/message-text.js';
import { clockTime, fullTime } from '../shared/time.js';
import type { StaffApi } from './staff-api.js';

export function useNotes(api: StaffApi, conversationId: number) {
  const [notes, setNotes] = useState<Note[]>([]);
  const [error, setError] = useState<string | null>(null);
  const add = useCallback((n: Note) => setNotes((prev) => (prev.some((p) => p.id === n.id) ? prev : [...prev, n].sort((a, b) => a.id - b.id))), []);
  const load = useCallback(async () => {
    try {
      const list = await api.notes(conversationId);
      setNotes((prev) => [...list, ...prev.filter((p) => !list.some((n) => n.id === p.id))].sort((a, b) => a.id - b.id));
      setError(null);
    } catch (err) {
      setError(errorText(err));
    }
  }, [api, conversationId]);
  useEffect(() => {
    void load();
  }, [load]);
  return { notes, error, add, load };
}

interface Props {
  notes: Note[];
  error: string | null;
  myId: number;
  onAdd: (text: string) => Promise<void>;
}

export function NotesPanel({ notes, error, myId, onAdd }: Props) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  // Opens by itself the first time there is something to read; after that the person decides.
  const opened = useRef(false);
  useEffect(() => {
    if (notes.length > 0 && !opened.current) {
      opened.current = true;
      setOpen(true);
    }
  }, [notes.length]);
  const [draft, setDraft] = useState('');
  const [busy, setBusy] = useState(false);
  const [sendError, setSendError] = useState<string | null>(null);

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    const text = draft.trim();
    if (!text) return;
    setBusy(true);
    setSendError(null);
    try {
      await onAdd(text);
      setDraft('');
    } catch (err) {
      setSendError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="internal-notes" aria-labelledby="notes-title">
      <h3 id="notes-title" className="notes-heading">
        <button type="button" className="link notes-toggle" aria-expanded={open} aria-controls="notes-body" onClick={() => setOpen((o) => !o)}>
          <span aria-hidden="true">🔒</span> {t('notes.toggle', { count: notes.length })} <span className="notes-hint">{t('notes.hint')}</span>
        </button>
      </h3>
      {open && (
        <div id="notes-body">
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <ol className="notes-list" aria-label={t('notes.list')}>
            {notes.map((n) => (
              <li key={n.id} className="note">
                <span className="note-meta">
                  {n.author.id === myId ? t('notes.you') : n.author.name}, <time dateTime={n.created_at} title={fullTime(n.created_at)}>{clockTime(n.created_at)}</time>
                </span>
                <MessageText text={n.note} />
              </li>
            ))}
          </ol>
          <form className="note-form" onSubmit={(e) => void submit(e)}>
            <label htmlFor="note-input" className="visually-hidden">
              {t('notes.inputLabel')}
            </label>
            <input id="note-input" type="text" value={draft} maxLength={2000} placeholder={t('notes.placeholder')} onChange={(e) => setDraft(e.target.value)} />
            <button type="submit" className="btn btn-secondary btn-small" disabled={busy || draft.trim() === ''}>
              {t('notes.add')}
            </button>
          </form>
          {sendError && (
            <p className="form-error" role="alert">
              {sendError}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
