import i18next, { type i18n } from 'i18next';

/** One language's text tree; leaves are strings (plural forms are sibling keys `x_one`…). */
export type TextTree = { [key: string]: string | TextTree };

/**
 * An i18next instance of its own for one face of the app (kiosk, display, staff): each keeps its
 * language apart from the others even in one window. Resources are bundled, so initialisation is
 * synchronous and the first render is already translated.
 */
export function createI18n(namespace: string, resources: Record<string, TextTree>, language: string): i18n {
  const instance = i18next.createInstance();
  void instance.init({
    resources: Object.fromEntries(Object.entries(resources).map(([lang, strings]) => [lang, { [namespace]: strings }])),
    lng: language,
    fallbackLng: 'en',
    ns: [namespace],
    defaultNS: namespace,
    // React escapes text itself; escaping here too would show "&amp;" in hub names.
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  return instance;
}
