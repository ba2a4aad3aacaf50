import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, schemaVersion } from '../../src-main/store/database';
import { makeTempDir } from '../helpers/temp-dir';

const temp = makeTempDir();
afterAll(() => temp.remove());

describe('migration 010: send on to a desk or a member of staff', () => {
  it('adds who a ticket was sent to, empty for tickets from before, and only a real member of staff', () => {
    const db = openDatabase(join(temp.path, 'm10.sqlite'), { targetVersion: 5 });
    db.prepare(`INSERT INTO config_versions VALUES ('h', 'hub', 1, '2026-01-01T00:00:00.000Z', '{}')`).run();
    db.prepare(
      `INSERT INTO visits (id, request_id, hub_id, service_day, checked_in_at, method, config_hash, config_version)
       VALUES ('v1', 'r1', 'hub', '2026-01-01', '2026-01-01T09:00:00.000Z', 'walk-in', 'h', 1)`,
    ).run();
    db.prepare(
      `INSERT INTO tickets (id, visit_id, service_id, service_day, seq, number, stop_order, status, queued_at)
       VALUES ('t1', 'v1', 'work', '2026-01-01', 1, 'E001', 1, 'waiting', '2026-01-01T09:00:00.000Z')`,
    ).run();
    db.prepare(`INSERT INTO staff (id, username, display_name, role, created_at) VALUES ('s1', 'mo', 'Mo', 'partner', 'x')`).run();

    expect(migrate(db, undefined, 10)).toBe(10);
    expect(schemaVersion(db)).toBe(10);
    expect(db.prepare('SELECT sent_to_desk, sent_to_staff_id FROM tickets').get()).toEqual({ sent_to_desk: null, sent_to_staff_id: null });
    db.prepare(`UPDATE tickets SET sent_to_desk = 'Desk 5', sent_to_staff_id = 's1' WHERE id = 't1'`).run();
    expect(() => db.prepare(`UPDATE tickets SET sent_to_staff_id = 'nobody' WHERE id = 't1'`).run()).toThrow(/FOREIGN KEY/);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});
