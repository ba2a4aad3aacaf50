import type { AuditEntryView } from '../../../src-shared/api/auth-contract';
import type { HubInfo } from '../hub-info';

/** An audit entry in words for the manager: what was done, to what, and the detail that matters. */
export const actionWords: Record<string, string> = {
  'ticket.called': 'Called',
  'ticket.called-out-of-turn': 'Called out of turn',
  'ticket.recalled': 'Recalled',
  'ticket.no-show': 'Marked a no-show',
  'ticket.no-show-undone': 'Undid a no-show',
  'ticket.started': 'Started seeing',
  'ticket.finished': 'Finished',
  'ticket.transferred': 'Sent to another service',
  'ticket.cancelled': 'Cancelled',
  'ticket.created': 'Queued',
  'ticket.prioritised': 'Moved up',
  'ticket.reprinted': 'Reprinted',
  'visit.checked-in': 'Checked in by hand',
  'visits.searched': 'Searched today’s visits',
  'alert.acknowledged': 'Acknowledged an alert',
  'auth.setup': 'Set up the hub',
  'auth.signed-in': 'Signed in',
  'auth.sign-in-failed': 'Failed to sign in (wrong password or PIN)',
  'auth.sign-in-delayed': 'Sign-in held back after wrong tries',
  'auth.signed-out': 'Signed out',
  'auth.signed-out-everywhere': 'Signed out everywhere',
  'staff.created': 'Created an account',
  'staff.disabled': 'Disabled an account',
  'staff.enabled': 'Enabled an account',
  'staff.unlocked': 'Unlocked an account',
  'staff.secret-reset': 'Reset a password or PIN',
  'kiosk.pairing-code-created': 'Made a kiosk pairing code',
  'kiosk.enrolled': 'Enrolled a kiosk',
  'kiosk.revoked': 'Revoked a kiosk',
  'privacy.retention-ran': 'Ran retention',
  'privacy.retention-checked': 'Checked what retention would remove',
  'privacy.searched': 'Looked for a resident (subject access)',
  'privacy.exported': 'Exported what is held about a resident',
  'privacy.erased': 'Erased a resident’s personal data',
  'privacy.erasure-reapplied': 'Erased again after a restore',
  'report.exported': 'Exported a report',
  'event.created': 'Added an event',
  'event.updated': 'Changed an event',
  'event.cancelled': 'Cancelled an event',
  'event.deleted': 'Deleted an event',
  'visit.event-tagged': 'Noted which event a visit came for',
  'journey.recorded': 'Recorded a journey step (signposted, referred, registered or an outcome)',
  'demographics.recorded': 'Recorded equality monitoring answers',
};

/** What an audit entry was about, in words: a ticket number and service, an account, or the kind of thing. */
export function auditSubject(entry: AuditEntryView, info: HubInfo): string {
  const detail = entry.detail ?? {};
  const text = (key: string) => (typeof detail[key] === 'string' ? (detail[key] as string) : null);
  const number = text('number');
  if (number) {
    const service = text('serviceId');
    const desk = text('desk');
    return [number, service ? info.serviceName(service) : null, desk].filter(Boolean).join(' · ');
  }
  const username = text('username');
  if (username) return `Account ${username}`;
  const kiosk = entry.subjectType === 'kiosk' ? text('name') : null;
  if (kiosk) return `Kiosk ${kiosk}`;
  return entry.subjectType ?? '';
}

const detailWords: Record<string, string> = {
  passedOver: 'ahead of',
  toDesk: 'to desk',
  toServiceId: 'to',
  outcome: 'outcome',
  method: 'with',
  results: 'results',
  role: 'role',
  kind: 'kind',
  from: 'from priority',
  to: 'to priority',
  by: 'by',
  matches: 'found',
  requestedBy: 'asked by',
  reason: 'reason',
  basis: 'ground',
  visits: 'visits',
  asOf: 'as of',
  via: 'by',
};

/** The rest of an entry's detail, briefly: internal ids and timestamps are left out (they mean nothing here). */
export function auditDetail(entry: AuditEntryView, info: HubInfo): string {
  return Object.entries(entry.detail ?? {})
    .filter(([key, value]) => key in detailWords && value !== null && value !== undefined && typeof value !== 'object')
    .map(([key, value]) => `${detailWords[key]}: ${key === 'toServiceId' && typeof value === 'string' ? info.serviceName(value) : String(value)}`)
    .join(', ');
}
