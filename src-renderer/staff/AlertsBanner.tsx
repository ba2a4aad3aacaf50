import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlertView } from '../../src-shared/api/contract';
import { ApiRequestError } from '../api/client';
import type { DeviceHealthView } from '../screens/useLiveQueue';
import { unlockAudio, useAlarm, useSoundState } from './audio';
import { alertSeverity, alertsBySeverity } from '../../src-shared/alerts/severity';
import { acknowledgeAlert } from './ticket-actions';
import { staffT } from './staff-language';
import { describeError, flagLabel, formatClock } from './text';

const alertKindLabel = (kind: AlertView['kind']) => staffT(`alerts.kind.${kind}`);

/** A device's trouble in words, or null when it is fine. */
export function deviceProblem(d: DeviceHealthView): string | null {
  const device = staffT(`alerts.device.${d.kind}`);
  if (!d.connected) return d.lastError ? staffT('alerts.offlineWith', { device, error: d.lastError }) : staffT('alerts.offline', { device });
  if (d.kind === 'printer' && d.paper === 'out') return staffT('alerts.paperOut');
  if (d.kind === 'printer' && d.paper === 'near-end') return staffT('alerts.paperLow');
  return null;
}

/**
 * Acknowledging an alert: the hub records who and when and tells every console (which then drops
 * it); this console hides it at once, and shows it again if the hub could not record it.
 */
export function useAcknowledgements(onProblem: (message: string) => void): {
  acknowledged: ReadonlySet<string>;
  acknowledge: (alert: AlertView) => Promise<void>;
} {
  const [acknowledged, setAcknowledged] = useState<ReadonlySet<string>>(new Set());
  const acknowledge = useCallback(
    async (alert: AlertView) => {
      setAcknowledged((prev) => new Set(prev).add(alert.id));
      try {
        await acknowledgeAlert(alert);
      } catch (error) {
        // Acknowledged by someone else meanwhile, or from before a restart: it is gone either way.
        if (error instanceof ApiRequestError && (error.code === 'INVALID_TRANSITION' || error.code === 'NOT_FOUND')) return;
        setAcknowledged((prev) => new Set([...prev].filter((id) => id !== alert.id)));
        onProblem(describeError(error));
      }
    },
    [onProblem],
  );
  return { acknowledged, acknowledge };
}

/** One alert, in full, with its own Acknowledge. */
function AlertItem({ alert, timeZone, onAcknowledge }: { alert: AlertView; timeZone: string; onAcknowledge: (alert: AlertView) => void }) {
  const { t } = useTranslation('staff');
  return (
    <li className={`staff-alert staff-alert-${alert.kind}`} data-alert-kind={alert.kind} data-severity={alertSeverity(alert)}>
      <span className="staff-alert-kind">
        {alertKindLabel(alert.kind)}
        {alert.flags.length > 0 && `: ${alert.flags.map((f) => flagLabel[f]).join(', ')}`}
      </span>
      <span className="staff-alert-message">{alert.message}</span>
      {alert.count > 1 && <span className="staff-alert-count">{t('alerts.times', { times: alert.count })}</span>}
      <span className="staff-alert-time">{formatClock(alert.at, timeZone)}</span>
      <button type="button" className="staff-button staff-button-small" onClick={() => onAcknowledge(alert)}>
        {t('common.acknowledge')}
      </button>
    </li>
  );
}

/**
 * Alerts by severity above the queue. Crisis and safeguarding check-ins first, apart and
 * unmissable, ringing until acknowledged; other flagged check-ins next; routine alerts (unknown
 * cards, the printer, devices, "talk to someone") folded into one line that opens, with one button
 * that acknowledges them all. The area never grows past a share of the screen, so the queue below
 * it stays in view however many alerts there are. (A growing sync backlog needs an alert from the
 * hub's uploader: see the report of issue 5.)
 */
export function AlertsBanner({
  alerts,
  devices,
  acknowledged,
  onAcknowledge,
  timeZone,
}: {
  alerts: AlertView[];
  devices: Iterable<DeviceHealthView>;
  acknowledged: ReadonlySet<string>;
  onAcknowledge: (alert: AlertView) => void;
  timeZone: string;
}) {
  const { t } = useTranslation('staff');
  const open = alerts.filter((a) => !acknowledged.has(a.id));
  const groups = alertsBySeverity(open);
  const ringing = open.some((a) => a.kind === 'flag');
  useAlarm(ringing);
  const sound = useSoundState();
  const problems = [...devices].map((d) => ({ id: d.id, text: deviceProblem(d) })).filter((p): p is { id: string; text: string } => p.text !== null);
  const nothing = open.length === 0 && problems.length === 0;
  const routine = groups.routine;

  return (
    <section className="staff-alerts" aria-label={t('alerts.region')} data-ringing={ringing ? 'true' : 'false'} data-sound={sound}>
      <div aria-live="assertive" aria-relevant="additions text">
        {groups.critical.length > 0 && (
          <div className="staff-alerts-critical" role="group" aria-labelledby="alerts-critical-title">
            <h2 id="alerts-critical-title" className="staff-alerts-heading">{t('alerts.critical', { number: groups.critical.length })}</h2>
            <ul className="staff-alert-list">
              {groups.critical.map((a) => (
                <AlertItem key={a.id} alert={a} timeZone={timeZone} onAcknowledge={onAcknowledge} />
              ))}
            </ul>
          </div>
        )}
        {groups.urgent.length > 0 && (
          <ul className="staff-alert-list staff-alerts-urgent" aria-label={t('alerts.urgent')}>
            {groups.urgent.map((a) => (
              <AlertItem key={a.id} alert={a} timeZone={timeZone} onAcknowledge={onAcknowledge} />
            ))}
          </ul>
        )}
      </div>
      {routine.length > 0 && (
        <div className="staff-alerts-routine">
          <details>
            <summary>{t('alerts.routine', { count: routine.length, summary: routineSummary(routine) })}</summary>
            <ul className="staff-alert-list">
              {routine.map((a) => (
                <AlertItem key={a.id} alert={a} timeZone={timeZone} onAcknowledge={onAcknowledge} />
              ))}
            </ul>
          </details>
          <button type="button" className="staff-button staff-button-small" onClick={() => routine.forEach((a) => onAcknowledge(a))}>
            {routine.length === 1 ? t('common.acknowledge') : t('alerts.acknowledgeAll', { number: routine.length })}
          </button>
        </div>
      )}
      {ringing && sound === 'blocked' && (
        <p className="staff-warning">
          {t('alerts.soundBlocked')}{' '}
          <button type="button" className="staff-button staff-button-small" onClick={() => void unlockAudio()}>
            {t('common.turnSoundOn')}
          </button>
        </p>
      )}
      {problems.length > 0 && (
        <ul className="staff-device-problems" aria-label={t('alerts.deviceProblems')}>
          {problems.map((p) => (
            <li key={p.id} className="staff-device-problem">
              {p.text}
            </li>
          ))}
        </ul>
      )}
      {nothing && <p className="staff-alerts-none">{t('alerts.none')}</p>}
    </section>
  );
}

/** "2 unknown card, 1 ticket printer": what is folded, without opening it. */
function routineSummary(alerts: AlertView[]): string {
  const counts = new Map<AlertView['kind'], number>();
  for (const a of alerts) counts.set(a.kind, (counts.get(a.kind) ?? 0) + 1);
  return [...counts].map(([kind, n]) => `${n} ${alertKindLabel(kind).toLowerCase()}`).join(', ');
}
