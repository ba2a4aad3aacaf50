import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, schemaVersion } from '../../src-main/store/database';
import { makeTempDir } from '../helpers/temp-dir';

const temp = makeTempDir();
afterAll(() => temp.remove());

describe('migration 006: upload alerts kept in the database', () => {
  it('keeps every alert, in the order raised, with its indexes, and takes alerts of kind sync', () => {
    const db = openDatabase(join(temp.path, 'm6.sqlite'), { targetVersion: 5 });
    const insert = db.prepare(`INSERT INTO alerts (id, kind, raised_at, last_raised_at, message, fold_key, acknowledged_at) VALUES (?, ?, ?, ?, 'm', ?, ?)`);
    // Raised in the same millisecond: only the row order tells them apart.
    insert.run('b', 'device', '2026-01-01T09:00:00.000Z', '2026-01-01T09:00:00.000Z', 'device:reader', null);
    insert.run('a', 'printer', '2026-01-01T09:00:00.000Z', '2026-01-01T09:01:00.000Z', null, '2026-01-01T09:02:00.000Z');
    expect(() => insert.run('c', 'sync', 'x', 'x', null, null)).toThrow(/CHECK/);
    const before = db.prepare('SELECT rowid, * FROM alerts ORDER BY rowid').all();

    expect(migrate(db, undefined, 6)).toBe(6);
    expect(schemaVersion(db)).toBe(6);
    expect(db.prepare('SELECT rowid, * FROM alerts ORDER BY rowid').all()).toEqual(before);
    expect(insert.run('c', 'sync', '2026-01-01T10:00:00.000Z', '2026-01-01T10:00:00.000Z', null, null).changes).toBe(1);
    expect(() => insert.run('d', 'weather', 'x', 'x', null, null)).toThrow(/CHECK/);
    // One open alert per fold key, as before.
    expect(() => insert.run('e', 'device', 'x', 'x', 'device:reader', null)).toThrow(/UNIQUE/);
    const indexes = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'alerts' AND sql IS NOT NULL ORDER BY name`).all() as { name: string }[]).map((r) => r.name);
    expect(indexes).toEqual(['alerts_fold', 'alerts_open', 'alerts_visit']);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});
