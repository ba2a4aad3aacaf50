import { randomUUID } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { HubDatabase } from '../store/database';

export type OutboxEvent = {
  id: number;
  eventId: string;
  type: string;
  occurredAt: string;
  payload: unknown;
};

/**
 * Events for the programme's collector. `add` must be called inside the transaction of the change
 * it reports, so an event exists exactly when its change committed. What goes in carries no names,
 * card numbers or free-text notes: visitors appear only by their random visitor id.
 */
export class Outbox {
  private readonly insert: Statement;
  private readonly after: Statement;
  private readonly cursorRead: Statement;
  private readonly cursorWrite: Statement;
  private readonly count: Statement;

  constructor(db: HubDatabase) {
    this.insert = db.prepare('INSERT INTO outbox (event_id, type, occurred_at, payload) VALUES (?, ?, ?, ?)');
    this.after = db.prepare('SELECT id, event_id, type, occurred_at, payload FROM outbox WHERE id > ? ORDER BY id LIMIT ?');
    this.cursorRead = db.prepare(`SELECT value FROM sync_state WHERE key = 'outbox.cursor'`);
    this.cursorWrite = db.prepare(
      `INSERT INTO sync_state (key, value) VALUES ('outbox.cursor', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
    );
    this.count = db.prepare('SELECT count(*) AS n FROM outbox WHERE id > ?');
  }

  add(type: string, occurredAt: string, payload: Record<string, unknown>): string {
    const eventId = randomUUID();
    this.insert.run(eventId, type, occurredAt, JSON.stringify(payload));
    return eventId;
  }

  /** The id of the last event the collector acknowledged. */
  cursor(): number {
    const row = this.cursorRead.get() as { value: string } | undefined;
    return row ? Number(row.value) : 0;
  }

  setCursor(id: number): void {
    this.cursorWrite.run(String(id));
  }

  pending(limit: number): OutboxEvent[] {
    const rows = this.after.all(this.cursor(), limit) as { id: number; event_id: string; type: string; occurred_at: string; payload: string }[];
    return rows.map((r) => ({ id: r.id, eventId: r.event_id, type: r.type, occurredAt: r.occurred_at, payload: JSON.parse(r.payload) as unknown }));
  }

  backlog(): number {
    return (this.count.get(this.cursor()) as { n: number }).n;
  }
}
