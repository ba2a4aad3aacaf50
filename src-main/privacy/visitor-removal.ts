import type { Statement } from 'better-sqlite3';
import type { HubDatabase } from '../store/database';
import type { FieldCounts } from './clearing';
import { RollupKeeping } from './rollup-keeping';

const batch = '(SELECT value FROM json_each(@visitors))';

/**
 * Residents' own records: the name kept for a card, the card and QR identifier hashes and
 * demographics. Deleting the record deletes those (ON DELETE CASCADE) and unlinks their visits
 * (visits.visitor_id becomes NULL), so a card seen again starts as unknown. The report rollups keep
 * what they counted of them (their visits stay known visits, first or returning) with the resident's
 * pseudonym replaced by ids that link nothing. Call inside a transaction.
 */
export class VisitorRemoval {
  private readonly stmt: { expired: Statement; counts: Statement; wasKnown: Statement; remove: Statement };
  private readonly rollups: RollupKeeping;

  constructor(db: HubDatabase) {
    this.rollups = new RollupKeeping(db);
    this.stmt = {
      // Whose last visit is before the cutoff day (or who never visited since a record made before it).
      expired: db.prepare(
        `SELECT v.rowid AS r, v.id FROM visitors v
         WHERE v.rowid > @after AND substr(v.created_at, 1, 10) < @cutoff
           AND NOT EXISTS (SELECT 1 FROM visits x WHERE x.visitor_id = v.id AND x.service_day >= @cutoff)
         ORDER BY v.rowid LIMIT @n`,
      ),
      counts: db.prepare(
        `SELECT (SELECT count(*) FROM visitor_identifiers WHERE visitor_id IN ${batch}) AS identifiers,
                (SELECT count(*) FROM demographics WHERE visitor_id IN ${batch}) AS demographics,
                (SELECT count(*) FROM visitors WHERE id IN ${batch} AND display_name IS NOT NULL) AS names,
                (SELECT count(*) FROM visits WHERE visitor_id IN ${batch}) AS links`,
      ),
      // Reports keep counting these visits as a known resident's (see migration 015).
      wasKnown: db.prepare(`UPDATE visits SET was_known = 1 WHERE visitor_id IN ${batch}`),
      remove: db.prepare(`DELETE FROM visitors WHERE id IN ${batch}`),
    };
  }

  /** Up to `n` residents, after rowid `after`, whose last visit was before `cutoff` (a service day). */
  expired(cutoff: string, after: number, n: number): { r: number; id: string }[] {
    return this.stmt.expired.all({ cutoff, after, n }) as { r: number; id: string }[];
  }

  remove(visitorIds: readonly string[]): FieldCounts {
    const visitors = JSON.stringify(visitorIds);
    const counts = this.stmt.counts.get({ visitors }) as { identifiers: number; demographics: number; names: number; links: number };
    const { removed, unlinked } = this.rollups.keep(() => {
      this.stmt.wasKnown.run({ visitors });
      return { removed: this.stmt.remove.run({ visitors }).changes, unlinked: this.rollups.unlink(visitorIds) };
    });
    return {
      visitors: removed,
      'visitors.display_name': counts.names,
      visitor_identifiers: counts.identifiers,
      demographics: counts.demographics,
      'visits.visitor_id': counts.links,
      'report_person_days.person': unlinked,
    };
  }
}
