import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../src-main/store/database';
import { migrations } from '../../src-main/store/migrations/index';
import { makeTempDir } from '../helpers/temp-dir';

const temp = makeTempDir();
afterAll(() => temp.remove());

describe('migration 013: events and attendance', () => {
  it('creates events and one event per visit, with their constraints', () => {
    const db = openDatabase(join(temp.path, 'm13.sqlite'), { targetVersion: 12 });
    db.prepare(`INSERT INTO config_versions VALUES ('h', 'hub', 1, '2026-01-01T00:00:00.000Z', '{}')`).run();
    db.prepare(
      `INSERT INTO visits (id, request_id, hub_id, service_day, checked_in_at, method, config_hash, config_version)
       VALUES ('v1', 'r1', 'hub', '2026-10-25', '2026-10-25T10:00:00.000Z', 'walk-in', 'h', 1)`,
    ).run();
    expect(migrate(db, migrations, 13)).toBe(13);
    const event = db.prepare(
      `INSERT INTO hub_events (id, name, kind, starts_at, ends_at, start_day, partner_id, capacity, created_at, updated_at)
       VALUES (?, 'Jobs fair', ?, ?, ?, '2026-10-25', NULL, ?, 'x', 'x')`,
    );
    event.run('e1', 'jobs-fair', '2026-10-25T09:00:00.000Z', '2026-10-25T12:00:00.000Z', 40);
    expect(() => event.run('e2', 'rave', '2026-10-25T09:00:00.000Z', '2026-10-25T12:00:00.000Z', null)).toThrow(/CHECK/);
    expect(() => event.run('e3', 'workshop', '2026-10-25T12:00:00.000Z', '2026-10-25T09:00:00.000Z', null)).toThrow(/CHECK/);
    expect(() => event.run('e4', 'workshop', '2026-10-25T09:00:00.000Z', '2026-10-25T12:00:00.000Z', 0)).toThrow(/CHECK/);
    const tag = db.prepare(`INSERT INTO visit_events (visit_id, event_id, source, tagged_at) VALUES (?, ?, ?, 'x')`);
    tag.run('v1', 'e1', 'kiosk');
    expect(() => tag.run('v1', 'e1', 'staff')).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(() => tag.run('v2', 'e1', 'staff')).toThrow(/FOREIGN KEY/);
    db.prepare(`DELETE FROM visit_events`).run();
    expect(() => tag.run('v1', 'e1', 'phone')).toThrow(/CHECK/);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });
});
