import { createContext, useContext, type Dispatch } from 'react';
import type { Journey, JourneyAction } from './journey';
import type { KioskSetup } from './kiosk-setup';
import type { Speech } from './useSpeech';

/** Display choices a resident makes for themselves; cleared with everything else on reset. */
export type KioskPrefs = { largeText: boolean; highContrast: boolean; readAloud: boolean; easyRead: boolean };

export const defaultPrefs: KioskPrefs = { largeText: false, highContrast: false, readAloud: false, easyRead: false };

export type KioskContextValue = {
  setup: KioskSetup;
  journey: Journey;
  dispatch: Dispatch<JourneyAction>;
  prefs: KioskPrefs;
  setPrefs: (update: (prefs: KioskPrefs) => KioskPrefs) => void;
  speech: Speech;
  /** Starts a journey (from attract), optionally in another language. */
  start: (language?: string) => void;
  /** Switches the kiosk's language for this resident. */
  chooseLanguage: (language: string) => void;
  /** Back to attract with nothing of this resident left. */
  reset: () => void;
};

export const KioskContext = createContext<KioskContextValue | null>(null);

export function useKiosk(): KioskContextValue {
  const value = useContext(KioskContext);
  if (!value) throw new Error('useKiosk is used inside the kiosk only');
  return value;
}
