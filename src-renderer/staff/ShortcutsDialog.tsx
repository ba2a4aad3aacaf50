import { useTranslation } from 'react-i18next';
import { Dialog } from './Dialog';

export type ShortcutHelp = { key: string; label: string };

/** The keyboard shortcuts of this screen, and the switch to turn single-key shortcuts off. */
export function ShortcutsDialog({
  shortcuts,
  on,
  onToggle,
  onClose,
}: {
  shortcuts: readonly ShortcutHelp[];
  on: boolean;
  onToggle: (on: boolean) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation('staff');
  return (
    <Dialog title={t('shortcutsDialog.title')} onClose={onClose}>
      <label className="staff-checkbox-line">
        <input type="checkbox" checked={on} onChange={(e) => onToggle(e.target.checked)} />
        {t('shortcutsDialog.use')}
      </label>
      <p className="staff-hint">{t('shortcutsDialog.hint')}</p>
      <table className="staff-table">
        <caption className="staff-visually-hidden">{t('shortcutsDialog.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('shortcutsDialog.key')}</th>
            <th scope="col">{t('shortcutsDialog.action')}</th>
          </tr>
        </thead>
        <tbody>
          {shortcuts.map((s) => (
            <tr key={s.key}>
              <td>
                <kbd className="staff-kbd">{s.key}</kbd>
              </td>
              <td>{s.label}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="staff-dialog-actions">
        <button type="button" className="staff-button staff-button-primary" autoFocus onClick={onClose}>
          {t('shortcutsDialog.close')}
        </button>
      </div>
    </Dialog>
  );
}
