import type { UnreadableMessage } from '../../src-shared/api/live-message';
import { NeedsReloadBanner } from '../screens/NeedsReloadBanner';
import { needsReloadText } from './text';

/** A staff screen's "needs reloading" banner, shown once its live channel sent what it cannot read. */
export function StaffNeedsReload({ unreadable }: { unreadable: UnreadableMessage | null }) {
  if (!unreadable) return null;
  return (
    <NeedsReloadBanner
      message={needsReloadText.message}
      reloadLabel={needsReloadText.reload}
      className="staff-warning staff-needs-reload"
      buttonClassName="staff-button staff-button-primary"
    />
  );
}
