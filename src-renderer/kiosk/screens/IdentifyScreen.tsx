import { useTranslation } from 'react-i18next';
import { CameraQr } from '../CameraQr';
import { Icon } from '../Icon';
import { useKiosk } from '../kiosk-context';
import { ScreenShell } from '../ScreenShell';
import { ReadMessage, type ReadState } from './ReadMessage';

/** Card, QR code, or "I don't have a card". */
export function IdentifyScreen({ read }: { read: ReadState }) {
  const { t } = useTranslation();
  const { dispatch, setup } = useKiosk();
  return (
    <ScreenShell heading={t('identify.title')} speech={`${t('identify.title')} ${t('identify.hint')}`} onBack={() => dispatch({ type: 'back' })}>
      <div className="reader-hint">
        <Icon name="card" className="icon-large" />
        <Icon name="qr" className="icon-large" />
        <p className="lead">{t('identify.hint')}</p>
      </div>
      {setup.hub.kiosk.qrCamera && <CameraQr />}
      <ReadMessage read={read} />
      <button type="button" className="kiosk-button primary wide" onClick={() => dispatch({ type: 'walk-in' })}>
        <Icon name="person" />
        <span>{t('identify.noCard')}</span>
      </button>
    </ScreenShell>
  );
}
