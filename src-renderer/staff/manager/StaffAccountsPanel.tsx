import { useEffect, useState, type FormEvent } from 'react';
import { createStaffRequest, staffRoles, type StaffAccountView, type StaffRole } from '../../../src-shared/api/auth-contract';
import { endpoints } from '../../../src-shared/api/endpoints';
import { call } from '../../api/client';
import type { HubInfo } from '../hub-info';
import { isMissingRoute, useStaff } from '../session';
import { StaffSignInActions } from '../StaffSignInActions';
import { describeError, roleLabel } from '../text';

/** The hub's staff accounts: who can sign in, as what; add one, disable or enable one. */
export function StaffAccountsPanel({ info }: { info: HubInfo }) {
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
        if (!cancelled) setProblem(isMissingRoute(error) ? 'Staff accounts are not switched on at this hub.' : describeError(error));
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
      return setFormProblem(issue ? `${String(issue.path[0] ?? 'form')}: ${issue.message}` : 'Check the form.');
    }
    if (form.role === 'partner' && form.services.length === 0) return setFormProblem('A partner account needs at least one service.');
    try {
      await call(endpoints.createStaff, { body: parsed.data });
      setMessage(`Account ${body.username} created.`);
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
      setMessage(`${account.displayName} ${disabled ? 'disabled: their sessions have ended' : 'enabled again'}.`);
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
          <caption>Staff accounts</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Username</th>
              <th scope="col">Role</th>
              <th scope="col">Services</th>
              <th scope="col">Signs in with</th>
              <th scope="col">Account</th>
              <th scope="col">Sign-in</th>
            </tr>
          </thead>
          <tbody>
            {staff.map((s) => (
              <tr key={s.id}>
                <th scope="row">{s.displayName}</th>
                <td>{s.username}</td>
                <td>{roleLabel[s.role]}</td>
                <td>{s.services.map((id) => info.serviceName(id)).join(', ') || '—'}</td>
                <td>{[s.hasPassword ? 'password' : null, s.hasPin ? 'PIN' : null].filter(Boolean).join(' or ')}</td>
                <td>
                  {s.disabledAt ? 'Disabled ' : 'Active '}
                  {s.id !== session?.staff.id && (
                    <button type="button" className="staff-button staff-button-small" onClick={() => void setDisabled(s, !s.disabledAt)}>
                      {s.disabledAt ? `Enable ${s.username}` : `Disable ${s.username}`}
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
        <h3 id="add-staff-title">Add a member of staff</h3>
        <div className="staff-form-grid">
          <div className="staff-field">
            <label htmlFor="new-username">Username</label>
            <input id="new-username" autoComplete="off" value={form.username} onChange={(e) => setForm({ ...form, username: e.target.value })} />
          </div>
          <div className="staff-field">
            <label htmlFor="new-name">Name</label>
            <input id="new-name" autoComplete="off" value={form.displayName} onChange={(e) => setForm({ ...form, displayName: e.target.value })} />
          </div>
          <div className="staff-field">
            <label htmlFor="new-role">Role</label>
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
            <legend>Services this partner acts for</legend>
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
            <legend>Signs in with</legend>
            <label>
              <input type="radio" name="secret-kind" checked={form.secretKind === 'password'} onChange={() => setForm({ ...form, secretKind: 'password', secret: '' })} />
              A password (12 characters or more)
            </label>
            <label>
              <input type="radio" name="secret-kind" checked={form.secretKind === 'pin'} onChange={() => setForm({ ...form, secretKind: 'pin', secret: '' })} />
              A PIN (4 to 8 digits, for a shared reception PC)
            </label>
          </fieldset>
        )}
        <div className="staff-field">
          <label htmlFor="new-secret">{form.secretKind === 'pin' && pinAllowed ? 'PIN' : 'First password'}</label>
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
          Add the account
        </button>
      </form>
    </>
  );
}
