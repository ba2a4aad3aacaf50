import { ReportRollups } from '../src-main/reports/rollups';
import type { HubDatabase } from '../src-main/store/database';
import type { HubConfig } from '../src-shared/config/schema';

/**
 * Seeds a benchmark database with the report rollups' triggers set aside, then puts them back and
 * rebuilds the rollups from what was seeded: the same tables the triggers would have kept
 * (tests/integration/report-rollups.test.ts holds the two equal), in a minute rather than the
 * quarter of an hour 150,000 visits take one trigger at a time on a loaded machine. Returns how
 * long the rebuild took: what a hub's first start after migration 014 costs on that history.
 */
export function seedWithoutRollupTriggers(db: HubDatabase, hub: Pick<HubConfig, 'partners'>, seed: () => void): { rebuildMs: number } {
  const triggers = db.prepare<[], { name: string; sql: string }>(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name GLOB 'report_*'`).all();
  for (const t of triggers) db.exec(`DROP TRIGGER ${t.name}`);
  try {
    seed();
  } finally {
    for (const t of triggers) db.exec(t.sql);
  }
  const start = performance.now();
  new ReportRollups(db, hub).rebuild();
  return { rebuildMs: performance.now() - start };
}
