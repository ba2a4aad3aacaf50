import type { Migration } from './index';

/**
 * Typed outbox events and their uploader (issue: sync upstream).
 *
 * - outbox rows carry their envelope: hub id, schema version, configuration version and hash. Rows
 *   written before this version keep schema_version 0: their payloads predate the typed events (a
 *   raw visitor id, free-text referrals), so the uploader quarantines them instead of sending them.
 * - acknowledged_at: when the collector acknowledged the event; pruned after upstream.keepAcknowledgedDays.
 * - sync_quarantine: events the collector refused as invalid, with its reason, until someone retries.
 * - outcomes.referred_to_id: the receiver of a referral as an id from the configuration (what is sent
 *   upstream); referred_to stays the local free text.
 */
export const migration003: Migration = {
  version: 3,
  name: 'typed outbox envelope, acknowledgements, quarantine, referral receiver id',
  // Merged after 004 and 005: a hub that ran a build with those but not this one is at schema 5 without it.
  appliedIf: `SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sync_quarantine'`,
  up: `
    ALTER TABLE outbox ADD COLUMN hub_id TEXT NOT NULL DEFAULT '';
    ALTER TABLE outbox ADD COLUMN schema_version INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE outbox ADD COLUMN config_version INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE outbox ADD COLUMN config_hash TEXT NOT NULL DEFAULT '';
    ALTER TABLE outbox ADD COLUMN acknowledged_at TEXT;
    CREATE INDEX outbox_unacknowledged ON outbox(id) WHERE acknowledged_at IS NULL;

    CREATE TABLE sync_quarantine (
      outbox_id INTEGER PRIMARY KEY REFERENCES outbox(id) ON DELETE CASCADE,
      code TEXT NOT NULL,
      reason TEXT NOT NULL,
      quarantined_at TEXT NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 1,
      retry_requested_at TEXT
    ) STRICT;

    ALTER TABLE outcomes ADD COLUMN referred_to_id TEXT;
  `,
};
