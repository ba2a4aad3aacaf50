import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation('staff');
  const id = useId();
  const [resetting, setResetting] = useState(false);
  const [kind, setKind] = useState<Kind>('password');
  const [secret, setSecret] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const mayManage = !self && viewerRole !== undefined && manageableBy[viewerRole].includes(account.role);
  const pinAllowed = pinRoles.includes(account.role);
  const waitText = account.throttledUntil
    ? t('accounts.waitingUntil', {
        time: formatClock(account.throttledUntil, timeZone),
        devices: account.throttledFrom.length === 1 ? t('accounts.oneDevice') : t('accounts.devices', { number: account.throttledFrom.length }),
        addresses: account.throttledFrom.join(', '),
      })
    : t('accounts.noWaits');

  const unlock = async () => {
    setProblem(null);
    try {
      await call(endpoints.unlockStaff, { params: { staffId: account.id }, body: {} });
      onChanged(t('accounts.unlocked', { name: account.displayName }));
    } catch (error) {
      setProblem(describeError(error));
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const parsed = resetSecretRequest.safeParse(kind === 'pin' && pinAllowed ? { pin: secret } : { password: secret });
    if (!parsed.success) return setProblem(kind === 'pin' && pinAllowed ? t('accounts.pinRule') : t('accounts.passwordRule'));
    try {
      await call(endpoints.resetStaffSecret, { params: { staffId: account.id }, body: parsed.data });
      setResetting(false);
      setSecret('');
      onChanged(kind === 'pin' && pinAllowed ? t('accounts.newPinSet', { name: account.displayName }) : t('accounts.newPasswordSet', { name: account.displayName }));
    } catch (error) {
      setProblem(describeError(error));
    }
  };

  return (
    <div className="staff-sign-in-actions">
      <span>{waitText}</span>
      {mayManage && account.throttledUntil && (
        <button type="button" className="staff-button staff-button-small" onClick={() => void unlock()}>
          {t('accounts.unlock', { username: account.username })}
        </button>
      )}
      {mayManage && !resetting && (
        <button type="button" className="staff-button staff-button-small" onClick={() => setResetting(true)}>
          {t('accounts.resetFor', { username: account.username })}
        </button>
      )}
      {mayManage && resetting && (
        <form onSubmit={(e) => void submit(e)} noValidate aria-label={t('accounts.newFor', { username: account.username })}>
          {pinAllowed && (
            <fieldset className="staff-choices staff-choices-inline">
              <legend>{t('accounts.reset')}</legend>
              <label>
                <input type="radio" name={`${id}-kind`} checked={kind === 'password'} onChange={() => setKind('password')} />
                {t('accounts.passwordOption')}
              </label>
              <label>
                <input type="radio" name={`${id}-kind`} checked={kind === 'pin'} onChange={() => setKind('pin')} />
                {t('accounts.pinOption')}
              </label>
            </fieldset>
          )}
          <div className="staff-field">
            <label htmlFor={`${id}-secret`}>{kind === 'pin' && pinAllowed ? t('accounts.newPin', { username: account.username }) : t('accounts.newPassword', { username: account.username })}</label>
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
            {t('accounts.save')}
          </button>
          <button type="button" className="staff-button staff-button-small" onClick={() => setResetting(false)}>
            {t('accounts.cancel')}
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
