import { timeOrderedId } from '../store/row-ids';
import type { QueueEvent, QueueEventType, TicketView } from '../../src-shared/api/contract';
import type { TicketEventDetail } from '../../src-shared/sync/events';
import type { AuditLog } from '../auth/audit-log';
import type { HubDatabase } from '../store/database';
import type { Outbox } from '../sync/outbox';
import type { QueueContext } from './queue-context';
import type { QueueReads } from './reads';
import { command, query } from './statements';

export type NewTicket = {
  visitId: string;
  serviceId: string;
  serviceDay: string;
  stopOrder: number;
  priority: number;
  queuedAt: string;
  transferredFrom: string | null;
};

type TicketInsert = NewTicket & { id: string; seq: number; number: string };

function statements(db: HubDatabase) {
  return {
    nextSeq: query<[serviceId: string, serviceDay: string], { last_seq: number }>(
      db,
      `INSERT INTO ticket_counters (service_id, service_day, last_seq) VALUES (?, ?, 1)
       ON CONFLICT(service_id, service_day) DO UPDATE SET last_seq = last_seq + 1 RETURNING last_seq`,
    ),
    visitNumber: query<[visitId: string], { number: string | null }>(db, `SELECT number FROM visits WHERE id = ?`),
    nextVisitSeq: query<[serviceDay: string], { last_seq: number }>(
      db,
      `INSERT INTO visit_counters (service_day, last_seq) VALUES (?, 1)
       ON CONFLICT(service_day) DO UPDATE SET last_seq = last_seq + 1 RETURNING last_seq`,
    ),
    setVisitNumber: command<[number: string, visitId: string]>(db, `UPDATE visits SET number = ? WHERE id = ? AND number IS NULL`),
    insertTicket: command<[TicketInsert]>(
      db,
      `INSERT INTO tickets (id, visit_id, service_id, service_day, seq, number, stop_order, status, priority, queued_at, transferred_from)
       VALUES (@id, @visitId, @serviceId, @serviceDay, @seq, @number, @stopOrder, 'waiting', @priority, @queuedAt, @transferredFrom)`,
    ),
    insertEvent: command<
      [ticketId: string, visitId: string, type: QueueEventType, at: string, desk: string | null, staffId: string | null, detail: string | null, ticket: string]
    >(db, 'INSERT INTO ticket_events (ticket_id, visit_id, type, at, desk, staff_id, detail, ticket) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
  };
}

/** What a ticket event keeps of the visit: nothing; catching up reads these from the visit (see QueueReads). */
export type StoredTicket = Omit<TicketView, VisitFields>;
export type VisitFields = 'displayName' | 'language' | 'interpreter' | 'accessibility' | 'flags' | 'needs';

/**
 * The ticket as an event keeps it: how it moved, without the visitor's name, language, access needs,
 * needs or flags, so the event log never holds a copy of personal data that retention would miss.
 */
export function storedTicket(ticket: TicketView): StoredTicket {
  const { displayName: _name, language: _language, interpreter: _interpreter, accessibility: _accessibility, flags: _flags, needs: _needs, ...stored } = ticket;
  return stored;
}

/**
 * Writes what a queue change leaves behind: new tickets with their numbers, and for each change
 * the ticket event, its outbox row and (for a member of staff) its audit row. Every method must
 * run inside the caller's transaction, so the change and its records commit together.
 */
export class EventWriter {
  private readonly stmt: ReturnType<typeof statements>;

  constructor(
    private readonly ctx: QueueContext,
    private readonly reads: QueueReads,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
  ) {
    this.stmt = statements(ctx.db);
  }

  /**
   * A waiting ticket carrying its visit's number; returns its id. The visit's first ticket gives the
   * visit its number: the first service's prefix and the hub's next number of the day ("M017"),
   * unique across the day's visits. Every later stop and send on keeps it, so the resident watches
   * for one number. `seq` stays per service: it orders the queue.
   */
  createTicket(input: NewTicket): string {
    const service = this.ctx.requireService(input.serviceId);
    const { last_seq: seq } = this.stmt.nextSeq.one(input.serviceId, input.serviceDay);
    let number = this.stmt.visitNumber.get(input.visitId)?.number ?? null;
    if (number === null) {
      const { last_seq: visitSeq } = this.stmt.nextVisitSeq.one(input.serviceDay);
      number = `${service.ticketPrefix}${String(visitSeq).padStart(3, '0')}`;
      this.stmt.setVisitNumber.run(number, input.visitId);
    }
    const id = timeOrderedId(input.queuedAt);
    this.stmt.insertTicket.run({ ...input, id, seq, number });
    return id;
  }

  record(
    ticketId: string,
    type: QueueEventType,
    at: string,
    desk: string | null,
    staffId: string | null,
    detail: TicketEventDetail | null,
  ): QueueEvent {
    const ticket = this.reads.ticket(ticketId);
    const info = this.stmt.insertEvent.run(ticketId, ticket.visitId, type, at, desk, staffId, detail ? JSON.stringify(detail) : null, JSON.stringify(storedTicket(ticket)));
    this.outbox.add({
      type: `ticket.${type}`,
      occurredAt: at,
      payload: { ...(detail ?? {}), ticketId, visitId: ticket.visitId, serviceId: ticket.serviceId, number: ticket.number, desk },
    });
    if (staffId) {
      this.audit.record({
        at,
        staffId,
        action: `ticket.${type}`,
        subjectType: 'ticket',
        subjectId: ticketId,
        detail: { number: ticket.number, serviceId: ticket.serviceId, desk, ...(detail ?? {}) },
      });
    }
    return { seq: Number(info.lastInsertRowid), type, at, ticket, desk, staffId };
  }
}
