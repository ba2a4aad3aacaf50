import { memo, useCallback, useMemo, useState, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { deleteLastGrapheme, showsCapitals, typeKey, typeSpace, type Capitals } from '../../src-shared/keyboard/editing';
import { isCombining, keyCase, keyboardFor } from '../../src-shared/keyboard/layouts';
import { nativeName } from '../i18n/languages';
import { Icon } from './Icon';
import { useKiosk } from './kiosk-context';

type KeyboardProps = {
  /** The resident's language: its script's layout comes first. */
  language: string;
  /** The field's text, for capitals at each word's start. */
  value: string;
  /** Applies a key's edit to the field's text (a React state setter fits). */
  onEdit: (edit: (value: string) => string) => void;
  maxLength: number;
  /** The Done key: what the screen's Next does. */
  onDone: () => void;
  doneDisabled?: boolean;
  /** The id of the field the keys type into. */
  field: string;
  /** Capitals at each word's start (a name, the default) or each sentence's (an answer in words). */
  capitals?: Capitals;
  /** A key for digits and signs (a bus number, a date, an address): by default for answers in words, not names. */
  numbers?: boolean;
};

/** Digits and the signs an answer in words may need, behind the 123 key. */
const numberRows: readonly (readonly string[])[] = [
  ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'],
  ['-', '/', ':', ';', '(', ')', '£', '&', '@', '"'],
  ['.', ',', '?', '!', "'", '#', '%', '+', '€', '*'],
];

/**
 * The kiosk's own keyboard: a kiosk has no physical one, and the operating system's cannot be
 * relied on in kiosk mode. Keys are plain buttons named by what they type or do, so screen
 * readers and switch users reach them like any other control; a tap does not move focus away
 * from the field. Letter keys are memoised: a keystroke redraws only the keys whose letter
 * changes case.
 */
export function OnScreenKeyboard({ language, value, onEdit, maxLength, onDone, doneDisabled, field, capitals = 'words', numbers = capitals === 'sentences' }: KeyboardProps) {
  const { t } = useTranslation();
  const { prefs, speech } = useKiosk();
  // With "Read aloud" on, each key says what it typed or did: the kiosk needs no headset reader of the resident's own.
  const say = prefs.readAloud ? speech.speak : null;
  const { own, latin } = useMemo(() => keyboardFor(language), [language]);
  const [inLatin, setInLatin] = useState(false);
  const [layer, setLayer] = useState(0);
  const [shift, setShift] = useState(false);
  const [inNumbers, setInNumbers] = useState(false);
  const layout = inLatin && latin ? latin : own;
  const layerShown = Math.min(layer, layout.layers.length - 1);
  const showNumbers = numbers && inNumbers;
  const rows = showNumbers ? numberRows : (layout.layers[layerShown] ?? []);
  const upper = !showNumbers && layout.cased && showsCapitals(value, shift, capitals);
  const moreLayer = layout.layers[1];

  const locale = layout.lang;
  const type = useCallback(
    (key: string) => {
      onEdit((text) => typeKey(text, key, maxLength));
      setShift(false);
      say?.(key, locale);
    },
    [onEdit, maxLength, say, locale],
  );
  const act = (edit: (text: string) => string, spoken: string) => {
    onEdit(edit);
    say?.(spoken, language);
  };

  return (
    <div className="osk" role="group" aria-label={t('keyboard.label')} data-layout={layout.id} data-layer={showNumbers ? 'numbers' : layerShown}>
      {layout.romanised === 'pinyin' && <p className="osk-note">{t('keyboard.pinyinNote')}</p>}
      <div className="osk-letters" lang={layout.lang} dir={layout.dir}>
        {rows.map((keys, r) => (
          <div className="osk-row" key={`${layout.id}-${showNumbers ? 'numbers' : layerShown}-${r}`}>
            {keys.map((key) => (
              <LetterKey key={key} text={keyCase(key, upper, locale)} onType={type} field={field} />
            ))}
          </div>
        ))}
      </div>
      <div className="osk-row osk-controls">
        {numbers && (
          <button type="button" className="osk-key fn" aria-pressed={showNumbers} onMouseDown={keepFocus} onClick={() => setInNumbers((n) => !n)}>
            <span lang="en">123</span>
            <span className="visually-hidden"> {t('keyboard.numbers')}</span>
          </button>
        )}
        {layout.cased && !showNumbers && (
          <button type="button" className="osk-key fn" aria-pressed={upper} aria-controls={field} onMouseDown={keepFocus} onClick={() => setShift((s) => !s)}>
            <Icon name="shift" />
            <span className="visually-hidden">{t('keyboard.shift')}</span>
          </button>
        )}
        {moreLayer && !showNumbers && (
          <button
            type="button"
            className="osk-key fn"
            aria-pressed={layerShown === 1}
            onMouseDown={keepFocus}
            onClick={() => setLayer((l) => (l === 1 ? 0 : 1))}
          >
            <span lang={layout.lang} dir={layout.dir}>
              {layout.script === 'latin' ? 'àé' : (moreLayer[0] ?? []).slice(0, 3).join('')}
            </span>
            <span className="visually-hidden"> {layout.script === 'latin' ? t('keyboard.accents') : t('keyboard.moreLetters')}</span>
          </button>
        )}
        {latin && (
          <button
            type="button"
            className="osk-key fn"
            onMouseDown={keepFocus}
            onClick={() => {
              setInLatin((l) => !l);
              setLayer(0);
              setShift(false);
              setInNumbers(false);
            }}
          >
            {inLatin ? (
              <>
                <span lang={own.lang} dir={own.dir}>
                  {own.sample}
                </span>
                <span className="visually-hidden"> {nativeName(language)}</span>
              </>
            ) : (
              <>
                <span lang="en">ABC</span>
                <span className="visually-hidden"> {t('keyboard.latin')}</span>
              </>
            )}
          </button>
        )}
        <button type="button" className="osk-key fn space" aria-controls={field} onMouseDown={keepFocus} onClick={() => act((text) => typeSpace(text, maxLength), t('keyboard.space'))}>
          {t('keyboard.space')}
        </button>
        <button type="button" className="osk-key fn" aria-controls={field} onMouseDown={keepFocus} onClick={() => act((text) => deleteLastGrapheme(text, locale), t('keyboard.backspace'))}>
          <Icon name="backspace" />
          <span className="visually-hidden">{t('keyboard.backspace')}</span>
        </button>
        <button type="button" className="osk-key fn" aria-controls={field} onMouseDown={keepFocus} onClick={() => act(() => '', t('keyboard.clear'))}>
          {t('keyboard.clear')}
        </button>
        <button type="button" className="osk-key fn done" disabled={doneDisabled} onMouseDown={keepFocus} onClick={onDone}>
          {t('keyboard.done')}
        </button>
      </div>
    </div>
  );
}

/** A tap on a key leaves focus (and the caret) where it was; keyboard users still Tab to keys. */
function keepFocus(event: MouseEvent) {
  event.preventDefault();
}

const LetterKey = memo(function LetterKey({ text, onType, field }: { text: string; onType: (key: string) => void; field: string }) {
  const combining = isCombining(text);
  return (
    <button type="button" className="osk-key" aria-controls={field} onMouseDown={keepFocus} onClick={() => onType(text)}>
      {combining ? (
        <>
          {/* A vowel sign alone is drawn on a dotted circle, and named by the sign itself. */}
          <span aria-hidden="true">{`\u25CC${text}`}</span>
          <span className="visually-hidden">{text}</span>
        </>
      ) : (
        text
      )}
    </button>
  );
});
