import { useTranslation } from 'react-i18next';
import { KioskDialog } from './KioskDialog';

export type StaffHelpState = 'closed' | 'asking' | 'told' | 'go-to-reception';

/** What happened when the resident asked for a member of staff. */
export function StaffHelpDialog({ state, onClose }: { state: StaffHelpState; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <KioskDialog open={state !== 'closed'} titleId="staff-title" describedBy="staff-text" onCancel={onClose}>
      <h2 id="staff-title">{t('staff.title')}</h2>
      <p id="staff-text" role="status">
        {state === 'asking' ? '…' : state === 'told' ? t('staff.sent') : t('staff.fallback')}
      </p>
      <div className="dialog-actions">
        <button type="button" className="kiosk-button primary" data-autofocus onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </KioskDialog>
  );
}
