import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { HubError } from '../errors';
import { latestSchemaVersion, migrations, type Migration } from './migrations/index';

export type HubDatabase = Database.Database;

export type OpenOptions = {
  /** Run migrations up to this version only (tests of one migration). */
  targetVersion?: number;
  migrations?: readonly Migration[];
  readonly?: boolean;
};

/**
 * Opens the hub's database: WAL so readers never block the writer, foreign keys on, and the
 * schema brought up to date. A database written by a newer build is refused, never altered.
 */
export function openDatabase(file: string, options: OpenOptions = {}): HubDatabase {
  const onDisk = file !== ':memory:';
  if (onDisk) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    // Made 0600 before SQLite opens it: its -wal and -shm files take the database file's mode.
    if (!options.readonly && !existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  }
  const db = new Database(file, { readonly: options.readonly ?? false });
  try {
    if (!options.readonly) db.pragma('journal_mode = WAL');
    if (onDisk && !options.readonly) keepPrivate(file);
    db.pragma('foreign_keys = ON');
    // NORMAL is durable in WAL mode across application crashes; only an OS crash can lose the last commits.
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) migrate(db, options.migrations ?? migrations, options.targetVersion);
    else checkVersion(db, options.migrations ?? migrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * The database holds names and card hashes: only the hub's own user may read it, also a database
 * made by an older build with looser modes. (On Windows the user's profile folder protects it.)
 */
function keepPrivate(file: string): void {
  if (process.platform === 'win32') return;
  for (const path of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(path)) chmodSync(path, 0o600);
}

/** The newest migration applied (also kept in `user_version`, which older builds read). */
export function schemaVersion(db: HubDatabase): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * The migrations applied to this database, by number. Recorded one by one in `schema_migrations`,
 * so a migration numbered below the newest applied one (work merged after it) is still applied. A
 * database from before that table records every known migration up to its `user_version` (what that
 * older runner had applied), except one whose `appliedIf` finds its change missing.
 */
export function appliedMigrations(db: HubDatabase, list: readonly Migration[] = migrations): Set<number> {
  const hasTable = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).get() !== undefined;
  if (hasTable) {
    return new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
  }
  const legacy = schemaVersion(db);
  const applied = list.filter((m) => m.version <= legacy && (m.appliedIf === undefined || db.prepare(m.appliedIf).get() !== undefined));
  return new Set(applied.map((m) => m.version).concat(legacy > 0 && !list.some((m) => m.version === legacy) ? [legacy] : []));
}

function checkVersion(db: HubDatabase, list: readonly Migration[], applied = appliedMigrations(db, list)): void {
  const known = new Set(list.map((m) => m.version));
  const unknown = [...applied].filter((v) => !known.has(v)).sort((a, b) => a - b);
  const latest = list.reduce((m, x) => Math.max(m, x.version), 0);
  if (unknown.length > 0 || schemaVersion(db) > latest) {
    throw new HubError(
      'INTERNAL',
      `This database (${db.name}) was written by a newer version of Front Door (schema ${schemaVersion(db)}` +
        `${unknown.length > 0 && schemaVersion(db) <= latest ? `, with migration ${unknown.join(', ')} this build does not know` : ''}; this build knows up to ${latest}). ` +
        'Install the newer version again, or restore a backup made by this version; the database has not been changed.',
    );
  }
}

export function migrate(db: HubDatabase, list: readonly Migration[] = migrations, targetVersion?: number): number {
  const applied = appliedMigrations(db, list);
  checkVersion(db, list, applied);
  const target = targetVersion ?? list.reduce((m, x) => Math.max(m, x.version), 0);
  const pending = [...list].sort((a, b) => a.version - b.version).filter((m) => !applied.has(m.version) && m.version <= target);
  const hasTable = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).get() !== undefined;
  if (!hasTable) {
    db.transaction(() => {
      db.exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`);
      const record = db.prepare(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, 'before-record')`);
      for (const m of list) if (applied.has(m.version)) record.run(m.version, m.name);
    }).immediate();
  }
  const record = db.prepare(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`);
  for (const m of pending) {
    // Each migration, its record and the version bump commit together, so a crash leaves the old or the new schema.
    db.transaction(() => {
      db.exec(m.up);
      record.run(m.version, m.name, new Date().toISOString());
      db.pragma(`user_version = ${Math.max(schemaVersion(db), m.version)}`);
    }).immediate();
  }
  return schemaVersion(db);
}

export { latestSchemaVersion };
