import type { CollectorMigration } from './index';

/**
 * Events and their projections without per-row foreign-key checks against `hubs`. Each check was a
 * lookup and a row lock on the hub per stored row — a tenth of the time of a large batch — and
 * guards nothing the collector does not already ensure: every row is written by the one ingest
 * statement, for the hub whose token was just checked, and that statement checks the hub exists
 * once per batch. Hubs are never removed.
 */
export const migration002: CollectorMigration = {
  version: 2,
  name: 'events and projections stored without per-row hub checks',
  up: `
    ALTER TABLE events DROP CONSTRAINT events_hub_id_fkey;
    ALTER TABLE visits DROP CONSTRAINT visits_hub_id_fkey;
    ALTER TABLE tickets DROP CONSTRAINT tickets_hub_id_fkey;
    ALTER TABLE outcomes DROP CONSTRAINT outcomes_hub_id_fkey;
  `,
};
