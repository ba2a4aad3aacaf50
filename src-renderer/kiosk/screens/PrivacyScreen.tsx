import { useTranslation } from 'react-i18next';
import { localize } from '../../../src-shared/config/schema';
import { Icon } from '../Icon';
import { useKiosk } from '../kiosk-context';
import { ScreenShell } from '../ScreenShell';

const builtIn = [
  { key: 'privacy.point1', icon: 'people' },
  { key: 'privacy.point2', icon: 'shield' },
  { key: 'privacy.point3', icon: 'building' },
  { key: 'privacy.point4', icon: 'info' },
] as const;
const icons = builtIn.map((p) => p.icon);

/**
 * The short privacy notice (its version goes with the check-in) and consent to the optional
 * questions: the hub's own words from its configuration where it has them, else the built-in ones.
 */
export function PrivacyScreen() {
  const { t } = useTranslation();
  const { setup, journey, dispatch } = useKiosk();
  const notice = setup.hub.privacyNotice;
  const title = notice ? localize(notice.title, journey.language) : t('privacy.title');
  const points = notice
    ? notice.points.map((p, i) => ({ key: `notice-${i}`, icon: icons[i % icons.length]!, text: localize(p, journey.language) }))
    : builtIn.map((p) => ({ key: p.key, icon: p.icon, text: t(p.key) }));
  const identity = journey.identity;
  const greeting =
    identity && identity.method !== 'walk-in' && identity.known
      ? identity.displayName
        ? t('identify.welcomeBack', { name: identity.displayName })
        : t('identify.welcomeBackNoName')
      : null;
  const speech = [greeting, title, ...points.map((p) => p.text), t('privacy.consentQuestion'), t('privacy.consentNote')]
    .filter(Boolean)
    .join(' ');

  return (
    <ScreenShell
      heading={title}
      above={greeting ? <p className="greeting">{greeting}</p> : undefined}
      speech={speech}
      onBack={() => dispatch({ type: 'back' })}
      talk
      actions={
        <>
          <button type="button" className="kiosk-button primary" onClick={() => dispatch({ type: 'consent', agreed: true })}>
            <Icon name="yes" />
            <span>{t('privacy.consentYes')}</span>
          </button>
          <button type="button" className="kiosk-button secondary" onClick={() => dispatch({ type: 'consent', agreed: false })}>
            <Icon name="no" />
            <span>{t('privacy.consentNo')}</span>
          </button>
        </>
      }
    >
      <ul className="privacy-points" role="list">
        {points.map((p) => (
          <li key={p.key}>
            <Icon name={p.icon} />
            <span>{p.text}</span>
          </li>
        ))}
      </ul>
      {/* Isolated left-to-right, so "2026-11" is not reordered inside Arabic or Sorani text. */}
      <p className="small">{t('privacy.version', { version: `\u2066${setup.hub.privacyNoticeVersion}\u2069` })}</p>
      <h2 className="consent-question">{t('privacy.consentQuestion')}</h2>
      <p>{t('privacy.consentNote')}</p>
    </ScreenShell>
  );
}
