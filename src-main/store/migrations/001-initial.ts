import type { Migration } from './index';

/**
 * The first schema. Personal data sits in its own columns and tables (visitors.display_name,
 * visits.display_name, demographics, visitor_identifiers) so the retention job can clear it
 * and keep the anonymous rows that reports count. All times are UTC ISO-8601 strings.
 */
export const migration001: Migration = {
  version: 1,
  name: 'initial schema',
  up: `
    CREATE TABLE config_versions (
      hash TEXT PRIMARY KEY,
      hub_id TEXT NOT NULL,
      version INTEGER NOT NULL,
      first_loaded_at TEXT NOT NULL,
      body TEXT NOT NULL
    ) STRICT;

    CREATE TABLE visitors (
      id TEXT PRIMARY KEY,
      created_at TEXT NOT NULL,
      display_name TEXT,
      language TEXT,
      how_heard_answered_at TEXT,
      personal_data_removed_at TEXT
    ) STRICT;

    -- Card and QR identifiers only as keyed hashes; the key lives outside the database.
    CREATE TABLE visitor_identifiers (
      hash TEXT PRIMARY KEY,
      visitor_id TEXT NOT NULL REFERENCES visitors(id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind IN ('card', 'qr')),
      created_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX visitor_identifiers_visitor ON visitor_identifiers(visitor_id);

    -- Optional equality data; every column accepts 'prefer-not-to-say'; NULL means not asked.
    CREATE TABLE demographics (
      visitor_id TEXT PRIMARY KEY REFERENCES visitors(id) ON DELETE CASCADE,
      age_band TEXT,
      sex TEXT,
      gender_identity TEXT,
      ethnicity TEXT,
      disability TEXT,
      employment_status TEXT,
      carer_hours TEXT,
      veteran TEXT,
      updated_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE visits (
      id TEXT PRIMARY KEY,
      request_id TEXT NOT NULL UNIQUE,
      visitor_id TEXT REFERENCES visitors(id) ON DELETE SET NULL,
      hub_id TEXT NOT NULL,
      service_day TEXT NOT NULL,
      checked_in_at TEXT NOT NULL,
      method TEXT NOT NULL CHECK (method IN ('card', 'qr', 'walk-in', 'staff')),
      unknown_identifier INTEGER NOT NULL DEFAULT 0,
      config_hash TEXT NOT NULL REFERENCES config_versions(hash),
      config_version INTEGER NOT NULL,
      language TEXT,
      display_name TEXT,
      interpreter INTEGER NOT NULL DEFAULT 0,
      accessibility TEXT NOT NULL DEFAULT '[]',
      talk_to_someone INTEGER NOT NULL DEFAULT 0,
      priority INTEGER NOT NULL DEFAULT 0,
      status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
      closed_at TEXT,
      personal_data_removed_at TEXT
    ) STRICT;
    CREATE INDEX visits_day ON visits(service_day);
    CREATE INDEX visits_checked_in ON visits(checked_in_at);
    CREATE INDEX visits_visitor ON visits(visitor_id);

    CREATE TABLE consents (
      id INTEGER PRIMARY KEY,
      visit_id TEXT NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
      notice_version TEXT NOT NULL,
      optional_questions INTEGER NOT NULL,
      given_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE how_heard_answers (
      visit_id TEXT NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
      option_id TEXT NOT NULL,
      free_text TEXT,
      PRIMARY KEY (visit_id, option_id)
    ) STRICT;

    CREATE TABLE triage_answers (
      visit_id TEXT NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
      question_id TEXT NOT NULL,
      answer TEXT,
      skipped INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (visit_id, question_id)
    ) STRICT;

    CREATE TABLE visit_needs (
      visit_id TEXT NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
      need_id TEXT NOT NULL,
      PRIMARY KEY (visit_id, need_id)
    ) STRICT;

    CREATE TABLE visit_flags (
      visit_id TEXT NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
      flag TEXT NOT NULL CHECK (flag IN ('crisis', 'safeguarding', 'urgent', 'interpreter', 'bsl')),
      acknowledged_at TEXT,
      acknowledged_by TEXT,
      PRIMARY KEY (visit_id, flag)
    ) STRICT;

    -- One ticket per service stop. Numbers restart each service day in the hub's time zone.
    CREATE TABLE tickets (
      id TEXT PRIMARY KEY,
      visit_id TEXT NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
      service_id TEXT NOT NULL,
      service_day TEXT NOT NULL,
      seq INTEGER NOT NULL,
      number TEXT NOT NULL,
      stop_order INTEGER NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('waiting', 'called', 'serving', 'done', 'no-show', 'cancelled', 'transferred')),
      priority INTEGER NOT NULL DEFAULT 0,
      desk TEXT,
      staff_id TEXT,
      queued_at TEXT NOT NULL,
      called_at TEXT,
      started_at TEXT,
      finished_at TEXT,
      recall_count INTEGER NOT NULL DEFAULT 0,
      transferred_from TEXT REFERENCES tickets(id),
      UNIQUE (service_id, service_day, seq)
    ) STRICT;
    -- Serves call-next: the waiting tickets of one service in call order.
    CREATE INDEX tickets_call_order ON tickets(service_id, service_day, status, priority DESC, queued_at, seq);
    CREATE INDEX tickets_visit ON tickets(visit_id);
    CREATE INDEX tickets_day_status ON tickets(service_day, status);
    CREATE INDEX tickets_finished ON tickets(service_id, finished_at) WHERE finished_at IS NOT NULL;

    CREATE TABLE ticket_counters (
      service_id TEXT NOT NULL,
      service_day TEXT NOT NULL,
      last_seq INTEGER NOT NULL,
      PRIMARY KEY (service_id, service_day)
    ) STRICT;

    -- Every queue change, in order; its id is the live-event sequence screens catch up from.
    CREATE TABLE ticket_events (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      ticket_id TEXT NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
      visit_id TEXT NOT NULL,
      type TEXT NOT NULL CHECK (type IN ('created', 'called', 'recalled', 'no-show', 'started', 'finished', 'transferred', 'cancelled')),
      at TEXT NOT NULL,
      desk TEXT,
      staff_id TEXT,
      detail TEXT,
      ticket TEXT NOT NULL
    ) STRICT;
    CREATE INDEX ticket_events_ticket ON ticket_events(ticket_id);

    CREATE TABLE outcomes (
      id INTEGER PRIMARY KEY,
      ticket_id TEXT NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
      visit_id TEXT NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
      service_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      referred_to TEXT,
      note TEXT,
      recorded_at TEXT NOT NULL,
      staff_id TEXT
    ) STRICT;
    CREATE INDEX outcomes_visit ON outcomes(visit_id);

    CREATE TABLE staff (
      id TEXT PRIMARY KEY,
      username TEXT NOT NULL UNIQUE,
      display_name TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('reception', 'partner', 'manager', 'admin')),
      services TEXT NOT NULL DEFAULT '[]',
      password_hash TEXT,
      pin_hash TEXT,
      created_at TEXT NOT NULL,
      disabled_at TEXT
    ) STRICT;

    CREATE TABLE audit_log (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      at TEXT NOT NULL,
      staff_id TEXT,
      action TEXT NOT NULL,
      subject_type TEXT,
      subject_id TEXT,
      detail TEXT
    ) STRICT;
    CREATE INDEX audit_log_at ON audit_log(at);

    -- Written in the same transaction as the change it reports; drained by one uploader.
    CREATE TABLE outbox (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      event_id TEXT NOT NULL UNIQUE,
      type TEXT NOT NULL,
      occurred_at TEXT NOT NULL,
      payload TEXT NOT NULL
    ) STRICT;

    CREATE TABLE sync_state (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;
  `,
};
