import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, schemaVersion } from '../../src-main/store/database';
import { makeTempDir } from '../helpers/temp-dir';

const temp = makeTempDir();
afterAll(() => temp.remove());

/** A version-2 database with a crisis check-in nobody acknowledged and one somebody did. */
function seedVersion2(file: string) {
  const db = openDatabase(file, { targetVersion: 2 });
  db.prepare(`INSERT INTO config_versions VALUES ('h', 'hub', 1, '2026-01-01T00:00:00.000Z', '{}')`).run();
  const visit = db.prepare(
    `INSERT INTO visits (id, request_id, hub_id, service_day, checked_in_at, method, config_hash, config_version)
     VALUES (?, ?, 'hub', '2026-01-01', ?, 'walk-in', 'h', 1)`,
  );
  visit.run('v1', 'r1', '2026-01-01T09:00:00.000Z');
  visit.run('v2', 'r2', '2026-01-01T09:05:00.000Z');
  const ticket = db.prepare(
    `INSERT INTO tickets (id, visit_id, service_id, service_day, seq, number, stop_order, status, queued_at)
     VALUES (?, ?, 'housing', '2026-01-01', ?, ?, 1, 'waiting', '2026-01-01T09:00:00.000Z')`,
  );
  ticket.run('t1', 'v1', 1, 'H001');
  ticket.run('t2', 'v2', 2, 'H002');
  db.prepare(`INSERT INTO visit_flags (visit_id, flag) VALUES ('v1', 'crisis'), ('v1', 'interpreter')`).run();
  db.prepare(`INSERT INTO visit_flags (visit_id, flag, acknowledged_at, acknowledged_by) VALUES ('v2', 'safeguarding', '2026-01-01T09:06:00.000Z', 's1')`).run();
  return db;
}

describe('migration 005: alerts in the database, print status of visits, day-end closing', () => {
  it('carries unacknowledged flag alerts over and marks old visits’ print status unknown', () => {
    const db = seedVersion2(join(temp.path, 'm5.sqlite'));
    expect(migrate(db, undefined, 5)).toBe(5);
    expect(schemaVersion(db)).toBe(5);
    const alerts = db.prepare('SELECT kind, visit_id, raised_at, message, flags, count, acknowledged_at FROM alerts').all();
    expect(alerts).toEqual([
      { kind: 'flag', visit_id: 'v1', raised_at: '2026-01-01T09:00:00.000Z', message: 'Check-in H001 needs attention now.', flags: '["crisis","interpreter"]', count: 1, acknowledged_at: null },
    ]);
    expect(db.prepare('SELECT id, print_status, print_code, printed_at, print_attempts FROM visits ORDER BY id').all()).toEqual([
      { id: 'v1', print_status: 'unknown', print_code: null, printed_at: null, print_attempts: 0 },
      { id: 'v2', print_status: 'unknown', print_code: null, printed_at: null, print_attempts: 0 },
    ]);
    expect(db.prepare('SELECT closed_reason FROM tickets WHERE id = ?').get('t1')).toEqual({ closed_reason: null });
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('enforces one open alert per fold key, and the new columns’ values', () => {
    const db = openDatabase(join(temp.path, 'm5-constraints.sqlite'), { targetVersion: 5 });
    const insert = db.prepare(`INSERT INTO alerts (id, kind, raised_at, last_raised_at, message, fold_key) VALUES (?, ?, 'x', 'x', 'm', ?)`);
    insert.run('a1', 'device', 'device:reader');
    expect(() => insert.run('a2', 'device', 'device:reader')).toThrow(/UNIQUE/);
    db.prepare(`UPDATE alerts SET resolved_at = 'y' WHERE id = 'a1'`).run();
    expect(insert.run('a3', 'device', 'device:reader').changes).toBe(1);
    expect(() => insert.run('a4', 'weather', null)).toThrow(/CHECK/);
    db.prepare(`INSERT INTO config_versions VALUES ('h', 'hub', 1, 'x', '{}')`).run();
    const visit = db.prepare(
      `INSERT INTO visits (id, request_id, hub_id, service_day, checked_in_at, method, config_hash, config_version, print_status)
       VALUES (?, ?, 'hub', '2026-01-01', 'x', 'walk-in', 'h', 1, ?)`,
    );
    visit.run('v1', 'r1', 'pending');
    expect(() => visit.run('v2', 'r2', 'smudged')).toThrow(/CHECK/);
    const ticket = db.prepare(
      `INSERT INTO tickets (id, visit_id, service_id, service_day, seq, number, stop_order, status, queued_at, closed_reason)
       VALUES (?, 'v1', 'money', '2026-01-01', ?, 'M001', 1, 'cancelled', 'x', ?)`,
    );
    ticket.run('t1', 1, 'day-ended');
    expect(() => ticket.run('t2', 2, 'bored')).toThrow(/CHECK/);
    db.close();
  });

  it('runs on an empty version-2 database too', () => {
    const db = openDatabase(join(temp.path, 'm5-empty.sqlite'), { targetVersion: 2 });
    expect(migrate(db, undefined, 5)).toBe(5);
    expect(db.prepare('SELECT count(*) AS n FROM alerts').get()).toEqual({ n: 0 });
    db.close();
  });
});
