import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../src-main/store/database';
import { migrations } from '../../src-main/store/migrations/index';
import { makeTempDir } from '../helpers/temp-dir';

const temp = makeTempDir();
afterAll(() => temp.remove());

/** A version-2 database with one visit, two tickets and the outcomes staff chose when finishing. */
function seedVersion2(file: string) {
  const db = openDatabase(file, { targetVersion: 2 });
  db.prepare(`INSERT INTO config_versions VALUES ('h', 'hub', 1, '2026-01-01T00:00:00.000Z', '{}')`).run();
  db.prepare(
    `INSERT INTO visits (id, request_id, hub_id, service_day, checked_in_at, method, config_hash, config_version)
     VALUES ('v1', 'r1', 'hub', '2026-03-29', '2026-03-29T23:30:00.000Z', 'walk-in', 'h', 1)`,
  ).run();
  const ticket = db.prepare(
    `INSERT INTO tickets (id, visit_id, service_id, service_day, seq, number, stop_order, status, queued_at)
     VALUES (?, 'v1', ?, '2026-03-29', ?, ?, ?, 'done', '2026-03-29T23:30:00.000Z')`,
  );
  ticket.run('t1', 'money', 1, 'M001', 1);
  ticket.run('t2', 'work', 1, 'E001', 2);
  const outcome = db.prepare(`INSERT INTO outcomes (ticket_id, visit_id, service_id, kind, referred_to, recorded_at) VALUES (?, 'v1', ?, ?, ?, '2026-03-30T00:10:00.000Z')`);
  outcome.run('t1', 'money', 'referred', 'Citizens Advice debt team');
  outcome.run('t2', 'work', 'advice-given', null);
  return db;
}

describe('migration 012: participant journey facts', () => {
  it('reads outcomes recorded before it as journey steps, dated by their service day', () => {
    const db = seedVersion2(join(temp.path, 'm12.sqlite'));
    expect(migrate(db, migrations, 12)).toBe(12);
    // "advice given" is an enquiry only: it adds no step.
    expect(db.prepare('SELECT visit_id, service_id, stage, organisation_id, occurred_on, source FROM journey_steps').all()).toEqual([
      { visit_id: 'v1', service_id: 'money', stage: 'referred', organisation_id: null, occurred_on: '2026-03-29', source: 'finish' },
    ]);
    db.close();
  });

  it('keeps each stage to the details it needs', () => {
    const db = seedVersion2(join(temp.path, 'm12-checks.sqlite'));
    migrate(db, migrations, 12);
    const insert = db.prepare(
      `INSERT INTO journey_facts (visit_id, service_id, stage, organisation_id, programme_id, outcome_kind, occurred_on, recorded_at)
       VALUES (?, 'work', ?, ?, ?, ?, ?, '2026-04-01T10:00:00.000Z')`,
    );
    insert.run('v1', 'referred', 'citizens-advice', null, null, '2026-03-29');
    insert.run('v1', 'registered', null, 'connect-to-work', null, '2026-03-29');
    insert.run('v1', 'outcome', null, null, 'job', '2026-05-12');
    insert.run('v1', 'signposted', null, null, null, '2026-03-29');
    expect(() => insert.run('v1', 'referred', null, null, null, '2026-03-29')).toThrow(/CHECK/);
    expect(() => insert.run('v1', 'registered', null, null, null, '2026-03-29')).toThrow(/CHECK/);
    expect(() => insert.run('v1', 'outcome', null, null, null, '2026-03-29')).toThrow(/CHECK/);
    expect(() => insert.run('v1', 'signposted', null, null, 'job', '2026-03-29')).toThrow(/CHECK/);
    expect(() => insert.run('v1', 'outcome', null, null, 'lottery-win', '2026-03-29')).toThrow(/CHECK/);
    expect(() => insert.run('v1', 'signposted', null, null, null, '29/03/2026')).toThrow(/CHECK/);
    expect(() => insert.run('nope', 'signposted', null, null, null, '2026-03-29')).toThrow(/FOREIGN KEY/);
    expect((db.prepare(`SELECT count(*) AS n FROM journey_steps WHERE source = 'journey'`).get() as { n: number }).n).toBe(4);
    // Removing a visit removes its journey.
    db.prepare(`DELETE FROM visits WHERE id = 'v1'`).run();
    expect(db.prepare('SELECT count(*) AS n FROM journey_steps').get()).toEqual({ n: 0 });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});
