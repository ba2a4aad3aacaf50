import type { TextTree } from './create-i18n';
import ar from '../../resources/i18n/ar.json';
import bn from '../../resources/i18n/bn.json';
import ckb from '../../resources/i18n/ckb.json';
import en from '../../resources/i18n/en.json';
import pl from '../../resources/i18n/pl.json';
import ro from '../../resources/i18n/ro.json';
import uk from '../../resources/i18n/uk.json';
import zhHans from '../../resources/i18n/zh-Hans.json';

/** Kiosk text tree of one language; leaves are strings (plural forms are sibling keys `x_one`…). */
export type KioskStrings = TextTree;

/**
 * Every kiosk translation, bundled: the attract screen shows "Tap to start" and the language
 * names in all of them at once, and together they are a few tens of kilobytes, so fetching them
 * lazily would only add a round trip before the first screen.
 */
export const kioskResources: Record<string, KioskStrings> = {
  en,
  pl,
  ar,
  ro,
  uk,
  bn,
  'zh-Hans': zhHans,
  ckb,
};

export const englishStrings = en;
