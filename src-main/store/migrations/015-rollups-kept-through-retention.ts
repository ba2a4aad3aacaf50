import type { Migration } from './index';
import { isFirstVisit, stale } from './014-equality-and-report-indexes';

/** True unless the retention job or an erasure is removing rows (they keep what the rollups counted). */
const ordinary = `(SELECT keeping FROM report_rollup_state WHERE id = 1) = 0`;

/**
 * The report rollups through retention and erasure. Both remove rows the rollups have counted:
 * retention deletes visits after visitRetentionDays, and both unlink visits from a resident whose
 * record goes. An ordinary delete marks the rollups stale for a rebuild from the tables, which
 * would lose what was counted from those rows; so while they remove rows they set
 * `report_rollup_state.keeping` (inside their own transaction), and the triggers that react to a
 * delete or an unlinking leave the rollups as they are.
 *
 * `kept_before`: the service day before which retention has deleted visits; a rebuild keeps the
 * rollups of those days as they were (src-main/reports/rollups.ts).
 *
 * `visits.was_known`: 1 when the visit was a known resident's whose record has since gone (at the
 * end of the personal period, or erased): a rebuild counts it as a known visitor's, as it was
 * counted, and keeps the person rows it was counted in (their pseudonym replaced by ids that link nothing).
 */
export const migration015: Migration = {
  version: 15,
  name: 'report rollups kept through retention and erasure',
  up: `
    ALTER TABLE report_rollup_state ADD COLUMN keeping INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE report_rollup_state ADD COLUMN kept_before TEXT;
    ALTER TABLE visits ADD COLUMN was_known INTEGER NOT NULL DEFAULT 0 CHECK (was_known IN (0, 1));

    DROP TRIGGER report_visit_unlinked;
    CREATE TRIGGER report_visit_unlinked AFTER UPDATE OF visitor_id ON visits
      WHEN OLD.visitor_id IS NOT NULL AND OLD.visitor_id IS NOT NEW.visitor_id AND ${ordinary} BEGIN ${stale} END;
    DROP TRIGGER report_visit_deleted;
    CREATE TRIGGER report_visit_deleted AFTER DELETE ON visits WHEN ${ordinary} BEGIN ${stale} END;
    DROP TRIGGER report_heard_deleted;
    CREATE TRIGGER report_heard_deleted AFTER DELETE ON how_heard_answers WHEN ${ordinary} BEGIN ${stale} END;
    DROP TRIGGER report_need_deleted;
    CREATE TRIGGER report_need_deleted AFTER DELETE ON visit_needs WHEN ${ordinary} BEGIN ${stale} END;
    DROP TRIGGER report_ticket_deleted;
    CREATE TRIGGER report_ticket_deleted AFTER DELETE ON tickets WHEN ${ordinary} BEGIN ${stale} END;
    DROP TRIGGER report_finish_deleted;
    CREATE TRIGGER report_finish_deleted AFTER DELETE ON outcomes WHEN ${ordinary} BEGIN ${stale} END;
    DROP TRIGGER report_journey_deleted;
    CREATE TRIGGER report_journey_deleted AFTER DELETE ON journey_facts WHEN ${ordinary} BEGIN ${stale} END;
    DROP TRIGGER report_answers_deleted;
    CREATE TRIGGER report_answers_deleted AFTER DELETE ON demographics WHEN ${ordinary} BEGIN ${stale} END;
    DROP TRIGGER report_event_untagged;
    CREATE TRIGGER report_event_untagged AFTER DELETE ON visit_events WHEN ${ordinary} BEGIN
      UPDATE report_event_counts SET attendances = attendances - 1, first_time = first_time - ${isFirstVisit('OLD.visit_id')}
        WHERE event_id = OLD.event_id;
    END;
  `,
};
