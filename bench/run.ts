import { runFanout } from './fanout';
import { runKioskLoad } from './kiosk-load';
import { runLiveCatchUp } from './live-catchup';
import { runQueueThroughput } from './queue-throughput';
import { runReports } from './reports';
import { runTicketEncode } from './ticket-encode';
import { runRetentionBench } from './retention';
import { report } from './stats';
import { runSyncUpload } from './sync-upload';

/** Runs every benchmark, prints medians and p95 beside their budgets, and fails when one is over. */
const only = process.argv[2];
const suites: Record<string, () => Promise<Parameters<typeof report>[0]> | Parameters<typeof report>[0]> = {
  queue: () => runQueueThroughput(),
  fanout: () => runFanout(),
  kiosk: () => runKioskLoad(),
  live: () => runLiveCatchUp(),
  tickets: () => runTicketEncode(),
  sync: () => runSyncUpload(),
  retention: () => runRetentionBench(),
  reports: () => runReports(),
};

let ok = true;
for (const [name, run] of Object.entries(suites)) {
  if (only && only !== name) continue;
  console.log(`\n# ${name}`);
  ok = report(await run()) && ok;
}
process.exit(ok ? 0 : 1);
