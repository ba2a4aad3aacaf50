import type { Migration } from './index';

/**
 * Alerts kept in the database, how each visit's ticket printed, and why a ticket was closed.
 *
 * - alerts: every alert reception must see, until acknowledged (or, for printer and device trouble,
 *   resolved). Repeats of one device's or the kiosk's help alert fold into one row with a count
 *   (`fold_key` is unique among open alerts). Flag alerts of visits whose flags nobody has
 *   acknowledged yet are carried over from before this migration.
 * - visits.print_status: 'pending' from the commit until the print answers, then 'printed',
 *   'failed' (with print_code) or 'no-printer'; 'unknown' for visits from before this migration.
 *   print_attempts lets a retried check-in print again once, never more.
 * - tickets.closed_reason: 'day-ended' for a ticket the hub closed at the end of its service day.
 */
export const migration005: Migration = {
  version: 5,
  name: 'alerts in the database, print status of visits, day-end closing',
  up: `
    CREATE TABLE alerts (
      id TEXT PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('flag', 'printer', 'device', 'unknown-card', 'talk-to-someone')),
      raised_at TEXT NOT NULL,
      last_raised_at TEXT NOT NULL,
      visit_id TEXT,
      message TEXT NOT NULL,
      flags TEXT NOT NULL DEFAULT '[]',
      fold_key TEXT,
      count INTEGER NOT NULL DEFAULT 1 CHECK (count >= 1),
      acknowledged_at TEXT,
      acknowledged_by TEXT,
      resolved_at TEXT
    ) STRICT;
    CREATE INDEX alerts_open ON alerts(raised_at) WHERE acknowledged_at IS NULL AND resolved_at IS NULL;
    CREATE INDEX alerts_visit ON alerts(visit_id, kind);
    CREATE UNIQUE INDEX alerts_fold ON alerts(fold_key) WHERE fold_key IS NOT NULL AND acknowledged_at IS NULL AND resolved_at IS NULL;

    INSERT INTO alerts (id, kind, raised_at, last_raised_at, visit_id, message, flags)
      SELECT lower(hex(randomblob(16))), 'flag', v.checked_in_at, v.checked_in_at, v.id,
        'Check-in ' || coalesce((SELECT group_concat(t.number, ', ') FROM tickets t WHERE t.visit_id = v.id), '') || ' needs attention now.',
        (SELECT json_group_array(f.flag) FROM visit_flags f WHERE f.visit_id = v.id AND f.flag IN ('crisis', 'safeguarding', 'urgent', 'interpreter', 'bsl'))
      FROM visits v
      WHERE EXISTS (SELECT 1 FROM visit_flags f WHERE f.visit_id = v.id AND f.acknowledged_at IS NULL AND f.flag IN ('crisis', 'safeguarding', 'urgent'));

    ALTER TABLE visits ADD COLUMN print_status TEXT NOT NULL DEFAULT 'unknown'
      CHECK (print_status IN ('unknown', 'pending', 'printed', 'failed', 'no-printer'));
    ALTER TABLE visits ADD COLUMN print_code TEXT;
    ALTER TABLE visits ADD COLUMN printed_at TEXT;
    ALTER TABLE visits ADD COLUMN print_attempts INTEGER NOT NULL DEFAULT 0;

    ALTER TABLE tickets ADD COLUMN closed_reason TEXT CHECK (closed_reason IN ('day-ended'));
  `,
};
