import type { ErrorCode, OutcomeKind, TicketStatus } from '../../src-shared/api/contract';
import type { StaffRole } from '../../src-shared/api/auth-contract';
import type { FlagKind } from '../../src-shared/config/schema';
import { ApiRequestError } from '../api/client';

/**
 * The staff screens' words in one place (staff work in English today; this is the table to
 * translate when they do not).
 */

export const statusLabel: Record<TicketStatus, string> = {
  waiting: 'Waiting',
  called: 'Called',
  serving: 'Being seen',
  done: 'Finished',
  'no-show': 'No-show',
  cancelled: 'Cancelled',
  transferred: 'Sent on',
};

export const outcomeLabel: Record<OutcomeKind, string> = {
  'advice-given': 'Advice given',
  referred: 'Referred to another organisation',
  registered: 'Registered onto the programme',
  signposted: 'Signposted elsewhere',
  'appointment-booked': 'Appointment booked',
  'no-further-action': 'No further action',
};

export const flagLabel: Record<FlagKind, string> = {
  crisis: 'Crisis',
  safeguarding: 'Safeguarding',
  urgent: 'Urgent',
  interpreter: 'Interpreter',
  bsl: 'BSL interpreter',
};

/** Flags that put a visitor at the top of every list and ring at reception. */
export const alarmingFlags: readonly FlagKind[] = ['crisis', 'safeguarding', 'urgent'];

const accessLabels: Record<string, string> = {
  'hearing-loop': 'Hearing loop',
  'step-free': 'Step-free access',
  'quiet-space': 'Quiet space',
  'reading-help': 'Help with reading',
};

/** The kiosk's access needs in words; anything else as the hub sent it. */
export function accessLabel(need: string): string {
  return accessLabels[need] ?? need;
}

export const accessNeeds = Object.keys(accessLabels);

/** The live channel sent this screen something it cannot read: it may be out of date until reloaded. */
export const needsReloadText = {
  message: 'This screen needs reloading: it received an update it could not read, so what it shows may be out of date.',
  reload: 'Reload',
};

export const roleLabel: Record<StaffRole, string> = {
  reception: 'Reception',
  partner: 'Partner',
  manager: 'Manager',
  admin: 'Administrator',
};

const errorText: Partial<Record<ErrorCode | 'NETWORK', string>> = {
  NETWORK: 'The hub cannot be reached. Check the network and try again.',
  QUEUE_EMPTY: 'Nobody is waiting who can be called now.',
  INVALID_TRANSITION: 'That ticket has changed meanwhile; the list is up to date now.',
  UNKNOWN_DESK: 'That desk does not belong to this service. Choose your desk again.',
  NOT_FOUND: 'That is no longer there.',
};

/** An error whose message is written for staff and can be shown as it is. */
export class StaffMessage extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StaffMessage';
  }
}

/** A message for staff: our wording where we have one, the hub's own otherwise (it is written for people). */
export function describeError(error: unknown, fallback = 'That did not work. Please try again.'): string {
  if (error instanceof StaffMessage) return error.message;
  if (!(error instanceof ApiRequestError)) return fallback;
  if (error.status === 403) return 'Your account is not allowed to do that.';
  if (error.code === 'NO_SHOW_TOO_EARLY' || error.code === 'INVALID_TRANSITION' || error.code === 'QUEUE_EMPTY') return error.message;
  return errorText[error.code] ?? error.message;
}

/** "1 min", "12 min", "1 h 05 min": waits as text, never as colour alone. */
export function formatMinutes(minutes: number): string {
  const m = Math.max(0, Math.floor(minutes));
  if (m < 60) return `${m} min`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
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

export function languageName(code: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
