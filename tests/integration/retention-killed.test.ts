/**
 * The retention job killed part-way through, as a power cut or a crash would stop it: the database
 * is whole (every batch a transaction of its own), each day's figures are the same as before, what
 * was done stays done, and the next run finishes the rest — after which none of the planted
 * personal details is left in the database file or its WAL.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src-main/auth/audit-log';
import { parseHubConfig } from '../../src-main/config/load-config';
import { RetentionJob } from '../../src-main/privacy/retention';
import { openDatabase, type HubDatabase } from '../../src-main/store/database';
import { busyDay, inProcessHub, manualClock, planted, retentionTestHub } from '../helpers/busy-day';
import { dayFigures } from '../helpers/day-figures';
import { makeTempDir } from '../helpers/temp-dir';

const root = new URL('../..', import.meta.url).pathname;
const days = ['2026-03-02', '2026-03-03', '2026-03-04'];
/** Sixty days on: past the personal period (30 days), not the visit period (90). */
const asOf = '2026-05-05T09:00:00.000Z';

/** Starts the job in a process of its own and kills it (SIGKILL) where it stopped after holding the database `holds` times. */
function killPartWay(file: string, holds: number): Promise<{ paused: boolean; finished: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'tests/helpers/retention-child.ts'), file, asOf, String(holds)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let paused = false;
    let finished = false;
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line === 'done') finished = true;
      if (line !== 'paused') return;
      paused = true;
      child.kill('SIGKILL');
    });
    // A child that neither pauses nor ends in time is killed too (the test then fails on `paused`).
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    // After its output has all been read.
    child.on('close', () => {
      clearTimeout(guard);
      resolve({ paused, finished });
    });
  });
}

describe('a retention run killed part-way through', () => {
  const temp = makeTempDir('frontdoor-retention-killed-');
  const file = join(temp.path, 'hub.sqlite');
  const config = parseHubConfig(retentionTestHub(), 'retention-hub.yaml');
  const before: Record<string, Record<string, number>> = {};
  let visits = 0;

  const count = (db: HubDatabase, where: string) => (db.prepare(`SELECT count(*) AS n FROM visits WHERE ${where}`).get() as { n: number }).n;

  beforeAll(() => {
    const db = openDatabase(file);
    const clock = manualClock(`${days[0]}T08:30:00.000Z`);
    const hub = inProcessHub(config, db, clock.now);
    for (const day of days) {
      clock.set(`${day}T08:30:00.000Z`);
      busyDay(hub, clock, 150);
    }
    hub.stop();
    for (const day of days) before[day] = dayFigures(db, day);
    visits = count(db, '1');
    db.close();
  }, 60_000);
  afterAll(() => temp.remove());

  it('leaves the database whole and every figure the same, with part of the work done', async () => {
    expect(visits).toBe(450);
    const run = await killPartWay(file, 12);
    expect(run).toEqual({ paused: true, finished: false });

    const db = openDatabase(file);
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      const cleared = count(db, 'personal_data_removed_at IS NOT NULL');
      // Killed in the middle of the first pass: some visits cleared, not all.
      expect(cleared).toBeGreaterThan(0);
      expect(cleared).toBeLessThan(visits);
      // A cleared visit is cleared whole: no batch was left half done.
      expect(count(db, 'personal_data_removed_at IS NOT NULL AND display_name IS NOT NULL')).toBe(0);
      for (const day of days) expect(dayFigures(db, day), day).toEqual(before[day]);
    } finally {
      db.close();
    }
  });

  it('finishes at the next run: every visit cleared, the figures the same, nothing planted left in the files', async () => {
    const db = openDatabase(file);
    const job = new RetentionJob({ db, hub: config.hub, audit: new AuditLog(db), now: () => new Date(asOf), logger: pino({ level: 'silent' }) });
    const report = await job.run({ dryRun: false, staffId: null, via: 'command-line' });
    expect(report.cleared['visits.personal_data_removed_at']).toBeGreaterThan(0);
    expect(count(db, 'personal_data_removed_at IS NULL')).toBe(0);
    expect(count(db, '1')).toBe(visits);
    for (const day of days) expect(dayFigures(db, day), day).toEqual(before[day]);
    db.close();

    const bytes = Buffer.concat([file, `${file}-wal`].map((f) => (existsSync(f) ? readFileSync(f) : Buffer.alloc(0))));
    const left = [planted.name, planted.note, planted.howHeard, planted.triageText, planted.referralText].filter((v) => bytes.includes(Buffer.from(v, 'utf8')));
    expect(left).toEqual([]);
  });
});
