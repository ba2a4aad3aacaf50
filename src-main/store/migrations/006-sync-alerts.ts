import type { Migration } from './index';

/**
 * Alerts of the upload to the programme's collector ("Upload backlog growing") kept like the others:
 * the alerts table of migration 005 allows kind 'sync' too. SQLite cannot change a CHECK in place,
 * so the table is made again with the same columns, rows (in the order they were raised) and indexes.
 */
export const migration006: Migration = {
  version: 6,
  name: 'upload alerts kept in the database',
  up: `
    CREATE TABLE alerts_new (
      id TEXT PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('flag', 'printer', 'device', 'unknown-card', 'talk-to-someone', 'sync')),
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
    INSERT INTO alerts_new (rowid, id, kind, raised_at, last_raised_at, visit_id, message, flags, fold_key, count, acknowledged_at, acknowledged_by, resolved_at)
      SELECT rowid, id, kind, raised_at, last_raised_at, visit_id, message, flags, fold_key, count, acknowledged_at, acknowledged_by, resolved_at FROM alerts;
    DROP TABLE alerts;
    ALTER TABLE alerts_new RENAME TO alerts;
    CREATE INDEX alerts_open ON alerts(raised_at) WHERE acknowledged_at IS NULL AND resolved_at IS NULL;
    CREATE INDEX alerts_visit ON alerts(visit_id, kind);
    CREATE UNIQUE INDEX alerts_fold ON alerts(fold_key) WHERE fold_key IS NOT NULL AND acknowledged_at IS NULL AND resolved_at IS NULL;
  `,
};
