import { servicesOf, type HubConfig } from '../../src-shared/config/schema';
import { command, query } from '../queue/statements';
import type { HubDatabase } from '../store/database';
import { eventCountsRebuildSql, monthRebuildSql, rollupRowsRebuildSql } from '../store/migrations/014-equality-and-report-indexes';

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
      state: query<[], { stale: number; partners: string; keptBefore: string | null }>(
        db,
        'SELECT stale, partners, kept_before AS keptBefore FROM report_rollup_state WHERE id = 1',
      ),
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

  /**
   * Computes every rollup again from the tables it summarises, in one transaction. What was
   * counted from rows retention or an erasure removed stays as it was: the days whose visits the
   * retention job has deleted (before `kept_before`) keep their rows, and so do the person rows of
   * residents whose record has gone (their pseudonym replaced by `~` and a random id).
   */
  rebuild(): void {
    this.db
      .transaction(() => {
        this.stmt.clearPartners.run();
        for (const row of this.partnerRows) this.stmt.insertPartner.run(row);
        const before = this.stmt.state.one().keptBefore;
        // No day is before this one: nothing but the unlinked person rows is kept aside.
        const day = before !== null && /^\d{4}-\d{2}-\d{2}$/.test(before) ? before : '0000-00-00';
        this.db.exec(keepRows(day));
        this.db.exec(rollupRowsRebuildSql);
        this.db.exec(restoreRows(day));
        this.db.exec(eventCountsRebuildSql);
        this.stmt.fresh.run(this.partners);
      })
      .immediate();
  }
}

/** The rows of the days before `day` (a checked YYYY-MM-DD) and the unlinked person rows, put aside in temporary tables. */
function keepRows(day: string): string {
  return `
    DROP TABLE IF EXISTS temp.kept_report_days;
    DROP TABLE IF EXISTS temp.kept_report_day_counts;
    DROP TABLE IF EXISTS temp.kept_report_person_days;
    CREATE TEMP TABLE kept_report_days AS SELECT * FROM report_days WHERE day < '${day}';
    CREATE TEMP TABLE kept_report_day_counts AS SELECT * FROM report_day_counts WHERE day < '${day}';
    CREATE TEMP TABLE kept_report_person_days AS SELECT * FROM report_person_days WHERE day < '${day}' OR person GLOB '~*';
    CREATE INDEX temp.kept_report_person_days_key ON kept_report_person_days(key, person, day);`;
}

/**
 * After a rebuild: the kept rows back in place of what the remaining tables gave for those days; a
 * person's first rebuilt day under a key follows their last kept day; each month summed again.
 */
function restoreRows(day: string): string {
  return `
    DELETE FROM report_days WHERE day < '${day}';
    INSERT INTO report_days SELECT * FROM temp.kept_report_days;
    DELETE FROM report_day_counts WHERE day < '${day}';
    INSERT INTO report_day_counts SELECT * FROM temp.kept_report_day_counts;
    DELETE FROM report_person_days WHERE day < '${day}';
    INSERT INTO report_person_days SELECT * FROM temp.kept_report_person_days;
    UPDATE report_person_days SET prev_day = (SELECT max(k.day) FROM temp.kept_report_person_days k
        WHERE k.key = report_person_days.key AND k.person = report_person_days.person AND k.day < report_person_days.day)
      WHERE day >= '${day}' AND prev_day IS NULL AND person NOT GLOB '~*';
    INSERT INTO report_person_keys (key)
      SELECT DISTINCT key FROM temp.kept_report_person_days WHERE key NOT IN (SELECT key FROM report_person_keys);
    DELETE FROM report_month_counts;
    DELETE FROM report_month_state;
    INSERT INTO report_month_counts (fact, month, k1, k2, n)
      SELECT fact, substr(day, 1, 7), k1, k2, sum(n) FROM report_day_counts GROUP BY fact, substr(day, 1, 7), k1, k2;
    INSERT INTO report_month_state (month, built) SELECT DISTINCT substr(day, 1, 7), 1 FROM report_day_counts;
    DROP TABLE temp.kept_report_days;
    DROP TABLE temp.kept_report_day_counts;
    DROP TABLE temp.kept_report_person_days;`;
}
