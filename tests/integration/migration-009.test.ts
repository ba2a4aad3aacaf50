import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, schemaVersion } from '../../src-main/store/database';
import { makeTempDir } from '../helpers/temp-dir';

const temp = makeTempDir();
afterAll(() => temp.remove());

const fullTicket = {
  id: 't1',
  visitId: 'v1',
  serviceId: 'housing',
  number: 'H001',
  status: 'waiting',
  priority: 0,
  displayName: 'Zanele',
  desk: null,
  queuedAt: '2026-01-01T09:00:00.000Z',
  calledAt: null,
  startedAt: null,
  finishedAt: null,
  recallCount: 0,
  stopOrder: 1,
  flags: ['crisis'],
  needs: ['housing'],
  language: 'pl',
  interpreter: true,
  accessibility: ['wheelchair'],
  withAnotherService: null,
};

/** A version-5 database with a visit whose ticket events carry full copies of the ticket, as before. */
function seedVersion5(file: string) {
  const db = openDatabase(file, { targetVersion: 5 });
  db.prepare(`INSERT INTO config_versions VALUES ('h', 'hub', 1, '2026-01-01T00:00:00.000Z', '{}')`).run();
  db.prepare(
    `INSERT INTO visits (id, request_id, hub_id, service_day, checked_in_at, method, config_hash, config_version, display_name)
     VALUES ('v1', 'r1', 'hub', '2026-01-01', '2026-01-01T09:00:00.000Z', 'walk-in', 'h', 1, 'Zanele')`,
  ).run();
  db.prepare(
    `INSERT INTO tickets (id, visit_id, service_id, service_day, seq, number, stop_order, status, queued_at)
     VALUES ('t1', 'v1', 'housing', '2026-01-01', 1, 'H001', 1, 'waiting', '2026-01-01T09:00:00.000Z')`,
  ).run();
  const event = db.prepare(`INSERT INTO ticket_events (ticket_id, visit_id, type, at, ticket) VALUES ('t1', 'v1', ?, '2026-01-01T09:00:00.000Z', ?)`);
  event.run('created', JSON.stringify(fullTicket));
  event.run('called', JSON.stringify({ ...fullTicket, status: 'called', desk: 'Desk 3' }));
  event.run('cancelled', 'not json');
  return db;
}

describe('migration 009: events without personal copies, retention index, retained counts', () => {
  it('strips the visitor’s details from stored ticket events and keeps how the ticket moved', () => {
    const db = seedVersion5(join(temp.path, 'm9.sqlite'));
    expect(migrate(db, undefined, 9)).toBe(9);
    expect(schemaVersion(db)).toBe(9);
    const rows = db.prepare('SELECT id, type, ticket FROM ticket_events ORDER BY id').all() as { id: number; type: string; ticket: string }[];
    expect(rows.map((r) => r.id)).toEqual([1, 2, 3]);
    const { displayName: _n, flags: _f, needs: _d, language: _l, interpreter: _i, accessibility: _a, ...kept } = fullTicket;
    expect(JSON.parse(rows[0]!.ticket)).toEqual(kept);
    expect(JSON.parse(rows[1]!.ticket)).toEqual({ ...kept, status: 'called', desk: 'Desk 3' });
    expect(rows[2]!.ticket).toBe('not json');
    expect(rows.map((r) => r.ticket).join('')).not.toMatch(/Zanele|wheelchair|crisis/);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('adds the retained counts table and the indexes retention and deletion use', () => {
    const db = openDatabase(join(temp.path, 'm9-empty.sqlite'), { targetVersion: 5 });
    expect(migrate(db, undefined, 9)).toBe(9);
    const indexes = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index'`).all() as { name: string }[]).map((i) => i.name);
    expect(indexes).toEqual(expect.arrayContaining(['visits_personal_pending', 'consents_visit', 'outcomes_ticket', 'tickets_transferred_from']));
    const insert = db.prepare(`INSERT INTO retained_counts (service_day, measure, value, n) VALUES ('2026-01-01', 'visits', 'all', ?)`);
    insert.run(3);
    expect(() => insert.run(4)).toThrow(/UNIQUE/);
    expect(() => db.prepare(`INSERT INTO retained_counts (service_day, measure, value, n) VALUES ('d', 'm', 'v', 'many')`).run()).toThrow(/cannot store TEXT/);
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT id FROM visits WHERE personal_data_removed_at IS NULL AND service_day < '2026-01-01' ORDER BY service_day, rowid`)
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/visits_personal_pending/);
    db.close();
  });

  it('makes a new database free pages incrementally and overwrite deleted content', () => {
    const db = openDatabase(join(temp.path, 'm9-new.sqlite'));
    expect(db.pragma('auto_vacuum', { simple: true })).toBe(2);
    expect(db.pragma('secure_delete', { simple: true })).toBe(1);
    db.close();
  });
});
