import type { Migration } from './index';

/**
 * Kiosk enrolment (the hub under attack): only the hub's own machine and kiosks a manager enrolled
 * may use the kiosk routes.
 *
 * - kiosks: one row per enrolled kiosk; only a SHA-256 of its credential is stored, so a copy of
 *   the database cannot act as a kiosk. Revoked kiosks stay listed (who, when) and are refused.
 * - kiosk_pairing_codes: a manager's one-time code, hashed, expiring after minutes, used once.
 */
export const migration004: Migration = {
  version: 4,
  name: 'kiosk enrolment: enrolled kiosks and their pairing codes',
  up: `
    CREATE TABLE kiosks (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 48),
      credential_hash TEXT NOT NULL UNIQUE,
      enrolled_at TEXT NOT NULL,
      enrolled_by TEXT REFERENCES staff(id) ON DELETE SET NULL,
      enrolled_from TEXT,
      last_seen_at TEXT,
      revoked_at TEXT,
      revoked_by TEXT REFERENCES staff(id) ON DELETE SET NULL
    ) STRICT;

    CREATE TABLE kiosk_pairing_codes (
      code_hash TEXT PRIMARY KEY,
      name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 48),
      created_by TEXT REFERENCES staff(id) ON DELETE SET NULL,
      created_at TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      used_at TEXT,
      kiosk_id TEXT REFERENCES kiosks(id) ON DELETE SET NULL
    ) STRICT;
  `,
};
