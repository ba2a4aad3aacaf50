import { useEffect, useState, type FormEvent } from 'react';
import type { HubView } from '../../src-shared/api/contract';
import {
  createStaffRequest,
  staffRoles,
  type AuditEntryView,
  type AuditPage,
  type StaffAccountView,
  type StaffRole,
} from '../../src-shared/api/auth-contract';
import { endpoints } from '../../src-shared/api/endpoints';
import { call } from '../api/client';
import { useLiveQueue } from '../screens/useLiveQueue';
import { useHubInfo, type HubInfo } from './hub-info';
import { isMissingRoute, useStaff } from './session';
import { StaffHeader } from './StaffHeader';
import { SyncStatusPanel } from './SyncStatusPanel';
import { describeError, formatClock, roleLabel } from './text';
import { groupTickets } from './waits';

type Tab = 'today' | 'staff' | 'audit';
const tabs: { id: Tab; label: string }[] = [
  { id: 'today', label: 'Today' },
  { id: 'staff', label: 'Staff accounts' },
  { id: 'audit', label: 'Audit log' },
];

function TodayPanel({ info }: { info: HubInfo }) {
  const { sessionEnded } = useStaff();
  const live = useLiveQueue({ onSignedOut: sessionEnded });
  return (
    <>
      <p className="staff-hint">Reports, exports and configuration come in a later version; this is today’s queue as it stands.</p>
      <table className="staff-table">
        <caption>In the queue now</caption>
        <thead>
          <tr>
            <th scope="col">Service</th>
            <th scope="col">Waiting</th>
            <th scope="col">Called</th>
            <th scope="col">Being seen</th>
            <th scope="col">Estimated wait for a new arrival</th>
          </tr>
        </thead>
        <tbody>
          {info.hub.services.map((s) => {
            const groups = groupTickets([...live.tickets.values()].filter((t) => t.serviceId === s.id));
            return (
              <tr key={s.id}>
                <th scope="row">{info.serviceName(s.id)}</th>
                <td>{groups.waiting.length + groups.elsewhere.length}</td>
                <td>{groups.called.length}</td>
                <td>{groups.serving.length}</td>
                <td>{live.estimates.get(s.id)?.estimatedWaitMinutes ?? 0} min</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p>Configuration version {info.hub.configVersion}.</p>
    </>
  );
}

const actionWords: Record<string, string> = {
  'ticket.called': 'Called',
  'ticket.recalled': 'Recalled',
  'ticket.no-show': 'Marked a no-show',
  'ticket.no-show-undone': 'Undid a no-show',
  'ticket.started': 'Started seeing',
  'ticket.finished': 'Finished',
  'ticket.transferred': 'Sent to another service',
  'ticket.cancelled': 'Cancelled',
  'ticket.created': 'Queued',
  'ticket.prioritised': 'Moved up',
  'ticket.reprinted': 'Reprinted',
  'visit.checked-in': 'Checked in by hand',
  'visits.searched': 'Searched today’s visits',
  'alert.acknowledged': 'Acknowledged an alert',
  'auth.setup': 'Set up the hub',
  'auth.signed-in': 'Signed in',
  'auth.signed-out': 'Signed out',
  'auth.signed-out-everywhere': 'Signed out everywhere',
  'staff.created': 'Created an account',
  'staff.disabled': 'Disabled an account',
  'staff.enabled': 'Enabled an account',
};

/** What an audit entry was about, in words: a ticket number and service, an account, or the kind of thing. */
function auditSubject(entry: AuditEntryView, info: HubInfo): string {
  const detail = entry.detail ?? {};
  const text = (key: string) => (typeof detail[key] === 'string' ? (detail[key] as string) : null);
  const number = text('number');
  if (number) {
    const service = text('serviceId');
    const desk = text('desk');
    return [number, service ? info.serviceName(service) : null, desk].filter(Boolean).join(' · ');
  }
  const username = text('username');
  if (username) return `Account ${username}`;
  return entry.subjectType ?? '';
}

const detailWords: Record<string, string> = { toServiceId: 'to', outcome: 'outcome', method: 'with', results: 'results', role: 'role', kind: 'kind', from: 'from priority', to: 'to priority' };

/** The rest of an entry's detail, briefly: internal ids and timestamps are left out (they mean nothing here). */
function auditDetail(entry: AuditEntryView, info: HubInfo): string {
  return Object.entries(entry.detail ?? {})
    .filter(([key, value]) => key in detailWords && value !== null && value !== undefined && typeof value !== 'object')
    .map(([key, value]) => `${detailWords[key]}: ${key === 'toServiceId' && typeof value === 'string' ? info.serviceName(value) : String(value)}`)
    .join(', ');
}

function StaffPanel({ info }: { info: HubInfo }) {
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

const auditPageSize = 50;

function AuditPanel({ info }: { info: HubInfo }) {
  const [page, setPage] = useState<AuditPage | null>(null);
  const [pageNumber, setPageNumber] = useState(1);
  const [problem, setProblem] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let cancelled = false;
    call(endpoints.audit, { query: { page: pageNumber, pageSize: auditPageSize } }).then(
      (reply) => {
        if (cancelled) return;
        setPage(reply);
        setProblem(null);
      },
      (error: unknown) => {
        if (!cancelled) setProblem(isMissingRoute(error) ? 'This hub does not keep an audit log.' : describeError(error));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [pageNumber, version]);
  const pages = page ? Math.max(1, Math.ceil(page.total / page.pageSize)) : 1;
  return (
    <>
      <div className="staff-toolbar">
        <button type="button" className="staff-button" onClick={() => setVersion((v) => v + 1)}>
          Refresh
        </button>
        <button type="button" className="staff-button" disabled={pageNumber <= 1} onClick={() => setPageNumber((n) => Math.max(1, n - 1))}>
          Newer
        </button>
        <button type="button" className="staff-button" disabled={pageNumber >= pages} onClick={() => setPageNumber((n) => n + 1)}>
          Older
        </button>
        {page && (
          <span>
            Page {page.page} of {pages} ({page.total} entries)
          </span>
        )}
      </div>
      {problem && <p className="staff-warning">{problem}</p>}
      {page && (
        <table className="staff-table">
          <caption>Who called, finished, transferred, edited or exported what (newest first)</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">To what</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {page.entries.length === 0 && (
              <tr>
                <td colSpan={5}>Nothing recorded yet.</td>
              </tr>
            )}
            {page.entries.map((e) => (
              <tr key={e.id}>
                <td className="staff-nowrap">
                  <time dateTime={e.at}>
                    {e.at.slice(0, 10)} {formatClock(e.at, info.hub.timeZone)}
                  </time>
                </td>
                <td>{e.staffName ?? e.staffId ?? 'the hub'}</td>
                <td>{actionWords[e.action] ?? e.action}</td>
                <td>{auditSubject(e, info)}</td>
                <td>{auditDetail(e, info)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** The manager's screen for now: today's queue, staff accounts and the audit log (reports come later). */
export function ManagerShell({ hub }: { hub: HubView }) {
  const info = useHubInfo(hub);
  const { session } = useStaff();
  const [tab, setTab] = useState<Tab>('today');
  const focusTab = (index: number) => {
    const next = tabs[(index + tabs.length) % tabs.length]!;
    setTab(next.id);
    document.getElementById(`tab-${next.id}`)?.focus();
  };
  return (
    <div className="staff-page staff-manager">
      <StaffHeader hub={hub} title="Manager" />
      <main className="staff-manager-main" id="main">
        <div role="tablist" aria-label="Manager sections" className="staff-tabs">
          {tabs.map((t, index) => (
            <button
              key={t.id}
              id={`tab-${t.id}`}
              type="button"
              role="tab"
              aria-selected={tab === t.id}
              aria-controls={tab === t.id ? `panel-${t.id}` : undefined}
              tabIndex={tab === t.id ? 0 : -1}
              className="staff-tab"
              onClick={() => setTab(t.id)}
              onKeyDown={(e) => {
                if (e.key === 'ArrowRight') focusTab(index + 1);
                else if (e.key === 'ArrowLeft') focusTab(index - 1);
                else if (e.key === 'Home') focusTab(0);
                else if (e.key === 'End') focusTab(tabs.length - 1);
              }}
            >
              {t.label}
            </button>
          ))}
        </div>
        <section role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="staff-tabpanel" tabIndex={0}>
          <h2>{tabs.find((t) => t.id === tab)?.label}</h2>
          {tab === 'today' && <TodayPanel info={info} />}
          {tab === 'today' && session && <SyncStatusPanel />}
          {tab === 'staff' && <StaffPanel info={info} />}
          {tab === 'audit' && <AuditPanel info={info} />}
        </section>
        {!session && <p className="staff-hint">Without staff accounts (not switched on at this hub yet) the staff and audit sections stay empty.</p>}
      </main>
    </div>
  );
}
