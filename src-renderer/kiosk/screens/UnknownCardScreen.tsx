import { useTranslation } from 'react-i18next';
import { useKiosk } from '../kiosk-context';
import { ScreenShell } from '../ScreenShell';

/** A card or QR code the hub has not seen: carry on anyway (reception is told when the check-in arrives). */
export function UnknownCardScreen({ method }: { method: 'card' | 'qr' }) {
  const { t } = useTranslation();
  const { dispatch } = useKiosk();
  const title = method === 'qr' ? t('identify.unknownQrTitle') : t('identify.unknownTitle');
  const text = method === 'qr' ? t('identify.unknownQrText') : t('identify.unknownText');
  return (
    <ScreenShell
      heading={title}
      speech={`${title}. ${text}`}
      onBack={() => dispatch({ type: 'back' })}
      actions={
        <button type="button" className="kiosk-button primary" onClick={() => dispatch({ type: 'continue' })}>
          {t('common.continue')}
        </button>
      }
    >
      <p className="lead">{text}</p>
    </ScreenShell>
  );
}
