// "Notify me when the front desk replies": the guest opts in to a push notification for staff
// replies while this page is closed. Shown only where the browser can do it; "Not now" hides it
// for this stay. Its words stay here, in English, beside the translated app (see docs/push.md).
import { useEffect, useMemo, useState } from 'react';
import type { GuestSession } from '../shared/contract.js';
import { disablePush, enablePush, pushState, type PushState, type PushTarget } from '../shared/push.js';
import './push-optin.css';

const dismissedKey = (t: PushTarget) => `concierge.push.guest.dismissed.${t.who}`;

function readDismissed(t: PushTarget): boolean {
  try {
    return localStorage.getItem(dismissedKey(t)) === '1';
  } catch {
    return false;
  }
}

export function PushOptIn({ session }: { session: GuestSession }) {
  const target = useMemo<PushTarget>(
    () => ({ audience: 'guest', hotel: session.hotel_slug, token: session.session_token, who: `${session.hotel_slug}/${session.room_number}/${session.conversation_id}` }),
    [session.hotel_slug, session.session_token, session.room_number, session.conversation_id],
  );
  const [state, setState] = useState<PushState | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [dismissed, setDismissed] = useState(() => readDismissed(target));

  useEffect(() => {
    let live = true;
    pushState(target)
      .then((s) => live && setState(s))
      .catch(() => live && setState('off'));
    return () => {
      live = false;
    };
  }, [target]);

  if (state === null || state === 'unsupported' || state === 'denied') return null;
  if (state === 'off' && dismissed) return null;

  const change = async (on: boolean) => {
    setBusy(true);
    setProblem(null);
    try {
      setState(on ? await enablePush(target) : await disablePush(target));
    } catch {
      setProblem('That did not work. Please try again.');
    } finally {
      setBusy(false);
    }
  };
  const notNow = () => {
    try {
      localStorage.setItem(dismissedKey(target), '1');
    } catch {
      // Without storage it stays hidden for this page only.
    }
    setDismissed(true);
  };

  return (
    <section className={`push-optin ${state === 'on' ? 'is-on' : ''}`} aria-label="Notifications">
      {state === 'on' ? (
        <>
          <p>
            <span aria-hidden="true">🔔</span> We will notify you when the front desk replies.
          </p>
          <button type="button" className="btn btn-ghost btn-small" disabled={busy} onClick={() => void change(false)}>
            Turn off
          </button>
        </>
      ) : (
        <div className="push-optin-row">
          <button type="button" className="btn btn-primary btn-small push-optin-ask" disabled={busy} onClick={() => void change(true)}>
            <span aria-hidden="true">🔔</span> Notify me when the front desk replies
          </button>
          <button type="button" className="btn btn-ghost btn-small push-optin-dismiss" aria-label="Not now" title="Not now" onClick={notNow}>
            <span aria-hidden="true">✕</span>
          </button>
        </div>
      )}
      <span className="push-optin-problem" role="status">
        {problem ?? ''}
      </span>
    </section>
  );
}
