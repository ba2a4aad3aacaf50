import { useEffect, useMemo } from 'react';
import type { HubView } from '../../src-shared/api/contract';
import { KioskApp } from '../kiosk/KioskApp';
import { kioskSetupOf } from '../kiosk/kiosk-setup';

/**
 * The resident's check-in kiosk. A public touchscreen needs no pinch-zoom (the kiosk has its own
 * text size control), but a browser must never be stopped from zooming (WCAG 1.4.4), so the
 * shared page's zoom lock is lifted here; the Electron shell keeps zoom fixed on the kiosk itself.
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
