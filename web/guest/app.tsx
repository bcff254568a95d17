// The guest's way in: a stored session is validated on load (so a reload keeps the chat);
// otherwise the room PIN. An ended session (check-out, expiry) says so plainly.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { errorText } from '../shared/api.js';
import type { GuestSession } from '../shared/contract.js';
import { GuestChat } from './chat.js';
import { meansCheckedOut, placeFromPath, storedSession, storeSession, validate } from './guest-api.js';
import type { Place } from './guest-api.js';
import { PinForm } from './pin-form.js';

type State =
  | { kind: 'checking' }
  | { kind: 'pin'; notice: string | null }
  | { kind: 'chat'; session: GuestSession }
  | { kind: 'unreachable'; token: string; message: string };

export function GuestApp() {
  const place = useMemo(() => placeFromPath(location.pathname), []);
  if (!place) {
    return (
      <main className="guest-screen center-screen">
        <h1>Chat link incomplete</h1>
        <p>Please scan the code in your room again, or call the front desk.</p>
      </main>
    );
  }
  return <GuestRoot place={place} />;
}

function GuestRoot({ place }: { place: Place }) {
  const [state, setState] = useState<State>(() => (storedSession(place) ? { kind: 'checking' } : { kind: 'pin', notice: null }));

  const check = useCallback(
    async (token: string) => {
      try {
        const result = await validate(token);
        if (result.valid) {
          setState({ kind: 'chat', session: result.session });
        } else {
          storeSession(place, null);
          setState({
            kind: 'pin',
            notice: meansCheckedOut(result.reason)
              ? 'This chat has ended: the stay was checked out or the session expired. If you are still staying with us, enter your room PIN to continue.'
              : 'Your chat session has expired. Please enter your room PIN again.',
          });
        }
      } catch (err) {
        setState({ kind: 'unreachable', token, message: errorText(err) });
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
    const t = setTimeout(() => void check(state.token), 5_000);
    return () => clearTimeout(t);
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
    else setState({ kind: 'pin', notice: 'Please enter your room PIN again.' });
  }, [place, check]);

  switch (state.kind) {
    case 'checking':
      return (
        <main className="guest-screen center-screen" role="status">
          <div className="spinner" aria-hidden="true" />
          <p>Opening your chat…</p>
        </main>
      );
    case 'unreachable':
      return (
        <main className="guest-screen center-screen" role="alert">
          <h1>Can't reach the hotel right now</h1>
          <p>{state.message}</p>
          <button type="button" className="btn btn-primary" onClick={() => void check(state.token)}>
            Try again
          </button>
        </main>
      );
    case 'pin':
      return <PinForm place={place} notice={state.notice} previousToken={storedSession(place)} onJoined={joined} />;
    case 'chat':
      return <GuestChat key={state.session.session_token} session={state.session} onLost={lost} />;
  }
}
