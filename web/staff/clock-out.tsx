// Clocking out while handling conversations: a short handoff note for each (or one for all),
// then the server releases them; whoever opens one next sees its note at the top.
import { useState } from 'react';
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

  const rooms = handled.length === 1 ? 'one conversation' : `${String(handled.length)} conversations`;
  return (
    <Dialog title="Clock out" titleId="clock-out-title" className="clock-out" onClose={onCancel}>
      <form onSubmit={(e) => void submit(e)}>
        <p className="modal-lead">
          You are handling {rooms}. Clocking out hands {handled.length === 1 ? 'it' : 'them'} to the team; leave a short note so the next person knows
          where things stand. Guests never see these notes.
        </p>
        <label className="field">
          <span>Note for all (optional)</span>
          <input type="text" value={all} maxLength={MAX_NOTE} onChange={(e) => setAll(e.target.value)} autoFocus placeholder="e.g. all answered, nothing pending" />
        </label>
        <ul className="clock-out-list">
          {handled.map((c) => (
            <li key={c.conversation_id}>
              <label className="field">
                <span>
                  Room {String(c.room_number)} · {c.guest_name || 'Guest'}
                </span>
                <input
                  type="text"
                  value={each[c.conversation_id] ?? ''}
                  maxLength={MAX_NOTE}
                  placeholder={all.trim() || 'Note for this room'}
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
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Clocking out…' : 'Clock out and hand over'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
