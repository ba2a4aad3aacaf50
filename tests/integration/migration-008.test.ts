import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../src-main/store/database';
import { migrations } from '../../src-main/store/migrations/index';
import { makeTempDir } from '../helpers/temp-dir';

const temp = makeTempDir();
afterAll(() => temp.remove());

describe('migration 008: equality questions, report indexes', () => {
  it('keeps demographics written before and adds the new questions', () => {
    const db = openDatabase(join(temp.path, 'm8.sqlite'), { targetVersion: 7 });
    db.prepare(`INSERT INTO visitors (id, created_at) VALUES ('p1', 'x')`).run();
    db.prepare(`INSERT INTO demographics (visitor_id, age_band, disability, updated_at) VALUES ('p1', '25-34', 'prefer-not-to-say', 'x')`).run();
    expect(migrate(db, migrations, 8)).toBe(8);
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
});
