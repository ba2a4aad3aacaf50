import { useEffect, useSyncExternalStore, type ReactNode } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { z } from 'zod';
import { createStaffI18n, staffLanguageNames, staffLanguages, staffNamespace, type StaffLanguage } from '../i18n/staff-i18n';
import { readSetting, settingKeys, writeSetting } from './local-settings';

const languageSetting = z.enum(staffLanguages);

/**
 * One instance for every staff screen of this page: the words are also needed outside components
 * (labels, toasts, errors), and the language is a setting of this device, not of the account.
 */
export const staffI18n = createStaffI18n(readSetting(settingKeys.staffLanguage, languageSetting, 'en'));

/** The staff words in the current language, for code outside components (call it at render time). */
export const staffT = staffI18n.getFixedT(null, staffNamespace);

/**
 * A table (status → label, role → name…) whose entries are read from the staff translations each
 * time they are used, so code that indexes it follows the language without knowing about it.
 */
export function translatedTable<K extends string>(keys: readonly K[], text: (key: K) => string): Readonly<Record<K, string>> {
  const table = {} as Record<K, string>;
  for (const key of keys) Object.defineProperty(table, key, { get: () => text(key), enumerable: true });
  return table;
}

/** Stands in a translation for an element the screen puts there itself (a name in bold, a live countdown). */
export const slot = '\u2063slot\u2063';

/** The translated text before and after `slot`, so the element between is never parsed from text. */
export function splitAtSlot(text: string): [string, string] {
  const at = text.indexOf(slot);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + slot.length)];
}

export function currentStaffLanguage(): StaffLanguage {
  const parsed = languageSetting.safeParse(staffI18n.language);
  return parsed.success ? parsed.data : 'en';
}

function subscribe(onChange: () => void): () => void {
  staffI18n.on('languageChanged', onChange);
  return () => staffI18n.off('languageChanged', onChange);
}

export function useStaffLanguage(): [StaffLanguage, (language: StaffLanguage) => void] {
  const language = useSyncExternalStore(subscribe, currentStaffLanguage);
  const setLanguage = (next: StaffLanguage) => {
    writeSetting(settingKeys.staffLanguage, next);
    void staffI18n.changeLanguage(next);
  };
  return [language, setLanguage];
}

/** Around every staff screen: the staff words, and the page's lang for screen readers and spelling. */
export function StaffLanguageRoot({ children }: { children: ReactNode }) {
  const [language] = useStaffLanguage();
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  return <I18nextProvider i18n={staffI18n}>{children}</I18nextProvider>;
}

/** English or Cymraeg for this device's staff screens, each named in itself. */
export function StaffLanguageSwitch() {
  const { t } = useTranslation(staffNamespace);
  const [language, setLanguage] = useStaffLanguage();
  return (
    <div className="staff-language" role="group" aria-label={t('language.switch')}>
      {staffLanguages.map((lang) => (
        <button
          key={lang}
          type="button"
          lang={lang}
          className="staff-button staff-button-small"
          aria-pressed={language === lang}
          onClick={() => setLanguage(lang)}
        >
          {staffLanguageNames[lang]}
        </button>
      ))}
    </div>
  );
}
