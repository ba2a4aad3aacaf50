/**
 * The retention job keeps the WAL short while it writes. Each time the WAL starts again from its
 * beginning, the first commit cuts the file back, and that commit holds the database (and a
 * check-in behind it) for as long as the cut takes: on 150,000 visits the vacuum wrote 100–150 MB
 * of WAL between two checkpoints, and the commit that cut it back held 25–37 ms. Here a database
 * whose free pages lie among pages in use (so the vacuum moves pages, writing each one to the WAL)
 * is reclaimed while the WAL file's size is read after every hold.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src-main/auth/audit-log';
import { parseHubConfig } from '../../src-main/config/load-config';
import { RetentionJob } from '../../src-main/privacy/retention';
import { openDatabase } from '../../src-main/store/database';
import { queueTestHub } from '../helpers/queue-hub';
import { makeTempDir } from '../helpers/temp-dir';

const mb = 1024 * 1024;

describe('the WAL while the retention job reclaims the file', () => {
  const temp = makeTempDir('frontdoor-retention-wal-');
  afterAll(() => temp.remove());

  it('never grows far past 16 MB, however fast the vacuum writes, and is truncated at the end', async () => {
    const file = join(temp.path, 'hub.sqlite');
    const db = openDatabase(file);
    // Two tables filled in turn, so their pages interleave; dropping one leaves 20,000 free pages
    // scattered through the file (as deleted visits do), and the vacuum must move the other's pages.
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
    const freeBefore = db.pragma('freelist_count', { simple: true }) as number;
    expect(freeBefore).toBeGreaterThan(19_000);

    const wal = () => statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0;
    let largest = 0;
    const config = parseHubConfig(queueTestHub(), 'hub.yaml');
    const job = new RetentionJob({
      db,
      hub: config.hub,
      audit: new AuditLog(db),
      now: () => new Date('2026-03-10T09:30:00.000Z'),
      logger: pino({ level: 'silent' }),
      onHold: () => (largest = Math.max(largest, wal())),
    });
    const report = await job.run({ dryRun: false, staffId: null, via: 'command-line' });

    expect(report.file.vacuum).toBe('incremental');
    expect(report.file.freedPages).toBe(freeBefore);
    // The vacuum wrote far more than that to the WAL (each page it moved, and the pages pointing to it).
    expect(largest).toBeGreaterThan(4 * mb);
    // A step or two past the size that brings the next checkpoint on.
    expect(largest).toBeLessThan(20 * mb);
    expect(report.file.walTruncated).toBe(true);
    db.close();
  });
});
