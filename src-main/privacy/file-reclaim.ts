import type { RetentionReport } from '../../src-shared/api/privacy-contract';
import type { HubDatabase } from '../store/database';
import { nextSize } from './retention';

const incremental = 2;
/**
 * The most pages one vacuum step gives back: steps grow while they are quick, and a step that
 * meets pages to move rather than free pages at the end of the file costs more per page; at 200
 * a step held the database at most 7 ms on 150,000 visits.
 */
const largestStep = 200;
/** While a read keeps the WAL from being truncated: how often to try again, and for how long. */
const truncateRetryMs = 250;
const truncateForMs = 60_000;
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

  /**
   * Gives free pages back a few at a time (incremental vacuum), letting the event loop run between
   * steps; or, when allowed, converts an older database with one whole VACUUM.
   */
  async vacuum(options: {
    mayVacuumWhole: boolean;
    budgetMs: number;
    stopped: () => boolean;
    /** Told how long each step held the database, in milliseconds. */
    onStep?: (ms: number) => void;
    /** Runs between two steps (the retention job keeps the WAL short there). */
    between?: () => Promise<void>;
  }): Promise<Omit<RetentionReport['file'], 'walTruncated'>> {
    const { db } = this;
    const free = () => db.pragma('freelist_count', { simple: true }) as number;
    const before = free();
    let vacuum: RetentionReport['file']['vacuum'] = 'none';
    let longest = 0;
    if ((db.pragma('auto_vacuum', { simple: true }) as number) === incremental) {
      vacuum = 'incremental';
      let pages = 64;
      for (let i = 0; i < maxSteps && free() > 0 && !options.stopped(); i += 1) {
        const t0 = performance.now();
        db.pragma(`incremental_vacuum(${pages})`);
        const ms = performance.now() - t0;
        longest = Math.max(longest, ms);
        options.onStep?.(ms);
        pages = nextSize(pages, ms, options.budgetMs, 16, largestStep);
        await new Promise((resolve) => setImmediate(resolve));
        await options.between?.();
      }
    } else if (options.mayVacuumWhole) {
      // Once: from now on the database frees pages incrementally.
      db.pragma('auto_vacuum = INCREMENTAL');
      const t0 = performance.now();
      db.exec('VACUUM');
      longest = Math.max(longest, performance.now() - t0);
      vacuum = 'full';
    }
    return { freedPages: vacuum === 'full' ? before : Math.max(0, before - free()), vacuum, longestHoldMs: Math.round(longest * 10) / 10 };
  }

  /**
   * Checkpoints every frame into the database file and truncates the WAL to nothing. While a read
   * still needs the WAL (a long export on its own connection), it cannot be truncated: rather than
   * wait inside SQLite (the connection's busy timeout, up to 5 s with the event loop held), each
   * attempt gives up at once and the next comes `truncateRetryMs` later, the event loop free, for
   * up to `truncateForMs`. Resolves with whether it was truncated and the longest attempt.
   */
  async truncateWal(options: { stopped?: () => boolean; onAttempt?: (ms: number, busy: boolean) => void } = {}): Promise<{ walTruncated: boolean; ms: number }> {
    const { db } = this;
    const timeout = db.pragma('busy_timeout', { simple: true }) as number;
    let longest = 0;
    const attempts = Math.ceil(truncateForMs / truncateRetryMs);
    for (let i = 0; i <= attempts; i += 1) {
      const t0 = performance.now();
      db.pragma('busy_timeout = 0');
      let busy: boolean;
      try {
        const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
        busy = result === undefined || result.busy !== 0;
      } finally {
        db.pragma(`busy_timeout = ${timeout}`);
      }
      const ms = performance.now() - t0;
      longest = Math.max(longest, ms);
      options.onAttempt?.(ms, busy);
      if (!busy) return { walTruncated: true, ms: longest };
      if (i === attempts || options.stopped?.()) break;
      await new Promise((resolve) => setTimeout(resolve, truncateRetryMs));
    }
    return { walTruncated: false, ms: longest };
  }

  /** Vacuum, then truncate the WAL (erasure; retention runs the two itself around its checkpointing thread). */
  async reclaim(options: { mayVacuumWhole: boolean; budgetMs: number; stopped: () => boolean }): Promise<RetentionReport['file']> {
    const vacuumed = await this.vacuum(options);
    return fileReport(vacuumed, await this.truncateWal({ stopped: options.stopped }));
  }
}

/** What reclaiming the file did: the vacuum, and the WAL's truncation (null: not tried, the job stopping). */
export function fileReport(vacuumed: Omit<RetentionReport['file'], 'walTruncated'>, wal: { walTruncated: boolean; ms: number } | null): RetentionReport['file'] {
  return { ...vacuumed, walTruncated: wal?.walTruncated ?? false, longestHoldMs: Math.max(vacuumed.longestHoldMs, Math.round((wal?.ms ?? 0) * 10) / 10) };
}
