import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints } from '../../../src-shared/api/endpoints';
import type { SyncState, SyncStatusView } from '../../../src-shared/sync/status';
import { call } from '../../api/client';
import { isMissingRoute, useStaff } from '../session';
import { staffT } from '../staff-language';
import { describeError } from '../text';

const stateText = (state: SyncState) => staffT(`sync.state.${state}`);

/** "3 minutes", "2 hours", "4 days": how long ago, in words. */
function ago(iso: string, now: number): string {
  const minutes = Math.max(0, Math.round((now - Date.parse(iso)) / 60_000));
  if (minutes < 1) return staffT('sync.lessThanAMinute');
  if (minutes < 120) return staffT('sync.minutes', { count: minutes });
  const hours = Math.round(minutes / 60);
  if (hours < 48) return staffT('sync.hours', { number: hours });
  return staffT('sync.days', { number: Math.round(hours / 24) });
}

/** The upload to the programme's collector, for the manager: what waits, since when, and what went wrong last. */
export function SyncStatusPanel() {
  const { t } = useTranslation('staff');
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
          if (!cancelled) setProblem(isMissingRoute(error) ? staffT('sync.unavailable') : describeError(error));
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
      <h3 id="sync-heading">{t('sync.heading')}</h3>
      {problem && <p role="alert">{problem}</p>}
      {status && (
        <dl className="staff-sync-facts">
          <dt>{t('sync.now')}</dt>
          <dd>{stateText(status.state)}</dd>
          <dt>{t('sync.waitingToSend')}</dt>
          <dd>{status.backlog === 0 ? t('sync.nothing') : t('sync.records', { count: status.backlog })}</dd>
          <dt>{t('sync.oldest')}</dt>
          <dd>{status.oldestUnsentAt ? t('sync.old', { age: ago(status.oldestUnsentAt, now) }) : '—'}</dd>
          <dt>{t('sync.lastSent')}</dt>
          <dd>{status.lastSuccessAt ? t('sync.ago', { age: ago(status.lastSuccessAt, now) }) : t('sync.never')}</dd>
          <dt>{t('sync.lastProblem')}</dt>
          <dd>{status.lastError ? t('sync.problemAgo', { message: status.lastError.message, age: ago(status.lastError.at, now) }) : t('sync.none')}</dd>
        </dl>
      )}
      {status && status.quarantined.length > 0 && (
        <>
          <p>{t('sync.heldBack', { number: status.quarantined.length })}</p>
          <ul className="staff-sync-quarantine">
            {status.quarantined.map((q) => (
              <li key={q.eventId}>
                #{q.seq} {q.type}: {q.reason}
                {canRetry && (
                  <button type="button" disabled={q.retryRequested} onClick={() => void retry(q.eventId)}>
                    {q.retryRequested ? t('sync.willSend') : t('sync.sendAgain')}
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
