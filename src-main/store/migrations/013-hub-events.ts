import type { Migration } from './index';

/**
 * The hub's programme of events (jobs fairs, workshops, drop-ins) and which check-ins came for one.
 * Attendance is kept apart from participants: an event attendee is footfall, not a start.
 * `start_day` is the hub's local date of `starts_at`, so a range of days finds events by index.
 */
export const migration013: Migration = {
  version: 13,
  name: 'events and attendance',
  up: `
    CREATE TABLE hub_events (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
      kind TEXT NOT NULL CHECK (kind IN ('jobs-fair', 'workshop', 'drop-in', 'information-session', 'training', 'community', 'other')),
      starts_at TEXT NOT NULL,
      ends_at TEXT NOT NULL,
      start_day TEXT NOT NULL,
      partner_id TEXT,
      capacity INTEGER CHECK (capacity IS NULL OR capacity > 0),
      created_at TEXT NOT NULL,
      created_by TEXT,
      updated_at TEXT NOT NULL,
      cancelled_at TEXT,
      CHECK (ends_at > starts_at)
    ) STRICT;
    CREATE INDEX hub_events_start ON hub_events(start_day);
    CREATE INDEX hub_events_running ON hub_events(starts_at, ends_at);

    -- One event per visit: "I'm here for …" on the kiosk, or tagged by staff.
    CREATE TABLE visit_events (
      visit_id TEXT PRIMARY KEY REFERENCES visits(id) ON DELETE CASCADE,
      event_id TEXT NOT NULL REFERENCES hub_events(id) ON DELETE CASCADE,
      source TEXT NOT NULL CHECK (source IN ('kiosk', 'staff')),
      tagged_at TEXT NOT NULL,
      staff_id TEXT
    ) STRICT;
    CREATE INDEX visit_events_event ON visit_events(event_id);
  `,
};
