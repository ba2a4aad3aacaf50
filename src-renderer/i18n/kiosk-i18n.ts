import i18next, { type i18n } from 'i18next';
import { kioskResources } from './resources';

export const kioskNamespace = 'kiosk';

/**
 * The kiosk's own i18next instance (the staff screens stay in English and never share it).
 * Resources are bundled, so initialisation is synchronous and the first render is already
 * translated.
 */
export function createKioskI18n(language: string): i18n {
  const instance = i18next.createInstance();
  void instance.init({
    resources: Object.fromEntries(Object.entries(kioskResources).map(([lang, strings]) => [lang, { [kioskNamespace]: strings }])),
    lng: language,
    fallbackLng: 'en',
    ns: [kioskNamespace],
    defaultNS: kioskNamespace,
    // React escapes text itself; escaping here too would show "&amp;" in hub names.
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  return instance;
}
