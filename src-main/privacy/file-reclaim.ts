import type { RetentionReport } from '../../src-shared/api/privacy-contract';
import type { HubDatabase } from '../store/database';

const incremental = 2;
/** Bounds the vacuum loop: a database this many steps of the smallest size is larger than any hub's. */
const maxSteps = 1_000_000;

/**
 * After retention: the free pages given back to the file system and the WAL checkpointed and
 * truncated, so values removed (already overwritten with zeros: secure_delete) leave no copy in the
 * database file or its -wal file. A database made before auto_vacuum was on is vacuumed whole only
 * when the hub is stopped (the command line); in a running hub its free pages stay (zeroed) in the file.
 */
export class FileReclaim {
  constructor(private readonly db: HubDatabase) {}

  async reclaim(options: { mayVacuumWhole: boolean; budgetMs: number; stopped: () => boolean }): Promise<RetentionReport['file']> {
    const { db } = this;
    const free = () => db.pragma('freelist_count', { simple: true }) as number;
    const before = free();
    let vacuum: RetentionReport['file']['vacuum'] = 'none';
    if ((db.pragma('auto_vacuum', { simple: true }) as number) === incremental) {
      vacuum = 'incremental';
      let pages = 256;
      for (let i = 0; i < maxSteps && free() > 0 && !options.stopped(); i += 1) {
        const t0 = performance.now();
        db.pragma(`incremental_vacuum(${pages})`);
        const ms = performance.now() - t0;
        pages = ms > options.budgetMs ? Math.max(16, Math.floor(pages * 0.6)) : ms < options.budgetMs / 2 ? Math.min(20_000, Math.ceil(pages * 1.4)) : pages;
        await new Promise((resolve) => setImmediate(resolve));
      }
    } else if (options.mayVacuumWhole) {
      // Once: from now on the database frees pages incrementally.
      db.pragma('auto_vacuum = INCREMENTAL');
      db.exec('VACUUM');
      vacuum = 'full';
    }
    const freedPages = Math.max(0, before - free());
    const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
    return { freedPages: vacuum === 'full' ? before : freedPages, walTruncated: result !== undefined && result.busy === 0, vacuum };
  }
}
