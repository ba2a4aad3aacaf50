import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, schemaVersion } from '../../src-main/store/database';
import { makeTempDir } from '../helpers/temp-dir';

const temp = makeTempDir();
afterAll(() => temp.remove());

function seedVersion1(file: string) {
  const db = openDatabase(file, { targetVersion: 1 });
  db.prepare(`INSERT INTO config_versions VALUES ('h', 'hub', 1, '2026-01-01T00:00:00.000Z', '{}')`).run();
  db.prepare(
    `INSERT INTO visits (id, request_id, hub_id, service_day, checked_in_at, method, config_hash, config_version)
     VALUES ('v1', 'r1', 'hub', '2026-01-01', '2026-01-01T09:00:00.000Z', 'walk-in', 'h', 1)`,
  ).run();
  db.prepare(
    `INSERT INTO tickets (id, visit_id, service_id, service_day, seq, number, stop_order, status, queued_at)
     VALUES ('t1', 'v1', 'money', '2026-01-01', 1, 'M001', 1, 'waiting', '2026-01-01T09:00:00.000Z')`,
  ).run();
  const event = db.prepare(`INSERT INTO ticket_events (ticket_id, visit_id, type, at, desk, staff_id, detail, ticket) VALUES ('t1', 'v1', ?, ?, NULL, NULL, NULL, '{}')`);
  for (const [i, type] of ['created', 'called', 'recalled', 'no-show', 'cancelled'].entries()) event.run(type, `2026-01-01T09:0${i}:00.000Z`);
  // The last event removed: AUTOINCREMENT must still never hand out its id again.
  db.prepare('DELETE FROM ticket_events WHERE id = 5').run();
  return db;
}

describe('migration 002: staff sessions, sign-in throttling, setup token, reception event types', () => {
  it('keeps every ticket event, its id and the sequence high mark, and accepts the new event types', () => {
    const db = seedVersion1(join(temp.path, 'm2.sqlite'));
    const before = db.prepare('SELECT * FROM ticket_events ORDER BY id').all();
    expect(migrate(db, undefined, 2)).toBe(2);
    expect(schemaVersion(db)).toBe(2);
    expect(db.prepare('SELECT * FROM ticket_events ORDER BY id').all()).toEqual(before);

    const insert = db.prepare(`INSERT INTO ticket_events (ticket_id, visit_id, type, at, ticket) VALUES ('t1', 'v1', ?, '2026-01-01T10:00:00.000Z', '{}')`);
    const ids = ['no-show-undone', 'prioritised', 'reprinted'].map((type) => Number(insert.run(type).lastInsertRowid));
    expect(ids).toEqual([6, 7, 8]);
    expect(() => insert.run('teleported')).toThrow(/CHECK/);
    // The index call-next and catch-up rely on survives the rebuild.
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'ticket_events'`).all()).toEqual([{ name: 'ticket_events_ticket' }]);
    expect(() => db.prepare(`INSERT INTO ticket_events (ticket_id, visit_id, type, at, ticket) VALUES ('nope', 'v1', 'created', 'x', '{}')`).run()).toThrow(/FOREIGN KEY/);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('creates the session, throttle and setup-token tables with their constraints', () => {
    const db = openDatabase(join(temp.path, 'm2-tables.sqlite'), { targetVersion: 2 });
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['sessions', 'sign_in_failures', 'setup_tokens', 'ticket_events']));
    expect(tables).not.toContain('ticket_events_v2');
    db.prepare(`INSERT INTO staff (id, username, display_name, role, created_at) VALUES ('s1', 'sam', 'Sam', 'reception', 'x')`).run();
    const session = db.prepare(
      `INSERT INTO sessions (id_hash, staff_id, method, csrf_token, created_at, last_seen_at, idle_minutes, expires_at) VALUES (?, ?, ?, 'c', 'x', 'x', 10, 'y')`,
    );
    session.run('h1', 's1', 'pin');
    expect(() => session.run('h2', 's1', 'fingerprint')).toThrow(/CHECK/);
    expect(() => session.run('h3', 'nobody', 'password')).toThrow(/FOREIGN KEY/);
    expect(() => session.run('h1', 's1', 'password')).toThrow(/UNIQUE|PRIMARY KEY/);
    // Removing a staff member removes their sessions.
    db.prepare(`DELETE FROM staff WHERE id = 's1'`).run();
    expect(db.prepare('SELECT count(*) AS n FROM sessions').get()).toEqual({ n: 0 });
    db.close();
  });

  it('runs on an empty version-1 database too', () => {
    const db = openDatabase(join(temp.path, 'm2-empty.sqlite'), { targetVersion: 1 });
    expect(migrate(db, undefined, 2)).toBe(2);
    expect(db.prepare(`INSERT INTO sign_in_failures (key, failures, first_failed_at, last_failed_at) VALUES ('user:x', 1, 'a', 'a')`).run().changes).toBe(1);
    db.close();
  });
});
