import { useTranslation } from 'react-i18next';
import { ChoiceTile } from '../ChoiceTile';
import { useKiosk } from '../kiosk-context';
import { ScreenShell } from '../ScreenShell';

/** A local HH:MM of an instant in the hub's zone, for "until 15:00". */
function localTime(iso: string, timeZone: string, language: string): string {
  return new Intl.DateTimeFormat(language, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

/** "I'm here for …": shown only while one of the hub's events runs; choosing none is as easy as choosing one. */
export function EventScreen() {
  const { t } = useTranslation();
  const { setup, journey, dispatch } = useKiosk();
  const choose = (eventId: string | null) => dispatch({ type: 'event', eventId });
  const names = journey.events.map((e) => e.name);

  return (
    <ScreenShell
      heading={t('event.title')}
      speech={[t('event.title'), t('event.hint'), ...names, t('event.none')].join('. ')}
      onBack={() => dispatch({ type: 'back' })}
      talk
    >
      <p className="lead" id="event-hint">
        {t('event.hint')}
      </p>
      <div className="tile-grid single" role="group" aria-labelledby="kiosk-heading" aria-describedby="event-hint">
        {journey.events.map((e) => (
          <ChoiceTile
            key={e.id}
            label={e.name}
            detail={t('event.until', { time: `\u2066${localTime(e.endsAt, setup.hub.timeZone, journey.language)}\u2069` })}
            icon="event"
            pressed={journey.eventId === e.id}
            onClick={() => choose(e.id)}
          />
        ))}
        <ChoiceTile label={t('event.none')} icon="dots" pressed={false} onClick={() => choose(null)} />
      </div>
    </ScreenShell>
  );
}
