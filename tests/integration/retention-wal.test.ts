/**
 * The retention job keeps the WAL short while it writes. Each time the WAL starts again from its
 * beginning, the first commit cuts the file back, and that commit holds the database (and a
 * check-in behind it) for as long as the cut takes: on 150,000 visits the vacuum wrote 100–150 MB
 * of WAL between two checkpoints, and the commit that cut it back held 25–37 ms. Here a database
 * whose free pages lie among pages in use (so the vacuum moves pages, writing each one to the WAL)
 * is reclaimed while the WAL file's size is read after every hold.
 */
import Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { AuditLog } from '../../src-main/auth/audit-log';
import { parseHubConfig } from '../../src-main/config/load-config';
import { FileReclaim } from '../../src-main/privacy/file-reclaim';
import { RetentionJob } from '../../src-main/privacy/retention';
import { BackgroundCheckpoints } from '../../src-main/store/background-checkpoints';
import { openDatabase, type HubDatabase } from '../../src-main/store/database';
import { queueTestHub } from '../helpers/queue-hub';
import { makeTempDir } from '../helpers/temp-dir';

const mb = 1024 * 1024;
const walBytes = (file: string) => statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0;

describe('the WAL while the retention job reclaims the file', () => {
  const temp = makeTempDir('frontdoor-retention-wal-');
  afterAll(() => temp.remove());

  /** A database whose free pages lie among pages in use: dropping one of two interleaved tables leaves 20,000 scattered. */
  function fragmentedDatabase(name: string): { db: HubDatabase; file: string; freeBefore: number } {
    const file = join(temp.path, name);
    const db = openDatabase(file);
    db.exec('CREATE TABLE filler_a (b BLOB); CREATE TABLE filler_b (b BLOB)');
    const a = db.prepare('INSERT INTO filler_a VALUES (?)');
    const b = db.prepare('INSERT INTO filler_b VALUES (?)');
    const blob = Buffer.alloc(3000, 7);
    db.transaction(() => {
      for (let i = 0; i < 20_000; i += 1) {
        a.run(blob);
        b.run(blob);
      }
    })();
    db.exec('DROP TABLE filler_a');
    db.pragma('wal_checkpoint(TRUNCATE)');
    return { db, file, freeBefore: db.pragma('freelist_count', { simple: true }) as number };
  }

  /**
   * A reader (as a year's export is) on a connection of its own, whose snapshot needs the WAL as it
   * stands: the WAL cannot start again, nor be truncated, until it commits.
   */
  function longRead(db: HubDatabase, file: string): Database.Database {
    db.exec('CREATE TABLE marker (n INTEGER); INSERT INTO marker VALUES (1)');
    const reader = new Database(file, { readonly: true });
    reader.exec('BEGIN');
    expect(reader.prepare('SELECT n FROM marker').get()).toEqual({ n: 1 });
    return reader;
  }

  function job(db: HubDatabase, onHold: () => void): RetentionJob {
    return new RetentionJob({
      db,
      hub: parseHubConfig(queueTestHub(), 'hub.yaml').hub,
      audit: new AuditLog(db),
      now: () => new Date('2026-03-10T09:30:00.000Z'),
      logger: pino({ level: 'silent' }),
      onHold,
    });
  }

  it('never grows far past 16 MB, however fast the vacuum writes, and is truncated at the end', async () => {
    const { db, file, freeBefore } = fragmentedDatabase('a.sqlite');
    expect(freeBefore).toBeGreaterThan(19_000);
    let largest = 0;
    const report = await job(db, () => (largest = Math.max(largest, walBytes(file)))).run({ dryRun: false, staffId: null, via: 'command-line' });

    expect(report.file.vacuum).toBe('incremental');
    expect(report.file.freedPages).toBe(freeBefore);
    // The vacuum wrote far more than that to the WAL (each page it moved, and the pages pointing to it).
    expect(largest).toBeGreaterThan(4 * mb);
    // A step or two past the size that brings the next checkpoint on.
    expect(largest).toBeLessThan(20 * mb);
    expect(report.file.walTruncated).toBe(true);
    db.close();
  });

  it('while a long read keeps the WAL from starting again, waits for a checkpoint every 12 MB, not after every step', async () => {
    const { db, file } = fragmentedDatabase('b.sqlite');
    const reader = longRead(db, file);
    const freeBefore = db.pragma('freelist_count', { simple: true }) as number;
    const drain = vi.spyOn(BackgroundCheckpoints.prototype, 'drain');
    let holds = 0;
    let largest = 0;
    let drainsWhileRead = 0;
    const endRead = () => {
      if (!reader.open) return;
      drainsWhileRead = drain.mock.calls.length;
      reader.exec('COMMIT');
      reader.close();
    };
    try {
      const report = await job(db, () => {
        holds += 1;
        largest = Math.max(largest, walBytes(file));
        // The export ends once the WAL has grown well past where it would have started again.
        if (largest > 28 * mb) endRead();
      }).run({ dryRun: false, staffId: null, via: 'command-line' });
      expect(report.file.freedPages).toBe(freeBefore);
      expect(reader.open).toBe(false);
      // The job waited a few times for the checkpointing thread while the read went on, not after each step.
      expect(drainsWhileRead).toBeGreaterThan(0);
      expect(drainsWhileRead).toBeLessThan(holds / 4);
      expect(report.file.walTruncated).toBe(true);
      expect(report.longestHoldMs).toBeLessThan(1_000);
    } finally {
      drain.mockRestore();
      endRead();
      db.close();
    }
  });

  it('truncates the WAL once a long read ends, trying again with the event loop free instead of waiting inside SQLite', async () => {
    const { db, file } = fragmentedDatabase('c.sqlite');
    const reader = longRead(db, file);
    db.exec('INSERT INTO marker VALUES (2)');
    const attempts: { ms: number; busy: boolean }[] = [];
    let ticks = 0;
    const ticking = setInterval(() => (ticks += 1), 10);
    try {
      const wal = await new FileReclaim(db).truncateWal({
        onAttempt: (ms, busy) => {
          attempts.push({ ms, busy });
          // The read ends after the second attempt found the WAL in use.
          if (attempts.length === 2) {
            reader.exec('COMMIT');
            reader.close();
          }
        },
      });
      expect(attempts.map((a) => a.busy)).toEqual([true, true, false]);
      expect(wal.walTruncated).toBe(true);
      expect(walBytes(file)).toBe(0);
      // No attempt waited for the reader (the connection's busy timeout is 5 s); the event loop ran between them.
      expect(Math.max(...attempts.map((a) => a.ms))).toBeLessThan(1_000);
      expect(ticks).toBeGreaterThan(0);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    } finally {
      clearInterval(ticking);
      if (reader.open) reader.close();
      db.close();
    }
  });
});
