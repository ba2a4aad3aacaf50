import type { Migration } from './index';

/**
 * One number for the whole visit: whatever services a resident sees and wherever they are sent on,
 * the board, the consoles, search and their paper ticket use the number they were given at check-in.
 *
 * - visits.number: the visit's number (first stop's service prefix and the hub's daily sequence,
 *   "M017"); every ticket of the visit carries it in tickets.number. Visits from before this
 *   migration take the number of their first stop.
 * - visit_counters: the hub-wide daily sequence behind visit numbers. It starts each day after the
 *   highest per-service sequence already used that day, so no new visit repeats an older number.
 *   tickets.seq stays per service: it orders each queue and keeps its uniqueness.
 */
export const migration011: Migration = {
  version: 11,
  name: 'one number for the whole visit',
  up: `
    ALTER TABLE visits ADD COLUMN number TEXT;
    UPDATE visits SET number = (SELECT t.number FROM tickets t WHERE t.visit_id = visits.id ORDER BY t.stop_order, t.seq LIMIT 1);
    CREATE TABLE visit_counters (
      service_day TEXT PRIMARY KEY,
      last_seq INTEGER NOT NULL
    ) STRICT;
    INSERT INTO visit_counters (service_day, last_seq) SELECT service_day, max(last_seq) FROM ticket_counters GROUP BY service_day;
    CREATE INDEX visits_day_number ON visits(service_day, number);
  `,
};
