import type { i18n } from 'i18next';
import ar from '../../resources/i18n/display/ar.json';
import bn from '../../resources/i18n/display/bn.json';
import ckb from '../../resources/i18n/display/ckb.json';
import en from '../../resources/i18n/display/en.json';
import pl from '../../resources/i18n/display/pl.json';
import ro from '../../resources/i18n/display/ro.json';
import uk from '../../resources/i18n/display/uk.json';
import zhHans from '../../resources/i18n/display/zh-Hans.json';
import { createI18n, type TextTree } from './create-i18n';

export const displayNamespace = 'display';

/**
 * The "now calling" board's fixed words in the sample hub's languages. Everything but English is a
 * first draft for the hub's translators to check (keep {{number}} and {{desk}}), as are the spoken
 * calls in call-phrases.ts.
 */
export const displayResources: Record<string, TextTree> = { en, pl, ar, ro, uk, bn, 'zh-Hans': zhHans, ckb };

/** The board's own i18next instance, in the hub's default language; a visitor's language through getFixedT. */
export function createDisplayI18n(language: string): i18n {
  return createI18n(displayNamespace, displayResources, language);
}

/** The board's language for a visitor's tag ("pl-PL" → "pl", "zh-CN" → "zh-Hans"); null where it has no words in it. */
export function displayLanguageOf(language: string): string | null {
  if (language in displayResources) return language;
  const base = language.split('-')[0] ?? language;
  if (base in displayResources) return base;
  return base === 'zh' ? 'zh-Hans' : null;
}
