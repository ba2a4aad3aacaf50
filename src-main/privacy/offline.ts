import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, openSync, renameSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Logger } from 'pino';
import { countsInWords, type RetentionReport } from '../../src-shared/api/privacy-contract';
import { AuditLog } from '../auth/audit-log';
import type { LoadedConfig } from '../config/load-config';
import { HubError } from '../errors';
import { databasePath, erasureLogPath } from '../shell/data-dir';
import { latestSchemaVersion, openDatabase, schemaVersion } from '../store/database';
import { visitorPseudonym } from '../identity/programme-key';
import { Outbox } from '../sync/outbox';
import { ReportRollups } from '../reports/rollups';
import { Erasure, readErasures } from './erasure';
import { FileReclaim } from './file-reclaim';
import { RetentionJob } from './retention';

/**
 * What the command line does to a stopped hub's data folder: run retention once, write an online
 * backup of the database, restore one. The identifier key (keys/identifier.key) is never copied
 * into a backup: it is backed up separately, or a restored database cannot recognise cards.
 */

/** Runs the retention job once against the data folder's database and closes it. */
export async function runRetentionOffline(options: { dataDir: string; config: LoadedConfig; asOf?: string; dryRun: boolean; logger: Logger }): Promise<RetentionReport> {
  const file = databasePath(options.dataDir);
  if (!existsSync(file)) throw new HubError('NOT_FOUND', `There is no Front Door database in ${options.dataDir}.`);
  const db = openDatabase(file);
  try {
    const job = new RetentionJob({ db, hub: options.config.hub, audit: new AuditLog(db), now: () => new Date(), logger: options.logger });
    return await job.run({
      dryRun: options.dryRun,
      staffId: null,
      via: 'command-line',
      mayVacuumWhole: true,
      ...(options.asOf ? { asOf: options.asOf } : {}),
    });
  } finally {
    db.close();
  }
}

export type BackupResult = { file: string; bytes: number; pages: number; schemaVersion: number };

/**
 * A consistent copy of the database through SQLite's online backup API: safe while the hub runs
 * (its writes go on; the copy is of one moment). Made 0600; checked before it is reported done.
 */
export async function backupDatabase(options: { dataDir: string; target: string }): Promise<BackupResult> {
  const source = databasePath(options.dataDir);
  if (!existsSync(source)) throw new HubError('NOT_FOUND', `There is no Front Door database in ${options.dataDir}.`);
  const target = resolve(options.target);
  if (existsSync(target)) throw new HubError('ALREADY_EXISTS', `${target} exists already; choose a new file name for the backup.`);
  if (dirname(target) === resolve(options.dataDir)) {
    throw new HubError('VALIDATION_FAILED', 'Write the backup outside the data folder (another disk, or a folder that is copied off the machine).');
  }
  // Made 0600 (and refused if it appeared meanwhile) before any page of the database is written to it.
  closeSync(openSync(target, 'wx', 0o600));
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    const progress = await db.backup(target);
    chmodSync(target, 0o600);
    const check = checkDatabaseFile(target);
    return { file: target, bytes: check.bytes, pages: progress.totalPages, schemaVersion: check.schemaVersion };
  } finally {
    db.close();
  }
}

/** Opens a database file read-only and checks it whole: integrity, and a schema this build knows. */
export function checkDatabaseFile(file: string): { schemaVersion: number; bytes: number } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new HubError('VALIDATION_FAILED', `${file} is damaged (${String(integrity)}); it cannot be used.`);
    const version = schemaVersion(db);
    if (version > latestSchemaVersion) {
      throw new HubError('VALIDATION_FAILED', `${file} was written by a newer Front Door (schema ${version}; this build knows up to ${latestSchemaVersion}).`);
    }
    const pages = db.pragma('page_count', { simple: true }) as number;
    const size = db.pragma('page_size', { simple: true }) as number;
    return { schemaVersion: version, bytes: pages * size };
  } finally {
    db.close();
  }
}

export type RestoreResult = { restoredFrom: string; previous: string | null; schemaVersion: number; erasuresMadeAgain: number };

/**
 * Puts a backup in place as the data folder's database (the hub must be stopped). The database it
 * replaces is kept beside it as `frontdoor.sqlite.before-restore-<time>`; the backup is checked
 * first and brought up to this build's schema after, and the erasures in the data folder's erasure
 * log are made again.
 */
export async function restoreDatabase(options: { dataDir: string; source: string; config: LoadedConfig; programmeKey: Buffer; now?: Date }): Promise<RestoreResult> {
  const source = resolve(options.source);
  if (!existsSync(source)) throw new HubError('NOT_FOUND', `There is no backup at ${source}.`);
  checkDatabaseFile(source);
  const target = databasePath(options.dataDir);
  let previous: string | null = null;
  if (existsSync(target)) {
    // Everything of the current database into its main file, so it moves aside whole.
    const current = new Database(target);
    current.pragma('wal_checkpoint(TRUNCATE)');
    current.close();
    previous = `${target}.before-restore-${(options.now ?? new Date()).toISOString().replace(/[:.]/g, '-')}`;
    renameSync(target, previous);
    for (const suffix of ['-wal', '-shm']) if (existsSync(`${target}${suffix}`)) renameSync(`${target}${suffix}`, `${previous}${suffix}`);
  }
  const backup = new Database(source, { readonly: true, fileMustExist: true });
  try {
    await backup.backup(target);
  } finally {
    backup.close();
  }
  const db = openDatabase(target);
  try {
    const version = schemaVersion(db);
    // Erasures made since the backup are made again: an erased resident never comes back.
    const erasure = new Erasure({ db, subjects: { visitIdsOf: () => [] }, audit: new AuditLog(db), outbox: new Outbox(db, { hubId: options.config.hub.id, configVersion: options.config.hub.version, configHash: options.config.hash }), reclaim: new FileReclaim(db), pseudonymOf: (id) => visitorPseudonym(options.programmeKey, id), rollups: new ReportRollups(db, options.config.hub) });
    const again = await erasure.reapply(readErasures(erasureLogPath(options.dataDir)), (options.now ?? new Date()).toISOString());
    return { restoredFrom: source, previous, schemaVersion: version, erasuresMadeAgain: again.erasures };
  } finally {
    db.close();
  }
}


/** A retention report in lines for a person: what was (or would be) removed, with counts. */
export function describeRetention(report: RetentionReport): string[] {
  const verb = report.dryRun ? 'would clear' : 'cleared';
  const list = countsInWords;
  return [
    `Retention as of ${report.asOf}${report.dryRun ? ' (dry run: nothing was changed)' : ''}:`,
    `  personal data of visits before ${report.personalCutoff}: ${verb} ${list(report.cleared)}`,
    `  visits before ${report.visitCutoff} and spent records: ${report.dryRun ? 'would delete' : 'deleted'} ${list(report.deleted)}`,
    ...(report.dryRun
      ? []
      : [
          `  file: ${report.file.freedPages} free pages given back (${report.file.vacuum === 'none' ? 'no vacuum' : `${report.file.vacuum} vacuum`}), WAL ${report.file.walTruncated ? 'checkpointed and truncated' : 'not truncated (a reader was busy; the next run retries)'}`,
        ]),
    `  took ${(report.durationMs / 1000).toFixed(1)} s`,
  ];
}
