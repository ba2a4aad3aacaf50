import type { Migration } from './index';

/**
 * Staff sign-in and reception's extra actions (issue 5).
 *
 * - sessions: only a SHA-256 of the session id is stored, so a copy of the database cannot be used
 *   to sign in; the CSRF token is bound to its session row.
 * - sign_in_failures: throttling and lockout survive a restart of the hub.
 * - setup_tokens: the first-run token, hashed, one-time and expiring.
 * - ticket_events is rebuilt to allow the new event types (SQLite cannot alter a CHECK); ids, and so
 *   the live-event sequence screens catch up from, are kept, and so is the AUTOINCREMENT high mark.
 */
export const migration002: Migration = {
  version: 2,
  name: 'staff sessions, sign-in throttling, setup token, reception event types',
  up: `
    CREATE TABLE sessions (
      id_hash TEXT PRIMARY KEY,
      staff_id TEXT NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
      method TEXT NOT NULL CHECK (method IN ('password', 'pin')),
      csrf_token TEXT NOT NULL,
      created_at TEXT NOT NULL,
      last_seen_at TEXT NOT NULL,
      idle_minutes INTEGER NOT NULL,
      expires_at TEXT NOT NULL,
      ended_at TEXT,
      end_reason TEXT CHECK (end_reason IN ('signed-out', 'signed-out-everywhere', 'disabled')),
      address TEXT
    ) STRICT;
    CREATE INDEX sessions_staff ON sessions(staff_id) WHERE ended_at IS NULL;

    CREATE TABLE sign_in_failures (
      key TEXT PRIMARY KEY,
      failures INTEGER NOT NULL,
      first_failed_at TEXT NOT NULL,
      last_failed_at TEXT NOT NULL,
      locked_until TEXT
    ) STRICT;

    CREATE TABLE setup_tokens (
      token_hash TEXT PRIMARY KEY,
      created_at TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      used_at TEXT
    ) STRICT;

    CREATE INDEX audit_log_staff ON audit_log(staff_id, at);
    CREATE INDEX audit_log_action ON audit_log(action, at);
    CREATE INDEX visits_display_name ON visits(service_day, display_name COLLATE NOCASE);

    CREATE TABLE ticket_events_v2 (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      ticket_id TEXT NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
      visit_id TEXT NOT NULL,
      type TEXT NOT NULL CHECK (type IN ('created', 'called', 'recalled', 'no-show', 'started', 'finished', 'transferred', 'cancelled',
        'no-show-undone', 'prioritised', 'reprinted')),
      at TEXT NOT NULL,
      desk TEXT,
      staff_id TEXT,
      detail TEXT,
      ticket TEXT NOT NULL
    ) STRICT;
    INSERT INTO ticket_events_v2 (id, ticket_id, visit_id, type, at, desk, staff_id, detail, ticket)
      SELECT id, ticket_id, visit_id, type, at, desk, staff_id, detail, ticket FROM ticket_events ORDER BY id;
    INSERT INTO sqlite_sequence (name, seq)
      SELECT 'ticket_events_v2', seq FROM sqlite_sequence WHERE name = 'ticket_events'
        AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'ticket_events_v2');
    UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'ticket_events'), 0))
      WHERE name = 'ticket_events_v2';
    DROP TABLE ticket_events;
    ALTER TABLE ticket_events_v2 RENAME TO ticket_events;
    CREATE INDEX ticket_events_ticket ON ticket_events(ticket_id);
  `,
};
