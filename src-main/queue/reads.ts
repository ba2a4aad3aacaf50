import type { QueueEvent, QueueEventType, QueueSnapshot, ServiceQueueView, TicketView, VisitSearchResult } from '../../src-shared/api/contract';
import { HubError } from '../errors';
import type { HubDatabase } from '../store/database';
import type { QueueContext } from './queue-context';
import { query, type Count } from './statements';
import { ticketViewSql, toTicketView, type TicketRow } from './ticket-row';
import type { Waits } from './waits';

/** `place`: 1 for the next to be called in that service's queue; null unless waiting. */
export type TicketWithWait = TicketView & { estimatedWaitMinutes: number; place: number | null };

type VisitForSearch = {
  id: string;
  checked_in_at: string;
  display_name: string | null;
  method: VisitSearchResult['visits'][number]['method'];
  status: 'open' | 'closed';
};

type EventRow = { id: number; type: QueueEventType; at: string; desk: string | null; staff_id: string | null; ticket: string };

function statements(db: HubDatabase) {
  return {
    activeStaff: query<[], { id: string; display_name: string; role: string; services: string }>(
      db,
      `SELECT id, display_name, role, services FROM staff WHERE disabled_at IS NULL AND role IN ('reception', 'partner') ORDER BY display_name`,
    ),
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
      `SELECT id, type, at, desk, staff_id, ticket FROM ticket_events WHERE id > ? ORDER BY id LIMIT ?`,
    ),
    // Catch-up reads walk the log by id (CROSS JOIN keeps ticket_events the outer loop, so a page
    // never sorts the whole day) and keep today's tickets; a display's reads keep calls only.
    firstSeqOfDay: query<[serviceDay: string], { seq: number | null }>(
      db,
      `SELECT min(e.id) AS seq FROM tickets t JOIN ticket_events e ON e.ticket_id = t.id WHERE t.service_day = ?`,
    ),
    catchUpCount: query<[after: number, upTo: number, serviceDay: string, limit: number], Count>(
      db,
      `SELECT count(*) AS n FROM (SELECT 1 FROM ticket_events e CROSS JOIN tickets t ON t.id = e.ticket_id
       WHERE e.id > ? AND e.id <= ? AND t.service_day = ? LIMIT ?)`,
    ),
    catchUpCallCount: query<[after: number, upTo: number, serviceDay: string, limit: number], Count>(
      db,
      `SELECT count(*) AS n FROM (SELECT 1 FROM ticket_events e CROSS JOIN tickets t ON t.id = e.ticket_id
       WHERE e.id > ? AND e.id <= ? AND e.type IN ('called', 'recalled') AND t.service_day = ? LIMIT ?)`,
    ),
    catchUpPage: query<[after: number, upTo: number, serviceDay: string, limit: number], EventRow>(
      db,
      `SELECT e.id, e.type, e.at, e.desk, e.staff_id, e.ticket FROM ticket_events e CROSS JOIN tickets t ON t.id = e.ticket_id
       WHERE e.id > ? AND e.id <= ? AND t.service_day = ? ORDER BY e.id LIMIT ?`,
    ),
    catchUpCallPage: query<[after: number, upTo: number, serviceDay: string, limit: number], EventRow>(
      db,
      `SELECT e.id, e.type, e.at, e.desk, e.staff_id, e.ticket FROM ticket_events e CROSS JOIN tickets t ON t.id = e.ticket_id
       WHERE e.id > ? AND e.id <= ? AND e.type IN ('called', 'recalled') AND t.service_day = ? ORDER BY e.id LIMIT ?`,
    ),
    searchByNumber: query<[serviceDay: string, number: string], { visit_id: string }>(
      db,
      `SELECT DISTINCT visit_id FROM tickets WHERE service_day = ? AND number = ? LIMIT 50`,
    ),
    searchByName: query<[serviceDay: string, prefix: string], { id: string }>(
      db,
      `SELECT id FROM visits WHERE service_day = ? AND display_name LIKE ? ESCAPE '\\' ORDER BY checked_in_at DESC LIMIT 50`,
    ),
    visitForSearch: query<[visitId: string], VisitForSearch>(db, 'SELECT id, checked_in_at, display_name, method, status FROM visits WHERE id = ?'),
  };
}

/** Which of a service day's events a catch-up reads: all of them, or calls and recalls only (a display). */
export type CatchUpRange = { after: number; upTo: number; serviceDay: string; only: 'all' | 'calls' };

const toQueueEvent = (r: EventRow): QueueEvent => ({
  seq: r.id,
  type: r.type,
  at: r.at,
  desk: r.desk,
  staffId: r.staff_id,
  // Written by the event writer from a TicketView in the same transaction as the event.
  ticket: JSON.parse(r.ticket) as TicketView,
});

/** What screens read from the queue: tickets, today's queues, the event log and visit search. */
export class QueueReads {
  private readonly stmt: ReturnType<typeof statements>;
  /** The first event of a service day never changes once written: looked up once per day. */
  private dayStart: { serviceDay: string; seq: number } | null = null;

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

  /** Reception, and the partners who work this service: whom a visitor can be sent on to by name. */
  staffForService(serviceId: string): { id: string; displayName: string }[] {
    return this.stmt.activeStaff.all().flatMap((row) => {
      if (row.role === 'partner') {
        const services: unknown = JSON.parse(row.services);
        if (!Array.isArray(services) || !services.includes(serviceId)) return [];
      }
      return [{ id: row.id, displayName: row.display_name }];
    });
  }

  /** The stored row behind a ticket (its service day and number sequence), for ordering questions. */
  ticketRow(ticketId: string): TicketRow {
    const row = this.stmt.ticketView.get(ticketId);
    if (!row) throw new HubError('NOT_FOUND', 'That ticket does not exist.', { field: 'ticketId' });
    return row;
  }

  ticketsOfVisit(visitId: string): TicketView[] {
    return this.stmt.ticketsOfVisit.all(visitId).map(toTicketView);
  }

  /** A visit's tickets in stop order, each with its place in the queue and the wait it can expect now. */
  ticketsWithWaits(visitId: string): TicketWithWait[] {
    return this.stmt.ticketsOfVisit.all(visitId).map((row) => ({ ...toTicketView(row), ...this.waits.waitForTicket(row) }));
  }

  lastSeq(): number {
    return this.stmt.lastSeq.one().n;
  }

  /** Queue events after `seq`, oldest first: a screen that reconnects catches up from here. */
  eventsSince(seq: number, limit = 1000): QueueEvent[] {
    return this.stmt.eventsSince.all(seq, limit).map(toQueueEvent);
  }

  /** The seq of the first event of a service day's tickets, or null while the day has none. */
  firstSeqOfDay(serviceDay: string): number | null {
    if (this.dayStart?.serviceDay === serviceDay) return this.dayStart.seq;
    const { seq } = this.stmt.firstSeqOfDay.one(serviceDay);
    if (seq !== null) this.dayStart = { serviceDay, seq };
    return seq;
  }

  /** How many events a catch-up over `range` would send, counting no further than `atMost`. */
  countCatchUp(range: CatchUpRange, atMost: number): number {
    const count = range.only === 'calls' ? this.stmt.catchUpCallCount : this.stmt.catchUpCount;
    return count.one(range.after, range.upTo, range.serviceDay, atMost).n;
  }

  /** The next page of a catch-up, oldest first: the day's events (or calls) after `range.after`, up to `upTo`. */
  catchUpPage(range: CatchUpRange, limit: number): QueueEvent[] {
    const page = range.only === 'calls' ? this.stmt.catchUpCallPage : this.stmt.catchUpPage;
    return page.all(range.after, range.upTo, range.serviceDay, limit).map(toQueueEvent);
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
      return [{ visitId: v.id, checkedInAt: v.checked_in_at, displayName: v.display_name, method: v.method, status: v.status, tickets: this.ticketsOfVisit(v.id) }];
    });
    return { visits };
  }
}
