import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { latestSchemaVersion, migrate, openDatabase, schemaVersion } from '../../src-main/store/database';
import { migrations } from '../../src-main/store/migrations/index';
import { makeTempDir } from '../helpers/temp-dir';

const temp = makeTempDir();
afterAll(() => temp.remove());

describe('migration 001: initial schema', () => {
  it('creates every table on an empty database and records version 1', () => {
    const db = openDatabase(join(temp.path, 'm1.sqlite'), { targetVersion: 1 });
    expect(schemaVersion(db)).toBe(1);
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((t) => t.name);
    for (const name of [
      'audit_log', 'config_versions', 'consents', 'demographics', 'how_heard_answers', 'outbox', 'outcomes', 'staff',
      'sync_state', 'ticket_counters', 'ticket_events', 'tickets', 'triage_answers', 'visit_flags', 'visit_needs',
      'visitor_identifiers', 'visitors', 'visits',
    ]) {
      expect(tables).toContain(name);
    }
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('enforces the constraints the queue relies on', () => {
    const db = openDatabase(join(temp.path, 'm1-constraints.sqlite'), { targetVersion: 1 });
    db.prepare(`INSERT INTO config_versions VALUES ('h', 'hub', 1, '2026-01-01T00:00:00.000Z', '{}')`).run();
    const visit = db.prepare(
      `INSERT INTO visits (id, request_id, hub_id, service_day, checked_in_at, method, config_hash, config_version)
       VALUES (?, ?, 'hub', '2026-01-01', '2026-01-01T09:00:00.000Z', 'walk-in', 'h', 1)`,
    );
    visit.run('v1', 'r1');
    expect(() => visit.run('v2', 'r1')).toThrow(/UNIQUE/);
    const ticket = db.prepare(
      `INSERT INTO tickets (id, visit_id, service_id, service_day, seq, number, stop_order, status, queued_at)
       VALUES (?, ?, 'money', '2026-01-01', ?, 'M001', 1, ?, '2026-01-01T09:00:00.000Z')`,
    );
    ticket.run('t1', 'v1', 1, 'waiting');
    expect(() => ticket.run('t2', 'v1', 1, 'waiting')).toThrow(/UNIQUE/);
    expect(() => ticket.run('t3', 'v1', 2, 'lost')).toThrow(/CHECK/);
    expect(() => ticket.run('t4', 'missing-visit', 3, 'waiting')).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('is idempotent: opening again changes nothing', () => {
    const file = join(temp.path, 'm1-again.sqlite');
    openDatabase(file).close();
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(latestSchemaVersion);
    expect(migrate(db)).toBe(latestSchemaVersion);
    db.close();
  });
});

describe('schema versions', () => {
  it('refuses a database written by a newer build, without changing it', () => {
    const file = join(temp.path, 'newer.sqlite');
    const raw = new Database(file);
    raw.pragma(`user_version = ${latestSchemaVersion + 5}`);
    raw.exec('CREATE TABLE future_thing (x)');
    raw.close();
    expect(() => openDatabase(file)).toThrow(/newer version of Front Door \(schema \d+; this build knows up to \d+\)/);
    const check = new Database(file);
    expect(check.pragma('user_version', { simple: true })).toBe(latestSchemaVersion + 5);
    check.close();
  });

  it('rolls back a failing migration whole, leaving the previous version', () => {
    const file = join(temp.path, 'failing.sqlite');
    const broken = [...migrations, { version: latestSchemaVersion + 1, name: 'broken', up: 'CREATE TABLE half (x); INSERT INTO nowhere VALUES (1);' }];
    expect(() => openDatabase(file, { migrations: broken })).toThrow(/no such table: nowhere/);
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(latestSchemaVersion);
    expect(db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'half'`).get()).toEqual({ n: 0 });
    db.close();
  });
});
