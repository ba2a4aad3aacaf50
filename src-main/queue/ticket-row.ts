import type { TicketStatus, TicketView } from '../../src-shared/api/contract';
import { flagKinds, type FlagKind } from '../../src-shared/config/schema';

/** A ticket as `ticketViewSql` reads it: the ticket, its visit's details and whether another stop is active. */
export type TicketRow = {
  id: string;
  visit_id: string;
  service_id: string;
  service_day: string;
  seq: number;
  number: string;
  stop_order: number;
  status: TicketStatus;
  priority: number;
  desk: string | null;
  staff_id: string | null;
  queued_at: string;
  called_at: string | null;
  started_at: string | null;
  finished_at: string | null;
  recall_count: number;
  display_name: string | null;
  language: string | null;
  interpreter: number;
  accessibility: string;
  flags: string | null;
  needs: string | null;
  with_another: string | null;
  sent_to_desk: string | null;
  sent_to_staff_id: string | null;
  sent_to_staff_name: string | null;
};

export const ticketViewSql = `
  SELECT t.*, v.display_name, v.language, v.interpreter, v.accessibility,
    (SELECT group_concat(f.flag) FROM visit_flags f WHERE f.visit_id = t.visit_id) AS flags,
    (SELECT group_concat(n.need_id) FROM visit_needs n WHERE n.visit_id = t.visit_id) AS needs,
    (SELECT o.service_id FROM tickets o WHERE o.visit_id = t.visit_id AND o.id <> t.id AND o.status IN ('called', 'serving') LIMIT 1) AS with_another,
    (SELECT s.display_name FROM staff s WHERE s.id = t.sent_to_staff_id) AS sent_to_staff_name
  FROM tickets t JOIN visits v ON v.id = t.visit_id`;

export function splitList(value: string | null): string[] {
  return value ? value.split(',').filter(Boolean) : [];
}

function isFlagKind(value: string): value is FlagKind {
  return (flagKinds as readonly string[]).includes(value);
}

/** A `group_concat` of flags as the list of kinds (the column only ever holds known kinds). */
export function flagList(value: string | null): FlagKind[] {
  return splitList(value).filter(isFlagKind);
}

export function toTicketView(row: TicketRow): TicketView {
  let accessibility: string[] = [];
  try {
    const parsed: unknown = JSON.parse(row.accessibility);
    if (Array.isArray(parsed)) accessibility = parsed.filter((x): x is string => typeof x === 'string');
  } catch {
    accessibility = [];
  }
  return {
    id: row.id,
    visitId: row.visit_id,
    serviceId: row.service_id,
    number: row.number,
    status: row.status,
    priority: row.priority,
    displayName: row.display_name,
    desk: row.desk,
    queuedAt: row.queued_at,
    calledAt: row.called_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    recallCount: row.recall_count,
    stopOrder: row.stop_order,
    flags: flagList(row.flags),
    needs: splitList(row.needs),
    language: row.language,
    interpreter: row.interpreter === 1,
    accessibility,
    withAnotherService: row.with_another,
    sentToDesk: row.sent_to_desk,
    sentToStaff: row.sent_to_staff_id ? { id: row.sent_to_staff_id, displayName: row.sent_to_staff_name ?? '' } : null,
  };
}
