import { useTranslation } from 'react-i18next';
import { Icon } from '../Icon';
import { useKiosk } from '../kiosk-context';
import { ScreenShell } from '../ScreenShell';

/** Before the equality questions: what they are for, that they are optional, and a way past them. */
export function EqualityIntroScreen() {
  const { t } = useTranslation();
  const { dispatch } = useKiosk();
  return (
    <ScreenShell
      heading={t('equality.introTitle')}
      speech={[t('equality.introTitle'), t('equality.intro1'), t('equality.intro2')].join(' ')}
      onBack={() => dispatch({ type: 'back' })}
      actions={
        <>
          <button type="button" className="kiosk-button primary" onClick={() => dispatch({ type: 'equality-start' })}>
            <Icon name="forward" />
            <span>{t('equality.start')}</span>
          </button>
          <button type="button" className="kiosk-button secondary" onClick={() => dispatch({ type: 'equality-skip' })}>
            <span>{t('equality.skipAll')}</span>
          </button>
        </>
      }
    >
      <ul className="privacy-points" role="list">
        <li>
          <Icon name="people" />
          <span>{t('equality.intro1')}</span>
        </li>
        <li>
          <Icon name="shield" />
          <span>{t('equality.intro2')}</span>
        </li>
      </ul>
    </ScreenShell>
  );
}
