// Where the staff app hands over to the console: an invitation link (/staff/#invite=…) opens the
// "choose your password" page, and /staff/console/ opens the manager's console for managers.
// app.tsx asks this once per render; null: the app goes on as before.
import type { ReactElement } from 'react';
import type { Staff } from '../../shared/contract.js';
import { AcceptInvite } from './accept-invite.js';
import { ManagerConsole } from './console.js';

export const CONSOLE_PATH = '/staff/console/';

interface AuthLike {
  kind: string;
  token?: string;
  staff?: Staff;
}

interface Handlers {
  signedIn: (token: string, staff: Staff) => void;
  signOut: (token: string) => unknown;
  expired: () => void;
}

function inviteToken(): string | null {
  const m = /^#invite=([A-Za-z0-9_-]{1,200})$/.exec(window.location.hash);
  return m ? m[1]! : null;
}

// An invitation link opened in a tab already on /staff/ changes only the fragment, which loads
// nothing: load the page again so the app starts on the invitation.
window.addEventListener('hashchange', () => {
  if (inviteToken()) window.location.reload();
});

export function consoleScreen(auth: AuthLike, on: Handlers): ReactElement | null {
  const invite = inviteToken();
  if (invite) {
    const done = (token: string, staff: Staff): void => {
      // The link is used up: drop it from the address bar and the history.
      history.replaceState(null, '', '/staff/');
      on.signedIn(token, staff);
    };
    return <AcceptInvite token={invite} onSignedIn={done} />;
  }
  if (auth.kind !== 'signed-in' || !auth.token || !auth.staff || !window.location.pathname.startsWith(CONSOLE_PATH.slice(0, -1))) return null;
  if (!auth.staff.is_manager) {
    history.replaceState(null, '', '/staff/');
    return null;
  }
  const token = auth.token;
  return <ManagerConsole key={token} token={token} me={auth.staff} onSignOut={() => void on.signOut(token)} onExpired={on.expired} />;
}

/** The console's entry in the top bar: managers only. */
export function ConsoleLink({ me }: { me: Staff }) {
  if (!me.is_manager) return null;
  return (
    <a className="btn btn-ghost btn-small console-link" href={CONSOLE_PATH}>
      Manager console
    </a>
  );
}
