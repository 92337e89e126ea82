import { type FormEvent, useState } from 'react';
import { ApiError, api, session } from '../api/client';
import { type WhoAmI } from '../api/types';
import { ErrorNotice } from '../components/notice';

/** Asks for an operator token, checks it with `whoami`, keeps it for this tab only. */
export function SignIn({ onSignedIn }: { onSignedIn: (who: WhoAmI) => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    session.save(token.trim());
    try {
      onSignedIn(await api.get<WhoAmI>('/whoami'));
    } catch (failure) {
      session.clear();
      setError(
        failure instanceof ApiError && failure.status === 401
          ? 'That token is not valid (unknown, revoked or mistyped).'
          : `Could not sign in: ${failure instanceof Error ? failure.message : String(failure)}`,
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <h1>Hookline console</h1>
      <form onSubmit={(event) => void submit(event)} aria-labelledby="sign-in-title">
        <h2 id="sign-in-title">Sign in</h2>
        <label htmlFor="token">Operator token</label>
        <input
          id="token"
          name="token"
          type="password"
          autoComplete="off"
          placeholder="hl_…"
          value={token}
          onChange={(event) => setToken(event.target.value)}
          required
          autoFocus
        />
        <p className="hint">Kept in this browser tab only (session storage).</p>
        <ErrorNotice error={error} />
        <button type="submit" disabled={busy || !token.trim()}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
