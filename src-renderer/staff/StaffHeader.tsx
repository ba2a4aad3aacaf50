import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { HubView } from '../../src-shared/api/contract';
import { localize } from '../../src-shared/config/schema';
import type { LiveState } from '../api/live';
import { useStaff } from './session';
import { slot, splitAtSlot, StaffLanguageSwitch } from './staff-language';
import { roleLabel } from './text';

export function LiveBadge({ state }: { state: LiveState }) {
  const { t } = useTranslation('staff');
  const text = state === 'open' ? t('common.live') : state === 'connecting' ? t('common.connecting') : t('common.reconnecting');
  return (
    <p className={`staff-live staff-live-${state}`} role="status">
      <span className="staff-live-dot" aria-hidden="true" />
      {text}
    </p>
  );
}

/** The top of every staff screen: which screen, which hub, live or not, who is signed in. */
export function StaffHeader({ hub, title, live, children }: { hub: HubView; title: string; live?: LiveState; children?: ReactNode }) {
  const { session, signOut } = useStaff();
  const { t, i18n } = useTranslation('staff');
  // The name goes in as an element of its own, never through the translation's text.
  const signedInAs = session ? splitAtSlot(t('header.signedInAs', { name: slot, role: roleLabel[session.staff.role] })) : ['', ''];
  return (
    <header className="staff-header">
      <div className="staff-header-title">
        <h1>{title}</h1>
        <span className="staff-header-hub">{localize(hub.name, i18n.language)}</span>
      </div>
      {live && <LiveBadge state={live} />}
      {children}
      <StaffLanguageSwitch />
      <div className="staff-user">
        {session ? (
          <>
            <span>
              {signedInAs[0]}
              <strong>{session.staff.displayName}</strong>
              {signedInAs[1]}
            </span>
            <button type="button" className="staff-button staff-button-small" onClick={() => void signOut(false)}>
              {t('common.signOut')}
            </button>
            <button type="button" className="staff-button staff-button-small staff-button-quiet" onClick={() => void signOut(true)}>
              {t('header.signOutEverywhere')}
            </button>
          </>
        ) : (
          <span className="staff-open-mode">{t('header.openMode')}</span>
        )}
      </div>
    </header>
  );
}
