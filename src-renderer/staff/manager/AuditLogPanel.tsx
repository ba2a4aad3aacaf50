import { useEffect, useState } from 'react';
import type { AuditPage } from '../../../src-shared/api/auth-contract';
import { endpoints } from '../../../src-shared/api/endpoints';
import { call } from '../../api/client';
import type { HubInfo } from '../hub-info';
import { isMissingRoute } from '../session';
import { describeError, formatClock } from '../text';
import { actionWords, auditDetail, auditSubject } from './audit-text';

const auditPageSize = 50;

/** Who did what, newest first, a page at a time. */
export function AuditLogPanel({ info }: { info: HubInfo }) {
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
