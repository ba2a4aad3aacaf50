import type { Statement } from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { syncSchemaVersion, type SyncEventDraft } from '../../src-shared/sync/events';
import type { HubDatabase } from '../store/database';

/** Who writes the events: the envelope fields every event of this running hub carries. */
export type OutboxOrigin = { hubId: string; configVersion: number; configHash: string };

/**
 * A row as the uploader reads it: `event` is the envelope as sent — its JSON text, made by SQLite
 * from the stored columns, so a large batch costs the hub no parsing and re-serialising — or why it
 * cannot be sent.
 */
export type OutboxRow = {
  id: number;
  eventId: string;
  type: string;
  occurredAt: string;
  event: { ok: true; json: string } | { ok: false; code: 'LEGACY_EVENT' | 'UNREADABLE_EVENT'; reason: string };
};

type RawRow = {
  id: number;
  event_id: string;
  type: string;
  occurred_at: string;
  schema_version: number;
  /** Null when the stored payload is not valid JSON (RFC 8259, as JSON.stringify writes it). */
  envelope: string | null;
};

/** The envelope in the field order of src-shared/sync/events.ts, with the payload as stored. */
const columns = `id, event_id, type, occurred_at, schema_version,
  CASE WHEN json_valid(payload) THEN json_object('eventId', event_id, 'hubId', hub_id, 'seq', id, 'schemaVersion', schema_version, 'type', type,
    'occurredAt', occurred_at, 'configVersion', config_version, 'configHash', config_hash, 'payload', json(payload)) END AS envelope`;

/**
 * Events for the programme's collector. `add` must be called inside the transaction of the change
 * it reports, so an event exists exactly when its change committed, and takes only the typed events
 * of src-shared/sync/events.ts. The row id is the event's `seq`: AUTOINCREMENT in a committed
 * transaction gives 1, 2, 3 … with no gap and no reuse, also after pruning.
 */
export class Outbox {
  private readonly insert: Statement;
  private readonly cursorRead: Statement;
  private readonly cursorWrite: Statement;
  private readonly unsent: Statement;
  private readonly count: Statement;
  private readonly oldest: Statement;

  constructor(
    private readonly db: HubDatabase,
    private readonly origin: OutboxOrigin,
  ) {
    this.insert = db.prepare(
      `INSERT INTO outbox (event_id, type, occurred_at, payload, hub_id, schema_version, config_version, config_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.cursorRead = db.prepare(`SELECT value FROM sync_state WHERE key = 'outbox.cursor'`);
    this.cursorWrite = db.prepare(
      `INSERT INTO sync_state (key, value) VALUES ('outbox.cursor', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
    );
    this.unsent = db.prepare(
      `SELECT ${columns} FROM outbox o WHERE id > ? AND acknowledged_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM sync_quarantine q WHERE q.outbox_id = o.id) ORDER BY id LIMIT ?`,
    );
    this.count = db.prepare(
      `SELECT count(*) AS n FROM outbox o WHERE acknowledged_at IS NULL AND NOT EXISTS (SELECT 1 FROM sync_quarantine q WHERE q.outbox_id = o.id)`,
    );
    this.oldest = db.prepare(
      `SELECT occurred_at FROM outbox o WHERE acknowledged_at IS NULL AND NOT EXISTS (SELECT 1 FROM sync_quarantine q WHERE q.outbox_id = o.id) ORDER BY id LIMIT 1`,
    );
  }

  add(draft: SyncEventDraft): string {
    const eventId = uuidv7();
    const { hubId, configVersion, configHash } = this.origin;
    this.insert.run(eventId, draft.type, draft.occurredAt, JSON.stringify(draft.payload), hubId, syncSchemaVersion, configVersion, configHash);
    return eventId;
  }

  /** The id below which every event is acknowledged by the collector or quarantined. */
  cursor(): number {
    const row = this.cursorRead.get() as { value: string } | undefined;
    return row ? Number(row.value) : 0;
  }

  setCursor(id: number): void {
    this.cursorWrite.run(String(id));
  }

  /** Events not yet acknowledged nor quarantined, oldest first, after `afterId` (default: the cursor). */
  unsentRows(limit: number, afterId = this.cursor()): OutboxRow[] {
    return (this.unsent.all(afterId, limit) as RawRow[]).map(toOutboxRow);
  }

  rows(ids: readonly number[]): OutboxRow[] {
    if (ids.length === 0) return [];
    const rows = this.db.prepare(`SELECT ${columns} FROM outbox WHERE id IN (${ids.map(() => '?').join(', ')}) ORDER BY id`).all(...ids) as RawRow[];
    return rows.map(toOutboxRow);
  }

  /** How many events wait to be sent (quarantined ones are counted apart). */
  backlog(): number {
    return (this.count.get() as { n: number }).n;
  }

  oldestUnsentAt(): string | null {
    return (this.oldest.get() as { occurred_at: string } | undefined)?.occurred_at ?? null;
  }
}

function toOutboxRow(r: RawRow): OutboxRow {
  const base = { id: r.id, eventId: r.event_id, type: r.type, occurredAt: r.occurred_at };
  if (r.schema_version === 0) {
    return { ...base, event: { ok: false, code: 'LEGACY_EVENT', reason: 'Written by an earlier version of Front Door, before typed events; it is kept on the hub and not sent.' } };
  }
  if (r.envelope === null) return { ...base, event: { ok: false, code: 'UNREADABLE_EVENT', reason: 'The stored event is not readable JSON.' } };
  return { ...base, event: { ok: true, json: r.envelope } };
}
