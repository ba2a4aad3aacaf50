import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditPage, StaffAccountView } from '../../../src-shared/api/auth-contract';
import { serviceDayStart } from '../../../src-shared/time';
import { endpoints } from '../../../src-shared/api/endpoints';
import { call } from '../../api/client';
import type { HubInfo } from '../hub-info';
import { isMissingRoute } from '../session';
import { staffT } from '../staff-language';
import { describeError, formatClock } from '../text';
import { actionWords, auditActions, auditDetail, auditSubject } from './audit-text';

const auditPageSize = 50;

type AuditFilters = { staffId: string; action: string; from: string; to: string };
const noFilters: AuditFilters = { staffId: '', action: '', from: '', to: '' };

/** The day after a YYYY-MM-DD day (calendar arithmetic in UTC, so no clock change moves it). */
function dayAfter(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** The filters as the audit route reads them: days in the hub's zone, `to` counting the whole of its day. */
function auditQueryOf(filters: AuditFilters, timeZone: string) {
  return {
    ...(filters.staffId ? { staffId: filters.staffId } : {}),
    ...(filters.action ? { action: filters.action } : {}),
    ...(filters.from ? { from: serviceDayStart(filters.from, timeZone).toISOString() } : {}),
    ...(filters.to ? { to: serviceDayStart(dayAfter(filters.to), timeZone).toISOString() } : {}),
  };
}

/** Who did what, newest first, a page at a time, narrowed by who, what and which days. */
export function AuditLogPanel({ info }: { info: HubInfo }) {
  const { t, i18n } = useTranslation('staff');
  const actionChoices = useMemo(
    () => auditActions.map((code) => [code, actionWords(t, code)] as const).sort(([, a], [, b]) => a.localeCompare(b, i18n.language)),
    [t, i18n.language],
  );
  const [page, setPage] = useState<AuditPage | null>(null);
  const [pageNumber, setPageNumber] = useState(1);
  const [problem, setProblem] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [filters, setFilters] = useState<AuditFilters>(noFilters);
  const [staff, setStaff] = useState<StaffAccountView[]>([]);
  const backwards = filters.from !== '' && filters.to !== '' && filters.from > filters.to;
  const filter = (change: Partial<AuditFilters>) => {
    setFilters((f) => ({ ...f, ...change }));
    setPageNumber(1);
  };
  useEffect(() => {
    let cancelled = false;
    // The names to choose from; without them (a manager's list failing) the log still shows.
    call(endpoints.staffList, {}).then(
      (reply) => {
        if (!cancelled) setStaff(reply.staff);
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, []);
  useEffect(() => {
    if (backwards) return;
    let cancelled = false;
    call(endpoints.audit, { query: { page: pageNumber, pageSize: auditPageSize, ...auditQueryOf(filters, info.hub.timeZone) } }).then(
      (reply) => {
        if (cancelled) return;
        setPage(reply);
        setProblem(null);
      },
      (error: unknown) => {
        if (!cancelled) setProblem(isMissingRoute(error) ? staffT('audit.none') : describeError(error));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [pageNumber, version, filters, backwards, info.hub.timeZone]);
  const filtered = filters.staffId !== '' || filters.action !== '' || filters.from !== '' || filters.to !== '';
  const pages = page ? Math.max(1, Math.ceil(page.total / page.pageSize)) : 1;
  return (
    <>
      <form className="staff-filters" aria-label={t('audit.filter')} onSubmit={(e) => e.preventDefault()}>
        <div className="staff-field">
          <label htmlFor="audit-who">{t('audit.who')}</label>
          <select id="audit-who" value={filters.staffId} onChange={(e) => filter({ staffId: e.target.value })}>
            <option value="">{t('audit.anyone')}</option>
            {staff.map((s) => (
              <option key={s.id} value={s.id}>
                {s.displayName} ({s.username})
              </option>
            ))}
          </select>
        </div>
        <div className="staff-field">
          <label htmlFor="audit-what">{t('audit.what')}</label>
          <select id="audit-what" value={filters.action} onChange={(e) => filter({ action: e.target.value })}>
            <option value="">{t('audit.anything')}</option>
            {actionChoices.map(([code, words]) => (
              <option key={code} value={code}>
                {words}
              </option>
            ))}
          </select>
        </div>
        <div className="staff-field">
          <label htmlFor="audit-from">{t('audit.from')}</label>
          <input id="audit-from" type="date" value={filters.from} max={filters.to || undefined} onChange={(e) => filter({ from: e.target.value })} />
        </div>
        <div className="staff-field">
          <label htmlFor="audit-to">{t('audit.to')}</label>
          <input id="audit-to" type="date" value={filters.to} min={filters.from || undefined} onChange={(e) => filter({ to: e.target.value })} />
        </div>
        {filtered && (
          <button type="button" className="staff-button" onClick={() => filter(noFilters)}>
            {t('audit.showAll')}
          </button>
        )}
      </form>
      {backwards && (
        <p className="staff-warning" role="alert">
          {t('audit.backwards', { day: filters.to })}
        </p>
      )}
      <div className="staff-toolbar">
        <button type="button" className="staff-button" onClick={() => setVersion((v) => v + 1)}>
          {t('audit.refresh')}
        </button>
        <button type="button" className="staff-button" disabled={pageNumber <= 1} onClick={() => setPageNumber((n) => Math.max(1, n - 1))}>
          {t('audit.newer')}
        </button>
        <button type="button" className="staff-button" disabled={pageNumber >= pages} onClick={() => setPageNumber((n) => n + 1)}>
          {t('audit.older')}
        </button>
        {page && (
          <span>
            {t('audit.page', { page: page.page, pages, total: page.total })}
          </span>
        )}
      </div>
      {problem && <p className="staff-warning">{problem}</p>}
      {page && (
        <table className="staff-table">
          <caption>{t('audit.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('audit.colWhen')}</th>
              <th scope="col">{t('audit.colWho')}</th>
              <th scope="col">{t('audit.colWhat')}</th>
              <th scope="col">{t('audit.colToWhat')}</th>
              <th scope="col">{t('audit.colDetails')}</th>
            </tr>
          </thead>
          <tbody>
            {page.entries.length === 0 && (
              <tr>
                <td colSpan={5}>{filtered ? t('audit.noMatch') : t('audit.empty')}</td>
              </tr>
            )}
            {page.entries.map((e) => (
              <tr key={e.id}>
                <td className="staff-nowrap">
                  <time dateTime={e.at}>
                    {e.at.slice(0, 10)} {formatClock(e.at, info.hub.timeZone)}
                  </time>
                </td>
                <td>{e.staffName ?? e.staffId ?? t('audit.theHub')}</td>
                <td>{actionWords(t, e.action)}</td>
                <td>{auditSubject(t, e, info)}</td>
                <td>{auditDetail(t, e, info)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
