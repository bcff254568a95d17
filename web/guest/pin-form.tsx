import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError } from '../shared/api.js';
import type { GuestSession } from '../shared/contract.js';
import { guestErrorText } from './errors.js';
import { initialize, meansCheckedOut } from './guest-api.js';
import type { Place } from './guest-api.js';
import { LanguagePicker } from './language-picker.js';

interface Props {
  place: Place;
  hotelName: string;
  /** A translation key: why the PIN is asked again. */
  notice: string | null;
  previousToken: string | null;
  onJoined: (session: GuestSession) => void;
}

function pinError(err: unknown, room: string, t: TFunction): string {
  if (err instanceof ApiError) {
    // The server answers a checked-out room exactly like a wrong PIN (it does not reveal which
    // rooms are occupied), so the sentence has to cover both.
    if (err.status === 401) return t('pin.wrong');
    if (err.status === 429) return t('pin.tooMany');
    if (err.status === 404 || err.status === 403 || err.status === 409 || err.status === 410 || meansCheckedOut(err.code)) return t('pin.noStay', { room });
    if (err.status === 400) return t('pin.digits');
  }
  return guestErrorText(err, t);
}

export function PinForm({ place, hotelName, notice, previousToken, onJoined }: Props) {
  const { t } = useTranslation();
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
      setError(pinError(err, place.room, t));
      setBusy(false);
    }
  }

  return (
    <main className="guest-screen pin-screen">
      <div className="pin-top">
        <p className="pin-brand">
          <span className="brand-mark" aria-hidden="true">
            C
          </span>
          <span>{hotelName}</span>
        </p>
        <LanguagePicker tone="dark" />
      </div>
      <form className="card pin-card" onSubmit={(e) => void submit(e)} aria-labelledby="pin-title" noValidate>
        <div className="pin-welcome" aria-hidden="true">
          🛎️
        </div>
        <h1 id="pin-title">{t('pin.title')}</h1>
        <p className="pin-room">
          {hotelName} · {t('pin.room', { room: place.room })}
        </p>
        <p className="pin-help" id="pin-help">
          {t('pin.help')}
        </p>
        {notice && !error && <p className="notice">{t(notice)}</p>}
        {error && (
          <p className="form-error" role="alert" id="pin-error">
            {error}
          </p>
        )}
        <label htmlFor="pin">{t('pin.label')}</label>
        <input
          id="pin"
          name="pin"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]*"
          maxLength={12}
          dir="ltr"
          autoFocus
          required
          aria-describedby={error ? 'pin-help pin-error' : 'pin-help'}
          aria-invalid={error ? true : undefined}
          value={pin}
          onChange={(e) => setPin(e.target.value.replace(/\s/g, ''))}
        />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy || pin === ''}>
          {busy ? t('pin.checking') : t('pin.start')}
        </button>
      </form>
    </main>
  );
}
