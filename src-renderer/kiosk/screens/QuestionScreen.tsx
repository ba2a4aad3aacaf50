import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localize, type QuestionConfig } from '../../../src-shared/config/schema';
import { visibleQuestions, type AnswerValue } from '../../../src-shared/triage/engine';
import { ChoiceTile } from '../ChoiceTile';
import { Icon } from '../Icon';
import { OnScreenKeyboard } from '../OnScreenKeyboard';
import { triageOptionsOf } from '../journey';
import { useKiosk } from '../kiosk-context';
import { ScreenShell } from '../ScreenShell';

type Text = { en: string; [lang: string]: string };

function hasEasyRead(q: QuestionConfig): boolean {
  return q.easyRead !== undefined || ((q.kind === 'single' || q.kind === 'multi') && q.options.some((o) => o.easyRead !== undefined));
}

function offersTalk(q: QuestionConfig): boolean {
  return (q.kind === 'single' || q.kind === 'multi') && q.options.some((o) => o.talkToSomeone === true);
}

/** One triage question per screen; the triage engine decides which, and what follows. */
export function QuestionScreen({ questionId }: { questionId: string }) {
  const { t } = useTranslation();
  const { setup, journey, dispatch, prefs, setPrefs } = useKiosk();
  const question = setup.triage.questions.find((q) => q.id === questionId);
  if (!question) return null;

  const lang = journey.language;
  const easy = prefs.easyRead && hasEasyRead(question);
  const words = (text: Text, easyText?: Text) => localize(easy && easyText ? easyText : text, lang);
  const prompt = words(question.prompt, question.easyRead);
  const visible = visibleQuestions(setup.triage, journey.answers, triageOptionsOf(journey));
  const position = visible.findIndex((q) => q.id === question.id) + 1;
  const current = journey.answers[question.id];
  const answer = (value: AnswerValue) => dispatch({ type: 'answer', questionId: question.id, value });
  const skip = question.required ? null : () => dispatch({ type: 'skip-question', questionId: question.id });
  const help = question.help ? localize(question.help, lang) : '';
  const optionWords = question.kind === 'single' || question.kind === 'multi' ? question.options.map((o) => words(o.label, o.easyRead)) : [];

  return (
    <ScreenShell
      heading={prompt}
      className="question"
      above={
        <div className="question-top">
          <p className="progress-text">{t('triage.progress', { current: Math.max(position, 1), total: Math.max(visible.length, 1) })}</p>
          <div className="progress-bar" aria-hidden="true">
            <span style={{ inlineSize: `${(Math.max(position, 1) / Math.max(visible.length, 1)) * 100}%` }} />
          </div>
          {hasEasyRead(question) && (
            <button
              type="button"
              className="kiosk-button tool easy-read"
              aria-pressed={prefs.easyRead}
              onClick={() => setPrefs((p) => ({ ...p, easyRead: !p.easyRead }))}
            >
              <Icon name="book" />
              <span>{t('triage.easyRead')}</span>
              <span className="tool-state" aria-hidden="true">
                {prefs.easyRead ? <Icon name="yes" /> : null}
              </span>
            </button>
          )}
        </div>
      }
      speech={[prompt, help, ...optionWords].filter(Boolean).join('. ')}
      onBack={() => dispatch({ type: 'back' })}
      // A question that offers "talk to someone" as an answer does not need the same words twice.
      talk={!offersTalk(question)}
    >
      {help && question.sensitive && (
        // Help on a sensitive question is guidance (999, NHS 111 option 2): it must stand out.
        <aside className="help-callout" aria-labelledby="help-title">
          <h2 id="help-title">
            <Icon name="info" />
            <span>{t('triage.important')}</span>
          </h2>
          <p>{help}</p>
        </aside>
      )}
      <QuestionAnswers question={question} current={current} hint={help && !question.sensitive ? help : null} words={words} onAnswer={answer} onSkip={skip} />
    </ScreenShell>
  );
}

function QuestionAnswers({
  question,
  current,
  hint,
  words,
  onAnswer,
  onSkip,
}: {
  question: QuestionConfig;
  current: AnswerValue | undefined;
  /** The question's own help text, shown in place of the kiosk's generic hint. */
  hint: string | null;
  words: (text: Text, easyText?: Text) => string;
  onAnswer: (value: AnswerValue) => void;
  onSkip: (() => void) | null;
}) {
  switch (question.kind) {
    case 'single':
      return (
        <>
          <SingleChoice options={question.options.map((o) => ({ id: o.id, label: words(o.label, o.easyRead), icon: o.icon }))} current={current} hint={hint} onAnswer={onAnswer} />
          <SkipButton onSkip={onSkip} />
        </>
      );
    case 'multi':
      return (
        <MultiChoice
          options={question.options.map((o) => ({ id: o.id, label: words(o.label, o.easyRead), icon: o.icon }))}
          current={Array.isArray(current) ? current : []}
          maxChoices={question.maxChoices}
          hint={hint}
          onAnswer={onAnswer}
          onSkip={onSkip}
        />
      );
    case 'yesno':
      return <YesNo current={typeof current === 'boolean' ? current : undefined} hint={hint} onAnswer={onAnswer} onSkip={onSkip} />;
    case 'text':
      return <TextAnswer current={typeof current === 'string' ? current : ''} maxLength={question.maxLength} hint={hint} onAnswer={onAnswer} onSkip={onSkip} />;
    default:
      return assertNever(question);
  }
}

type Option = { id: string; label: string; icon: string | undefined };

function AnswerHint({ text }: { text: string }) {
  return (
    <p className="hint" id="answer-hint">
      {text}
    </p>
  );
}

function SingleChoice({ options, current, hint, onAnswer }: { options: Option[]; current: AnswerValue | undefined; hint: string | null; onAnswer: (value: string) => void }) {
  const { t } = useTranslation();
  return (
    <>
      <AnswerHint text={hint ?? t('triage.chooseOne')} />
      <div className="tile-grid" role="group" aria-labelledby="kiosk-heading" aria-describedby="answer-hint">
        {options.map((o) => (
          <ChoiceTile key={o.id} label={o.label} icon={o.icon} pressed={current === o.id} onClick={() => onAnswer(o.id)} />
        ))}
      </div>
    </>
  );
}

function MultiChoice({
  options,
  current,
  maxChoices,
  hint,
  onAnswer,
  onSkip,
}: {
  options: Option[];
  current: string[];
  maxChoices: number | undefined;
  hint: string | null;
  onAnswer: (value: string[]) => void;
  onSkip: (() => void) | null;
}) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<string[]>(current);
  const full = maxChoices !== undefined && chosen.length >= maxChoices;
  const toggle = (id: string) => setChosen((prev) => (prev.includes(id) ? prev.filter((x) => x !== id) : [...prev, id]));
  return (
    <>
      <AnswerHint text={hint ?? t('triage.chooseAll')} />
      <div className="tile-grid" role="group" aria-labelledby="kiosk-heading" aria-describedby="answer-hint">
        {options.map((o) => {
          const pressed = chosen.includes(o.id);
          return <ChoiceTile key={o.id} label={o.label} icon={o.icon} pressed={pressed} disabled={full && !pressed} onClick={() => toggle(o.id)} />;
        })}
      </div>
      <div className="answer-actions">
        {chosen.length > 0 || !onSkip ? (
          <button type="button" className="kiosk-button primary" disabled={chosen.length === 0} onClick={() => onAnswer(chosen)}>
            <span>{t('common.next')}</span>
            <Icon name="forward" />
          </button>
        ) : (
          <SkipButton onSkip={onSkip} />
        )}
      </div>
    </>
  );
}

function YesNo({ current, hint, onAnswer, onSkip }: { current: boolean | undefined; hint: string | null; onAnswer: (value: boolean) => void; onSkip: (() => void) | null }) {
  const { t } = useTranslation();
  return (
    <>
      {hint && <AnswerHint text={hint} />}
      <div className="tile-grid yes-no" role="group" aria-labelledby="kiosk-heading" aria-describedby={hint ? 'answer-hint' : undefined}>
        <ChoiceTile label={t('triage.yes')} icon="yes" pressed={current === true} onClick={() => onAnswer(true)} />
        <ChoiceTile label={t('triage.no')} icon="no" pressed={current === false} onClick={() => onAnswer(false)} />
      </div>
      <SkipButton onSkip={onSkip} />
    </>
  );
}

function TextAnswer({
  current,
  maxLength,
  hint,
  onAnswer,
  onSkip,
}: {
  current: string;
  maxLength: number;
  hint: string | null;
  onAnswer: (value: string) => void;
  onSkip: (() => void) | null;
}) {
  const { t } = useTranslation();
  const { journey } = useKiosk();
  const [text, setText] = useState(current);
  const filled = text.trim() !== '';
  const submit = () => {
    if (filled) onAnswer(text.trim());
  };
  return (
    <form
      className="text-field"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <label htmlFor="text-answer">{t('triage.answerLabel')}</label>
      {hint && <AnswerHint text={hint} />}
      <textarea
        id="text-answer"
        aria-describedby={hint ? 'answer-hint' : undefined}
        rows={3}
        maxLength={maxLength}
        inputMode="none"
        dir="auto"
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <OnScreenKeyboard language={journey.language} value={text} onEdit={setText} maxLength={maxLength} onDone={submit} doneDisabled={!filled} field="text-answer" capitals="sentences" />
      <div className="answer-actions">
        <button type="submit" className="kiosk-button primary" disabled={!filled}>
          <span>{t('common.next')}</span>
          <Icon name="forward" />
        </button>
        <SkipButton onSkip={onSkip} />
      </div>
    </form>
  );
}

function SkipButton({ onSkip }: { onSkip: (() => void) | null }) {
  const { t } = useTranslation();
  if (!onSkip) return null;
  return (
    <button type="button" className="kiosk-button secondary skip" onClick={onSkip}>
      {t('common.skipQuestion')}
    </button>
  );
}

function assertNever(value: never): never {
  throw new Error(`unhandled question kind: ${JSON.stringify(value)}`);
}
