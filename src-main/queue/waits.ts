import type { HubDatabase } from '../store/database';
import type { QueueContext } from './queue-context';
import { query, type Count } from './statements';
import type { TicketRow } from './ticket-row';

function statements(db: HubDatabase) {
  return {
    recentDurations: query<[serviceId: string, limit: number], { started_at: string; finished_at: string }>(
      db,
      `SELECT started_at, finished_at FROM tickets
       WHERE service_id = ? AND finished_at IS NOT NULL AND started_at IS NOT NULL AND status = 'done' AND closed_reason IS NULL
       ORDER BY finished_at DESC LIMIT ?`,
    ),
    waitingCount: query<[serviceId: string, serviceDay: string], Count>(
      db,
      `SELECT count(*) AS n FROM tickets WHERE service_id = ? AND service_day = ? AND status = 'waiting'`,
    ),
    aheadOf: query<[{ serviceId: string; serviceDay: string; priority: number; queuedAt: string; seq: number }], Count>(
      db,
      `SELECT count(*) AS n FROM tickets
       WHERE service_id = @serviceId AND service_day = @serviceDay AND status = 'waiting'
         AND (priority > @priority OR (priority = @priority AND (queued_at < @queuedAt OR (queued_at = @queuedAt AND seq < @seq))))`,
    ),
  };
}

/** How long a service takes per visitor, and so how long someone waiting there will wait. */
export class Waits {
  /** Average service minutes per service; forgotten when a ticket of that service changes status. */
  private readonly averageCache = new Map<string, number>();
  private readonly stmt: ReturnType<typeof statements>;

  constructor(private readonly ctx: QueueContext) {
    this.stmt = statements(ctx.db);
  }

  /** Average minutes per visitor from the last finished tickets, or the configured typical time. */
  averageServiceMinutes(serviceId: string): number {
    const cached = this.averageCache.get(serviceId);
    if (cached !== undefined) return cached;
    const average = this.measureAverageServiceMinutes(serviceId);
    this.averageCache.set(serviceId, average);
    return average;
  }

  /** Call after a ticket of this service changed status (and its transaction committed). */
  forget(serviceId: string): void {
    this.averageCache.delete(serviceId);
  }

  estimatedWaitMinutes(serviceId: string, ahead?: number): number {
    const service = this.ctx.requireService(serviceId);
    const waiting = ahead ?? this.stmt.waitingCount.one(serviceId, this.ctx.serviceDay()).n;
    return Math.round((waiting * this.averageServiceMinutes(serviceId)) / service.desks.length);
  }

  /** Minutes until this ticket is likely called: 0 unless it is waiting. */
  estimateForTicket(row: TicketRow): number {
    return this.waitForTicket(row).estimatedWaitMinutes;
  }

  /** The ticket's place in its queue (1 = next; null unless waiting) and the minutes until it is likely called. */
  waitForTicket(row: TicketRow): { place: number | null; estimatedWaitMinutes: number } {
    if (row.status !== 'waiting') return { place: null, estimatedWaitMinutes: 0 };
    const ahead = this.stmt.aheadOf.one({
      serviceId: row.service_id,
      serviceDay: row.service_day,
      priority: row.priority,
      queuedAt: row.queued_at,
      seq: row.seq,
    });
    return { place: ahead.n + 1, estimatedWaitMinutes: this.estimatedWaitMinutes(row.service_id, ahead.n) };
  }

  private measureAverageServiceMinutes(serviceId: string): number {
    const service = this.ctx.requireService(serviceId);
    const rows = this.stmt.recentDurations.all(serviceId, this.ctx.hub.queue.recentServiceWindow);
    if (rows.length < 3) return service.typicalServiceMinutes;
    const total = rows.reduce((sum, r) => sum + Math.max(0, Date.parse(r.finished_at) - Date.parse(r.started_at)), 0);
    return Math.max(1, total / rows.length / 60_000);
  }
}
