import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from './Dialog';

/** "Are you sure?" for actions that cannot be undone, with the safe answer focused. */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  onConfirm,
  onClose,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<boolean>;
  onClose: () => void;
}) {
  const { t } = useTranslation('staff');
  const [busy, setBusy] = useState(false);
  return (
    <Dialog title={title} role="alertdialog" onClose={onClose} description={children}>
      <div className="staff-dialog-actions">
        <button
          type="button"
          className="staff-button staff-button-danger"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void onConfirm().then((done) => {
              setBusy(false);
              if (done) onClose();
            });
          }}
        >
          {confirmLabel}
        </button>
        <button type="button" className="staff-button" autoFocus onClick={onClose}>
          {t('dialogs.keepIt')}
        </button>
      </div>
    </Dialog>
  );
}
