import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { localize } from '../../../src-shared/config/schema';
import { formatOpening } from '../../../src-shared/opening-hours';
import { directionOf, nativeName } from '../../i18n/languages';
import { Icon } from '../Icon';
import { useKiosk } from '../kiosk-context';
import { ReadMessage, type ReadState } from './ReadMessage';

/** The screen between residents: the hub's welcome, "Tap to start" in every language, and the card hint. */
export function AttractScreen({ read }: { read: ReadState }) {
  const { t, i18n } = useTranslation();
  const { setup, journey, start, prefs, speech } = useKiosk();
  const { speak } = speech;
  const headingRef = useRef<HTMLHeadingElement>(null);
  const hubName = localize(setup.hub.name, journey.language);
  const welcome = t('attract.welcome', { hub: hubName });
  // Out of hours: when the hub opens again, and whether a check-in now is taken for then.
  const hub = setup.hub;
  const when = hub.nextOpening ? formatOpening(new Date(hub.nextOpening), hub.timeZone, journey.language, new Date(hub.describedAt)) : null;
  const closed = hub.open ? null : when === null ? t('attract.closed') : hub.kiosk.outOfHours === 'refuse' ? t('attract.closedRefuse', { when }) : t('attract.closedUntil', { when });

  useEffect(() => {
    headingRef.current?.focus();
  }, []);
  useEffect(() => {
    if (prefs.readAloud) speak(welcome, journey.language);
  }, [prefs.readAloud, welcome, speak, journey.language]);

  return (
    <main className="kiosk-screen attract" aria-labelledby="kiosk-heading">
      <div className="attract-welcome">
        <h1 id="kiosk-heading" ref={headingRef} tabIndex={-1}>
          {welcome}
        </h1>
        {closed && (
          // Before the start button, not after it: nobody should begin a journey without knowing the hub is closed.
          <p className="notice closed-notice" role="status">
            {closed}
          </p>
        )}
        <button type="button" className="kiosk-button start" onClick={() => start()}>
          <span>{t('attract.tapToStart')}</span>
          <Icon name="forward" />
        </button>
        <p className="card-hint">
          <Icon name="card" />
          <Icon name="qr" />
          <span>{t('attract.cardHint')}</span>
        </p>
        <ReadMessage read={read} />
      </div>
      {setup.languages.length > 1 && (
        <section className="attract-languages" aria-labelledby="language-heading">
          <h2 id="language-heading">{t('attract.chooseLanguage')}</h2>
          <ul className="language-grid" role="list">
            {setup.languages.map((lang) => {
              const fixed = i18n.getFixedT(lang);
              return (
                <li key={lang}>
                  <button
                    type="button"
                    className="kiosk-button language"
                    lang={lang}
                    dir={directionOf(lang)}
                    aria-current={lang === journey.language ? 'true' : undefined}
                    onClick={() => start(lang)}
                  >
                    <span className="language-name">{nativeName(lang)}</span>
                    <span className="language-start">{fixed('attract.tapToStart')}</span>
                  </button>
                </li>
              );
            })}
          </ul>
        </section>
      )}
    </main>
  );
}
