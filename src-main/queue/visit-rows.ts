import { HubError } from '../errors';
import type { HubDatabase } from '../store/database';
import { command, query, type Count } from './statements';

export type VisitRow = { id: string; service_day: string; priority: number; checked_in_at: string; status: 'open' | 'closed'; language: string | null };

function statements(db: HubDatabase) {
  return {
    visit: query<[visitId: string], VisitRow>(db, 'SELECT id, service_day, priority, checked_in_at, status, language FROM visits WHERE id = ?'),
    activeOfVisitForService: query<[visitId: string, serviceId: string], { id: string }>(
      db,
      `SELECT id FROM tickets WHERE visit_id = ? AND service_id = ? AND status IN ('waiting', 'called', 'serving')`,
    ),
    maxStopOrder: query<[visitId: string], Count>(db, 'SELECT coalesce(max(stop_order), 0) AS n FROM tickets WHERE visit_id = ?'),
    openTicketsOfVisit: query<[visitId: string], Count>(
      db,
      `SELECT count(*) AS n FROM tickets WHERE visit_id = ? AND status IN ('waiting', 'called', 'serving')`,
    ),
    closeVisit: command<[closedAt: string, visitId: string]>(db, `UPDATE visits SET status = 'closed', closed_at = ? WHERE id = ? AND status = 'open'`),
    reopenVisit: command<[visitId: string]>(db, `UPDATE visits SET status = 'open', closed_at = NULL WHERE id = ?`),
  };
}

/** The parts of a visit that moving its tickets reads and changes. */
export class VisitRows {
  private readonly stmt: ReturnType<typeof statements>;

  constructor(db: HubDatabase) {
    this.stmt = statements(db);
  }

  require(visitId: string): VisitRow {
    const visit = this.stmt.visit.get(visitId);
    if (!visit) throw new HubError('NOT_FOUND', 'That visit does not exist.', { field: 'visitId' });
    return visit;
  }

  /** The visit's open ticket for this service, if it has one. */
  activeTicketFor(visitId: string, serviceId: string): { id: string } | undefined {
    return this.stmt.activeOfVisitForService.get(visitId, serviceId);
  }

  /** The stop order a new stop of this visit comes after. */
  lastStopOrder(visitId: string): number {
    return this.stmt.maxStopOrder.one(visitId).n;
  }

  openTicketCount(visitId: string): number {
    return this.stmt.openTicketsOfVisit.one(visitId).n;
  }

  close(visitId: string, at: string): void {
    this.stmt.closeVisit.run(at, visitId);
  }

  reopen(visitId: string): void {
    this.stmt.reopenVisit.run(visitId);
  }
}
