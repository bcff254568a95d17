// The guest's way in: the link's hotel and room are checked first (a mistyped link says so, and
// the screens carry the hotel's name and clock); then a stored session is validated on load (so a
// reload keeps the chat), otherwise the room PIN. An ended session (check-out, expiry) says so.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { GuestSession } from '../shared/contract.js';
import { GuestChat } from './chat.js';
import { guestErrorText } from './errors.js';
import { checkEntry, meansCheckedOut, placeFromPath, storedSession, storeSession, validate } from './guest-api.js';
import type { Entry, EntryCheck, Place } from './guest-api.js';
import { ClockContext, makeClock } from './guest-time.js';
import { LanguagePicker } from './language-picker.js';
import { PinForm } from './pin-form.js';

type State =
  | { kind: 'checking' }
  | { kind: 'pin'; notice: string | null }
  | { kind: 'chat'; session: GuestSession }
  | { kind: 'unreachable'; token: string; message: string };

function Problem({ title, body, children }: { title: string; body: string; children?: ReactNode }) {
  return (
    <main className="guest-screen center-screen" role="alert">
      <LanguagePicker />
      <h1>{title}</h1>
      <p>{body}</p>
      {children}
    </main>
  );
}

export function GuestApp() {
  const { t } = useTranslation();
  const place = useMemo(() => placeFromPath(location.pathname), []);
  if (!place) return <Problem title={t('link.incompleteTitle')} body={t('link.incompleteBody')} />;
  return <EntryGate place={place} />;
}

/** Checks the link's hotel and room before anything else; retries while the server is away. */
function EntryGate({ place }: { place: Place }) {
  const { t, i18n } = useTranslation();
  const [check, setCheck] = useState<EntryCheck | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  // The link is checked once (and again only while the server is away), not on a language switch.
  const tRef = useRef(t);
  tRef.current = t;

  const load = useCallback(async () => {
    try {
      setCheck(await checkEntry(place));
      setFailure(null);
    } catch (err) {
      setFailure(guestErrorText(err, tRef.current));
    }
  }, [place]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    if (failure === null) return;
    const timer = setTimeout(() => void load(), 5_000);
    return () => clearTimeout(timer);
  }, [failure, load]);

  const language = i18n.resolvedLanguage ?? 'en';
  const zone = check?.kind === 'ok' ? check.entry.time_zone : 'UTC';
  const clock = useMemo(() => makeClock(language, zone), [language, zone]);

  if (check === null && failure !== null) {
    return (
      <Problem title={t('session.unreachable')} body={failure}>
        <button type="button" className="btn btn-primary" onClick={() => void load()}>
          {t('tryAgain')}
        </button>
      </Problem>
    );
  }
  if (check === null) return <Opening />;
  if (check.kind === 'invalid') return <Problem title={t('link.invalidTitle')} body={t('link.badLinkBody')} />;
  if (check.kind === 'no-hotel') return <Problem title={t('link.noHotelTitle')} body={t('link.badLinkBody')} />;
  if (check.kind === 'no-room') return <Problem title={t('link.noRoomTitle', { hotel: check.hotelName, room: place.room })} body={t('link.badLinkBody')} />;
  return (
    <ClockContext.Provider value={clock}>
      <GuestRoot place={place} entry={check.entry} />
    </ClockContext.Provider>
  );
}

function Opening() {
  const { t } = useTranslation();
  return (
    <main className="guest-screen center-screen" role="status">
      <div className="spinner" aria-hidden="true" />
      <p>{t('session.opening')}</p>
    </main>
  );
}

function GuestRoot({ place, entry }: { place: Place; entry: Entry }) {
  const { t } = useTranslation();
  const [state, setState] = useState<State>(() => (storedSession(place) ? { kind: 'checking' } : { kind: 'pin', notice: null }));
  const tRef = useRef(t);
  tRef.current = t;

  const check = useCallback(
    async (token: string) => {
      try {
        const result = await validate(token);
        if (result.valid) {
          setState({ kind: 'chat', session: result.session });
        } else {
          storeSession(place, null);
          setState({ kind: 'pin', notice: meansCheckedOut(result.reason) ? 'session.ended' : 'session.expired' });
        }
      } catch (err) {
        setState({ kind: 'unreachable', token, message: guestErrorText(err, tRef.current) });
      }
    },
    [place],
  );

  useEffect(() => {
    const token = storedSession(place);
    if (token) void check(token);
  }, [place, check]);

  useEffect(() => {
    if (state.kind !== 'unreachable') return;
    const timer = setTimeout(() => void check(state.token), 5_000);
    return () => clearTimeout(timer);
  }, [state, check]);

  const joined = useCallback(
    (session: GuestSession) => {
      storeSession(place, session.session_token);
      setState({ kind: 'chat', session });
    },
    [place],
  );

  // The server stopped accepting our session: find out why (check-out, or just expired).
  const lost = useCallback(() => {
    const token = storedSession(place);
    if (token) void check(token);
    else setState({ kind: 'pin', notice: 'session.again' });
  }, [place, check]);

  switch (state.kind) {
    case 'checking':
      return <Opening />;
    case 'unreachable':
      return (
        <Problem title={t('session.unreachable')} body={state.message}>
          <button type="button" className="btn btn-primary" onClick={() => void check(state.token)}>
            {t('tryAgain')}
          </button>
        </Problem>
      );
    case 'pin':
      return <PinForm place={place} hotelName={entry.hotel_name} notice={state.notice} previousToken={storedSession(place)} onJoined={joined} />;
    case 'chat':
      return <GuestChat key={state.session.session_token} session={state.session} onLost={lost} />;
  }
}
