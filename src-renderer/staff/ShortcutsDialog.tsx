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
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose}>
      <label className="staff-checkbox-line">
        <input type="checkbox" checked={on} onChange={(e) => onToggle(e.target.checked)} />
        Use single-key shortcuts on this PC
      </label>
      <p className="staff-hint">They do nothing while you type in a field or a window like this one is open.</p>
      <table className="staff-table">
        <caption className="staff-visually-hidden">Shortcuts</caption>
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Action</th>
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
          Close
        </button>
      </div>
    </Dialog>
  );
}
