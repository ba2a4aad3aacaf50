import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, schemaVersion } from '../../src-main/store/database';
import { makeTempDir } from '../helpers/temp-dir';

const temp = makeTempDir();
afterAll(() => temp.remove());

describe('migration 003: typed outbox envelope, acknowledgements, quarantine, referral receiver id', () => {
  it('keeps earlier outbox rows as schema 0 (never sent as typed events) and their ids', () => {
    const db = openDatabase(join(temp.path, 'm3.sqlite'), { targetVersion: 2 });
    db.prepare(`INSERT INTO outbox (event_id, type, occurred_at, payload) VALUES ('e1', 'visit.checked-in', '2026-01-01T09:00:00.000Z', '{"visitorRef":"x"}')`).run();
    db.prepare(`INSERT INTO outbox (event_id, type, occurred_at, payload) VALUES ('e2', 'visit.closed', '2026-01-01T10:00:00.000Z', '{}')`).run();
    expect(migrate(db, undefined, 3)).toBe(3);
    expect(schemaVersion(db)).toBe(3);
    const rows = db.prepare('SELECT id, event_id, schema_version, hub_id, acknowledged_at FROM outbox ORDER BY id').all();
    expect(rows).toEqual([
      { id: 1, event_id: 'e1', schema_version: 0, hub_id: '', acknowledged_at: null },
      { id: 2, event_id: 'e2', schema_version: 0, hub_id: '', acknowledged_at: null },
    ]);
    // AUTOINCREMENT: the next event follows on with no gap and no reuse.
    const next = db.prepare(`INSERT INTO outbox (event_id, type, occurred_at, payload, schema_version) VALUES ('e3', 'visit.closed', 'x', '{}', 1)`).run();
    expect(Number(next.lastInsertRowid)).toBe(3);
    db.close();
  });

  it('quarantines by outbox row, removed with it, and keeps a referral receiver id beside the local text', () => {
    const db = openDatabase(join(temp.path, 'm3-tables.sqlite'), { targetVersion: 3 });
    db.prepare(`INSERT INTO outbox (event_id, type, occurred_at, payload) VALUES ('e1', 'visit.closed', 'x', '{}')`).run();
    const quarantine = db.prepare(`INSERT INTO sync_quarantine (outbox_id, code, reason, quarantined_at) VALUES (?, 'INVALID_EVENT', 'bad', 'x')`);
    quarantine.run(1);
    expect(() => quarantine.run(99)).toThrow(/FOREIGN KEY/);
    expect(() => quarantine.run(1)).toThrow(/UNIQUE|PRIMARY KEY/);
    db.prepare('DELETE FROM outbox WHERE id = 1').run();
    expect(db.prepare('SELECT count(*) AS n FROM sync_quarantine').get()).toEqual({ n: 0 });
    const columns = (db.prepare(`SELECT name FROM pragma_table_info('outcomes')`).all() as { name: string }[]).map((c) => c.name);
    expect(columns).toEqual(expect.arrayContaining(['referred_to', 'referred_to_id']));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});
