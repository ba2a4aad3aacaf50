import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { createStaffRequest, staffRoles, type StaffAccountView, type StaffRole } from '../../../src-shared/api/auth-contract';
import { endpoints } from '../../../src-shared/api/endpoints';
import { call } from '../../api/client';
import type { HubInfo } from '../hub-info';
import { isMissingRoute, useStaff } from '../session';
import { staffT } from '../staff-language';
import { StaffSignInActions } from '../StaffSignInActions';
import { describeError, roleLabel } from '../text';

/** The hub's staff accounts: who can sign in, as what; add one, disable or enable one. */
export function StaffAccountsPanel({ info }: { info: HubInfo }) {
  const { t } = useTranslation('staff');
  const { session } = useStaff();
  const [staff, setStaff] = useState<StaffAccountView[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [form, setForm] = useState({ username: '', displayName: '', role: 'reception' as StaffRole, services: [] as string[], secretKind: 'password' as 'password' | 'pin', secret: '' });
  const [formProblem, setFormProblem] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const reload = () => setVersion((v) => v + 1);
  useEffect(() => {
    let cancelled = false;
    call(endpoints.staffList, {}).then(
      (reply) => {
        if (cancelled) return;
        setStaff(reply.staff);
        setProblem(null);
      },
      (error: unknown) => {
        if (!cancelled) setProblem(isMissingRoute(error) ? staffT('accounts.notOn') : describeError(error));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [version]);

  // Managers create reception and partner accounts; an administrator creates any.
  const creatable: readonly StaffRole[] = session?.staff.role === 'manager' ? ['reception', 'partner'] : staffRoles;
  const pinAllowed = form.role === 'reception' || form.role === 'partner';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormProblem(null);
    setMessage(null);
    const body = {
      username: form.username.trim(),
      displayName: form.displayName.trim(),
      role: form.role,
      services: form.role === 'partner' ? form.services : [],
      ...(form.secretKind === 'pin' && pinAllowed ? { pin: form.secret } : { password: form.secret }),
    };
    const parsed = createStaffRequest.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return setFormProblem(issue ? `${String(issue.path[0] ?? 'form')}: ${issue.message}` : t('accounts.checkForm'));
    }
    if (form.role === 'partner' && form.services.length === 0) return setFormProblem(t('accounts.partnerNeedsService'));
    try {
      await call(endpoints.createStaff, { body: parsed.data });
      setMessage(t('accounts.created', { username: body.username }));
      setForm({ ...form, username: '', displayName: '', secret: '', services: [] });
      reload();
    } catch (error) {
      setFormProblem(describeError(error));
    }
  };

  const setDisabled = async (account: StaffAccountView, disabled: boolean) => {
    setMessage(null);
    try {
      await call(disabled ? endpoints.disableStaff : endpoints.enableStaff, { params: { staffId: account.id }, body: {} });
      setMessage(disabled ? t('accounts.disabled', { name: account.displayName }) : t('accounts.enabled', { name: account.displayName }));
      reload();
    } catch (error) {
      setProblem(describeError(error));
    }
  };

  return (
    <>
      {problem && <p className="staff-warning">{problem}</p>}
      {message && <p role="status">{message}</p>}
      {staff && (
        <table className="staff-table">
          <caption>{t('accounts.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('accounts.colName')}</th>
              <th scope="col">{t('accounts.colUsername')}</th>
              <th scope="col">{t('accounts.colRole')}</th>
              <th scope="col">{t('accounts.colServices')}</th>
              <th scope="col">{t('accounts.colSignsIn')}</th>
              <th scope="col">{t('accounts.colAccount')}</th>
              <th scope="col">{t('accounts.colSignIn')}</th>
            </tr>
          </thead>
          <tbody>
            {staff.map((s) => (
              <tr key={s.id}>
                <th scope="row">{s.displayName}</th>
                <td>{s.username}</td>
                <td>{roleLabel[s.role]}</td>
                <td>{s.services.map((id) => info.serviceName(id)).join(', ') || '—'}</td>
                <td>{[s.hasPassword ? t('accounts.password') : null, s.hasPin ? t('accounts.pin') : null].filter(Boolean).join(t('accounts.or'))}</td>
                <td>
                  {`${s.disabledAt ? t('accounts.disabledState') : t('accounts.activeState')} `}
                  {s.id !== session?.staff.id && (
                    <button type="button" className="staff-button staff-button-small" onClick={() => void setDisabled(s, !s.disabledAt)}>
                      {s.disabledAt ? t('accounts.enable', { username: s.username }) : t('accounts.disable', { username: s.username })}
                    </button>
                  )}
                </td>
                <td>
                  <StaffSignInActions
                    account={s}
                    viewerRole={session?.staff.role}
                    self={s.id === session?.staff.id}
                    timeZone={info.hub.timeZone}
                    onChanged={(text) => {
                      setMessage(text);
                      reload();
                    }}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="staff-admin-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="add-staff-title">
        <h3 id="add-staff-title">{t('accounts.add')}</h3>
        <div className="staff-form-grid">
          <div className="staff-field">
            <label htmlFor="new-username">{t('accounts.username')}</label>
            <input id="new-username" autoComplete="off" value={form.username} onChange={(e) => setForm({ ...form, username: e.target.value })} />
          </div>
          <div className="staff-field">
            <label htmlFor="new-name">{t('accounts.name')}</label>
            <input id="new-name" autoComplete="off" value={form.displayName} onChange={(e) => setForm({ ...form, displayName: e.target.value })} />
          </div>
          <div className="staff-field">
            <label htmlFor="new-role">{t('accounts.role')}</label>
            <select id="new-role" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as StaffRole })}>
              {creatable.map((r) => (
                <option key={r} value={r}>
                  {roleLabel[r]}
                </option>
              ))}
            </select>
          </div>
        </div>
        {form.role === 'partner' && (
          <fieldset className="staff-choices staff-choices-inline">
            <legend>{t('accounts.services')}</legend>
            {info.hub.services.map((s) => (
              <label key={s.id}>
                <input
                  type="checkbox"
                  checked={form.services.includes(s.id)}
                  onChange={(e) => setForm({ ...form, services: e.target.checked ? [...form.services, s.id] : form.services.filter((x) => x !== s.id) })}
                />
                {info.serviceName(s.id)}
              </label>
            ))}
          </fieldset>
        )}
        {pinAllowed && (
          <fieldset className="staff-choices staff-choices-inline">
            <legend>{t('accounts.signsInWith')}</legend>
            <label>
              <input type="radio" name="secret-kind" checked={form.secretKind === 'password'} onChange={() => setForm({ ...form, secretKind: 'password', secret: '' })} />
              {t('accounts.passwordChoice')}
            </label>
            <label>
              <input type="radio" name="secret-kind" checked={form.secretKind === 'pin'} onChange={() => setForm({ ...form, secretKind: 'pin', secret: '' })} />
              {t('accounts.pinChoice')}
            </label>
          </fieldset>
        )}
        <div className="staff-field">
          <label htmlFor="new-secret">{form.secretKind === 'pin' && pinAllowed ? t('accounts.firstPin') : t('accounts.firstPassword')}</label>
          <input
            id="new-secret"
            type="password"
            autoComplete="new-password"
            inputMode={form.secretKind === 'pin' && pinAllowed ? 'numeric' : undefined}
            value={form.secret}
            onChange={(e) => setForm({ ...form, secret: e.target.value })}
          />
        </div>
        {formProblem && (
          <p role="alert" className="staff-error">
            {formProblem}
          </p>
        )}
        <button type="submit" className="staff-button staff-button-primary">
          {t('accounts.submit')}
        </button>
      </form>
    </>
  );
}
