import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { HubView } from '../../src-shared/api/contract';
import { setupRequest } from '../../src-shared/api/auth-contract';
import { endpoints } from '../../src-shared/api/endpoints';
import { localize } from '../../src-shared/config/schema';
import { ApiRequestError, call, setCsrfToken } from '../api/client';
import { isMissingRoute } from './session';
import { StaffLanguageRoot, StaffLanguageSwitch } from './staff-language';
import { useZoomableViewport } from './viewport';
import './staff.css';

type Field = 'token' | 'username' | 'displayName' | 'password' | 'confirm';

/** Our words where the contract's would read like a programmer's ("expected string to have >=1 characters"). */
const plainProblem: Partial<Record<Field, 'setup.tokenProblem' | 'setup.displayNameProblem'>> = {
  token: 'setup.tokenProblem',
  displayName: 'setup.displayNameProblem',
};

/**
 * First run (/manager?setup=1): the hub printed a one-time setup token when it started; with it
 * the first administrator is created. There is never a default password.
 */
export function SetupForm({ hub, onDone }: { hub: HubView; onDone: () => void }) {
  return (
    <StaffLanguageRoot>
      <SetupPage hub={hub} onDone={onDone} />
    </StaffLanguageRoot>
  );
}

function SetupPage({ hub, onDone }: { hub: HubView; onDone: () => void }) {
  const { t, i18n } = useTranslation('staff');
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
        const plain = field ? plainProblem[field] : undefined;
        if (field && !found[field]) found[field] = plain ? t(plain) : issue.message;
      }
    }
    if (values.password !== values.confirm) found.confirm = t('setup.passwordsDiffer');
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const session = await call(endpoints.setup, { body });
      setCsrfToken(session.csrfToken);
      setDone(true);
    } catch (failure) {
      if (isMissingRoute(failure)) setError(t('setup.noAccounts'));
      else if (failure instanceof ApiRequestError && failure.code === 'SETUP_TOKEN_INVALID') setError(t('setup.tokenInvalid'));
      else if (failure instanceof ApiRequestError && failure.code === 'ALREADY_SET_UP') setError(t('setup.alreadySetUp'));
      else setError(failure instanceof Error ? failure.message : t('setup.failed'));
    } finally {
      setBusy(false);
    }
  };

  if (alreadySetUp && !done) {
    return (
      <main className="staff-page staff-signin">
        <div className="staff-signin-card">
          <StaffLanguageSwitch />
          <h1>{t('setup.alreadyTitle')}</h1>
          <p>{t('setup.alreadyText')}</p>
          <button type="button" className="staff-button staff-button-primary" onClick={onDone}>
            {t('setup.toSignIn')}
          </button>
        </div>
      </main>
    );
  }

  if (done) {
    return (
      <main className="staff-page staff-signin">
        <div className="staff-signin-card">
          <StaffLanguageSwitch />
          <h1>{t('setup.readyTitle')}</h1>
          <p role="status">{t('setup.readyText')}</p>
          <button type="button" className="staff-button staff-button-primary" onClick={onDone}>
            {t('setup.continue')}
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
        <StaffLanguageSwitch />
        <p className="staff-signin-hub">{localize(hub.name, i18n.language)}</p>
        <h1>{t('setup.title')}</h1>
        <p>{t('setup.intro')}</p>
        <form onSubmit={(e) => void submit(e)} noValidate>
          {field('token', t('setup.token'), { autoComplete: 'one-time-code' })}
          {field('username', t('setup.username'), { autoComplete: 'username', hint: t('setup.usernameHint') })}
          {field('displayName', t('setup.displayName'), { autoComplete: 'name' })}
          {field('password', t('setup.password'), { type: 'password', autoComplete: 'new-password', hint: t('setup.passwordHint') })}
          {field('confirm', t('setup.confirm'), { type: 'password', autoComplete: 'new-password' })}
          {error && (
            <p role="alert" className="staff-error">
              {error}
            </p>
          )}
          <button type="submit" className="staff-button staff-button-primary" disabled={busy}>
            {busy ? t('setup.creating') : t('setup.create')}
          </button>
        </form>
      </div>
    </main>
  );
}
