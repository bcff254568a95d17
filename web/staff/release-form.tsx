// "Release to team": the handler hands the conversation back, with an optional reason that only
// colleagues see. Quick picks fill the reason; Enter releases, Escape closes.
import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { errorText } from '../shared/api.js';

const PICKS = ['On break', 'Needs manager'];
const MAX = 200;

interface Props {
  room: number;
  onRelease: (reason: string) => Promise<void>;
  onCancel: () => void;
}

export function ReleaseForm({ room, onRelease, onCancel }: Props) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const cancelRef = useRef(onCancel);
  cancelRef.current = onCancel;

  useEffect(() => input.current?.focus(), []);
  // Escape closes wherever focus is, as long as the form is open.
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') cancelRef.current();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await onRelease(reason);
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }

  return (
    <form className="release-form" role="dialog" aria-labelledby="release-title" aria-describedby="release-help" onSubmit={(e) => void submit(e)}>
      <h3 id="release-title">Release room {String(room)} to the team</h3>
      <p id="release-help">Nobody will handle it until a colleague opens it, and it shows as unread for everyone. The guest sees “Front desk team”.</p>
      <div className="release-picks" role="group" aria-label="Quick reasons">
        {PICKS.map((pick) => (
          <button
            key={pick}
            type="button"
            className="chip"
            aria-pressed={reason === pick}
            onClick={() => {
              setReason(reason === pick ? '' : pick);
              input.current?.focus();
            }}
          >
            {pick}
          </button>
        ))}
      </div>
      <label htmlFor="release-reason">Reason for colleagues (optional)</label>
      <input
        id="release-reason"
        ref={input}
        type="text"
        maxLength={MAX}
        autoComplete="off"
        placeholder="e.g. Waiting for a taxi callback"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="release-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Releasing…' : 'Release'}
        </button>
        <button type="button" className="btn btn-ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
