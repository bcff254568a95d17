import { useState } from 'react';
import type { FormEvent } from 'react';
import { ApiError, errorText } from '../shared/api.js';
import type { GuestSession } from '../shared/contract.js';
import { initialize, meansCheckedOut } from './guest-api.js';
import type { Place } from './guest-api.js';

interface Props {
  place: Place;
  notice: string | null;
  previousToken: string | null;
  onJoined: (session: GuestSession) => void;
}

function pinError(err: unknown, room: string): string {
  if (err instanceof ApiError) {
    // The server answers a checked-out room exactly like a wrong PIN (it does not reveal which
    // rooms are occupied), so the sentence has to cover both.
    if (err.status === 401) return "That PIN isn't right for this room. Please check the PIN you received at check-in; if your stay has ended, the front desk is happy to help.";
    if (err.status === 429) return 'Too many wrong PINs. For your security, please wait 15 minutes or call the front desk.';
    if (err.status === 404 || err.status === 403 || err.status === 409 || err.status === 410 || meansCheckedOut(err.code)) {
      return `There is no active stay for room ${room}. If you have checked out, thank you for staying with us! Please contact the front desk if you need anything.`;
    }
    if (err.status === 400) return 'Please enter the PIN using digits only.';
  }
  return errorText(err);
}

export function PinForm({ place, notice, previousToken, onJoined }: Props) {
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (busy || pin.trim() === '') return;
    setBusy(true);
    setError(null);
    try {
      onJoined(await initialize(place, pin.trim(), previousToken));
    } catch (err) {
      setError(pinError(err, place.room));
      setBusy(false);
    }
  }

  return (
    <main className="guest-screen pin-screen">
      <p className="pin-brand">
        <span className="brand-mark" aria-hidden="true">
          C
        </span>
        Front desk chat
      </p>
      <form className="card pin-card" onSubmit={(e) => void submit(e)} aria-labelledby="pin-title" noValidate>
        <div className="pin-welcome" aria-hidden="true">
          🛎️
        </div>
        <h1 id="pin-title">Chat with the front desk</h1>
        <p className="pin-room">Room {place.room}</p>
        <p className="pin-help" id="pin-help">
          Enter the PIN you received at check-in. Our team will answer here.
        </p>
        {notice && !error && <p className="notice">{notice}</p>}
        {error && (
          <p className="form-error" role="alert" id="pin-error">
            {error}
          </p>
        )}
        <label htmlFor="pin">Room PIN</label>
        <input
          id="pin"
          name="pin"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]*"
          maxLength={12}
          autoFocus
          required
          aria-describedby={error ? 'pin-help pin-error' : 'pin-help'}
          aria-invalid={error ? true : undefined}
          value={pin}
          onChange={(e) => setPin(e.target.value.replace(/\s/g, ''))}
        />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy || pin === ''}>
          {busy ? 'Checking…' : 'Start chat'}
        </button>
      </form>
    </main>
  );
}
