import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints } from '../../../src-shared/api/endpoints';
import { localize } from '../../../src-shared/config/schema';
import { formatOpening } from '../../../src-shared/opening-hours';
import { bslLanguage } from '../../../src-shared/triage/visit-plan';
import { ApiRequestError, call } from '../../api/client';
import { nativeName } from '../../i18n/languages';
import { Icon } from '../Icon';
import { checkInRequestOf, plannedStops } from '../journey';
import { useKiosk } from '../kiosk-context';
import { ScreenShell } from '../ScreenShell';

type Problem = 'network' | 'closed' | 'notice-changed' | 'slow-down' | 'other';

function problemOf(error: unknown): Problem {
  if (!(error instanceof ApiRequestError)) return 'network';
  if (error.code === 'NETWORK' || error.status >= 500) return 'network';
  if (error.code === 'HUB_CLOSED') return 'closed';
  if (error.code === 'CONSENT_OUTDATED') return 'notice-changed';
  // Nothing was stored: the same confirm (the same request id) works once the hub lets it.
  if (error.code === 'RATE_LIMITED') return 'slow-down';
  return 'other';
}

/** "You will see: 1. Money advice 2. Employment support", with waits, and the one confirm button. */
export function SummaryScreen() {
  const { t } = useTranslation();
  const { setup, journey, dispatch } = useKiosk();
  const [waits, setWaits] = useState<Map<string, number> | null>(null);
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  // Set synchronously on the first tap: a second tap in the same frame sees it before React re-renders.
  const inFlight = useRef(false);
  const lang = journey.language;
  const stops = plannedStops(setup, journey);
  const event = journey.events.find((e) => e.id === journey.eventId) ?? null;
  const serviceName = (id: string) => localize(setup.hub.services.find((s) => s.id === id)?.name, lang) || id;

  useEffect(() => {
    const controller = new AbortController();
    call(endpoints.queue, {}, controller.signal).then(
      (snapshot) => setWaits(new Map(snapshot.services.map((s) => [s.serviceId, s.estimatedWaitMinutes]))),
      () => {
        // Waits are a courtesy: without them the summary still lists the services.
      },
    );
    return () => controller.abort();
  }, []);

  const confirm = async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    setSending(true);
    setProblem(null);
    try {
      // The same requestId on every attempt: if the hub got an earlier one, it answers with that visit.
      const result = await call(endpoints.checkIn, { body: checkInRequestOf(setup, journey) });
      dispatch({ type: 'checked-in', result });
    } catch (error) {
      setProblem(problemOf(error));
      setSending(false);
      inFlight.current = false;
    }
  };

  const waitText = (serviceId: string) => {
    const minutes = waits?.get(serviceId);
    if (minutes === undefined) return null;
    return minutes < 1 ? t('summary.noWait') : t('summary.wait', { count: minutes });
  };
  const closedText = setup.hub.nextOpening
    ? t('summary.closedUntil', { when: formatOpening(new Date(setup.hub.nextOpening), setup.hub.timeZone, lang, new Date(setup.hub.describedAt)) })
    : t('summary.closedError');
  const spokenLanguage = journey.spokenLanguage === bslLanguage ? t('language.bsl') : journey.spokenLanguage ? nativeName(journey.spokenLanguage) : null;
  const speech = [t('summary.title'), t('summary.youWillSee'), ...stops.map((s, i) => `${i + 1}. ${serviceName(s.serviceId)}`), t('summary.confirm')].join(' ');

  return (
    <ScreenShell
      heading={t('summary.title')}
      speech={speech}
      onBack={sending ? undefined : () => dispatch({ type: 'back' })}
      actions={
        <>
          {problem && (
            <div className="problem-box" role="alert">
              <Icon name="warning" />
              <p>
                {problem === 'network'
                  ? t('summary.networkError')
                  : problem === 'closed'
                    ? closedText
                    : problem === 'notice-changed'
                      ? t('summary.noticeChanged')
                      : problem === 'slow-down'
                        ? t('summary.slowDown')
                        : t('summary.otherError')}
              </p>
            </div>
          )}
          {problem === 'notice-changed' ? (
            // The hub has a new notice: reload to show it; nothing of this visit was stored.
            <button type="button" className="kiosk-button primary" onClick={() => location.reload()}>
              {t('idle.restart')}
            </button>
          ) : (
            <button
              type="button"
              className="kiosk-button primary confirm"
              disabled={sending}
              aria-disabled={sending}
              aria-busy={sending}
              onClick={() => void confirm()}
            >
              <Icon name="ticket" />
              <span>{sending ? t('summary.sending') : problem === 'network' || problem === 'slow-down' ? t('summary.retry') : t('summary.confirm')}</span>
            </button>
          )}
        </>
      }
    >
      <h2 className="you-will-see">{t('summary.youWillSee')}</h2>
      <ol className="stop-list" role="list">
        {stops.map((stop, i) => {
          const colour = setup.hub.services.find((s) => s.id === stop.serviceId)?.colour;
          const wait = waitText(stop.serviceId);
          return (
            <li key={stop.serviceId} className="stop" style={colour ? { borderInlineStartColor: colour } : undefined}>
              <span className="stop-number" aria-hidden="true">
                {i + 1}
              </span>
              <span className="stop-text">
                <span className="stop-name">
                  <span className="visually-hidden">{i + 1}. </span>
                  {serviceName(stop.serviceId)}
                </span>
                {wait && <span className="stop-wait">{wait}</span>}
              </span>
            </li>
          );
        })}
      </ol>
      <ul className="summary-details" role="list">
        {journey.talkToSomeone && <li>{t('summary.talkNote')}</li>}
        {event && <li>{t('summary.forEvent', { name: event.name })}</li>}
        <li>{journey.displayName ? t('summary.callName', { name: journey.displayName }) : t('summary.callNumber')}</li>
        {spokenLanguage && <li lang={journey.spokenLanguage === bslLanguage ? undefined : (journey.spokenLanguage ?? undefined)}>{spokenLanguage}</li>}
        {journey.interpreter && <li>{t('summary.interpreter')}</li>}
        {journey.accessibility.map((need) => (
          <li key={need}>{t(`access.${need}`)}</li>
        ))}
      </ul>
    </ScreenShell>
  );
}
