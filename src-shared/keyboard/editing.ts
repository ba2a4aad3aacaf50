/**
 * What the on-screen keyboard's keys do to the text of a field. Text is always edited at its end
 * (where the caret is kept), so each edit is a function of the text alone.
 */

/** The key's text added at the end, unless the field's limit (UTF-16 units, like `maxLength`) would be passed. */
export function typeKey(value: string, key: string, maxLength: number): string {
  const next = value + key;
  return next.length <= maxLength ? next : value;
}

/**
 * The last character as a reader sees it removed whole: a letter with its combining marks, a
 * Bengali conjunct with its hasanta and vowel sign, an emoji with its modifiers.
 */
export function deleteLastGrapheme(value: string, locale: string): string {
  if (value === '') return value;
  let lastStart = 0;
  for (const { index } of new Intl.Segmenter(locale, { granularity: 'grapheme' }).segment(value)) lastStart = index;
  return value.slice(0, lastStart);
}

/** A space between words: none at the start, never two in a row. */
export function typeSpace(value: string, maxLength: number): string {
  if (value === '' || /\s$/u.test(value)) return value;
  return typeKey(value, ' ', maxLength);
}

/** A new word starts here: the field is empty, or the text ends in a space or hyphen (Anna-Maria). */
export function atWordStart(value: string): boolean {
  return value === '' || /[\s-]$/u.test(value);
}

/** A new sentence starts here: the field is empty, or the text ends in . ! or ? and a space. */
export function atSentenceStart(value: string): boolean {
  return value.trim() === '' || /[.!?]\s+$/u.test(value);
}

/** Names are capitalised word by word; other text sentence by sentence. */
export type Capitals = 'words' | 'sentences';

/**
 * Whether letter keys show capitals: at each word's start in a name (each sentence's in other
 * text), unless Shift was pressed to say otherwise; elsewhere only after Shift. Shift lasts for
 * one letter.
 */
export function showsCapitals(value: string, shift: boolean, capitals: Capitals = 'words'): boolean {
  return (capitals === 'words' ? atWordStart(value) : atSentenceStart(value)) !== shift;
}
