import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../src-main/store/database';
import { migrations } from '../../src-main/store/migrations/index';
import { makeTempDir } from '../helpers/temp-dir';

const temp = makeTempDir();
afterAll(() => temp.remove());

describe('migration 016: retention indexes', () => {
  it('finds the equality answers given at a visit by index, and keeps one index of transferred tickets', () => {
    const db = openDatabase(join(temp.path, 'm16.sqlite'), { targetVersion: 15 });
    db.prepare(`INSERT INTO config_versions VALUES ('h', 'hub', 1, '2026-01-01T00:00:00.000Z', '{}')`).run();
    db.prepare(`INSERT INTO visitors (id, created_at) VALUES ('p1', 'x')`).run();
    db.prepare(
      `INSERT INTO visits (id, request_id, visitor_id, hub_id, service_day, checked_in_at, method, config_hash, config_version)
       VALUES ('v1', 'r1', 'p1', 'hub', '2026-03-01', '2026-03-01T09:00:00.000Z', 'card', 'h', 1)`,
    ).run();
    db.prepare(`INSERT INTO demographics (visitor_id, age_band, consent_visit_id, updated_at) VALUES ('p1', '25-34', 'v1', 'x')`).run();
    expect(migrate(db, migrations, 16)).toBe(16);
    const indexes = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index'`).all() as { name: string }[]).map((r) => r.name);
    expect(indexes).toContain('demographics_consent_visit');
    expect(indexes).toContain('tickets_transferred_from');
    expect(indexes).not.toContain('tickets_transferred');
    // The clearing's statement uses it rather than reading every resident's answers.
    const plan = (db.prepare(`EXPLAIN QUERY PLAN UPDATE demographics SET consent_visit_id = NULL WHERE consent_visit_id IN (SELECT value FROM json_each(?))`).all('["v1"]') as { detail: string }[])
      .map((r) => r.detail)
      .join('\n');
    expect(plan).toMatch(/demographics_consent_visit/);
    db.prepare(`UPDATE demographics SET consent_visit_id = NULL WHERE consent_visit_id IN (SELECT value FROM json_each(?))`).run('["v1"]');
    expect(db.prepare('SELECT age_band, consent_visit_id FROM demographics').get()).toEqual({ age_band: '25-34', consent_visit_id: null });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});
