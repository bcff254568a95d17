// "Push alerts": this device is told of new guest messages and desk alerts while Concierge is
// closed, as long as its person is on duty (the server sends only to staff on duty).
import { useEffect, useMemo, useState } from 'react';
import type { Staff } from '../shared/contract.js';
import { disablePush, enablePush, pushState, type PushState, type PushTarget } from '../shared/push.js';

// The signed-in token, as web/staff/app.tsx keeps it: the top bar is given the person, not the token.
const TOKEN_KEY = 'concierge.staff.token';

const HINT: Record<Exclude<PushState, 'unsupported'>, string> = {
  on: 'On: this device is notified of guest messages and alerts while you are on duty, even with Concierge closed.',
  off: 'Notify this device of guest messages and alerts while you are on duty, even with Concierge closed.',
  denied: "Notifications are blocked for this site in the browser's settings.",
};

export function PushToggle({ me }: { me: Staff }) {
  const target = useMemo<PushTarget | null>(() => {
    const token = localStorage.getItem(TOKEN_KEY);
    return token ? { audience: 'staff', hotel: me.hotel_slug, token, who: String(me.id) } : null;
  }, [me.hotel_slug, me.id]);
  const [state, setState] = useState<PushState | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (!target) return;
    let live = true;
    pushState(target)
      .then((s) => live && setState(s))
      .catch(() => live && setState('off'));
    return () => {
      live = false;
    };
  }, [target]);

  if (!target || state === null || state === 'unsupported') return null;

  const toggle = async () => {
    setBusy(true);
    setProblem(null);
    try {
      setState(state === 'on' ? await disablePush(target) : await enablePush(target));
    } catch {
      setProblem('Push alerts could not be turned on. Please try again.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <button
        type="button"
        role="switch"
        aria-checked={state === 'on'}
        aria-label="Push alerts"
        title={problem ?? HINT[state]}
        className={`btn btn-small duty-toggle push-toggle ${state === 'on' ? 'on' : ''}`}
        disabled={busy || state === 'denied'}
        onClick={() => void toggle()}
      >
        {/* Not the bell of "Enable alerts" (in-tab notifications): on a phone only the icons show. */}
        <span aria-hidden="true">📲</span>
        <span className="alerts-label">Push alerts</span>
      </button>
      <span className="visually-hidden" role="status">
        {problem ?? ''}
      </span>
    </>
  );
}
