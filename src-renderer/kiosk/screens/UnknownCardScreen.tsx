import { useTranslation } from 'react-i18next';
import { useKiosk } from '../kiosk-context';
import { ScreenShell } from '../ScreenShell';

/** A card the hub has not seen: carry on anyway (reception is told when the check-in arrives). */
export function UnknownCardScreen() {
  const { t } = useTranslation();
  const { dispatch } = useKiosk();
  return (
    <ScreenShell
      heading={t('identify.unknownTitle')}
      speech={`${t('identify.unknownTitle')}. ${t('identify.unknownText')}`}
      onBack={() => dispatch({ type: 'back' })}
      actions={
        <button type="button" className="kiosk-button primary" onClick={() => dispatch({ type: 'continue' })}>
          {t('common.continue')}
        </button>
      }
    >
      <p className="lead">{t('identify.unknownText')}</p>
    </ScreenShell>
  );
}
