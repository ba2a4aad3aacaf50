import type { HubView } from '../../src-shared/api/contract';
import { localize } from '../../src-shared/config/schema';

/** The resident's check-in kiosk. */
export function KioskScreen({ hub }: { hub: HubView }) {
  return (
    <main className="kiosk attract">
      <h1>{localize(hub.name, 'en')}</h1>
      <p className="lead">Welcome. Check in here.</p>
      {!hub.open && <p role="status">The hub is closed at the moment.</p>}
    </main>
  );
}
