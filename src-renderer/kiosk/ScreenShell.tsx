import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from './Icon';
import { useKiosk } from './kiosk-context';

/** The journey in a few stages, shown in the space above a portrait kiosk's controls (it needs no touch). */
const stages = ['start', 'heard', 'needs', 'about', 'check'] as const;
type Stage = (typeof stages)[number];

function stageOf(step: string): Stage | null {
  switch (step) {
    case 'identify':
    case 'unknown-card':
    case 'privacy':
      return 'start';
    case 'how-heard':
      return 'heard';
    case 'question':
    case 'crisis':
      return 'needs';
    case 'summary':
      return 'check';
    case 'ticket':
    case 'attract':
      return null;
    default:
      // The name, language, access needs and any later question about the resident.
      return 'about';
  }
}

function JourneyProgress({ step }: { step: string }) {
  const { t } = useTranslation();
  const stage = stageOf(step);
  if (!stage) return null;
  const at = stages.indexOf(stage);
  return (
    <nav className="kiosk-progress" aria-label={t('progress.label')}>
      <ol>
        {stages.map((s, i) => (
          <li key={s} className={i < at ? 'done' : i === at ? 'current' : undefined} aria-current={i === at ? 'step' : undefined}>
            {t(`progress.${s}`)}
          </li>
        ))}
      </ol>
    </nav>
  );
}

type ShellProps = {
  heading: string;
  /** Shown above the heading (a greeting, the question number). */
  above?: ReactNode;
  /** Text read aloud for this screen; the heading alone when absent. */
  speech?: string;
  onBack?: () => void;
  /** Offers "I'd rather talk to someone" on this screen. */
  talk?: boolean;
  /** The screen's main buttons (Next, Skip…), placed low where they are easy to reach. */
  actions?: ReactNode;
  className?: string;
  children?: ReactNode;
};

/**
 * The frame of every kiosk screen after attract: the heading (focused when the screen appears, so
 * a screen reader announces it), the content, the screen's own actions, and Back and
 * "I'd rather talk to someone" in the same place on every screen.
 */
export function ScreenShell({ heading, above, speech, onBack, talk, actions, className, children }: ShellProps) {
  const { t } = useTranslation();
  const { dispatch, prefs, speech: voice, journey } = useKiosk();
  // Stable while the voices stay the same, so a re-render (the idle countdown) does not repeat it.
  const { speak } = voice;
  const headingRef = useRef<HTMLHeadingElement>(null);
  const spoken = speech ?? heading;

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  useEffect(() => {
    if (prefs.readAloud) speak(spoken, journey.language);
  }, [prefs.readAloud, spoken, speak, journey.language]);

  return (
    <main className={['kiosk-screen', className ?? ''].filter(Boolean).join(' ')} aria-labelledby="kiosk-heading">
      <JourneyProgress step={journey.step.kind} />
      <div className="kiosk-content">
        {above}
        <h1 id="kiosk-heading" ref={headingRef} tabIndex={-1}>
          {heading}
        </h1>
        {children}
      </div>
      {actions && <div className="kiosk-actions">{actions}</div>}
      {(onBack || talk) && (
        <div className="kiosk-journey-nav">
          {onBack && (
            <button type="button" className="kiosk-button secondary back" onClick={onBack}>
              <Icon name="back" />
              <span>{t('common.back')}</span>
            </button>
          )}
          {talk && (
            <button type="button" className="kiosk-button secondary talk" onClick={() => dispatch({ type: 'talk-to-someone' })}>
              <Icon name="talk" />
              <span>{t('common.talkToSomeone')}</span>
            </button>
          )}
        </div>
      )}
    </main>
  );
}
