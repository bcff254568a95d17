// Clocking out while handling conversations: a short handoff note for each (or one for all),
// then the server releases them; whoever opens one next sees its note at the top.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormEvent } from 'react';
import { errorText } from '../shared/api.js';
import type { ConversationSummary, DutyBody } from '../shared/contract.js';
import { Dialog } from './dialog.js';

const MAX_NOTE = 200;

interface Props {
  handled: ConversationSummary[];
  onClockOut: (body: DutyBody) => Promise<void>;
  onCancel: () => void;
}

export function ClockOutDialog({ handled, onClockOut, onCancel }: Props) {
  const { t } = useTranslation();
  const [all, setAll] = useState('');
  const [each, setEach] = useState<Record<number, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const notes = handled
      .map((c) => ({ conversation_id: c.conversation_id, note: (each[c.conversation_id] ?? '').trim() }))
      .filter((n) => n.note !== '');
    try {
      await onClockOut({ on_duty: false, ...(all.trim() ? { note: all.trim() } : {}), ...(notes.length > 0 ? { notes } : {}) });
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }

  return (
    <Dialog title={t('clockOut.title')} titleId="clock-out-title" className="clock-out" onClose={onCancel}>
      <form onSubmit={(e) => void submit(e)}>
        <p className="modal-lead">{t('clockOut.lead', { count: handled.length })}</p>
        <label className="field">
          <span>{t('clockOut.noteAll')}</span>
          <input type="text" value={all} maxLength={MAX_NOTE} onChange={(e) => setAll(e.target.value)} autoFocus placeholder={t('clockOut.noteAllPlaceholder')} />
        </label>
        <ul className="clock-out-list">
          {handled.map((c) => (
            <li key={c.conversation_id}>
              <label className="field">
                <span>{t('clockOut.room', { room: c.room_number, guest: c.guest_name || t('inbox.guest') })}</span>
                <input
                  type="text"
                  value={each[c.conversation_id] ?? ''}
                  maxLength={MAX_NOTE}
                  placeholder={all.trim() || t('clockOut.noteRoom')}
                  onChange={(e) => setEach((prev) => ({ ...prev, [c.conversation_id]: e.target.value }))}
                />
              </label>
            </li>
          ))}
        </ul>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" className="btn btn-ghost" onClick={onCancel}>
            {t('clockOut.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? t('clockOut.busy') : t('clockOut.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
