import type { Migration } from './index';

/**
 * Data protection (issue 14): personal data only where the registry (src-main/privacy/personal-data.ts)
 * says, and what retention needs to find it quickly.
 *
 * - ticket_events.ticket keeps the ticket as it moved (number, status, desk, times) and no longer a
 *   copy of the visitor's first name, language, interpreter, access needs, needs or flags: screens
 *   catching up read those from the visit, where retention and erasure clear them. Rows written
 *   before are stripped here.
 * - visits_personal_pending: the visits whose personal fields are still there, in service-day order,
 *   so the retention job walks only those and the index empties as it works.
 * - retained_counts: anonymous counts per service day (measure, value, n) kept when the rows they
 *   were counted from are cleared or deleted, so a day's figures stay the same after retention.
 * - consents_visit: subject access and erasure read a visit's consent by visit.
 * - outcomes_ticket, tickets_transferred_from: deleting a visit after visitRetentionDays deletes its
 *   tickets, and SQLite looks up what refers to each ticket; without these it reads whole tables.
 */
export const migration009: Migration = {
  version: 9,
  name: 'privacy: events without personal copies, retention index, retained counts',
  up: `
    UPDATE ticket_events
      SET ticket = json_remove(ticket, '$.displayName', '$.language', '$.interpreter', '$.accessibility', '$.flags', '$.needs')
      WHERE json_valid(ticket);

    CREATE INDEX visits_personal_pending ON visits(service_day) WHERE personal_data_removed_at IS NULL;
    CREATE INDEX consents_visit ON consents(visit_id);
    CREATE INDEX outcomes_ticket ON outcomes(ticket_id);
    CREATE INDEX tickets_transferred_from ON tickets(transferred_from) WHERE transferred_from IS NOT NULL;

    CREATE TABLE retained_counts (
      service_day TEXT NOT NULL,
      measure TEXT NOT NULL,
      value TEXT NOT NULL,
      n INTEGER NOT NULL,
      PRIMARY KEY (service_day, measure, value)
    ) STRICT;
  `,
};
