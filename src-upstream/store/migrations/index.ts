import type { SqlDatabase } from '../sql';
import { migration001 } from './001-initial';
import { migration002 } from './002-bulk-ingest';
import { migration003 } from './003-programme-figures';

export type CollectorMigration = { version: number; name: string; up: string };

/** Every migration of the collector's database, in order; a new one is a new numbered file added here. */
export const collectorMigrations: readonly CollectorMigration[] = [migration001, migration002, migration003];

export const latestCollectorSchema = collectorMigrations.reduce((max, m) => Math.max(max, m.version), 0);

/**
 * Brings the database up to date, each migration in its own transaction with its row in
 * schema_migrations. A database from a newer collector is refused, untouched.
 */
export async function migrateCollector(db: SqlDatabase, list: readonly CollectorMigration[] = collectorMigrations): Promise<number> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const [row] = await db.query<{ v: number | null }>('SELECT max(version)::int AS v FROM schema_migrations');
  const current = row?.v ?? 0;
  const latest = list.reduce((max, m) => Math.max(max, m.version), 0);
  if (current > latest) {
    throw new Error(`This collector database was written by a newer collector (schema ${current}; this one knows up to ${latest}). It has not been changed.`);
  }
  for (const m of [...list].sort((a, b) => a.version - b.version).filter((x) => x.version > current)) {
    await db.transaction(async (tx) => {
      await tx.exec(m.up);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
    });
  }
  return Math.max(current, latest);
}
