import type { ReactNode } from 'react';
import type { HubView } from '../../src-shared/api/contract';
import { localize } from '../../src-shared/config/schema';
import type { LiveState } from '../api/live';
import { useStaff } from './session';
import { roleLabel } from './text';

export function LiveBadge({ state }: { state: LiveState }) {
  const text = state === 'open' ? 'Live' : state === 'connecting' ? 'Connecting…' : 'Reconnecting…';
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
  return (
    <header className="staff-header">
      <div className="staff-header-title">
        <h1>{title}</h1>
        <span className="staff-header-hub">{localize(hub.name, 'en')}</span>
      </div>
      {live && <LiveBadge state={live} />}
      {children}
      <div className="staff-user">
        {session ? (
          <>
            <span>
              Signed in as <strong>{session.staff.displayName}</strong> ({roleLabel[session.staff.role]})
            </span>
            <button type="button" className="staff-button staff-button-small" onClick={() => void signOut(false)}>
              Sign out
            </button>
            <button type="button" className="staff-button staff-button-small staff-button-quiet" onClick={() => void signOut(true)}>
              Sign out everywhere
            </button>
          </>
        ) : (
          <span className="staff-open-mode">Staff accounts are not switched on at this hub yet.</span>
        )}
      </div>
    </header>
  );
}
