import { useEffect, useMemo } from 'react';
import type { HubView } from '../../src-shared/api/contract';
import { KioskApp } from '../kiosk/KioskApp';
import { kioskSetupOf } from '../kiosk/kiosk-setup';

/**
 * The resident's check-in kiosk. Nobody needs to pinch-zoom it (it has its own "Bigger text"),
 * but a page must never forbid zooming (WCAG 1.4.4), so the shared page's zoom lock is lifted
 * here; a kiosk shell that wants zoom fixed can do that itself.
 */
export function KioskScreen({ hub }: { hub: HubView }) {
  const setup = useMemo(() => kioskSetupOf(hub), [hub]);

  useEffect(() => {
    const viewport = document.querySelector<HTMLMetaElement>('meta[name="viewport"]');
    if (viewport) viewport.content = 'width=device-width, initial-scale=1';
  }, []);

  if (!setup.ok) {
    // A broken hub configuration is for staff to fix; residents are sent to a person.
    return (
      <main className="kiosk-unavailable">
        <h1>Please ask at reception</h1>
        <p role="status">This check-in screen is not available at the moment.</p>
      </main>
    );
  }
  return <KioskApp setup={setup.setup} />;
}
