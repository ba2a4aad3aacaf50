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
    else checkVersion(db, (options.migrations ?? migrations).reduce((m, x) => Math.max(m, x.version), 0));
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

export function schemaVersion(db: HubDatabase): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function checkVersion(db: HubDatabase, latest: number): void {
  const current = schemaVersion(db);
  if (current > latest) {
    throw new HubError(
      'INTERNAL',
      `This database (${db.name}) was written by a newer version of Front Door (schema ${current}; this build knows up to ${latest}). ` +
        'Install the newer version again, or restore a backup made by this version; the database has not been changed.',
    );
  }
}

export function migrate(db: HubDatabase, list: readonly Migration[] = migrations, targetVersion?: number): number {
  const latest = list.reduce((m, x) => Math.max(m, x.version), 0);
  checkVersion(db, latest);
  const target = targetVersion ?? latest;
  const pending = [...list].sort((a, b) => a.version - b.version).filter((m) => m.version > schemaVersion(db) && m.version <= target);
  for (const m of pending) {
    // Each migration and its version bump commit together, so a crash leaves the old or the new schema.
    db.transaction(() => {
      db.exec(m.up);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  return schemaVersion(db);
}

export { latestSchemaVersion };
