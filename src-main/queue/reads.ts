import type { QueueEvent, QueueEventType, QueueSnapshot, ServiceQueueView, TicketView, VisitSearchResult } from '../../src-shared/api/contract';
import { HubError } from '../errors';
import type { HubDatabase } from '../store/database';
import type { QueueContext } from './queue-context';
import { query, type Count } from './statements';
import type { StoredTicket } from './event-writer';
import { ticketViewSql, toTicketView, visitFieldsOf, type TicketRow } from './ticket-row';
import type { Waits } from './waits';

export type TicketWithWait = TicketView & { estimatedWaitMinutes: number };

type VisitForSearch = {
  id: string;
  checked_in_at: string;
  display_name: string | null;
  method: VisitSearchResult['visits'][number]['method'];
  status: 'open' | 'closed';
  notice_version: string | null;
  optional_questions: number | null;
};

type EventRow = {
  id: number;
  type: QueueEventType;
  at: string;
  desk: string | null;
  staff_id: string | null;
  ticket: string;
  display_name: string | null;
  language: string | null;
  interpreter: number | null;
  accessibility: string | null;
  flags: string | null;
  needs: string | null;
};

function statements(db: HubDatabase) {
  return {
    ticketView: query<[ticketId: string], TicketRow>(db, `${ticketViewSql} WHERE t.id = ?`),
    ticketsOfVisit: query<[visitId: string], TicketRow>(db, `${ticketViewSql} WHERE t.visit_id = ? ORDER BY t.stop_order, t.seq`),
    activeTickets: query<[serviceDay: string], TicketRow>(
      db,
      `${ticketViewSql} WHERE t.service_day = ? AND t.status IN ('waiting', 'called', 'serving')
       ORDER BY t.service_id, t.priority DESC, t.queued_at, t.seq`,
    ),
    lastSeq: query<[], Count>(db, `SELECT coalesce(max(id), 0) AS n FROM ticket_events`),
    eventsSince: query<[seq: number, limit: number], EventRow>(
      db,
      // The event keeps how the ticket moved; the visitor's details come from the visit as it is now
      // (after retention or erasure: none).
      `SELECT e.id, e.type, e.at, e.desk, e.staff_id, e.ticket, v.display_name, v.language, v.interpreter, v.accessibility,
         (SELECT group_concat(f.flag) FROM visit_flags f WHERE f.visit_id = e.visit_id) AS flags,
         (SELECT group_concat(n.need_id) FROM visit_needs n WHERE n.visit_id = e.visit_id) AS needs
       FROM ticket_events e LEFT JOIN visits v ON v.id = e.visit_id WHERE e.id > ? ORDER BY e.id LIMIT ?`,
    ),
    searchByNumber: query<[serviceDay: string, number: string], { visit_id: string }>(
      db,
      `SELECT DISTINCT visit_id FROM tickets WHERE service_day = ? AND number = ? LIMIT 50`,
    ),
    searchByName: query<[serviceDay: string, prefix: string], { id: string }>(
      db,
      `SELECT id FROM visits WHERE service_day = ? AND display_name LIKE ? ESCAPE '\\' ORDER BY checked_in_at DESC LIMIT 50`,
    ),
    visitForSearch: query<[visitId: string], VisitForSearch>(
      db,
      `SELECT v.id, v.checked_in_at, v.display_name, v.method, v.status, c.notice_version, c.optional_questions
       FROM visits v LEFT JOIN consents c ON c.id = (SELECT min(id) FROM consents WHERE visit_id = v.id) WHERE v.id = ?`,
    ),
  };
}

/** What screens read from the queue: tickets, today's queues, the event log and visit search. */
export class QueueReads {
  private readonly stmt: ReturnType<typeof statements>;

  constructor(
    private readonly ctx: QueueContext,
    private readonly waits: Waits,
  ) {
    this.stmt = statements(ctx.db);
  }

  ticket(ticketId: string): TicketView {
    const row = this.stmt.ticketView.get(ticketId);
    if (!row) throw new HubError('NOT_FOUND', 'That ticket does not exist.', { field: 'ticketId' });
    return toTicketView(row);
  }

  ticketsOfVisit(visitId: string): TicketView[] {
    return this.stmt.ticketsOfVisit.all(visitId).map(toTicketView);
  }

  /** A visit's tickets in stop order, each with the wait it can expect now. */
  ticketsWithWaits(visitId: string): TicketWithWait[] {
    return this.stmt.ticketsOfVisit.all(visitId).map((row) => ({
      ...toTicketView(row),
      estimatedWaitMinutes: this.waits.estimateForTicket(row),
    }));
  }

  lastSeq(): number {
    return this.stmt.lastSeq.one().n;
  }

  /** Queue events after `seq`, oldest first: a screen that reconnects catches up from here. */
  eventsSince(seq: number, limit = 1000): QueueEvent[] {
    return this.stmt.eventsSince.all(seq, limit).map((r) => {
      // Written by the event writer from a TicketView, without the visit's fields, in the event's transaction.
      const stored = JSON.parse(r.ticket) as StoredTicket;
      const visit = visitFieldsOf({ ...r, interpreter: r.interpreter ?? 0, accessibility: r.accessibility ?? '[]' });
      const ticket: TicketView = { ...stored, ...visit };
      return { seq: r.id, type: r.type, at: r.at, desk: r.desk, staffId: r.staff_id, ticket };
    });
  }

  snapshot(): QueueSnapshot {
    const serviceDay = this.ctx.serviceDay();
    // One read transaction, so lastSeq and the tickets describe the same moment.
    const read = this.ctx.db.transaction(() => ({
      lastSeq: this.lastSeq(),
      rows: this.stmt.activeTickets.all(serviceDay),
    }));
    const { lastSeq, rows } = read.deferred();
    const byService = new Map<string, TicketView[]>();
    for (const row of rows) {
      const list = byService.get(row.service_id) ?? [];
      list.push(toTicketView(row));
      byService.set(row.service_id, list);
    }
    const services: ServiceQueueView[] = [...this.ctx.services.values()].map((s) => {
      const tickets = byService.get(s.id) ?? [];
      const waiting = tickets.filter((t) => t.status === 'waiting').length;
      const average = this.waits.averageServiceMinutes(s.id);
      return {
        serviceId: s.id,
        waiting,
        averageServiceMinutes: Math.round(average * 10) / 10,
        estimatedWaitMinutes: Math.round((waiting * average) / s.desks.length),
        tickets,
      };
    });
    return { serviceDay, lastSeq, services };
  }

  /** Today's visits by ticket number ("m1", "M001") or by the start of a first name or initials. */
  searchVisits(text: string): VisitSearchResult {
    const serviceDay = this.ctx.serviceDay();
    const q = text.trim();
    const number = /^([A-Za-z]{1,2})\s*0*(\d{1,4})$/.exec(q);
    const ids = number
      ? this.stmt.searchByNumber.all(serviceDay, `${number[1]!.toUpperCase()}${number[2]!.padStart(3, '0')}`).map((r) => r.visit_id)
      : this.stmt.searchByName.all(serviceDay, `${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`).map((r) => r.id);
    const visits = ids.flatMap((id) => {
      const v = this.stmt.visitForSearch.get(id);
      if (!v) return [];
      const consent = v.notice_version === null ? null : { noticeVersion: v.notice_version, optionalQuestions: v.optional_questions === 1 };
      return [{ visitId: v.id, checkedInAt: v.checked_in_at, displayName: v.display_name, method: v.method, status: v.status, consent, tickets: this.ticketsOfVisit(v.id) }];
    });
    return { visits };
  }
}
