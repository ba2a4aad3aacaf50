import { useEffect, useState } from 'react';
import { endpoints } from '../../../src-shared/api/endpoints';
import type { SyncState, SyncStatusView } from '../../../src-shared/sync/status';
import { call } from '../../api/client';
import { isMissingRoute, useStaff } from '../session';
import { describeError } from '../text';

const stateText: Record<SyncState, string> = {
  off: 'No programme collector is set up: visit records stay on this hub.',
  'no-token': 'The upload token is missing on this hub, so nothing is sent. Ask whoever set up the hub.',
  standby: 'Another copy of Front Door on this computer is uploading.',
  idle: 'Everything is sent.',
  uploading: 'Sending visit records now.',
  waiting: 'The last try failed; Front Door will try again by itself.',
};

/** "3 minutes", "2 hours", "4 days": how long ago, in words. */
function ago(iso: string, now: number): string {
  const minutes = Math.max(0, Math.round((now - Date.parse(iso)) / 60_000));
  if (minutes < 1) return 'less than a minute';
  if (minutes < 120) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} hours`;
  return `${Math.round(hours / 24)} days`;
}

/** The upload to the programme's collector, for the manager: what waits, since when, and what went wrong last. */
export function SyncStatusPanel() {
  const { session } = useStaff();
  const [status, setStatus] = useState<SyncStatusView | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let cancelled = false;
    const load = () =>
      call(endpoints.syncStatus, {}).then(
        (reply) => {
          if (cancelled) return;
          setStatus(reply);
          setProblem(null);
          setNow(Date.now());
        },
        (error: unknown) => {
          if (!cancelled) setProblem(isMissingRoute(error) ? 'Upload status is not available at this hub.' : describeError(error));
        },
      );
    void load();
    const timer = setInterval(() => void load(), 30_000);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [version]);

  const retry = async (eventId: string) => {
    try {
      await call(endpoints.syncRetry, { params: { eventId }, body: {} });
      setVersion((v) => v + 1);
    } catch (error) {
      setProblem(describeError(error));
    }
  };

  const canRetry = session?.staff.role === 'manager' || session?.staff.role === 'admin';
  return (
    <section className="staff-sync" aria-labelledby="sync-heading" aria-live="polite">
      <h3 id="sync-heading">Upload to the programme</h3>
      {problem && <p role="alert">{problem}</p>}
      {status && (
        <dl className="staff-sync-facts">
          <dt>Now</dt>
          <dd>{stateText[status.state]}</dd>
          <dt>Waiting to be sent</dt>
          <dd>{status.backlog === 0 ? 'nothing' : `${status.backlog} record${status.backlog === 1 ? '' : 's'}`}</dd>
          <dt>Oldest not yet sent</dt>
          <dd>{status.oldestUnsentAt ? `${ago(status.oldestUnsentAt, now)} old` : '—'}</dd>
          <dt>Last sent</dt>
          <dd>{status.lastSuccessAt ? `${ago(status.lastSuccessAt, now)} ago` : 'never'}</dd>
          <dt>Last problem</dt>
          <dd>{status.lastError ? `${status.lastError.message} (${ago(status.lastError.at, now)} ago)` : 'none'}</dd>
        </dl>
      )}
      {status && status.quarantined.length > 0 && (
        <>
          <p>{status.quarantined.length} record(s) were refused by the collector and are held back:</p>
          <ul className="staff-sync-quarantine">
            {status.quarantined.map((q) => (
              <li key={q.eventId}>
                #{q.seq} {q.type}: {q.reason}
                {canRetry && (
                  <button type="button" disabled={q.retryRequested} onClick={() => void retry(q.eventId)}>
                    {q.retryRequested ? 'Will be sent again' : 'Send again'}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
