import { errorCodes, outcomeKinds, ticketStatuses, type OutcomeKind, type TicketStatus } from '../../src-shared/api/contract';
import { staffRoles, type StaffRole } from '../../src-shared/api/auth-contract';
import { flagKinds, type FlagKind } from '../../src-shared/config/schema';
import { ApiRequestError } from '../api/client';
import { currentStaffLanguage, staffT, translatedTable } from './staff-language';

/**
 * The staff screens' words that are needed outside components, through the staff translations
 * (resources/i18n/staff). The tables read the current language each time they are used.
 */

export const statusLabel = translatedTable<TicketStatus>(ticketStatuses, (status) => staffT(`status.${status}`));

/** The status as a word inside a sentence ("M001 is waiting: …"). */
export const statusWord = translatedTable<TicketStatus>(ticketStatuses, (status) => staffT(`statusWord.${status}`));

export const outcomeLabel = translatedTable<OutcomeKind>(outcomeKinds, (outcome) => staffT(`outcome.${outcome}`));

export const flagLabel = translatedTable<FlagKind>(flagKinds, (flag) => staffT(`flag.${flag}`));

/** Flags that put a visitor at the top of every list and ring at reception. */
export const alarmingFlags: readonly FlagKind[] = ['crisis', 'safeguarding', 'urgent'];

const accessKinds = ['hearing-loop', 'step-free', 'quiet-space', 'reading-help'] as const;
const accessLabels = translatedTable(accessKinds, (need) => staffT(`access.${need}`));

/** The kiosk's access needs in words; anything else as the hub sent it. */
export function accessLabel(need: string): string {
  return (accessKinds as readonly string[]).includes(need) ? accessLabels[need as (typeof accessKinds)[number]] : need;
}

export const accessNeeds: readonly string[] = accessKinds;

/** The live channel sent this screen something it cannot read: it may be out of date until reloaded. */
export const needsReloadText = {
  get message() {
    return staffT('needsReload.message');
  },
  get reload() {
    return staffT('needsReload.reload');
  },
};

export const roleLabel = translatedTable<StaffRole>(staffRoles, (role) => staffT(`role.${role}`));

/** Always in our words, whatever the hub said. */
const translatedErrors = ['NETWORK', 'UNKNOWN_DESK', 'NOT_FOUND'] as const;
const errorText = translatedTable(translatedErrors, (code) => staffT(`errors.${code}`));

/** FORBIDDEN is said for any 403, NO_SHOW_TOO_EARLY from its details, the rest of these in our words. */
const ownHandling: readonly string[] = ['FORBIDDEN', 'NO_SHOW_TOO_EARLY', ...translatedErrors];

/**
 * Every other code: its message the hub writes for people (in English, with the particulars: which ticket,
 * which field): shown as they are in English, and in other languages in the staff translations'
 * words for the code (`errors.<CODE>`).
 */
const hubWordedErrors: readonly string[] = errorCodes.filter((code) => !ownHandling.includes(code));

/** "Give M001 about 3 more minutes …" in the staff screens' language, from the hub's details. */
function noShowTooEarly(error: ApiRequestError): string {
  const seconds = typeof error.details?.['secondsLeft'] === 'number' ? error.details['secondsLeft'] : null;
  const number = typeof error.details?.['number'] === 'string' ? error.details['number'] : null;
  if (seconds === null || number === null) return error.message;
  return seconds <= 60 ? staffT('errors.noShowSeconds', { count: seconds, number }) : staffT('errors.noShowMinutes', { count: Math.ceil(seconds / 60), number });
}

/** An error whose message is written for staff and can be shown as it is. */
export class StaffMessage extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StaffMessage';
  }
}

/** A message for staff: our wording where we have one, the hub's own otherwise (it is written for people). */
export function describeError(error: unknown, fallback?: string): string {
  if (error instanceof StaffMessage) return error.message;
  if (!(error instanceof ApiRequestError)) return fallback ?? staffT('errors.fallback');
  if (error.status === 403 && error.code !== 'CSRF_FAILED') return staffT('errors.forbidden');
  if (error.code === 'NO_SHOW_TOO_EARLY') return noShowTooEarly(error);
  const hubWorded = hubWordedErrors.includes(error.code);
  if (hubWorded && currentStaffLanguage() === 'en') return error.message || staffT(`errors.${error.code}` as never, { message: '' });
  if (hubWorded) return staffT(`errors.${error.code}` as never, { message: error.message });
  return (translatedErrors as readonly string[]).includes(error.code) ? errorText[error.code as (typeof translatedErrors)[number]] : error.message;
}

/** "1 min", "12 min", "1 h 05 min": waits as text, never as colour alone. */
export function formatMinutes(minutes: number): string {
  const m = Math.max(0, Math.floor(minutes));
  if (m < 60) return staffT('time.minutes', { minutes: m });
  return staffT('time.hours', { hours: Math.floor(m / 60), minutes: String(m % 60).padStart(2, '0') });
}

export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function formatClock(iso: string, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone }).format(new Date(iso));
  } catch {
    return iso.slice(11, 16);
  }
}

/** A visitor's language named in the staff screens' language ("Polish", "Pwyleg"). */
export function languageName(code: string): string {
  try {
    return new Intl.DisplayNames([currentStaffLanguage()], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
