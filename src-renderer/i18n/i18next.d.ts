import type en from '../../resources/i18n/en.json';
import type displayEn from '../../resources/i18n/display/en.json';
import type staffEn from '../../resources/i18n/staff/en.json';

// Types every t() key against the English resource, so a typo is a compile error.
declare module 'i18next' {
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- module augmentation needs an interface
  interface CustomTypeOptions {
    defaultNS: 'kiosk';
    resources: { kiosk: typeof en; display: typeof displayEn; staff: typeof staffEn };
  }
}
