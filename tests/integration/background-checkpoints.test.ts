/**
 * The checkpointing thread the retention job writes beside: it checkpoints the WAL when asked,
 * gives checkpointing back to the hub's connection when stopped, and when it dies part-way the
 * job hears so at once (no wait for an answer that never comes) and carries on without it.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src-main/auth/audit-log';
import { parseHubConfig } from '../../src-main/config/load-config';
import { RetentionJob } from '../../src-main/privacy/retention';
import { BackgroundCheckpoints } from '../../src-main/store/background-checkpoints';
import { openDatabase } from '../../src-main/store/database';
import { busyDay, inProcessHub, manualClock, retentionTestHub } from '../helpers/busy-day';
import { startTestHub } from '../helpers/running-hub';
import { makeTempDir } from '../helpers/temp-dir';

/** The thread inside (a fault injected as a crash of the thread would be). */
const threadOf = (checkpoints: BackgroundCheckpoints) => (checkpoints as unknown as { worker: Worker }).worker;

describe('the checkpointing thread', () => {
  const temp = makeTempDir('frontdoor-checkpoints-');
  afterAll(() => temp.remove());

  it('checkpoints when asked, and gives checkpointing back when stopped', async () => {
    const file = join(temp.path, 'a.sqlite');
    const db = openDatabase(file);
    const memory = openDatabase(':memory:');
    expect(await BackgroundCheckpoints.start(memory)).toBeNull();
    memory.close();
    const checkpoints = await BackgroundCheckpoints.start(db);
    expect(checkpoints?.alive).toBe(true);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    db.exec('CREATE TABLE t (b BLOB)');
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 2000; i += 1) insert.run(Buffer.alloc(2000, 1));
    })();
    // The hub's connection no longer checkpoints: the rows are in the WAL only.
    const fileBefore = statSync(file).size;
    expect(await checkpoints!.drain()).toBe(true);
    // The thread copied them into the database file.
    expect(statSync(file).size).toBeGreaterThan(fileBefore + 2_000_000);
    await checkpoints!.stop();
    expect(checkpoints!.alive).toBe(false);
    expect(await checkpoints!.drain()).toBe(false);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    db.close();
  });

  it('dying is heard at once: the next drain is false, not a 30 s wait', async () => {
    const db = openDatabase(join(temp.path, 'b.sqlite'));
    const checkpoints = (await BackgroundCheckpoints.start(db))!;
    await threadOf(checkpoints).terminate();
    const t0 = performance.now();
    expect(await checkpoints.drain()).toBe(false);
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect(checkpoints.alive).toBe(false);
    await checkpoints.stop();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    db.close();
  });

  it('the retention job carries on when the thread dies part-way, finishes, and truncates the WAL', async () => {
    const file = join(temp.path, 'c.sqlite');
    const db = openDatabase(file);
    const config = parseHubConfig(retentionTestHub(), 'retention-hub.yaml');
    const clock = manualClock('2026-03-02T08:30:00.000Z');
    const hub = inProcessHub(config, db, clock.now);
    busyDay(hub, clock, 200);
    hub.stop();
    const warnings: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => warnings.push((JSON.parse(line) as { msg: string }).msg) });
    let killed = false;
    const job: RetentionJob = new RetentionJob({
      db,
      hub: config.hub,
      audit: new AuditLog(db),
      now: () => new Date('2026-05-05T09:00:00.000Z'),
      logger,
      batchBudgetMs: 1,
      // After the first batch, the thread goes.
      onHold: () => {
        const background = (job as unknown as { background: BackgroundCheckpoints | null }).background;
        if (killed || !background) return;
        killed = true;
        void threadOf(background).terminate();
      },
    });
    const report = await job.run({ dryRun: false, staffId: null, via: 'command-line' });
    expect(killed).toBe(true);
    expect(warnings).toContain('the checkpointing thread stopped; the retention job carries on with ordinary checkpoints');
    expect(report.cleared['visits.personal_data_removed_at']).toBe(200);
    expect(report.file.walTruncated).toBe(true);
    // The hub's connection checkpoints by itself again.
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0).toBeLessThan(1024 * 1024);
    db.close();
  });

  it('a hub closed while retention runs waits for the run to stop before it closes the database', async () => {
    const clock = manualClock('2026-03-02T08:30:00.000Z');
    const running = await startTestHub({ hub: retentionTestHub(), dataDir: join(temp.path, 'd'), now: clock.now });
    busyDay(running.hub, clock, 100);
    clock.set('2026-05-05T09:00:00.000Z');
    const run = running.hub.privacy.runRetention({ dryRun: false, staffId: null, via: 'manager' });
    await running.dispose();
    // Stopped between two batches, on a database still open: a report, not an error.
    const report = await run;
    expect(report.asOf).toBe('2026-05-05');
    // Stopped before its first batch: the hub stops the job before it closes anything.
    expect(report.cleared['visits.personal_data_removed_at']).toBeUndefined();
  });
});
