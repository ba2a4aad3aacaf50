/**
 * Runs the retention job on one database file in a process of its own and says "hold" on stdout
 * after each batch, checkpoint and vacuum step, so a test can kill it part-way through (as a power
 * cut would) at a point it knows. Batches are kept small (1 ms budget) so a run has many of them.
 * Usage: node --import tsx tests/helpers/retention-child.ts FILE AS-OF-ISO
 */
import pino from 'pino';
import { AuditLog } from '../../src-main/auth/audit-log';
import { parseHubConfig } from '../../src-main/config/load-config';
import { RetentionJob } from '../../src-main/privacy/retention';
import { openDatabase } from '../../src-main/store/database';
import { retentionTestHub } from './busy-day';

const [file, asOf] = process.argv.slice(2);
if (!file || !asOf) throw new Error('usage: retention-child.ts FILE AS-OF-ISO');
const db = openDatabase(file);
const config = parseHubConfig(retentionTestHub(), 'retention-hub.yaml');
const job = new RetentionJob({
  db,
  hub: config.hub,
  audit: new AuditLog(db),
  now: () => new Date(asOf),
  logger: pino({ level: 'silent' }),
  batchBudgetMs: 1,
  onHold: () => process.stdout.write('hold\n'),
});
await job.run({ dryRun: false, staffId: null, via: 'command-line' });
db.close();
process.stdout.write('done\n');
