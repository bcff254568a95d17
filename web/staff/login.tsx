import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormEvent } from 'react';
import { ApiError, errorText } from '../shared/api.js';
import type { Staff } from '../shared/contract.js';
import '../shared/i18n-staff.js';
import { login } from './staff-api.js';

interface Props {
  notice: string | null;
  onSignedIn: (token: string, staff: Staff) => void;
}

export function LoginForm({ notice, onSignedIn }: Props) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const usernameBox = useRef<HTMLInputElement>(null);
  // The first thing to type is the username: focus lands there (also after a sign-out or expiry).
  useEffect(() => usernameBox.current?.focus(), []);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const reply = await login(username.trim(), password);
      onSignedIn(reply.token, reply.staff);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setError(t('login.mismatch'));
      else if (err instanceof ApiError && err.status === 429) setError(t('login.tooMany'));
      else setError(errorText(err));
      setBusy(false);
    }
  }

  return (
    <main className="login-screen">
      <form className="card login-card" onSubmit={(e) => void submit(e)} aria-labelledby="login-title">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">C</span>
          <span>Concierge</span>
        </div>
        <h1 id="login-title">{t('login.title')}</h1>
        {notice && !error && <p className="notice">{notice}</p>}
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <label htmlFor="username">{t('login.username')}</label>
        <input
          ref={usernameBox}
          id="username"
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
        <label htmlFor="password">{t('login.password')}</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? t('login.signingIn') : t('login.signIn')}
        </button>
      </form>
    </main>
  );
}
