import type { Statement } from 'better-sqlite3';
import type { HubDatabase } from '../store/database';
import { equalityColumns } from '../store/migrations/014-equality-and-report-indexes';
import { countValueFunction, registerCountFunctions } from './retained-counts';

/**
 * The report rollups (migration 014) through retention and erasure: what they counted stays
 * counted when the rows it was counted from are cleared, unlinked or deleted, so a day's figures
 * stay the same; and the one thing in them that identifies a resident, their pseudonym in
 * `report_person_days.person`, goes when their record goes.
 *
 * - `keep(fn)`: runs `fn` with the rollups' delete and unlink triggers set aside (migration 015),
 *   inside the caller's transaction, so they neither take counts away nor mark the rollups stale.
 * - `unlink(visitorIds)`: replaces the residents' pseudonym in every person-day row by a random id
 *   per row, which links none of their days together. Distinct people, first visits and first
 *   registrations are counted from each row's previous day, which stays, so the counts stay. An
 *   equality answer in a key is kept only when it looks like a code (as in retained_counts): any
 *   other value is counted as `other`, so nothing typed survives the resident.
 * - `keptBefore(day)`: retention deletes the visits of the days before `day`; a rebuild of the
 *   rollups keeps those days' rows as they are (src-main/reports/rollups.ts).
 */
export class RollupKeeping {
  private readonly stmt: { set: Statement; unlink: Statement; addKeys: Statement; unusedKeys: Statement; keptBefore: Statement };

  constructor(db: HubDatabase) {
    registerCountFunctions(db);
    this.stmt = {
      set: db.prepare('UPDATE report_rollup_state SET keeping = ? WHERE id = 1'),
      // By primary key (key, person, day): one seek per key in use and resident. The new ids begin
      // with the time of the unlinking, so a batch's rows go in together after each key's others (a
      // few pages) rather than one page per row; the random part links none of them.
      unlink: db.prepare(
        `UPDATE report_person_days SET person = '~' || @stamp || lower(hex(randomblob(10))),
           key = CASE WHEN key GLOB 'eq:*=*' THEN substr(key, 1, instr(key, '=')) || ${countValueFunction}(substr(key, instr(key, '=') + 1)) ELSE key END
         WHERE key IN (SELECT key FROM report_person_keys) AND person IN (SELECT value FROM json_each(@visitors))`,
      ),
      addKeys: db.prepare(
        `INSERT INTO report_person_keys (key) SELECT k FROM (SELECT 'eq:' || value || '=other' AS k FROM json_each('${JSON.stringify(Object.keys(equalityColumns))}'))
         WHERE EXISTS (SELECT 1 FROM report_person_days p WHERE p.key = k) AND NOT EXISTS (SELECT 1 FROM report_person_keys WHERE key = k)`,
      ),
      // Keys are listed once in use: an answer counted as `other` adds its key; one no row has any more goes.
      unusedKeys: db.prepare(
        `DELETE FROM report_person_keys WHERE key GLOB 'eq:*' AND NOT EXISTS (SELECT 1 FROM report_person_days p WHERE p.key = report_person_keys.key)`,
      ),
      keptBefore: db.prepare(`UPDATE report_rollup_state SET kept_before = @day WHERE id = 1 AND (kept_before IS NULL OR kept_before < @day)`),
    };
  }

  /** Call inside a transaction. */
  keep<T>(fn: () => T): T {
    this.stmt.set.run(1);
    try {
      return fn();
    } finally {
      this.stmt.set.run(0);
    }
  }

  /** Call inside a transaction; returns the rows changed. */
  unlink(visitorIds: readonly string[]): number {
    const stamp = Date.now().toString(36).padStart(9, '0');
    const changed = this.stmt.unlink.run({ visitors: JSON.stringify(visitorIds), stamp }).changes;
    if (changed > 0) {
      this.stmt.addKeys.run();
      this.stmt.unusedKeys.run();
    }
    return changed;
  }

  keptBefore(day: string): void {
    this.stmt.keptBefore.run({ day });
  }
}
