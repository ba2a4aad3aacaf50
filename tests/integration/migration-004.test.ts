import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, schemaVersion } from '../../src-main/store/database';
import { makeTempDir } from '../helpers/temp-dir';

const temp = makeTempDir();
afterAll(() => temp.remove());

describe('migration 004: kiosk enrolment', () => {
  it('adds the kiosk and pairing-code tables to a version-2 database and keeps what was there', () => {
    const db = openDatabase(join(temp.path, 'm4.sqlite'), { targetVersion: 2 });
    db.prepare(`INSERT INTO staff (id, username, display_name, role, created_at) VALUES ('m1', 'meg', 'Meg', 'manager', 'x')`).run();
    const before = db.prepare('SELECT * FROM staff').all();
    expect(migrate(db, undefined, 4)).toBe(4);
    expect(schemaVersion(db)).toBe(4);
    expect(db.prepare('SELECT * FROM staff').all()).toEqual(before);
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['kiosks', 'kiosk_pairing_codes']));
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('keeps credentials unique, names short, and who enrolled or revoked a kiosk after their account is gone', () => {
    const db = openDatabase(join(temp.path, 'm4-constraints.sqlite'));
    db.prepare(`INSERT INTO staff (id, username, display_name, role, created_at) VALUES ('m1', 'meg', 'Meg', 'manager', 'x')`).run();
    const kiosk = db.prepare(
      `INSERT INTO kiosks (id, name, credential_hash, enrolled_at, enrolled_by, revoked_by) VALUES (?, ?, ?, '2026-01-01T00:00:00.000Z', ?, ?)`,
    );
    kiosk.run('k1', 'Hall', 'hash-1', 'm1', 'm1');
    expect(() => kiosk.run('k2', 'Library', 'hash-1', null, null)).toThrow(/UNIQUE/);
    expect(() => kiosk.run('k3', '', 'hash-3', null, null)).toThrow(/CHECK/);
    expect(() => kiosk.run('k4', 'x'.repeat(49), 'hash-4', null, null)).toThrow(/CHECK/);
    expect(() => kiosk.run('k5', 'Hall', 'hash-5', 'nobody', null)).toThrow(/FOREIGN KEY/);
    const code = db.prepare(`INSERT INTO kiosk_pairing_codes (code_hash, name, created_by, created_at, expires_at, kiosk_id) VALUES (?, 'Hall', 'm1', 'a', 'b', ?)`);
    code.run('c1', 'k1');
    expect(() => code.run('c1', null)).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(() => code.run('c2', 'no-such-kiosk')).toThrow(/FOREIGN KEY/);
    // Removing the manager keeps the kiosk and its history, without the link.
    db.prepare(`DELETE FROM staff WHERE id = 'm1'`).run();
    expect(db.prepare(`SELECT enrolled_by, revoked_by FROM kiosks WHERE id = 'k1'`).get()).toEqual({ enrolled_by: null, revoked_by: null });
    expect(db.prepare(`SELECT created_by FROM kiosk_pairing_codes WHERE code_hash = 'c1'`).get()).toEqual({ created_by: null });
    db.close();
  });
});
