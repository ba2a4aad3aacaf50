import { useId, useState, type FormEvent } from 'react';
import { manageableBy, pinRoles, resetSecretRequest, type StaffAccountView, type StaffRole } from '../../src-shared/api/auth-contract';
import { endpoints } from '../../src-shared/api/endpoints';
import { call } from '../api/client';
import { describeError, formatClock } from './text';

type Kind = 'password' | 'pin';

/**
 * One account's sign-in in the staff list: whether some device must wait before trying it again
 * (and until when), a button that ends those waits, and a small form that sets a colleague's new
 * password or PIN. Shown for the accounts the viewer's role may manage, never for their own.
 */
export function StaffSignInActions({
  account,
  viewerRole,
  self,
  timeZone,
  onChanged,
}: {
  account: StaffAccountView;
  viewerRole: StaffRole | undefined;
  self: boolean;
  timeZone: string;
  /** After a change: what to tell the manager (the list is then loaded again). */
  onChanged: (message: string) => void;
}) {
  const id = useId();
  const [resetting, setResetting] = useState(false);
  const [kind, setKind] = useState<Kind>('password');
  const [secret, setSecret] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const mayManage = !self && viewerRole !== undefined && manageableBy[viewerRole].includes(account.role);
  const pinAllowed = pinRoles.includes(account.role);
  const waitText = account.throttledUntil
    ? `Waiting until ${formatClock(account.throttledUntil, timeZone)} on ${account.throttledFrom.length === 1 ? 'one device' : `${account.throttledFrom.length} devices`} (${account.throttledFrom.join(', ')})`
    : 'No waits';

  const unlock = async () => {
    setProblem(null);
    try {
      await call(endpoints.unlockStaff, { params: { staffId: account.id }, body: {} });
      onChanged(`${account.displayName} can try to sign in again from every device.`);
    } catch (error) {
      setProblem(describeError(error));
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const parsed = resetSecretRequest.safeParse(kind === 'pin' && pinAllowed ? { pin: secret } : { password: secret });
    if (!parsed.success) return setProblem(kind === 'pin' && pinAllowed ? 'A PIN has 4 to 8 digits.' : 'A password has at least 12 characters.');
    try {
      await call(endpoints.resetStaffSecret, { params: { staffId: account.id }, body: parsed.data });
      setResetting(false);
      setSecret('');
      onChanged(`${account.displayName} has a new ${kind === 'pin' && pinAllowed ? 'PIN' : 'password'}; their sessions have ended.`);
    } catch (error) {
      setProblem(describeError(error));
    }
  };

  return (
    <div className="staff-sign-in-actions">
      <span>{waitText}</span>
      {mayManage && account.throttledUntil && (
        <button type="button" className="staff-button staff-button-small" onClick={() => void unlock()}>
          Unlock {account.username}
        </button>
      )}
      {mayManage && !resetting && (
        <button type="button" className="staff-button staff-button-small" onClick={() => setResetting(true)}>
          Reset password or PIN for {account.username}
        </button>
      )}
      {mayManage && resetting && (
        <form onSubmit={(e) => void submit(e)} noValidate aria-label={`New password or PIN for ${account.username}`}>
          {pinAllowed && (
            <fieldset className="staff-choices staff-choices-inline">
              <legend>Reset</legend>
              <label>
                <input type="radio" name={`${id}-kind`} checked={kind === 'password'} onChange={() => setKind('password')} />
                Password
              </label>
              <label>
                <input type="radio" name={`${id}-kind`} checked={kind === 'pin'} onChange={() => setKind('pin')} />
                PIN
              </label>
            </fieldset>
          )}
          <div className="staff-field">
            <label htmlFor={`${id}-secret`}>{kind === 'pin' && pinAllowed ? `New PIN for ${account.username}` : `New password for ${account.username}`}</label>
            <input
              id={`${id}-secret`}
              type="password"
              autoComplete="new-password"
              inputMode={kind === 'pin' && pinAllowed ? 'numeric' : undefined}
              value={secret}
              onChange={(e) => setSecret(e.target.value)}
            />
          </div>
          <button type="submit" className="staff-button staff-button-small">
            Save
          </button>
          <button type="button" className="staff-button staff-button-small" onClick={() => setResetting(false)}>
            Cancel
          </button>
        </form>
      )}
      {problem && (
        <p role="alert" className="staff-error">
          {problem}
        </p>
      )}
    </div>
  );
}
