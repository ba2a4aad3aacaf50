import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../src-main/store/database';
import { migrations } from '../../src-main/store/migrations/index';
import { makeTempDir } from '../helpers/temp-dir';

const temp = makeTempDir();
afterAll(() => temp.remove());

describe('migration 014: equality questions, report indexes and rollups', () => {
  it('keeps demographics written before and adds the new questions', () => {
    const db = openDatabase(join(temp.path, 'm14.sqlite'), { targetVersion: 13 });
    db.prepare(`INSERT INTO visitors (id, created_at) VALUES ('p1', 'x')`).run();
    db.prepare(`INSERT INTO demographics (visitor_id, age_band, disability, updated_at) VALUES ('p1', '25-34', 'prefer-not-to-say', 'x')`).run();
    expect(migrate(db, migrations, 14)).toBe(14);
    expect(db.prepare('SELECT age_band, disability, long_term_condition, activity_limitation, inactivity_reason, source FROM demographics').get()).toEqual({
      age_band: '25-34',
      disability: 'prefer-not-to-say',
      long_term_condition: null,
      activity_limitation: null,
      inactivity_reason: null,
      source: null,
    });
    expect(() => db.prepare(`UPDATE demographics SET source = 'guess'`).run()).toThrow(/CHECK/);
    db.prepare(`UPDATE demographics SET long_term_condition = 'yes', activity_limitation = 'a-little', source = 'staff'`).run();
    const indexes = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index'`).all() as { name: string }[]).map((r) => r.name);
    expect(indexes).toEqual(expect.arrayContaining(['visits_visitor_time', 'visits_day_report', 'tickets_day_service', 'tickets_transferred']));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('adds the report rollups, marked stale so the first start builds them from the visits already there', () => {
    const db = openDatabase(join(temp.path, 'm14-rollups.sqlite'), { targetVersion: 13 });
    db.prepare(`INSERT INTO config_versions VALUES ('h', 'hub', 1, '2026-01-01T00:00:00.000Z', '{}')`).run();
    const visit = db.prepare(
      `INSERT INTO visits (id, request_id, visitor_id, hub_id, service_day, checked_in_at, method, config_hash, config_version)
       VALUES (?, ?, NULL, 'hub', ?, ?, 'walk-in', 'h', 1)`,
    );
    visit.run('v1', 'r1', '2026-03-29', '2026-03-29T23:30:00.000Z');
    expect(migrate(db, migrations, 14)).toBe(14);
    expect(db.prepare('SELECT stale FROM report_rollup_state').pluck().get()).toBe(1);
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB 'report_*' ORDER BY name`).pluck().all();
    expect(tables).toEqual(['report_day_counts', 'report_days', 'report_event_counts', 'report_month_counts', 'report_month_state', 'report_person_days', 'report_person_keys', 'report_rollup_state', 'report_service_partners']);
    // From now on each write keeps them: a visit is counted on its day, its hour in its day and its month.
    visit.run('v2', 'r2', '2026-03-30', '2026-03-30T09:00:00.000Z');
    expect(db.prepare('SELECT day, visits, anonymous FROM report_days').all()).toEqual([{ day: '2026-03-30', visits: 1, anonymous: 1 }]);
    expect(db.prepare(`SELECT day, k1, n FROM report_day_counts WHERE fact = 'hour'`).all()).toEqual([{ day: '2026-03-30', k1: '2026-03-30T09', n: 1 }]);
    // The month's sums are made from its days when a report next reads it.
    expect(db.prepare('SELECT month, built FROM report_month_state').all()).toEqual([{ month: '2026-03', built: 0 }]);
    // A delete cannot be followed: it marks them stale for a rebuild.
    db.prepare(`UPDATE report_rollup_state SET stale = 0`).run();
    db.prepare(`DELETE FROM visits WHERE id = 'v1'`).run();
    expect(db.prepare('SELECT stale FROM report_rollup_state').pluck().get()).toBe(1);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});
