import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../src-main/store/database';
import { migrations } from '../../src-main/store/migrations/index';
import { makeTempDir } from '../helpers/temp-dir';

const temp = makeTempDir();
afterAll(() => temp.remove());

describe('migration 015: report rollups kept through retention and erasure', () => {
  it('lets retention and erasure remove rows without the rollups taking counts away or going stale', () => {
    const db = openDatabase(join(temp.path, 'm15.sqlite'), { targetVersion: 14 });
    db.prepare(`INSERT INTO config_versions VALUES ('h', 'hub', 1, '2026-01-01T00:00:00.000Z', '{}')`).run();
    db.prepare(`INSERT INTO visitors (id, created_at) VALUES ('p1', '2026-03-01T09:00:00.000Z')`).run();
    const visit = db.prepare(
      `INSERT INTO visits (id, request_id, visitor_id, hub_id, service_day, checked_in_at, method, config_hash, config_version)
       VALUES (?, ?, ?, 'hub', ?, ?, 'card', 'h', 1)`,
    );
    visit.run('v1', 'r1', 'p1', '2026-03-01', '2026-03-01T09:00:00.000Z');
    expect(migrate(db, migrations, 15)).toBe(15);
    expect(db.prepare('SELECT keeping, kept_before FROM report_rollup_state').get()).toEqual({ keeping: 0, kept_before: null });
    visit.run('v2', 'r2', 'p1', '2026-03-02', '2026-03-02T09:00:00.000Z');
    db.prepare(`INSERT INTO hub_events (id, name, kind, starts_at, ends_at, start_day, created_at, updated_at)
      VALUES ('e1', 'Jobs fair', 'jobs-fair', '2026-03-02T08:00:00.000Z', '2026-03-02T12:00:00.000Z', '2026-03-02', 'x', 'x')`).run();
    db.prepare(`INSERT INTO visit_events (visit_id, event_id, source, tagged_at) VALUES ('v2', 'e1', 'kiosk', 'x')`).run();
    db.prepare('UPDATE report_rollup_state SET stale = 0').run();
    const state = () => ({
      stale: db.prepare('SELECT stale FROM report_rollup_state').pluck().get(),
      days: db.prepare('SELECT day, visits, anonymous FROM report_days ORDER BY day').all(),
      events: db.prepare('SELECT attendances FROM report_event_counts').pluck().all(),
    });
    const counted = state();
    expect(counted.days).toEqual([
      { day: '2026-03-01', visits: 1, anonymous: 0 },
      { day: '2026-03-02', visits: 1, anonymous: 0 },
    ]);
    expect(counted.events).toEqual([1]);

    // Removing rows while keeping: the record goes (unlinking the visits), the visit goes; the counts stay.
    db.transaction(() => {
      db.prepare('UPDATE report_rollup_state SET keeping = 1').run();
      db.prepare(`DELETE FROM visitors WHERE id = 'p1'`).run();
      db.prepare(`DELETE FROM visit_events WHERE visit_id = 'v2'`).run();
      db.prepare(`DELETE FROM visits WHERE id = 'v2'`).run();
      db.prepare('UPDATE report_rollup_state SET keeping = 0').run();
    })();
    expect(state()).toEqual(counted);

    // An ordinary delete still marks them stale for a rebuild.
    db.prepare(`DELETE FROM visits WHERE id = 'v1'`).run();
    expect(state().stale).toBe(1);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});
