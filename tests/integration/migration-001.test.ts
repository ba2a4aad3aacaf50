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

describe('migrations recorded by number', () => {
  const last = migrations.find((m) => m.version === latestSchemaVersion)!;
  // 010 (send on to a desk): one no later migration builds on, as a branch merged with a lower number would be.
  const missing = migrations.find((m) => m.version === 10)!;
  const before = migrations.filter((m) => m.version !== missing.version);

  it('applies a migration numbered below the newest applied one when a later build brings it', () => {
    // A hub upgraded from a build that had the newest migration but not one merged with a lower number.
    const file = join(temp.path, 'gap.sqlite');
    openDatabase(file, { migrations: before }).close();
    const raw = new Database(file);
    expect((raw.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]).map((r) => r.version)).not.toContain(missing.version);
    raw.close();
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(last.version);
    expect((db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]).map((r) => r.version)).toEqual(
      migrations.map((m) => m.version).sort((a, b) => a - b),
    );
    db.close();
  });

  it('counts every known migration up to user_version as applied in a database from before the record', () => {
    const file = join(temp.path, 'legacy.sqlite');
    const db = openDatabase(file);
    db.exec('DROP TABLE schema_migrations');
    db.close();
    const again = openDatabase(file);
    expect((again.prepare('SELECT version, applied_at FROM schema_migrations ORDER BY version').all() as { version: number; applied_at: string }[])).toEqual(
      migrations.map((m) => ({ version: m.version, applied_at: 'before-record' })).sort((a, b) => a.version - b.version),
    );
    again.close();
  });

  it('refuses a database carrying a migration this build does not know, whatever its user_version says', () => {
    const file = join(temp.path, 'unknown-gap.sqlite');
    openDatabase(file).close();
    const raw = new Database(file);
    raw.prepare(`INSERT INTO schema_migrations VALUES (?, 'from another build', '2026-01-01T00:00:00.000Z')`).run(latestSchemaVersion + 100);
    raw.close();
    expect(() => openDatabase(file)).toThrow(/this build does not know/);
  });
});

describe('a hub at schema 5 that never had migration 003', () => {
  it('gets 003 when opened by this build (the runner of that time skipped it)', () => {
    const file = join(temp.path, 'no-003.sqlite');
    openDatabase(file, { migrations: migrations.filter((m) => m.version !== 3), targetVersion: 5 }).close();
    const raw = new Database(file);
    raw.exec('DROP TABLE schema_migrations');
    expect(raw.pragma('user_version', { simple: true })).toBe(5);
    raw.close();
    const db = openDatabase(file);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'sync_quarantine'`).get()).toEqual({ name: 'sync_quarantine' });
    expect((db.prepare(`SELECT version FROM schema_migrations WHERE applied_at != 'before-record' ORDER BY version`).all() as { version: number }[]).map((r) => r.version)).toEqual(
      migrations.filter((m) => m.version === 3 || m.version > 5).map((m) => m.version).sort((a, b) => a - b),
    );
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });
});
