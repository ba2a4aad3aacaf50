import type { i18n } from 'i18next';
import { createI18n } from './create-i18n';
import { kioskResources } from './resources';

export const kioskNamespace = 'kiosk';

/** The kiosk's own i18next instance, in the resident's language (staff screens and the display have theirs). */
export function createKioskI18n(language: string): i18n {
  return createI18n(kioskNamespace, kioskResources, language);
}
