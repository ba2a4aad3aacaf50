import type { TFunction } from 'i18next';
import type { AuditEntryView } from '../../../src-shared/api/auth-contract';
import type { HubInfo } from '../hub-info';

/**
 * Every action the hub records in its audit log, each with words in the staff translations
 * (`auditAction.<code>` in resources/i18n/staff), so no raw code reaches the manager.
 */
export const auditActions = [
  'ticket.called',
  'ticket.called-out-of-turn',
  'ticket.recalled',
  'ticket.no-show',
  'ticket.no-show-undone',
  'ticket.started',
  'ticket.finished',
  'ticket.transferred',
  'ticket.cancelled',
  'ticket.created',
  'ticket.prioritised',
  'ticket.reprinted',
  'visit.checked-in',
  'visits.searched',
  'alert.acknowledged',
  'auth.setup',
  'auth.signed-in',
  'auth.sign-in-failed',
  'auth.sign-in-delayed',
  'auth.signed-out',
  'auth.signed-out-everywhere',
  'staff.created',
  'staff.disabled',
  'staff.enabled',
  'staff.unlocked',
  'staff.secret-reset',
  'kiosk.pairing-code-created',
  'kiosk.enrolled',
  'kiosk.revoked',
  'privacy.retention-ran',
  'privacy.retention-checked',
  'privacy.searched',
  'privacy.exported',
  'privacy.erased',
  'privacy.erasure-reapplied',
  'report.exported',
  'event.created',
  'event.updated',
  'event.cancelled',
  'event.deleted',
  'visit.event-tagged',
  'journey.recorded',
  'demographics.recorded',
] as const;

const known = new Set<string>(auditActions);

/** What was done, in words; an action this screen does not know yet is named by its code. */
export function actionWords(t: TFunction<'staff'>, action: string): string {
  return known.has(action) ? t(`auditAction.${action}` as never) : t('audit.other', { action });
}

/** What an audit entry was about, in words: a ticket number and service, an account, or the kind of thing. */
export function auditSubject(t: TFunction<'staff'>, entry: AuditEntryView, info: HubInfo): string {
  const detail = entry.detail ?? {};
  const text = (key: string) => (typeof detail[key] === 'string' ? (detail[key] as string) : null);
  const number = text('number');
  if (number) {
    const service = text('serviceId');
    const desk = text('desk');
    return [number, service ? info.serviceName(service) : null, desk].filter(Boolean).join(' · ');
  }
  const username = text('username');
  if (username) return t('audit.account', { username });
  const kiosk = entry.subjectType === 'kiosk' ? text('name') : null;
  if (kiosk) return t('audit.kiosk', { name: kiosk });
  return entry.subjectType ?? '';
}

/** The details an entry is shown with, each with its words (`auditDetail.<key>`). */
const detailKeys = new Set(['passedOver', 'toDesk', 'toServiceId', 'outcome', 'method', 'results', 'role', 'kind', 'from', 'to', 'by', 'matches', 'requestedBy', 'reason', 'basis', 'visits', 'asOf', 'via']);

/** The rest of an entry's detail, briefly: internal ids and timestamps are left out (they mean nothing here). */
export function auditDetail(t: TFunction<'staff'>, entry: AuditEntryView, info: HubInfo): string {
  return Object.entries(entry.detail ?? {})
    .filter(([key, value]) => detailKeys.has(key) && value !== null && value !== undefined && typeof value !== 'object')
    .map(([key, value]) => `${t(`auditDetail.${key}` as never)}: ${key === 'toServiceId' && typeof value === 'string' ? info.serviceName(value) : String(value)}`)
    .join(', ');
}
