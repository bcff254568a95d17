// Who is signed in: a stored token is checked with GET /auth/me/ on load, so a reload keeps the
// session and a revoked token lands on the sign-in form.
import { useCallback, useEffect, useState } from 'react';
import { ApiError, errorText } from '../shared/api.js';
import type { Staff } from '../shared/contract.js';
import { analyticsScreen } from './analytics-view.js';
import { consoleScreen } from './console/entry.js';
import { Dashboard } from './dashboard.js';
import { LoginForm } from './login.js';
import { logout, me } from './staff-api.js';

const TOKEN_KEY = 'concierge.staff.token';

type AuthState =
  | { kind: 'checking' }
  | { kind: 'signed-out'; notice: string | null }
  | { kind: 'unreachable'; token: string; message: string }
  | { kind: 'signed-in'; token: string; staff: Staff };

function storedToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function App() {
  const [auth, setAuth] = useState<AuthState>(() => {
    return storedToken() ? { kind: 'checking' } : { kind: 'signed-out', notice: null };
  });

  const check = useCallback(async (token: string) => {
    setAuth({ kind: 'checking' });
    try {
      const staff = await me(token);
      setAuth({ kind: 'signed-in', token, staff });
    } catch (err) {
      if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
        localStorage.removeItem(TOKEN_KEY);
        setAuth({ kind: 'signed-out', notice: 'Your session has ended. Please sign in again.' });
      } else {
        setAuth({ kind: 'unreachable', token, message: errorText(err) });
      }
    }
  }, []);

  useEffect(() => {
    const token = storedToken();
    if (token) void check(token);
  }, [check]);

  // Keep retrying quietly while the server is away, so the screen recovers on its own.
  useEffect(() => {
    if (auth.kind !== 'unreachable') return;
    const t = setTimeout(() => void check(auth.token), 5_000);
    return () => clearTimeout(t);
  }, [auth, check]);

  const signedIn = useCallback((token: string, staff: Staff) => {
    localStorage.setItem(TOKEN_KEY, token);
    setAuth({ kind: 'signed-in', token, staff });
  }, []);

  const signOut = useCallback(async (token: string) => {
    localStorage.removeItem(TOKEN_KEY);
    setAuth({ kind: 'signed-out', notice: 'You have signed out.' });
    history.replaceState(null, '', '/staff/');
    await logout(token).catch(() => undefined);
  }, []);

  const expired = useCallback(() => {
    localStorage.removeItem(TOKEN_KEY);
    setAuth({ kind: 'signed-out', notice: 'Your session has ended. Please sign in again.' });
  }, []);

  const analyticsPage = analyticsScreen(auth, { expired }); // /staff/analytics/ for managers (analytics-view.tsx)
  if (analyticsPage) return analyticsPage;

  const consoleView = consoleScreen(auth, { signedIn, signOut, expired }); // the manager's console and invitation links (console/entry.tsx)
  if (consoleView) return consoleView;

  if (auth.kind === 'checking') {
    return (
      <div className="center-screen" role="status">
        <div className="spinner" aria-hidden="true" />
        <p>Signing you in…</p>
      </div>
    );
  }
  if (auth.kind === 'unreachable') {
    return (
      <div className="center-screen" role="alert">
        <h1 className="brand-title">Concierge</h1>
        <p>{auth.message}</p>
        <button type="button" className="btn btn-primary" onClick={() => void check(auth.token)}>
          Try again
        </button>
      </div>
    );
  }
  if (auth.kind === 'signed-out') return <LoginForm notice={auth.notice} onSignedIn={signedIn} />;
  return (
    <Dashboard
      key={auth.token}
      token={auth.token}
      me={auth.staff}
      onSignOut={() => void signOut(auth.token)}
      onExpired={expired}
    />
  );
}
