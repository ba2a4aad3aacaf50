/**
 * Runs the retention job on one database file in a process of its own and, after its HOLDS-th
 * batch, checkpoint or vacuum step, says "paused" on stdout and stops there (the thread blocked),
 * so a test can kill it part-way through, as a power cut would, at a point it knows. Batches are
 * kept small (1 ms budget) so a run has many of them.
 * Usage: node --import tsx tests/helpers/retention-child.ts FILE AS-OF-ISO HOLDS
 */
import { writeSync } from 'node:fs';
import pino from 'pino';
import { AuditLog } from '../../src-main/auth/audit-log';
import { parseHubConfig } from '../../src-main/config/load-config';
import { RetentionJob } from '../../src-main/privacy/retention';
import { openDatabase } from '../../src-main/store/database';
import { retentionTestHub } from './busy-day';

const [file, asOf, pauseAt] = process.argv.slice(2);
if (!file || !asOf || !pauseAt) throw new Error('usage: retention-child.ts FILE AS-OF-ISO HOLDS');
let holds = 0;
const db = openDatabase(file);
const config = parseHubConfig(retentionTestHub(), 'retention-hub.yaml');
const job = new RetentionJob({
  db,
  hub: config.hub,
  audit: new AuditLog(db),
  now: () => new Date(asOf),
  logger: pino({ level: 'silent' }),
  batchBudgetMs: 1,
  onHold: () => {
    holds += 1;
    if (holds !== Number(pauseAt)) return;
    writeSync(1, 'paused\n');
    // Waits here until killed: nothing more is written.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  },
});
await job.run({ dryRun: false, staffId: null, via: 'command-line' });
db.close();
writeSync(1, 'done\n');
