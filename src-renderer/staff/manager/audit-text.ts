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
  'auth.signed-out': 'Signed out',
  'auth.signed-out-everywhere': 'Signed out everywhere',
  'staff.created': 'Created an account',
  'staff.disabled': 'Disabled an account',
  'staff.enabled': 'Enabled an account',
  'kiosk.pairing-code-created': 'Made a kiosk pairing code',
  'kiosk.enrolled': 'Enrolled a kiosk',
  'kiosk.revoked': 'Revoked a kiosk',
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
  reason: 'reason',
  passedOver: 'ahead of',
  toDesk: 'to desk',
  toServiceId: 'to', outcome: 'outcome', method: 'with', results: 'results', role: 'role', kind: 'kind', from: 'from priority', to: 'to priority',
};

/** The rest of an entry's detail, briefly: internal ids and timestamps are left out (they mean nothing here). */
export function auditDetail(entry: AuditEntryView, info: HubInfo): string {
  return Object.entries(entry.detail ?? {})
    .filter(([key, value]) => key in detailWords && value !== null && value !== undefined && typeof value !== 'object')
    .map(([key, value]) => `${detailWords[key]}: ${key === 'toServiceId' && typeof value === 'string' ? info.serviceName(value) : String(value)}`)
    .join(', ');
}
