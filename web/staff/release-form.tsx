// "Release to team": the handler hands the conversation back, with an optional reason that only
// colleagues see. Quick picks fill the reason; Enter releases, Escape closes.
import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../shared/api.js';

const PICKS = ['release.onBreak', 'release.needsManager'] as const;
const MAX = 200;

interface Props {
  room: number;
  onRelease: (reason: string) => Promise<void>;
  onCancel: () => void;
}

export function ReleaseForm({ room, onRelease, onCancel }: Props) {
  const { t } = useTranslation();
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
      <h3 id="release-title">{t('release.title', { room })}</h3>
      <p id="release-help">{t('release.help')}</p>
      <div className="release-picks" role="group" aria-label={t('release.picks')}>
        {PICKS.map((key) => t(key)).map((pick) => (
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
      <label htmlFor="release-reason">{t('release.reason')}</label>
      <input
        id="release-reason"
        ref={input}
        type="text"
        maxLength={MAX}
        autoComplete="off"
        placeholder={t('release.placeholder')}
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
          {busy ? t('release.busy') : t('release.submit')}
        </button>
        <button type="button" className="btn btn-ghost" onClick={onCancel}>
          {t('release.cancel')}
        </button>
      </div>
    </form>
  );
}
