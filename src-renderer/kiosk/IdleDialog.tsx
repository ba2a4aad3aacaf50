import { useTranslation } from 'react-i18next';
import { KioskDialog } from './KioskDialog';

/** "Do you need more time?" before the kiosk clears itself for the next person. */
export function IdleDialog({ open, secondsLeft, onMoreTime, onRestart }: { open: boolean; secondsLeft: number; onMoreTime: () => void; onRestart: () => void }) {
  const { t } = useTranslation();
  return (
    <KioskDialog open={open} titleId="idle-title" describedBy="idle-text" role="alertdialog" onCancel={onMoreTime}>
      <h2 id="idle-title">{t('idle.title')}</h2>
      <p id="idle-text">{t('idle.text', { count: secondsLeft })}</p>
      <div className="dialog-actions">
        <button type="button" className="kiosk-button primary" data-autofocus onClick={onMoreTime}>
          {t('idle.more')}
        </button>
        <button type="button" className="kiosk-button secondary" onClick={onRestart}>
          {t('idle.restart')}
        </button>
      </div>
    </KioskDialog>
  );
}
