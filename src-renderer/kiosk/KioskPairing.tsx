import { lazy, Suspense, useState } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import type { HubView } from '../../src-shared/api/contract';
import type { KioskStatusReply } from '../../src-shared/api/kiosk-contract';
import { createKioskI18n } from '../i18n/kiosk-i18n';
import { directionOf } from '../i18n/languages';

// The staff form (and the staff translations with it) only where a screen is not a kiosk yet.
const PairingStaffForm = lazy(() => import('./PairingStaffForm'));

/**
 * A screen the hub does not trust as a kiosk (not the hub's own machine, not enrolled): residents
 * are sent to reception in the hub's language, and staff can enrol it with a pairing code. The hub
 * answers with an HttpOnly cookie, so nothing here ever sees the kiosk's credential.
 */
export function KioskPairing({ hub, status, onEnrolled }: { hub: HubView; status: KioskStatusReply | null; onEnrolled: () => void }) {
  const [i18n] = useState(() => createKioskI18n(hub.languages.default));
  return (
    <I18nextProvider i18n={i18n}>
      <PairingPage status={status} onEnrolled={onEnrolled} language={hub.languages.default} />
    </I18nextProvider>
  );
}

function PairingPage({ status, onEnrolled, language }: { status: KioskStatusReply | null; onEnrolled: () => void; language: string }) {
  const { t } = useTranslation();
  return (
    <main className="kiosk kiosk-pairing">
      <section lang={language} dir={directionOf(language)} className="kiosk-pairing-notice">
        <h1>{t('notEnrolled.title')}</h1>
        <p>{t('notEnrolled.text')}</p>
      </section>
      <Suspense fallback={null}>
        <PairingStaffForm status={status} onEnrolled={onEnrolled} />
      </Suspense>
    </main>
  );
}
