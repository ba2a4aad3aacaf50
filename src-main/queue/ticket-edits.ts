import type { TicketView } from '../../src-shared/api/contract';
import { HubError } from '../errors';
import type { HubDatabase } from '../store/database';
import { command } from './statements';
import type { TransitionDeps } from './transitions';

function statements(db: HubDatabase) {
  return {
    setPriority: command<[priority: number, ticketId: string]>(db, `UPDATE tickets SET priority = ? WHERE id = ? AND status = 'waiting'`),
  };
}

/**
 * Reception's changes that leave a ticket's status alone: another stop for a visit, a move up the
 * queue, a reprint. Each is one immediate transaction with its event, heard after the commit.
 */
export class TicketEdits {
  private readonly stmt: ReturnType<typeof statements>;

  constructor(private readonly deps: TransitionDeps) {
    this.stmt = statements(deps.ctx.db);
  }

  /**
   * Adds another service stop to an open visit (a need found while talking). With `ifMissing`, a
   * visitor already waiting there is left as they are (null), so the caller's answer can be the
   * same either way; without it, that is an INVALID_TRANSITION.
   */
  addStop(visitId: string, serviceId: string, staffId: string | null, options: { ifMissing: true }): TicketView | null;
  addStop(visitId: string, serviceId: string, staffId: string | null, options?: { ifMissing?: false }): TicketView;
  addStop(visitId: string, serviceId: string, staffId: string | null, options: { ifMissing?: boolean } = {}): TicketView | null {
    const { ctx, writer, visits, outbox, listeners } = this.deps;
    ctx.requireService(serviceId);
    const at = ctx.nowIso();
    const event = ctx.db
      .transaction(() => {
        const visit = visits.require(visitId);
        if (visits.activeTicketFor(visitId, serviceId)) {
          if (options.ifMissing) return null;
          throw new HubError('INVALID_TRANSITION', 'This visitor is already waiting for that service.', { field: 'serviceId' });
        }
        const ticketId = writer.createTicket({
          visitId,
          serviceId,
          serviceDay: visit.service_day,
          stopOrder: visits.lastStopOrder(visitId) + 1,
          priority: visit.priority,
          queuedAt: at,
          transferredFrom: null,
        });
        // A stop added to a finished visit opens it again, and upstream hears so, as after an undone no-show.
        if (visit.status === 'closed') {
          visits.reopen(visitId);
          outbox.add({ type: 'visit.reopened', occurredAt: at, payload: { visitId, reopenedAt: at, reason: 'stop-added' } });
        }
        return writer.record(ticketId, 'created', at, null, staffId, { addedBy: 'staff' });
      })
      .immediate();
    if (!event) return null;
    listeners.publish([event]);
    return event.ticket;
  }

  /** Moves a waiting ticket up: level 1 goes ahead of everyone without a flag, 2 level with crisis. */
  prioritise(ticketId: string, level: 1 | 2, staffId: string | null): TicketView {
    const { ctx, reads, writer, listeners } = this.deps;
    const at = ctx.nowIso();
    const event = ctx.db
      .transaction(() => {
        const ticket = reads.ticket(ticketId);
        if (ticket.status !== 'waiting') {
          throw new HubError('INVALID_TRANSITION', `Ticket ${ticket.number} is ${ticket.status}; only a waiting ticket can be moved up.`, {
            details: { status: ticket.status, action: 'prioritise' },
          });
        }
        if (ticket.priority >= level) {
          throw new HubError('INVALID_TRANSITION', `Ticket ${ticket.number} already has this priority or higher.`, { details: { status: ticket.status, action: 'prioritise' } });
        }
        this.stmt.setPriority.run(level, ticketId);
        return writer.record(ticketId, 'prioritised', at, null, staffId, { from: ticket.priority, to: level });
      })
      .immediate();
    listeners.publish([event]);
    return event.ticket;
  }

  /** Records a reprint asked for by staff (the hub then prints); the ticket must still be open. */
  recordReprint(ticketId: string, staffId: string | null): { ticket: TicketView; language: string | null } {
    const { ctx, reads, writer, visits, listeners } = this.deps;
    const at = ctx.nowIso();
    const result = ctx.db
      .transaction(() => {
        const ticket = reads.ticket(ticketId);
        if (!['waiting', 'called', 'serving'].includes(ticket.status)) {
          throw new HubError('INVALID_TRANSITION', `Ticket ${ticket.number} is ${ticket.status}; there is nothing to reprint.`, { details: { status: ticket.status, action: 'reprint' } });
        }
        const visit = visits.require(ticket.visitId);
        return { event: writer.record(ticketId, 'reprinted', at, null, staffId, null), language: visit.language };
      })
      .immediate();
    listeners.publish([result.event]);
    return { ticket: result.event.ticket, language: result.language };
  }
}
