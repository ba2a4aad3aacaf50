import { kioskResources } from './resources';

/** Scripts written right to left; the kiosk mirrors its layout for these. */
const rightToLeft = new Set(['ar', 'ckb', 'fa', 'he', 'ps', 'sd', 'ug', 'ur', 'yi', 'dv']);

export type TextDirection = 'ltr' | 'rtl';

export function directionOf(language: string): TextDirection {
  const base = language.split('-')[0] ?? language;
  return rightToLeft.has(base) ? 'rtl' : 'ltr';
}

/** A language's name written in that language ("Polski", "العربية"), for the picker. */
export function nativeName(language: string): string {
  const own = kioskResources[language]?.['languageName'];
  if (typeof own === 'string') return own;
  try {
    return new Intl.DisplayNames([language], { type: 'language' }).of(language) ?? language;
  } catch {
    return language;
  }
}

/** The kiosk has its own words for this language (otherwise it falls back to English). */
export function isTranslated(language: string): boolean {
  return language in kioskResources;
}
