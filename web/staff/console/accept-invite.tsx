// The page an invitation or reset link opens: whom it is for, then "choose your password". The
// server applies the password policy and says why a password is refused; on success the person
// is signed in. The token stays in the URL's fragment, which no request carries.
import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { ApiError, errorText } from '../../shared/api.js';
import type { Staff } from '../../shared/contract.js';
import { acceptInvite, describeInvite, type InviteInfo } from './console-api.js';
import './console.css';

const MIN_LENGTH = 10;

interface Props {
  token: string;
  onSignedIn: (token: string, staff: Staff) => void;
}

export function AcceptInvite({ token, onSignedIn }: Props) {
  const [info, setInfo] = useState<InviteInfo | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const box = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let live = true;
    describeInvite(token).then(
      (i) => live && setInfo(i),
      (err: unknown) => live && setFailure(errorText(err)),
    );
    return () => {
      live = false;
    };
  }, [token]);
  useEffect(() => {
    if (info) box.current?.focus();
  }, [info]);

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (busy) return;
    if (password !== again) {
      setError('The two passwords are not the same.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const reply = await acceptInvite(token, password);
      onSignedIn(reply.token, reply.staff);
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) setFailure(err.message);
      else setError(errorText(err));
      setBusy(false);
    }
  }

  return (
    <main className="login-screen">
      <form className="card login-card invite-card" onSubmit={(e) => void submit(e)} aria-labelledby="invite-title" aria-busy={!info && !failure}>
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">C</span>
          <span>Concierge</span>
        </div>
        <h1 id="invite-title">{info?.purpose === 'reset' ? 'Choose a new password' : 'Choose your password'}</h1>
        {failure && (
          <>
            <p className="form-error" role="alert">
              {failure}
            </p>
            <a className="btn btn-secondary btn-block" href="/staff/">
              Go to sign-in
            </a>
          </>
        )}
        {!info && !failure && <p role="status">Checking your link…</p>}
        {info && !failure && (
          <>
            <p className="invite-greeting">
              {info.purpose === 'reset' ? `Hello ${info.name}: your manager reset your password at ${info.hotel_name}.` : `Welcome to ${info.hotel_name}, ${info.name}.`} You sign in
              as <strong>{info.username}</strong>.
            </p>
            <p className="field-help" id="password-rules">
              At least {MIN_LENGTH} characters; not a common password and not your username. A short sentence is easy to remember. This link works once, until{' '}
              {new Date(info.expires_at).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })}.
            </p>
            {error && (
              <p className="form-error" role="alert">
                {error}
              </p>
            )}
            <input type="text" name="username" autoComplete="username" value={info.username} readOnly hidden />
            <label htmlFor="new-password">New password</label>
            <input
              ref={box}
              id="new-password"
              type="password"
              autoComplete="new-password"
              aria-describedby="password-rules"
              required
              minLength={MIN_LENGTH}
              maxLength={200}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
            <label htmlFor="new-password-again">The same password again</label>
            <input
              id="new-password-again"
              type="password"
              autoComplete="new-password"
              required
              value={again}
              onChange={(e) => setAgain(e.target.value)}
            />
            <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
              {busy ? 'Saving…' : 'Save and sign in'}
            </button>
          </>
        )}
      </form>
    </main>
  );
}
