import type { Migration } from './index';

/**
 * The optional equality questions as PROGRAMMES.md §3 describes them, and the indexes the reports
 * need on a year of visits.
 *
 * - demographics gains the two-question GSS disability measure (a condition of 12 months or more;
 *   does it reduce day-to-day activities), the reason for economic inactivity, where the answers
 *   came from (kiosk or staff) and the visit whose consent they were given under. The old single
 *   `disability` column stays for rows written before; nothing writes it now.
 * - Every answer column still takes 'prefer-not-to-say'; NULL means not asked.
 */
export const migration008: Migration = {
  version: 8,
  name: 'equality questions, report indexes',
  up: `
    ALTER TABLE demographics ADD COLUMN long_term_condition TEXT;
    ALTER TABLE demographics ADD COLUMN activity_limitation TEXT;
    ALTER TABLE demographics ADD COLUMN inactivity_reason TEXT;
    ALTER TABLE demographics ADD COLUMN source TEXT CHECK (source IS NULL OR source IN ('kiosk', 'staff'));
    ALTER TABLE demographics ADD COLUMN consent_visit_id TEXT REFERENCES visits(id) ON DELETE SET NULL;

    -- First or returning: a visitor's earlier visits, in time order.
    CREATE INDEX visits_visitor_time ON visits(visitor_id, checked_in_at) WHERE visitor_id IS NOT NULL;
    -- A range of days read with the columns the dashboard counts, without touching the table.
    CREATE INDEX visits_day_report ON visits(service_day, checked_in_at, visitor_id);
    -- Waits, no-shows and services used by day, read from the index alone.
    CREATE INDEX tickets_day_service ON tickets(service_day, service_id, status, called_at, queued_at, transferred_from);
    -- Finish outcomes as journey steps, by kind.
    CREATE INDEX outcomes_kind ON outcomes(kind, ticket_id);
    CREATE INDEX tickets_transferred ON tickets(transferred_from) WHERE transferred_from IS NOT NULL;
  `,
};
