import { useEffect, useId, useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { HubView } from '../../src-shared/api/contract';
import { waitInWords, type SessionReply } from '../../src-shared/api/auth-contract';
import { endpoints } from '../../src-shared/api/endpoints';
import { localize } from '../../src-shared/config/schema';
import { ApiRequestError, call } from '../api/client';
import { readSetting, settingKeys, useSetting, writeSetting } from './local-settings';
import { faceTitle, signIn, type StaffFace } from './session';
import { StaffLanguageSwitch, staffT } from './staff-language';

type Mode = 'password' | 'pin';
const rememberedName = z.object({ username: z.string().max(64), displayName: z.string().max(64) });
const rememberedNames = z.array(rememberedName).max(30);
const SOMEONE_ELSE = '';

function signInError(error: unknown): string {
  if (error instanceof ApiRequestError) {
    switch (error.code) {
      case 'INVALID_CREDENTIALS': {
        const left = Number(error.details?.['attemptsLeft']);
        const warning = Number.isFinite(left) && left >= 1 && left <= 2 ? ` ${staffT('signIn.triesLeft', { count: left })}` : '';
        return `${staffT('signIn.noMatch')}${warning}`;
      }
      case 'TOO_MANY_ATTEMPTS': {
        const seconds = Number(error.details?.['retryAfterSeconds']);
        const wait = Number.isFinite(seconds) && seconds > 0 ? staffT('signIn.tryAgainIn', { wait: waitInWords(seconds) }) : staffT('signIn.tryAgainLater');
        if (error.details?.['scope'] === 'busy') return staffT('signIn.busy', { wait });
        return staffT('signIn.tooMany', { wait });
      }
      case 'NETWORK':
        return staffT('errors.NETWORK');
      default:
        return error.message;
    }
  }
  return staffT('signIn.failed');
}

/**
 * Sign-in for every staff face: a username and password, or on a shared reception PC the name
 * picked from a list and a PIN. The PC remembers only the names (to pick from) and which way it
 * signs in; never a password, PIN or session.
 */
export function SignInScreen({
  hub,
  face,
  notice,
  onSignedIn,
}: {
  hub: HubView;
  face: StaffFace;
  notice: string | null;
  onSignedIn: (session: SessionReply) => void;
}) {
  const [mode, setMode] = useSetting<Mode>(settingKeys.signInMode, z.enum(['password', 'pin']), 'password');
  const [names, setNames] = useState(() => readSetting(settingKeys.signInNames, rememberedNames, []));
  const [picked, setPicked] = useState<string>(() => names[0]?.username ?? SOMEONE_ELSE);
  const [username, setUsername] = useState('');
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [setupNeeded, setSetupNeeded] = useState(false);
  const errorId = useId();
  const { t, i18n } = useTranslation('staff');

  useEffect(() => {
    if (face !== 'manager') return;
    call(endpoints.setupStatus, {}).then(
      (reply) => setSetupNeeded(reply.needed),
      () => setSetupNeeded(false),
    );
  }, [face]);

  const effectiveUsername = mode === 'pin' && picked !== SOMEONE_ELSE ? picked : username.trim();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (!effectiveUsername) return setError(mode === 'pin' ? t('signIn.chooseName') : t('signIn.typeUsername'));
    if (mode === 'pin' && !/^\d{4,8}$/.test(secret)) return setError(t('signIn.pinDigits'));
    if (mode === 'password' && !secret) return setError(t('signIn.typePassword'));
    setBusy(true);
    try {
      const session = await signIn(mode === 'pin' ? { username: effectiveUsername, pin: secret } : { username: effectiveUsername, password: secret });
      if (mode === 'pin') {
        const next = [{ username: session.staff.username, displayName: session.staff.displayName }, ...names.filter((n) => n.username !== session.staff.username)].slice(0, 30);
        writeSetting(settingKeys.signInNames, next);
      }
      setSecret('');
      onSignedIn(session);
    } catch (failure) {
      setSecret('');
      setError(signInError(failure));
    } finally {
      setBusy(false);
    }
  };

  const forgetNames = () => {
    writeSetting(settingKeys.signInNames, null);
    setNames([]);
    setPicked(SOMEONE_ELSE);
  };

  return (
    <main className="staff-page staff-signin">
      <div className="staff-signin-card">
        <StaffLanguageSwitch />
        <p className="staff-signin-hub">{localize(hub.name, i18n.language)}</p>
        <h1>{t('signIn.title', { face: faceTitle[face] })}</h1>
        {notice && (
          <p role="status" className="staff-notice">
            {notice}
          </p>
        )}
        <form onSubmit={(e) => void submit(e)} noValidate aria-describedby={error ? errorId : undefined}>
          <fieldset className="staff-segmented">
            <legend>{t('signIn.how')}</legend>
            <label>
              <input type="radio" name="mode" value="password" checked={mode === 'password'} onChange={() => setMode('password')} />
              {t('signIn.passwordMode')}
            </label>
            <label>
              <input type="radio" name="mode" value="pin" checked={mode === 'pin'} onChange={() => setMode('pin')} />
              {t('signIn.pinMode')}
            </label>
          </fieldset>

          {mode === 'pin' && names.length > 0 && (
            <div className="staff-field">
              <label htmlFor="signin-name">{t('signIn.yourName')}</label>
              <select id="signin-name" value={picked} onChange={(e) => setPicked(e.target.value)}>
                {names.map((n) => (
                  <option key={n.username} value={n.username}>
                    {n.displayName} ({n.username})
                  </option>
                ))}
                <option value={SOMEONE_ELSE}>{t('signIn.someoneElse')}</option>
              </select>
            </div>
          )}
          {(mode === 'password' || picked === SOMEONE_ELSE || names.length === 0) && (
            <div className="staff-field">
              <label htmlFor="signin-username">{t('signIn.username')}</label>
              <input
                id="signin-username"
                name="username"
                type="text"
                autoComplete="username"
                autoCapitalize="none"
                spellCheck={false}
                value={username}
                onChange={(e) => setUsername(e.target.value)}
                required
              />
            </div>
          )}
          {mode === 'password' ? (
            <div className="staff-field">
              <label htmlFor="signin-password">{t('signIn.password')}</label>
              <input id="signin-password" name="password" type="password" autoComplete="current-password" value={secret} onChange={(e) => setSecret(e.target.value)} required />
            </div>
          ) : (
            <div className="staff-field">
              <label htmlFor="signin-pin">{t('signIn.pin')}</label>
              <input
                id="signin-pin"
                name="pin"
                type="password"
                inputMode="numeric"
                autoComplete="off"
                pattern="\d{4,8}"
                maxLength={8}
                value={secret}
                onChange={(e) => setSecret(e.target.value.replace(/\D/g, ''))}
                required
              />
            </div>
          )}
          {error && (
            <p id={errorId} role="alert" className="staff-error">
              {error}
            </p>
          )}
          <button type="submit" className="staff-button staff-button-primary" disabled={busy}>
            {busy ? t('signIn.signingIn') : t('signIn.submit')}
          </button>
        </form>
        {mode === 'pin' && names.length > 0 && (
          <button type="button" className="staff-link-button" onClick={forgetNames}>
            {t('signIn.forgetNames')}
          </button>
        )}
        {setupNeeded && (
          <p>
            <Trans t={t} i18nKey="signIn.firstTime" components={{ setup: <a href="/manager?setup=1" /> }} />
          </p>
        )}
      </div>
    </main>
  );
}
