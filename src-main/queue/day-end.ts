import type { TicketStatus } from '../../src-shared/api/contract';
import { HubError } from '../errors';
import type { Outbox } from '../sync/outbox';
import type { QueueContext } from './queue-context';
import { query } from './statements';
import type { TicketTransitions } from './transitions';
import type { VisitRows } from './visit-rows';

function statements(ctx: QueueContext) {
  return {
    openBefore: query<[serviceDay: string], { id: string; status: TicketStatus }>(
      ctx.db,
      `SELECT id, status FROM tickets WHERE service_day < ? AND status IN ('waiting', 'called', 'serving') ORDER BY service_day, queued_at, seq`,
    ),
    // A visit left open without an open ticket (it should not happen, but must not stay open for ever).
    emptyOpenVisitsBefore: query<[serviceDay: string], { id: string }>(
      ctx.db,
      `SELECT v.id FROM visits v WHERE v.service_day < ? AND v.status = 'open'
         AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.visit_id = v.id AND t.status IN ('waiting', 'called', 'serving'))`,
    ),
  };
}

/**
 * The end of a service day: whatever is still open from an earlier day is closed through the
 * ordinary transitions, with the reason 'day-ended' in the ticket, its event and its visit's
 * closing. Waiting and called tickets are cancelled (nobody was seen, nobody marked a no-show);
 * a visitor still being seen is finished with the outcome 'no-further-action', which reports can
 * tell from a real one by the reason. Each ticket's event, outbox rows and the `visit.closed`
 * row commit with it.
 */
export class DayEndClosing {
  private readonly stmt: ReturnType<typeof statements>;

  constructor(
    private readonly ctx: QueueContext,
    private readonly transitions: TicketTransitions,
    private readonly visits: VisitRows,
    private readonly outbox: Outbox,
  ) {
    this.stmt = statements(ctx);
  }

  /** Closes what is open from before `serviceDay`; returns how many tickets and visits it closed. */
  closeBefore(serviceDay: string): { tickets: number; visits: number } {
    let tickets = 0;
    for (const ticket of this.stmt.openBefore.all(serviceDay)) {
      try {
        if (ticket.status === 'serving') this.transitions.finish(ticket.id, { kind: 'no-further-action' }, null, 'day-ended');
        else this.transitions.cancel(ticket.id, null, 'day-ended');
        tickets += 1;
      } catch (error) {
        // A member of staff closed it a moment ago: nothing left to do.
        if (!(error instanceof HubError && error.code === 'INVALID_TRANSITION')) throw error;
      }
    }
    const strays = this.stmt.emptyOpenVisitsBefore.all(serviceDay);
    if (strays.length > 0) {
      const at = this.ctx.nowIso();
      this.ctx.db
        .transaction(() => {
          for (const visit of strays) {
            this.visits.close(visit.id, at);
            this.outbox.add({ type: 'visit.closed', occurredAt: at, payload: { visitId: visit.id, closedAt: at, reason: 'day-ended' } });
          }
        })
        .immediate();
    }
    return { tickets, visits: strays.length };
  }
}
