import { useCallback, useState } from 'react';
import type { z } from 'zod';

/**
 * Small, non-sensitive preferences of this browser (my desk, my services, names for the PIN
 * picker). Never a password, PIN, token or anything about a resident.
 */
export function readSetting<T>(key: string, schema: z.ZodType<T>, fallback: T): T {
  try {
    const raw = localStorage.getItem(key);
    if (raw === null) return fallback;
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : fallback;
  } catch {
    return fallback;
  }
}

export function writeSetting(key: string, value: unknown): void {
  try {
    if (value === null || value === undefined) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled (private window): the setting lasts for this page only.
  }
}

/** A setting as React state, written through to localStorage. */
export function useSetting<T>(key: string, schema: z.ZodType<T>, fallback: T): [T, (value: T) => void] {
  const [value, setValue] = useState<T>(() => readSetting(key, schema, fallback));
  const update = useCallback(
    (next: T) => {
      setValue(next);
      writeSetting(key, next);
    },
    [key],
  );
  return [value, update];
}

export const settingKeys = {
  receptionDesk: 'frontdoor.reception.desk',
  partnerServices: 'frontdoor.partner.services',
  partnerDesks: 'frontdoor.partner.desks',
  signInMode: 'frontdoor.signin.mode',
  signInNames: 'frontdoor.signin.names',
  shortcuts: 'frontdoor.shortcuts',
  staffLanguage: 'frontdoor.staff.language',
} as const;
