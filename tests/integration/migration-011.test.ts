import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, schemaVersion } from '../../src-main/store/database';
import { makeTempDir } from '../helpers/temp-dir';

const temp = makeTempDir();
afterAll(() => temp.remove());

describe('migration 011: one number for the whole visit', () => {
  it('gives old visits their first stop’s number and starts the day’s visit sequence after every number used', () => {
    const db = openDatabase(join(temp.path, 'm11.sqlite'), { targetVersion: 10 });
    db.prepare(`INSERT INTO config_versions VALUES ('h', 'hub', 1, '2026-01-01T00:00:00.000Z', '{}')`).run();
    const visit = db.prepare(
      `INSERT INTO visits (id, request_id, hub_id, service_day, checked_in_at, method, config_hash, config_version)
       VALUES (?, ?, 'hub', '2026-01-01', '2026-01-01T09:00:00.000Z', 'walk-in', 'h', 1)`,
    );
    visit.run('v1', 'r1');
    visit.run('v2', 'r2');
    const ticket = db.prepare(
      `INSERT INTO tickets (id, visit_id, service_id, service_day, seq, number, stop_order, status, queued_at)
       VALUES (?, ?, ?, '2026-01-01', ?, ?, ?, 'waiting', '2026-01-01T09:00:00.000Z')`,
    );
    // v1 saw money first (M001) and then work (E001); v2 only money (M002).
    ticket.run('t1', 'v1', 'work', 1, 'E001', 2);
    ticket.run('t2', 'v1', 'money', 1, 'M001', 1);
    ticket.run('t3', 'v2', 'money', 2, 'M002', 1);
    db.prepare(`INSERT INTO ticket_counters VALUES ('money', '2026-01-01', 2), ('work', '2026-01-01', 1)`).run();

    expect(migrate(db, undefined, 11)).toBe(11);
    expect(schemaVersion(db)).toBe(11);
    expect(db.prepare('SELECT id, number FROM visits ORDER BY id').all()).toEqual([
      { id: 'v1', number: 'M001' },
      { id: 'v2', number: 'M002' },
    ]);
    expect(db.prepare('SELECT service_day, last_seq FROM visit_counters').all()).toEqual([{ service_day: '2026-01-01', last_seq: 2 }]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});
