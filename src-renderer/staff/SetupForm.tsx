import { useEffect, useState, type FormEvent } from 'react';
import type { HubView } from '../../src-shared/api/contract';
import { setupRequest } from '../../src-shared/api/auth-contract';
import { endpoints } from '../../src-shared/api/endpoints';
import { localize } from '../../src-shared/config/schema';
import { ApiRequestError, call, setCsrfToken } from '../api/client';
import { isMissingRoute } from './session';
import { useZoomableViewport } from './viewport';
import './staff.css';

type Field = 'token' | 'username' | 'displayName' | 'password' | 'confirm';

/** Our words where the contract's would read like a programmer's ("expected string to have >=1 characters"). */
const plainProblem: Partial<Record<Field, string>> = {
  token: 'Paste the whole setup token the hub printed when it started.',
  displayName: 'Type your name as colleagues know it.',
};

/**
 * First run (/manager?setup=1): the hub printed a one-time setup token when it started; with it
 * the first administrator is created. There is never a default password.
 */
export function SetupForm({ hub, onDone }: { hub: HubView; onDone: () => void }) {
  const [values, setValues] = useState<Record<Field, string>>({ token: '', username: '', displayName: '', password: '', confirm: '' });
  const [problems, setProblems] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const [alreadySetUp, setAlreadySetUp] = useState(false);
  useZoomableViewport();

  useEffect(() => {
    let cancelled = false;
    call(endpoints.setupStatus, {}).then(
      (reply) => {
        if (!cancelled && !reply.needed) setAlreadySetUp(true);
      },
      () => {},
    );
    return () => {
      cancelled = true;
    };
  }, []);

  const set = (field: Field) => (value: string) => setValues((v) => ({ ...v, [field]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const body = { token: values.token.trim(), username: values.username.trim(), displayName: values.displayName.trim(), password: values.password };
    const parsed = setupRequest.safeParse(body);
    const found: Partial<Record<Field, string>> = {};
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as Field | undefined;
        if (field && !found[field]) found[field] = plainProblem[field] ?? issue.message;
      }
    }
    if (values.password !== values.confirm) found.confirm = 'The two passwords are not the same.';
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const session = await call(endpoints.setup, { body });
      setCsrfToken(session.csrfToken);
      setDone(true);
    } catch (failure) {
      if (isMissingRoute(failure)) setError('This hub does not have staff accounts yet: there is nothing to set up.');
      else if (failure instanceof ApiRequestError && failure.code === 'SETUP_TOKEN_INVALID') setError('That setup token is not right, or it has expired (restart the hub for a new one).');
      else if (failure instanceof ApiRequestError && failure.code === 'ALREADY_SET_UP') setError('This hub has been set up already: sign in on the manager screen.');
      else setError(failure instanceof Error ? failure.message : 'Setting up did not work.');
    } finally {
      setBusy(false);
    }
  };

  if (alreadySetUp && !done) {
    return (
      <main className="staff-page staff-signin">
        <div className="staff-signin-card">
          <h1>This hub is set up already</h1>
          <p>An administrator exists, so the setup token no longer works. Sign in on the manager screen instead.</p>
          <button type="button" className="staff-button staff-button-primary" onClick={onDone}>
            Go to sign-in
          </button>
        </div>
      </main>
    );
  }

  if (done) {
    return (
      <main className="staff-page staff-signin">
        <div className="staff-signin-card">
          <h1>The administrator account is ready</h1>
          <p role="status">You can now add the hub’s staff. The setup token no longer works.</p>
          <button type="button" className="staff-button staff-button-primary" onClick={onDone}>
            Continue to the manager screen
          </button>
        </div>
      </main>
    );
  }

  const field = (name: Field, label: string, props: { type?: string; autoComplete?: string; hint?: string } = {}) => (
    <div className="staff-field">
      <label htmlFor={`setup-${name}`}>{label}</label>
      {props.hint && (
        <p className="staff-hint" id={`setup-${name}-hint`}>
          {props.hint}
        </p>
      )}
      <input
        id={`setup-${name}`}
        type={props.type ?? 'text'}
        autoComplete={props.autoComplete ?? 'off'}
        value={values[name]}
        onChange={(e) => set(name)(e.target.value)}
        aria-invalid={problems[name] ? true : undefined}
        aria-describedby={[props.hint ? `setup-${name}-hint` : '', problems[name] ? `setup-${name}-problem` : ''].filter(Boolean).join(' ') || undefined}
      />
      {problems[name] && (
        <p className="staff-error" id={`setup-${name}-problem`}>
          {problems[name]}
        </p>
      )}
    </div>
  );

  return (
    <main className="staff-page staff-signin">
      <div className="staff-signin-card">
        <p className="staff-signin-hub">{localize(hub.name, 'en')}</p>
        <h1>Set up the first administrator</h1>
        <p>The hub printed a one-time setup token in its log when it started. It works once, and only until the first administrator exists.</p>
        <form onSubmit={(e) => void submit(e)} noValidate>
          {field('token', 'Setup token', { autoComplete: 'one-time-code' })}
          {field('username', 'Username', { autoComplete: 'username', hint: '3 to 32 lower-case letters, digits, dots, dashes or underscores.' })}
          {field('displayName', 'Your name as colleagues see it', { autoComplete: 'name' })}
          {field('password', 'Password', { type: 'password', autoComplete: 'new-password', hint: 'At least 12 characters. A few unrelated words make a good one.' })}
          {field('confirm', 'Password again', { type: 'password', autoComplete: 'new-password' })}
          {error && (
            <p role="alert" className="staff-error">
              {error}
            </p>
          )}
          <button type="submit" className="staff-button staff-button-primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create the administrator'}
          </button>
        </form>
      </div>
    </main>
  );
}
