import { useEffect, useMemo, useState } from 'react';
import type { HubView } from '../../src-shared/api/contract';
import { endpoints } from '../../src-shared/api/endpoints';
import type { KioskStatusReply } from '../../src-shared/api/kiosk-contract';
import { call, onUnauthorized } from '../api/client';
import { KioskApp } from '../kiosk/KioskApp';
import { KioskPairing } from '../kiosk/KioskPairing';
import { kioskSetupOf } from '../kiosk/kiosk-setup';

const untrusted: KioskStatusReply = { trusted: false, via: null, name: null };

/**
 * Is this browser a kiosk the hub trusts? Asked once at start; a refusal later (the kiosk was
 * revoked) turns the screen into the enrolment page at once.
 */
function useKioskStatus(): KioskStatusReply | null {
  const [status, setStatus] = useState<KioskStatusReply | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    call(endpoints.kioskStatus, {}, controller.signal).then(setStatus, () => {
      // Unreachable: the kiosk's own screens say so when they try.
    });
    const stop = onUnauthorized((error) => {
      if (error.code === 'KIOSK_NOT_ENROLLED') setStatus(untrusted);
    });
    return () => {
      controller.abort();
      stop();
    };
  }, []);
  return status;
}

/**
 * The resident's check-in kiosk. Nobody needs to pinch-zoom it (it has its own "Bigger text"),
 * but a page must never forbid zooming (WCAG 1.4.4), so the shared page's zoom lock is lifted
 * here; a kiosk shell that wants zoom fixed can do that itself.
 */
export function KioskScreen({ hub }: { hub: HubView }) {
  const setup = useMemo(() => kioskSetupOf(hub), [hub]);
  const status = useKioskStatus();
  const [pairRequested] = useState(() => new URLSearchParams(location.search).has('pair'));

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
  if (pairRequested || (status && !status.trusted)) {
    // Enrolled: start the kiosk afresh on its plain address.
    return <KioskPairing hub={hub} status={status} onEnrolled={() => location.replace('/kiosk')} />;
  }
  return <KioskApp setup={setup.setup} />;
}
