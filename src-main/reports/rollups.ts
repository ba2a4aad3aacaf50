import { servicesOf, type HubConfig } from '../../src-shared/config/schema';
import { command, query } from '../queue/statements';
import type { HubDatabase } from '../store/database';
import { monthRebuildSql, rollupRebuildSql } from '../store/migrations/014-equality-and-report-indexes';

/**
 * The report rollups of migration 014 (per-day and per-month counts, people per day with their
 * previous day): triggers keep them exact through the hub's ordinary writes; this class rebuilds
 * them when they are marked stale (after a delete, or on the first start after the migration) or
 * when configuration moved a service to another partner, and makes a month's sums again from its
 * days when a report reads a month that changed.
 */
export class ReportRollups {
  private readonly stmt;
  private readonly partners: string;
  private readonly partnerRows: { serviceId: string; partnerId: string }[];

  constructor(
    private readonly db: HubDatabase,
    hub: Pick<HubConfig, 'partners'>,
  ) {
    this.partnerRows = servicesOf(hub)
      .map((s) => ({ serviceId: s.id, partnerId: s.partnerId }))
      .sort((a, b) => a.serviceId.localeCompare(b.serviceId));
    this.partners = JSON.stringify(this.partnerRows.map((r) => [r.serviceId, r.partnerId]));
    this.stmt = {
      state: query<[], { stale: number; partners: string }>(db, 'SELECT stale, partners FROM report_rollup_state WHERE id = 1'),
      clearPartners: command<[]>(db, 'DELETE FROM report_service_partners'),
      insertPartner: command<[{ serviceId: string; partnerId: string }]>(db, 'INSERT INTO report_service_partners (service_id, partner_id) VALUES (@serviceId, @partnerId)'),
      fresh: command<[partners: string]>(db, 'UPDATE report_rollup_state SET stale = 0, partners = ? WHERE id = 1'),
      changedMonths: query<[{ m1: string; m2: string }], { month: string }>(
        db,
        'SELECT month FROM report_month_state WHERE built = 0 AND month BETWEEN @m1 AND @m2',
      ),
      monthRebuild: monthRebuildSql.map((sql) => command<[{ month: string }]>(db, sql)),
    };
  }

  /** Rebuilds the rollups if they are stale or were built for another service → partner map. */
  ensureFresh(): void {
    const state = this.stmt.state.one();
    if (state.stale === 0 && state.partners === this.partners) return;
    this.rebuild();
  }

  /** Makes the sums of the months from `m1` to `m2` (YYYY-MM) that changed since they were made. */
  ensureMonths(m1: string, m2: string): void {
    if (this.stmt.changedMonths.all({ m1, m2 }).length === 0) return;
    this.db
      .transaction(() => {
        for (const { month } of this.stmt.changedMonths.all({ m1, m2 })) for (const statement of this.stmt.monthRebuild) statement.run({ month });
      })
      .immediate();
  }

  /** Computes every rollup again from the tables it summarises, in one transaction. */
  rebuild(): void {
    this.db
      .transaction(() => {
        this.stmt.clearPartners.run();
        for (const row of this.partnerRows) this.stmt.insertPartner.run(row);
        this.db.exec(rollupRebuildSql);
        this.stmt.fresh.run(this.partners);
      })
      .immediate();
  }
}
