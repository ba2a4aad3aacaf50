import { useEffect, useMemo, useReducer, useState } from 'react';
import type { CheckInResponse } from '../../src-shared/api/contract';
import { endpoints } from '../../src-shared/api/endpoints';
import { localize } from '../../src-shared/config/schema';
import { call } from '../api/client';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { createKioskI18n } from '../i18n/kiosk-i18n';
import { directionOf } from '../i18n/languages';
import { NeedsReloadBanner } from '../screens/NeedsReloadBanner';
import { IdleDialog } from './IdleDialog';
import { initialJourney, journeyReducer, newRequestId, type Step } from './journey';
import { defaultPrefs, KioskContext, type KioskContextValue, type KioskPrefs } from './kiosk-context';
import type { KioskSetup } from './kiosk-setup';
import { KioskToolbar } from './KioskToolbar';
import { LanguageDialog } from './LanguageDialog';
import { AccessScreen } from './screens/AccessScreen';
import { AttractScreen } from './screens/AttractScreen';
import { CrisisScreen } from './screens/CrisisScreen';
import { EqualityIntroScreen } from './screens/EqualityIntroScreen';
import { EqualityScreen } from './screens/EqualityScreen';
import { EventScreen } from './screens/EventScreen';
import { HowHeardScreen } from './screens/HowHeardScreen';
import { IdentifyScreen } from './screens/IdentifyScreen';
import { LanguageScreen } from './screens/LanguageScreen';
import { NameScreen } from './screens/NameScreen';
import { PrivacyScreen } from './screens/PrivacyScreen';
import { QuestionScreen } from './screens/QuestionScreen';
import type { ReadState } from './screens/ReadMessage';
import { SummaryScreen } from './screens/SummaryScreen';
import { TicketScreen } from './screens/TicketScreen';
import { UnknownCardScreen } from './screens/UnknownCardScreen';
import { askForStaff } from './staff-help';
import { StaffHelpDialog, type StaffHelpState } from './StaffHelpDialog';
import { useIdleTimer } from './useIdleTimer';
import { useReaders, type ReadOutcome } from './useReaders';
import { useSpeech } from './useSpeech';

/** A key per screen, so each screen mounts afresh (its heading takes focus, its local state starts clean). */
function stepKey(step: Step): string {
  if (step.kind === 'question') return `question:${step.questionId}`;
  if (step.kind === 'equality') return `equality:${step.question}`;
  return step.kind;
}

/** The resident kiosk: the journey, the readers, inactivity, and the settings every screen shares. */
export function KioskApp({ setup }: { setup: KioskSetup }) {
  const [i18n] = useState(() => createKioskI18n(setup.defaultLanguage));
  const reducer = useMemo(() => journeyReducer(setup), [setup]);
  const [journey, dispatch] = useReducer(reducer, setup.defaultLanguage, initialJourney);
  const [prefs, setPrefs] = useState<KioskPrefs>(defaultPrefs);
  const [read, setRead] = useState<ReadState>('idle');
  const [staffHelp, setStaffHelp] = useState<StaffHelpState>('closed');
  const [languageOpen, setLanguageOpen] = useState(false);
  const [needsReload, setNeedsReload] = useState(false);
  const speech = useSpeech();
  const step = journey.step;

  const chooseLanguage = (language: string) => {
    void i18n.changeLanguage(language);
    dispatch({ type: 'set-language', language });
  };
  const reset = () => {
    speech.cancel();
    void i18n.changeLanguage(setup.defaultLanguage);
    dispatch({ type: 'reset' });
    setPrefs(defaultPrefs);
    setRead('idle');
    setStaffHelp('closed');
    setLanguageOpen(false);
  };
  const start = (language?: string) => {
    if (language) void i18n.changeLanguage(language);
    setRead('idle');
    dispatch({ type: 'start', requestId: newRequestId(), ...(language ? { language } : {}) });
  };

  const listening = step.kind === 'attract' || step.kind === 'identify';
  useReaders({
    listening,
    onReading: () => setRead('reading'),
    onUnreadable: () => setNeedsReload(true),
    onRead: (outcome: ReadOutcome) => {
      if (!outcome.ok) {
        setRead(outcome.reason);
        return;
      }
      const { identity } = outcome;
      // Their own ticket: already checked in, nothing to start.
      if (identity.ticket) {
        setRead({ checkedIn: identity.ticket });
        return;
      }
      setRead('idle');
      dispatch({
        type: 'identified',
        requestId: newRequestId(),
        identity: { method: identity.token.method, id: identity.token.id, known: identity.known, displayName: identity.displayName, howHeardAnswered: identity.howHeardAnswered },
      });
    },
  });

  // Events running now, asked once a journey starts: "I'm here for …" is offered only while one runs.
  const requestId = journey.requestId;
  useEffect(() => {
    if (!requestId) return;
    const controller = new AbortController();
    call(endpoints.runningEvents, {}, controller.signal).then(
      (reply) => dispatch({ type: 'events', events: reply.events.map((e) => ({ id: e.id, name: e.name, endsAt: e.endsAt })) }),
      () => {
        // Without the list the journey simply does not ask; a check-in never waits for it.
      },
    );
    return () => controller.abort();
  }, [requestId]);

  const idle = useIdleTimer({
    enabled: step.kind !== 'attract',
    warnAfterMs: setup.hub.kiosk.idleWarningSeconds * 1000,
    resetAfterMs: setup.hub.kiosk.idleResetSeconds * 1000,
    // The ticket screen needs no question: it simply goes back to attract after a while.
    prompt: step.kind !== 'ticket',
    onTimeout: reset,
  });

  // The page's language and direction follow the resident's choice (screen readers and mirroring).
  useEffect(() => {
    const root = document.documentElement;
    root.lang = journey.language;
    root.dir = directionOf(journey.language);
  }, [journey.language]);

  const askStaff = () => {
    setStaffHelp('asking');
    void askForStaff(step.kind, journey.language).then((told) => setStaffHelp((s) => (s === 'closed' ? s : told ? 'told' : 'go-to-reception')));
  };

  const context: KioskContextValue = { setup, journey, dispatch, prefs, setPrefs, speech, start, chooseLanguage, reset };

  return (
    <I18nextProvider i18n={i18n}>
      <KioskContext value={context}>
        <div
          className="kiosk"
          lang={journey.language}
          dir={directionOf(journey.language)}
          data-step={step.kind}
          data-question={step.kind === 'question' ? step.questionId : step.kind === 'equality' ? step.question : undefined}
          data-large-text={prefs.largeText ? 'on' : undefined}
          data-contrast={prefs.highContrast ? 'high' : undefined}
          onClickCapture={(event) => {
            // The second tap of a double tap (click count 2+) never acts: answers move on at the
            // first tap, and the second would land on whatever the next screen has there. Keys of
            // the on-screen keyboard are exempt: "Anna" taps the same key twice in quick succession.
            if (event.detail > 1 && !(event.target instanceof Element && event.target.closest('.osk'))) {
              event.preventDefault();
              event.stopPropagation();
            }
          }}
        >
          {step.kind !== 'attract' && (
            <header className="kiosk-header">
              <p>{localize(setup.hub.name, journey.language)}</p>
            </header>
          )}
          {needsReload && <KioskNeedsReload />}
          <CurrentScreen key={stepKey(step)} step={step} read={read} result={journey.result} />
          <KioskToolbar onStaff={askStaff} onLanguage={step.kind === 'attract' || setup.languages.length < 2 ? null : () => setLanguageOpen(true)} />
          <IdleDialog open={idle.warning} secondsLeft={idle.secondsLeft} onMoreTime={idle.stillHere} onRestart={reset} />
          <StaffHelpDialog state={staffHelp} onClose={() => setStaffHelp('closed')} />
          <LanguageDialog
            open={languageOpen}
            languages={setup.languages}
            current={journey.language}
            onChoose={(language) => {
              chooseLanguage(language);
              setLanguageOpen(false);
            }}
            onClose={() => setLanguageOpen(false)}
          />
        </div>
      </KioskContext>
    </I18nextProvider>
  );
}

/** In the resident's language: the kiosk may no longer hear the hub's card reader or scanner until it reloads. */
function KioskNeedsReload() {
  const { t } = useTranslation();
  return <NeedsReloadBanner message={t('live.needsReload')} reloadLabel={t('live.reload')} className="kiosk-needs-reload" buttonClassName="kiosk-button primary" />;
}

function CurrentScreen({ step, read, result }: { step: Step; read: ReadState; result: CheckInResponse | null }) {
  switch (step.kind) {
    case 'attract':
      return <AttractScreen read={read} />;
    case 'identify':
      return <IdentifyScreen read={read} />;
    case 'unknown-card':
      return <UnknownCardScreen method={step.method} />;
    case 'privacy':
      return <PrivacyScreen />;
    case 'event':
      return <EventScreen />;
    case 'how-heard':
      return <HowHeardScreen />;
    case 'question':
      return <QuestionScreen questionId={step.questionId} />;
    case 'equality-intro':
      return <EqualityIntroScreen />;
    case 'equality':
      return <EqualityScreen question={step.question} />;
    case 'name':
      return <NameScreen />;
    case 'language':
      return <LanguageScreen />;
    case 'access':
      return <AccessScreen />;
    case 'summary':
      return <SummaryScreen />;
    case 'crisis':
      return <CrisisScreen />;
    case 'ticket':
      return result ? <TicketScreen result={result} /> : null;
    default:
      return assertNever(step);
  }
}

function assertNever(value: never): never {
  throw new Error(`unhandled kiosk step: ${JSON.stringify(value)}`);
}
