// Rooms: each room with its current stay (guest, since when, VIP); add a room, check a guest in
// (then print their card with the QR code and PIN) and check out.
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { CheckInReply } from '../../shared/contract.js';
import { Dialog } from '../dialog.js';
import { CheckInCard } from './check-in-card.js';
import type { SectionProps } from './console.js';
import type { ConsoleRoom } from './console-api.js';
import { ConfirmDialog } from './link-dialog.js';
import { useLoad } from './use-load.js';

type Open = { kind: 'check-in'; room: number } | { kind: 'check-out'; room: ConsoleRoom } | { kind: 'card'; stay: CheckInReply } | null;

export function RoomsSection({ api, me, onExpired }: SectionProps) {
  const rooms = useLoad(() => api.rooms(), onExpired);
  const [open, setOpen] = useState<Open>(null);
  const [newRoom, setNewRoom] = useState('');
  const close = (): void => {
    setOpen(null);
    rooms.setError(null);
  };
  const occupied = rooms.data?.filter((r) => r.stay).length ?? 0;

  const add = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const n = Number(newRoom);
    if (!Number.isInteger(n) || n < 1 || n > 99999) {
      rooms.setError('A room number is a whole number from 1 to 99999.');
      return;
    }
    if (await rooms.act(() => api.addRoom(n))) setNewRoom('');
  };

  return (
    <>
      <div className="section-head">
        <h2>Rooms</h2>
        <form className="inline-form" onSubmit={(e) => void add(e)}>
          <label htmlFor="new-room">Add a room</label>
          <input id="new-room" inputMode="numeric" pattern="[0-9]*" size={6} value={newRoom} onChange={(e) => setNewRoom(e.target.value)} />
          <button type="submit" className="btn btn-secondary" disabled={rooms.busy || newRoom === ''}>
            Add
          </button>
        </form>
      </div>
      <p className="section-summary" role="status">
        {rooms.data ? `${occupied} of ${rooms.data.length} rooms occupied.` : 'Loading…'}
      </p>
      {rooms.error && !open && (
        <p className="form-error" role="alert">
          {rooms.error}
        </p>
      )}
      {rooms.data && (
        <table className="console-table">
          <thead>
            <tr>
              <th scope="col">Room</th>
              <th scope="col">Guest</th>
              <th scope="col">Checked in</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rooms.data.map((r) => (
              <tr key={r.room_number} data-room={r.room_number}>
                <th scope="row">{r.room_number}</th>
                <td>
                  {r.stay ? r.stay.guest_name : <span className="muted">Free</span>}
                  {r.stay?.vip && <span className="badge badge-vip">VIP</span>}
                </td>
                <td>{r.stay ? new Date(r.stay.checked_in_at).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' }) : '—'}</td>
                <td>
                    <div className="row-actions">
                    {r.stay ? (
                      <button type="button" className="btn btn-secondary btn-small" aria-label={`Check out room ${r.room_number}`} onClick={() => setOpen({ kind: 'check-out', room: r })}>
                        Check out
                      </button>
                    ) : (
                      <button type="button" className="btn btn-primary btn-small" aria-label={`Check in room ${r.room_number}`} onClick={() => setOpen({ kind: 'check-in', room: r.room_number })}>
                        Check in
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open?.kind === 'check-in' && (
        <CheckInDialog
          room={open.room}
          busy={rooms.busy}
          error={rooms.error}
          onClose={close}
          onCheckIn={async (name) => {
            const stay = await rooms.act(() => api.checkIn(open.room, name));
            if (stay) setOpen({ kind: 'card', stay });
          }}
        />
      )}
      {open?.kind === 'check-out' && (
        <ConfirmDialog
          title={`Check out room ${open.room.room_number}?`}
          confirm="Check out"
          busy={rooms.busy}
          error={rooms.error}
          onClose={close}
          onConfirm={() => void rooms.act(() => api.checkOut(open.room.room_number)).then((r) => r && close())}
        >
          <p>{open.room.stay?.guest_name}'s chat closes and their link and PIN stop working.</p>
        </ConfirmDialog>
      )}
      {open?.kind === 'card' && (
        <CheckInCard hotel={me.hotel_slug} hotelName={me.hotel_name} room={open.stay.room_number} guestName={open.stay.guest_name} pin={open.stay.pin} onClose={close} />
      )}
    </>
  );
}

function CheckInDialog(props: { room: number; busy: boolean; error: string | null; onClose: () => void; onCheckIn: (name: string) => Promise<void> }) {
  const [name, setName] = useState('');
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (!props.busy && name.trim()) void props.onCheckIn(name.trim());
  };
  return (
    <Dialog title={`Check in room ${props.room}`} titleId="check-in-title" onClose={props.onClose}>
      <form onSubmit={submit}>
        {props.error && (
          <p className="form-error" role="alert">
            {props.error}
          </p>
        )}
        <label className="field">
          Guest name
          <input autoFocus required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <p className="field-help">A new PIN is made for the stay; you see it once, on the card.</p>
        <div className="modal-actions">
          <button type="button" className="btn btn-secondary" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={props.busy}>
            {props.busy ? 'Checking in…' : 'Check in'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
