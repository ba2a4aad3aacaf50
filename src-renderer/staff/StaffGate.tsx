import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { HubView } from '../../src-shared/api/contract';
import type { SessionReply } from '../../src-shared/api/auth-contract';
import { endpoints } from '../../src-shared/api/endpoints';
import { localize } from '../../src-shared/config/schema';
import { onUnauthorized, setCsrfToken } from '../api/client';
import { IdleGuard } from './IdleGuard';
import { checkSession, faceRoles, faceTitle, sessionEndedText, signOutOnHub, StaffContext, type StaffContextValue, type StaffFace } from './session';
import { SignInScreen } from './SignInScreen';
import { StaffLanguageRoot, staffT } from './staff-language';
import { roleLabel } from './text';
import { useZoomableViewport } from './viewport';
import './staff.css';

type GateState =
  | { kind: 'checking' }
  | { kind: 'no-accounts' }
  | { kind: 'signed-out'; notice: string | null }
  | { kind: 'signed-in'; session: SessionReply }
  | { kind: 'unreachable'; message: string };

const faceLinks: { face: StaffFace; href: string }[] = [
  { face: 'reception', href: '/reception' },
  { face: 'partner', href: '/partner' },
  { face: 'manager', href: '/manager' },
];

type StaffGateProps = {
  hub: HubView;
  face: StaffFace;
  /** Off for a wall display, which nobody touches. */
  idleSignOut?: boolean;
  children: ReactNode;
};

/**
 * Every staff screen sits behind this: it asks the hub whose session this is, shows sign-in when
 * nobody is signed in, checks the role may use this face, signs out after the session's idle time
 * (with a warning first), and goes back to sign-in whenever the hub says the session has ended.
 * Everything in it speaks this device's staff language.
 */
export function StaffGate(props: StaffGateProps) {
  return (
    <StaffLanguageRoot>
      <Gate {...props} />
    </StaffLanguageRoot>
  );
}

function Gate({ hub, face, idleSignOut = true, children }: StaffGateProps) {
  const { t, i18n } = useTranslation('staff');
  const [state, setState] = useState<GateState>({ kind: 'checking' });
  useZoomableViewport();

  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    checkSession().then((result) => {
      if (!cancelled) setState(result.kind === 'signed-out' ? { kind: 'signed-out', notice: null } : result);
    }, () => {});
    return () => {
      cancelled = true;
    };
  }, [attempt]);

  useEffect(
    () =>
      onUnauthorized((error, path) => {
        if (path === endpoints.login.path || path === endpoints.me.path) return;
        setCsrfToken(null);
        const reason = error.details?.['reason'];
        const notice =
          reason === 'idle' || reason === 'expired' || reason === 'disabled' || reason === 'signed-out'
            ? sessionEndedText[reason]
            : staffT('gate.sessionEnded');
        setState((current) => (current.kind === 'signed-in' ? { kind: 'signed-out', notice } : current));
      }),
    [],
  );

  const signOut = useCallback(async (everywhere = false, notice?: string) => {
    try {
      await signOutOnHub(everywhere);
    } catch {
      // Signed out here regardless: the cookie's session ends on the hub at its idle time anyway.
    }
    setState({ kind: 'signed-out', notice: notice ?? (everywhere ? staffT('gate.signedOutEverywhere') : staffT('gate.signedOut')) });
  }, []);

  const context = useMemo<StaffContextValue>(
    () => ({
      session: state.kind === 'signed-in' ? state.session : null,
      signOut: (everywhere?: boolean) => signOut(everywhere ?? false),
      sessionEnded: (reason) => {
        setCsrfToken(null);
        setState({ kind: 'signed-out', notice: sessionEndedText[reason] });
      },
    }),
    [state, signOut],
  );

  switch (state.kind) {
    case 'checking':
      return (
        <main className="staff-page staff-centred" aria-busy="true">
          <p role="status">{t('gate.checking')}</p>
        </main>
      );
    case 'unreachable':
      return (
        <main className="staff-page staff-centred">
          <h1>{faceTitle[face]}</h1>
          <p role="alert">{t('gate.unreachable', { message: state.message })}</p>
          <button
            type="button"
            className="staff-button"
            onClick={() => {
              setState({ kind: 'checking' });
              setAttempt((n) => n + 1);
            }}
          >
            {t('common.tryAgain')}
          </button>
        </main>
      );
    case 'signed-out':
      return <SignInScreen hub={hub} face={face} notice={state.notice} onSignedIn={(session) => setState({ kind: 'signed-in', session })} />;
    case 'no-accounts':
      return <StaffContext.Provider value={context}>{children}</StaffContext.Provider>;
    case 'signed-in': {
      const { session } = state;
      if (!faceRoles[face].includes(session.staff.role)) {
        const allowed = faceLinks.filter((l) => faceRoles[l.face].includes(session.staff.role));
        return (
          <main className="staff-page staff-centred">
            <h1>{faceTitle[face]}</h1>
            <p>{t('gate.notAllowed', { name: session.staff.displayName, role: roleLabel[session.staff.role].toLowerCase(), hub: localize(hub.name, i18n.language) })}</p>
            {allowed.length > 0 && (
              <nav aria-label={t('gate.screensYouCanUse')}>
                <ul className="staff-inline-list">
                  {allowed.map((l) => (
                    <li key={l.face}>
                      <a href={l.href}>{faceTitle[l.face]}</a>
                    </li>
                  ))}
                </ul>
              </nav>
            )}
            <button type="button" className="staff-button" onClick={() => void signOut(false)}>
              {t('common.signOut')}
            </button>
          </main>
        );
      }
      return (
        <StaffContext.Provider value={context}>
          {children}
          {idleSignOut && (
            <IdleGuard
              timeoutMinutes={session.idleTimeoutMinutes}
              onExpire={() => void signOut(false, staffT('gate.idleSignedOut', { count: session.idleTimeoutMinutes }))}
            />
          )}
        </StaffContext.Provider>
      );
    }
  }
}
