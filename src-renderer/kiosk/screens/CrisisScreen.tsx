import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints } from '../../../src-shared/api/endpoints';
import { call } from '../../api/client';
import { Icon } from '../Icon';
import { comeToMeRequestOf } from '../journey';
import { useKiosk } from '../kiosk-context';
import { ScreenShell } from '../ScreenShell';

/** 999 and NHS 111 option 2, on every screen of a resident in crisis: never hidden behind a choice. */
export function EmergencyGuidance() {
  const { t } = useTranslation();
  return (
    <aside className="help-callout emergency" aria-labelledby="emergency-title">
      <h2 id="emergency-title">
        <Icon name="info" />
        <span>{t('crisis.guidanceTitle')}</span>
      </h2>
      <p>{t('crisis.guidance')}</p>
    </aside>
  );
}

/**
 * A crisis or safeguarding answer: before any more questions, "someone will come to you now".
 * Yes checks in at once with what is known (reception is alerted by the check-in); no carries on.
 */
export function CrisisScreen() {
  const { t } = useTranslation();
  const { setup, journey, dispatch } = useKiosk();
  const [sending, setSending] = useState(false);
  const [failed, setFailed] = useState(false);
  const inFlight = useRef(false);

  const comeNow = async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    setSending(true);
    setFailed(false);
    try {
      // The journey's request id: a retry after a lost answer checks in once.
      const result = await call(endpoints.checkIn, { body: comeToMeRequestOf(setup, journey) });
      dispatch({ type: 'checked-in', result });
    } catch {
      setFailed(true);
      setSending(false);
      inFlight.current = false;
    }
  };

  return (
    <ScreenShell
      heading={t('crisis.title')}
      className="crisis"
      speech={[t('crisis.title'), t('crisis.body'), t('crisis.guidance')].join(' ')}
      onBack={sending ? undefined : () => dispatch({ type: 'back' })}
      actions={
        <>
          {failed && (
            <div className="problem-box" role="alert">
              <Icon name="warning" />
              <p>{t('crisis.failed')}</p>
            </div>
          )}
          <button type="button" className="kiosk-button primary" disabled={sending} aria-busy={sending} onClick={() => void comeNow()}>
            <Icon name="people" />
            <span>{sending ? t('crisis.sending') : t('crisis.comeNow')}</span>
          </button>
          <button type="button" className="kiosk-button secondary" disabled={sending} onClick={() => dispatch({ type: 'crisis-carry-on' })}>
            <span>{t('crisis.carryOn')}</span>
            <Icon name="forward" />
          </button>
        </>
      }
    >
      <p className="lead">{t('crisis.body')}</p>
      <EmergencyGuidance />
    </ScreenShell>
  );
}
