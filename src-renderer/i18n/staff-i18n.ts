import type { i18n } from 'i18next';
import cy from '../../resources/i18n/staff/cy.json';
import en from '../../resources/i18n/staff/en.json';
import { createI18n, type TextTree } from './create-i18n';

export const staffNamespace = 'staff';

/**
 * The staff screens' words: English, and Welsh for hubs in Wales. The Welsh is a first draft for a
 * Welsh-speaking colleague to check (keep every {{placeholder}} and <tag>).
 */
export const staffResources: Record<string, TextTree> = { en, cy };

export const staffLanguages = ['en', 'cy'] as const;
export type StaffLanguage = (typeof staffLanguages)[number];

/** Each language's name in itself, for the switch. */
export const staffLanguageNames: Record<StaffLanguage, string> = { en: 'English', cy: 'Cymraeg' };

export function createStaffI18n(language: StaffLanguage): i18n {
  return createI18n(staffNamespace, staffResources, language);
}
