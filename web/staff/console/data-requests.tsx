// A guest's data request: find a room's stays, download one stay's messages and handoffs as JSON
// (what the guest is owed), or erase them. The wire shapes are spelled here: they are the stay
// routes' (retention).
import { useState } from 'react';
import type { FormEvent } from 'react';
import { ApiError, errorText } from '../../shared/api.js';
import type { SectionProps } from './console.js';
import { ConfirmDialog } from './link-dialog.js';

interface StayRecord {
  stay_id: number;
  room_number: number;
  guest_name: string;
  checked_in_at: string;
  checked_out_at: string | null;
  erased_at: string | null;
  messages: number;
}

const day = (iso: string | null): string => (iso ? new Date(iso).toLocaleDateString([], { dateStyle: 'medium' }) : '—');

export function DataRequests({ api, onExpired }: SectionProps) {
  const [room, setRoom] = useState('');
  const [stays, setStays] = useState<StayRecord[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [erase, setErase] = useState<StayRecord | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const run = async <T,>(work: () => Promise<T>): Promise<T | null> => {
    setBusy(true);
    setError(null);
    try {
      return await work();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) onExpired();
      else setError(errorText(err));
      return null;
    } finally {
      setBusy(false);
    }
  };
  const find = async (e?: FormEvent): Promise<void> => {
    e?.preventDefault();
    const n = Number(room);
    if (!Number.isInteger(n) || n < 1) {
      setError('Enter a room number.');
      return;
    }
    const found = await run(() => api.call<StayRecord[]>('GET', `stays/?room=${n}`));
    if (found) setStays(found);
  };
  const download = async (s: StayRecord): Promise<void> => {
    const data = await run(() => api.call<unknown>('GET', `stays/${s.stay_id}/export/`));
    if (!data) return;
    const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `stay-${s.stay_id}-room-${s.room_number}.json`;
    a.click();
    URL.revokeObjectURL(url);
    setDone(`Downloaded the data of room ${s.room_number}'s stay.`);
  };

  return (
    <>
      <h3>A guest's data request</h3>
      <p className="section-summary">Find the stay, then download what is kept about it (messages and handoffs, as JSON) or erase it.</p>
      <form className="inline-form" onSubmit={(e) => void find(e)}>
        <label htmlFor="request-room">Room</label>
        <input id="request-room" inputMode="numeric" pattern="[0-9]*" size={6} value={room} onChange={(e) => setRoom(e.target.value)} />
        <button type="submit" className="btn btn-secondary" disabled={busy}>
          Find stays
        </button>
      </form>
      {error && !erase && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <p role="status" className="saved">
        {done}
      </p>
      {stays?.length === 0 && <p>No stays of that room.</p>}
      {stays && stays.length > 0 && (
        <table className="console-table">
          <thead>
            <tr>
              <th scope="col">Guest</th>
              <th scope="col">Stay</th>
              <th scope="col">Messages</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {stays.map((s) => (
              <tr key={s.stay_id}>
                <th scope="row">{s.erased_at ? <span className="muted">Erased {day(s.erased_at)}</span> : s.guest_name}</th>
                <td>
                  {day(s.checked_in_at)} – {s.checked_out_at ? day(s.checked_out_at) : 'staying'}
                </td>
                <td>{s.messages}</td>
                <td>
                  <div className="row-actions">
                    <button type="button" className="btn btn-secondary btn-small" disabled={busy} onClick={() => void download(s)}>
                      Download
                    </button>
                    {!s.erased_at && (
                      <button type="button" className="btn btn-danger btn-small" disabled={busy} onClick={() => setErase(s)}>
                        Erase
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {erase && (
        <ConfirmDialog
          title={`Erase the stay of ${erase.guest_name}?`}
          confirm="Erase"
          busy={busy}
          error={error}
          onClose={() => {
            setErase(null);
            setError(null);
          }}
          onConfirm={() =>
            void run(() => api.call('POST', `stays/${erase.stay_id}/erase/`)).then(async (r) => {
              if (r === null) return;
              setErase(null);
              setDone(`Erased room ${erase.room_number}'s stay.`);
              await find();
            })
          }
        >
          <p>The guest's name, messages and files of this stay are removed for good. This cannot be undone.</p>
        </ConfirmDialog>
      )}
    </>
  );
}
