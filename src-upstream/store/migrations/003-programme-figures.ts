import type { CollectorMigration } from './index';

/**
 * Indexes for the programme's figures (src-upstream/programme-figures.ts): a resident's earlier
 * visits (first or returning, at a hub and across the programme), and the journey facts, event
 * attributions and events the figures read from the stored events, without a scan of every event.
 */
export const migration003: CollectorMigration = {
  version: 3,
  name: 'programme figures',
  up: `
    CREATE INDEX visits_visitor ON visits (visitor, checked_in_at, visit_id) WHERE visitor IS NOT NULL;
    CREATE INDEX events_journey_day ON events ((payload->>'occurredOn')) WHERE type = 'journey.recorded';
    CREATE INDEX events_programme ON events (type, hub_id, seq) WHERE type IN ('visit.event-tagged', 'event.saved');
  `,
};
