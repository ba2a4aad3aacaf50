import { useCallback, useState, type Dispatch, type SetStateAction } from 'react';
import { useTranslation } from 'react-i18next';
import { localize } from '../../../src-shared/config/schema';
import { ChoiceTile } from '../ChoiceTile';
import type { HowHeardChoice } from '../journey';
import { useKiosk } from '../kiosk-context';
import { OnScreenKeyboard } from '../OnScreenKeyboard';
import { ScreenShell } from '../ScreenShell';

const otherMaxLength = 80;

/** "How did you hear about us?": several answers allowed, each a large tile with an icon. */
export function HowHeardScreen() {
  const { t } = useTranslation();
  const { setup, journey, dispatch } = useKiosk();
  const [chosen, setChosen] = useState<HowHeardChoice[]>(journey.howHeard);
  const isChosen = (id: string) => chosen.some((c) => c.optionId === id);
  const toggle = (id: string) => setChosen((prev) => (prev.some((c) => c.optionId === id) ? prev.filter((c) => c.optionId !== id) : [...prev, { optionId: id }]));
  const setText = (id: string, text: string) => setChosen((prev) => prev.map((c) => (c.optionId === id ? { ...c, text } : c)));
  const textOf = (id: string) => chosen.find((c) => c.optionId === id)?.text ?? '';
  const withText = setup.howHeard.options.filter((o) => o.freeText && isChosen(o.id));
  // The keyboard types into the text field last touched, or the newest one shown.
  const [typingIn, setTypingIn] = useState<string | null>(null);
  const activeId: string | null = withText.some((o) => o.id === typingIn) ? typingIn : (withText.at(-1)?.id ?? null);
  const next = () => dispatch({ type: 'how-heard', choices: chosen });

  return (
    <ScreenShell
      heading={t('howHeard.title')}
      speech={`${t('howHeard.title')} ${t('howHeard.hint')}`}
      onBack={() => dispatch({ type: 'back' })}
      talk
      actions={
        <button type="button" className="kiosk-button primary" onClick={next}>
          {chosen.length > 0 ? t('common.next') : t('common.skip')}
        </button>
      }
    >
      <p className="lead" id="how-heard-hint">
        {t('howHeard.hint')}
      </p>
      <div className="tile-grid" role="group" aria-labelledby="kiosk-heading" aria-describedby="how-heard-hint">
        {setup.howHeard.options.map((o) => (
          <ChoiceTile key={o.id} label={localize(o.label, journey.language)} icon={o.icon} pressed={isChosen(o.id)} onClick={() => toggle(o.id)} />
        ))}
      </div>
      {withText.map((o) => (
        <div className="text-field" key={o.id}>
          <label htmlFor={`how-heard-${o.id}`}>
            {localize(o.label, journey.language)}: {t('howHeard.otherLabel')}
          </label>
          <input
            id={`how-heard-${o.id}`}
            type="text"
            maxLength={otherMaxLength}
            inputMode="none"
            dir="auto"
            autoComplete="off"
            value={textOf(o.id)}
            onFocus={() => setTypingIn(o.id)}
            onChange={(e) => setText(o.id, e.target.value)}
          />
        </div>
      ))}
      {activeId !== null && <OtherKeyboard optionId={activeId} language={journey.language} value={textOf(activeId)} setChosen={setChosen} onDone={next} />}
    </ScreenShell>
  );
}

/** The keyboard typing into one "tell us more" field. */
function OtherKeyboard({
  optionId,
  language,
  value,
  setChosen,
  onDone,
}: {
  optionId: string;
  language: string;
  value: string;
  setChosen: Dispatch<SetStateAction<HowHeardChoice[]>>;
  onDone: () => void;
}) {
  const edit = useCallback(
    (change: (text: string) => string) => setChosen((prev) => prev.map((c) => (c.optionId === optionId ? { ...c, text: change(c.text ?? '') } : c))),
    [optionId, setChosen],
  );
  return <OnScreenKeyboard language={language} value={value} onEdit={edit} maxLength={otherMaxLength} onDone={onDone} field={`how-heard-${optionId}`} capitals="sentences" />;
}
