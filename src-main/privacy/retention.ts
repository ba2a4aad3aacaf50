import { statSync } from 'node:fs';
import type { Statement } from 'better-sqlite3';
import type { Logger } from 'pino';
import type { RetentionReport } from '../../src-shared/api/privacy-contract';
import type { HubConfig } from '../../src-shared/config/schema';
import { serviceDayOf } from '../../src-shared/time';
import type { AuditLog } from '../auth/audit-log';
import { HubError } from '../errors';
import type { Clock } from '../queue/queue-context';
import { BackgroundCheckpoints, walSizeLimitBytes } from '../store/background-checkpoints';
import type { HubDatabase } from '../store/database';
import { addCounts, plainChoiceQuestions, VisitClearing, type FieldCounts } from './clearing';
import { fileReport, FileReclaim } from './file-reclaim';
import { ReportRollups } from '../reports/rollups';
import { RollupKeeping } from './rollup-keeping';
import { VisitorRemoval } from './visitor-removal';

export type RetentionRequest = {
  /** The hub's local day the periods count back from (default: today). */
  asOf?: string;
  /** Count what would be removed, change nothing. */
  dryRun: boolean;
  /** Who asked: a member of staff, or null for the daily run and the command line. */
  staffId: string | null;
  via: RetentionReport['via'];
  /** The hub is stopped (command line): a database made before incremental vacuum may be vacuumed whole. */
  mayVacuumWhole?: boolean;
};

export type RetentionOptions = {
  db: HubDatabase;
  hub: HubConfig;
  audit: AuditLog;
  now: Clock;
  logger: Logger;
  /** Milliseconds one batch may hold the database (and the event loop): batches shrink or grow to fit. */
  batchBudgetMs?: number;
  /** Told of each hold of the database (a batch, a checkpoint, each vacuum step), in milliseconds. */
  onHold?: (ms: number) => void;
};

/** Things spent (sessions, sign-in failures, setup tokens, pairing codes) go this long after they end. */
export const spentDays = 30;
const dayMs = 86_400_000;
/** Bounds every loop: no hub holds more rows than this many batches of the smallest size. */
const maxBatches = 10_000_000;
const smallestBatch = 10;
/** Well under the 50 ms a check-in may wait, leaving room for a commit the disk holds up. */
export const defaultBatchBudgetMs = 10;
/** The page cache while the job runs (negative: KiB), rather than SQLite's 2 MB. */
const jobCacheSize = -65_536;
/** How often the job waits for the WAL to be checkpointed (see settle). */
const drainEveryMs = 250;
/**
 * Sooner than that when the WAL file has grown this much since (to about 16 MB from the 4 MB it is
 * cut back to). The first commit after the WAL starts again cuts the file back, at about 0.25 ms a
 * MB: the vacuum wrote 100–150 MB of WAL in 250 ms, and cutting it back held that commit 25–37 ms.
 */
const walGrowthBytes = 12 * 1024 * 1024;
const largestBatch = 5000;

/** `YYYY-MM-DD` minus whole days (calendar arithmetic, no time zone involved). */
export function daysBefore(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) - days * dayMs).toISOString().slice(0, 10);
}

/** Lets the event loop run (a check-in, a call) between two batches. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * The next batch size: in proportion when a batch took longer than the budget (a busy machine, an
 * automatic checkpoint), a little larger when it took well under half, otherwise the same.
 */
export function nextSize(size: number, ms: number, budgetMs: number, smallest: number, largest: number): number {
  if (ms > budgetMs) return Math.max(smallest, Math.floor(size * Math.max(0.25, (budgetMs / ms) * 0.8)));
  if (ms < budgetMs / 2) return Math.min(largest, Math.ceil(size * 1.25));
  return size;
}

/** Thrown inside a dry run's transaction so everything it did rolls back. */
class DryRunRollback extends Error {}

/**
 * The retention job. Past `privacy.personalDataRetentionDays` it clears the personal fields of
 * visits (the registry's `personal-period` columns), deletes residents' records (name, card and QR
 * hashes, demographics) whose last visit is that old, and takes the resident link and free text out
 * of outbox payloads; past `privacy.visitRetentionDays` it deletes visits. Anonymous counts go to
 * `retained_counts` first, and the report rollups keep what they counted (RollupKeeping), so a day's
 * figures stay the same. Then the freed pages are reclaimed and
 * the WAL checkpointed and truncated, so removed values are not left in the files.
 *
 * It works in small transactions (sized to `batchBudgetMs`) and lets the event loop run between
 * them, so check-ins carry on while it runs. A dry run does the same work and rolls each batch back.
 */
export class RetentionJob {
  private readonly options: RetentionOptions;
  private readonly clearing: VisitClearing;
  private readonly visitors: VisitorRemoval;
  private readonly reclaim: FileReclaim;
  private readonly reportRollups: ReportRollups;
  private readonly rollupKeeping: RollupKeeping;
  private readonly stmt: {
    pendingVisits: Statement;
    oldVisits: Statement;
    outboxAt: Statement;
    outboxBounds: Statement;
    redactOutbox: Statement;
    deleteOutbox: Statement;
    spent: { key: string; statement: Statement }[];
    oldCounters: Statement;
    oldDeviceAlerts: Statement;
    setState: Statement;
    getState: Statement;
  };
  /** The hub is closing: the run in progress stops between two batches, and a run started now at once. */
  private stopped = false;
  /** The run in progress. */
  private current: Promise<RetentionReport> | null = null;
  /** The longest the current run held the database (and the event loop) in one go, and in which pass. */
  private longestHold = 0;
  private longestHoldIn = '';
  /** The longest hold since the last pass ended. */
  private longestInPass = 0;
  /** The thread checkpointing the WAL during a run (none in a dry run or in memory). */
  private background: BackgroundCheckpoints | null = null;
  private lastDrain = 0;
  /** The WAL file's size at the first look after the job last waited for a checkpoint (null before that look). */
  private walAfterDrain: number | null = null;

  constructor(options: RetentionOptions) {
    this.options = options;
    const { db } = options;
    this.clearing = new VisitClearing(db);
    this.visitors = new VisitorRemoval(db);
    this.reclaim = new FileReclaim(db);
    this.reportRollups = new ReportRollups(db, options.hub);
    this.rollupKeeping = new RollupKeeping(db);
    this.stmt = {
      // Keyset pages in index order (service_day, rowid): a dry run, which changes nothing, moves on too.
      pendingVisits: db.prepare(
        `SELECT rowid AS r, id, service_day AS day FROM visits INDEXED BY visits_personal_pending
         WHERE personal_data_removed_at IS NULL AND service_day < @cutoff AND (service_day, rowid) > (@day, @r)
         ORDER BY service_day, rowid LIMIT @n`,
      ),
      oldVisits: db.prepare(
        `SELECT rowid AS r, id, service_day AS day FROM visits INDEXED BY visits_day
         WHERE service_day < @cutoff AND (service_day, rowid) > (@day, @r) ORDER BY service_day, rowid LIMIT @n`,
      ),
      outboxAt: db.prepare('SELECT occurred_at FROM outbox WHERE id >= ? ORDER BY id LIMIT 1'),
      outboxBounds: db.prepare('SELECT coalesce(min(id), 0) AS low, coalesce(max(id), 0) AS high FROM outbox'),
      // Typed events name a resident only by pseudonym: in their visits' check-ins and journey facts.
      redactOutbox: db.prepare(
        `UPDATE outbox SET payload = json_set(payload, '$.visitor', json('null'))
         WHERE id > @from AND id <= @to AND type IN ('visit.checked-in', 'journey.recorded') AND json_valid(payload)
           AND json_extract(payload, '$.visitor') IS NOT NULL`,
      ),
      // Only what the collector has acknowledged (the uploader prunes those sooner, after upstream.keepAcknowledgedDays).
      deleteOutbox: db.prepare('DELETE FROM outbox WHERE id > @from AND id <= @to AND acknowledged_at IS NOT NULL'),
      spent: [
        { key: 'sessions', statement: db.prepare(`DELETE FROM sessions WHERE coalesce(ended_at, expires_at) < @before AND expires_at < @before`) },
        { key: 'sign_in_failures', statement: db.prepare(`DELETE FROM sign_in_failures WHERE last_failed_at < @before AND coalesce(locked_until, '') < @before`) },
        { key: 'setup_tokens', statement: db.prepare(`DELETE FROM setup_tokens WHERE expires_at < @before`) },
        { key: 'kiosk_pairing_codes', statement: db.prepare(`DELETE FROM kiosk_pairing_codes WHERE expires_at < @before`) },
      ],
      oldCounters: db.prepare('DELETE FROM ticket_counters WHERE service_day < ?'),
      // Printer and device alerts belong to no visit: they go once dealt with and as old as the visits that go.
      oldDeviceAlerts: db.prepare(
        `DELETE FROM alerts WHERE visit_id IS NULL AND (acknowledged_at IS NOT NULL OR resolved_at IS NOT NULL) AND last_raised_at < ?`,
      ),
      setState: db.prepare(`INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`),
      getState: db.prepare(`SELECT value FROM sync_state WHERE key = ?`),
    };
  }

  get isRunning(): boolean {
    return this.current !== null;
  }

  /** Stops a run between two batches, and any run started later (the hub is closing); what was done stays done. */
  stop(): void {
    this.stopped = true;
  }

  /** Resolves when no run is in progress: after `stop`, once the run has stopped (the hub then closes the database). */
  async idle(): Promise<void> {
    await this.current?.then(
      () => undefined,
      () => undefined,
    );
  }

  /** The last run that changed something (not a dry run), as recorded; null before the first. */
  lastRun(): RetentionReport | null {
    const row = this.stmt.getState.get('privacy.retention.last') as { value: string } | undefined;
    if (!row) return null;
    try {
      return JSON.parse(row.value) as RetentionReport;
    } catch {
      return null;
    }
  }

  async run(request: RetentionRequest): Promise<RetentionReport> {
    if (this.current) throw new HubError('ALREADY_RUNNING', 'The retention job is running already; wait for it to finish.');
    this.longestHold = 0;
    this.longestHoldIn = '';
    this.longestInPass = 0;
    const work = this.work(request);
    this.current = work;
    try {
      return await work;
    } finally {
      this.current = null;
    }
  }

  private async work(request: RetentionRequest): Promise<RetentionReport> {
    // While it writes, the WAL is checkpointed from another thread, so no commit waits for the disk.
    const { db } = this.options;
    const background = request.dryRun
      ? null
      : await BackgroundCheckpoints.start(db, (error) => this.options.logger.warn({ err: error }, 'the checkpointing thread failed'));
    this.background = background;
    this.lastDrain = performance.now();
    this.walAfterDrain = null;
    // The job reads much of the database once: a larger page cache while it runs, given back after.
    const cacheSize = db.pragma('cache_size', { simple: true }) as number;
    db.pragma(`cache_size = ${jobCacheSize}`);
    try {
      return await this.passes(request, background);
    } finally {
      this.background = null;
      await background?.stop();
      if (db.open) db.pragma(`cache_size = ${cacheSize}`);
    }
  }

  /**
   * Between batches, every 250 ms or as soon as the WAL has grown 12 MB: the job waits, without holding the event loop,
   * while the checkpointing thread copies the WAL into the database file (the WAL starts again from
   * its beginning at the first commit after a checkpoint that copied everything). The job's own
   * commits then never meet the thread's writing to the database file and waiting for the disk:
   * when they ran side by side, single commits of a few milliseconds' work now and then waited
   * 60–240 ms for the disk (measured on 150,000 visits; waiting here also made the run shorter, as
   * the two no longer compete for the disk). When the WAL file is longer than it is cut back to
   * (its next commit will cut it), or at the end of the run (`whole`), the job waits for a second
   * checkpoint too (what check-ins wrote during the first) and checkpoints the little left on this
   * connection, so that its next commit starts the WAL again. Without this the WAL would only grow
   * while the job writes, every read would search more of it, and cutting it back would hold a
   * commit longer (see `walGrowthBytes`).
   */
  private async settle(whole = false): Promise<void> {
    if (!this.background) return;
    if (!whole && performance.now() - this.lastDrain < drainEveryMs && !this.walGrown()) return;
    this.walAfterDrain = null;
    if (!this.background.alive) return this.lostWorker();
    if (!(await this.background.drain())) return this.lostWorker();
    this.lastDrain = performance.now();
    if (this.stopped || (!whole && this.walBytes() <= walSizeLimitBytes)) return;
    // Once more: it copies what check-ins wrote while the first ran (a few pages).
    if (!(await this.background.drain())) return this.lostWorker();
    if (this.stopped) return;
    // The worker has copied the WAL into the file; a checkpoint here finds (almost) nothing left to
    // copy, and lets this connection's next commit start the WAL again from its beginning.
    const t0 = performance.now();
    this.options.db.pragma('wal_checkpoint(PASSIVE)');
    this.held(t0);
    this.lastDrain = performance.now();
  }

  /** The worker is gone: this connection checkpoints by itself again, as it always did. */
  private async lostWorker(): Promise<void> {
    this.options.logger.warn('the checkpointing thread stopped; the retention job carries on with ordinary checkpoints');
    await this.background?.stop();
    this.background = null;
  }

  /**
   * Whether the WAL file has grown `walGrowthBytes` since the first look after the last checkpoint
   * the job waited for. By that look the next commit has started the WAL again and cut the file
   * back — or could not, while a long read (a year's export) still needs the old WAL; the file
   * then stays long, and counting from where it stood keeps the job from waiting after every batch.
   */
  private walGrown(): boolean {
    const bytes = this.walBytes();
    if (this.walAfterDrain === null) {
      this.walAfterDrain = Math.max(bytes, walSizeLimitBytes);
      return false;
    }
    return bytes > this.walAfterDrain + walGrowthBytes;
  }

  /** The size of the database's WAL file (0 when there is none). */
  private walBytes(): number {
    try {
      return statSync(`${this.options.db.name}-wal`).size;
    } catch {
      return 0;
    }
  }

  private async passes(request: RetentionRequest, background: BackgroundCheckpoints | null): Promise<RetentionReport> {
    const { db, hub, now, logger } = this.options;
    const started = now();
    const t0 = performance.now();
    const asOf = request.asOf ?? serviceDayOf(started, hub.timeZone);
    const personalCutoff = daysBefore(asOf, hub.privacy.personalDataRetentionDays);
    const visitCutoff = daysBefore(asOf, hub.privacy.visitRetentionDays);
    const at = started.toISOString();
    const plainQuestions = plainChoiceQuestions(db);
    const dry = request.dryRun;

    const cleared: FieldCounts = {};
    const removed: FieldCounts = {};
    const deleted: FieldCounts = {};
    const phasesMs: Record<string, number> = {};
    let phaseStart = performance.now();
    const phaseDone = (name: string) => {
      const now = performance.now();
      phasesMs[name] = Math.round(now - phaseStart);
      phaseStart = now;
      if (this.longestInPass >= this.longestHold && this.longestInPass > 0) this.longestHoldIn = name;
      this.longestInPass = 0;
    };

    // 0. The report rollups up to date first: what retention removes cannot be counted again later.
    if (!dry) this.reportRollups.ensureFresh();
    phaseDone('rollups');
    // 1. Personal fields of visits older than the personal period.
    await this.inBatches(dry, (n, after) => {
      const rows = this.stmt.pendingVisits.all({ cutoff: personalCutoff, day: after.day, r: after.r, n }) as { r: number; id: string; day: string }[];
      if (rows.length > 0) addCounts(cleared, this.clearing.clear(rows.map((r) => r.id), at, plainQuestions));
      return rows;
    });
    phaseDone('clear');
    // 2. Residents whose last visit is that old: their record, card and QR hashes, demographics.
    await this.inBatches(dry, (n, after) => {
      const ids = this.visitors.expired(personalCutoff, after.r, n);
      if (ids.length > 0) addCounts(removed, this.visitors.remove(ids.map((v) => v.id)));
      return ids.map((v) => ({ r: v.r, day: '' }));
    });
    phaseDone('residents');
    // 3. Outbox payloads of that age: without the resident's pseudonym.
    const personalEdge = this.outboxEdge(`${personalCutoff}T00:00:00.000Z`);
    const redactedThrough = dry ? 0 : Number((this.stmt.getState.get('privacy.retention.outbox-redacted') as { value: string } | undefined)?.value ?? 0);
    const redacted = await this.outboxRanges(dry, redactedThrough, personalEdge, (from, to) => this.stmt.redactOutbox.run({ from, to }).changes);
    if (!dry && personalEdge > redactedThrough) this.stmt.setState.run('privacy.retention.outbox-redacted', String(personalEdge));
    phaseDone('outbox-redact');
    // 4. Visits older than the visit period, after counting them; deepest rows first (the schema's
    //    cascades, followed by hand, so each table's rows of a batch go in one statement).
    if (!dry) db.transaction(() => this.rollupKeeping.keptBefore(visitCutoff)).immediate();
    await this.inBatches(dry, (n, after) => {
      const rows = this.stmt.oldVisits.all({ cutoff: visitCutoff, day: after.day, r: after.r, n }) as { r: number; id: string; day: string }[];
      if (rows.length > 0) addCounts(deleted, this.clearing.delete(rows.map((r) => r.id)));
      return rows;
    });
    phaseDone('delete');
    // 5. Outbox rows of that age the collector has acknowledged.
    const visitEdge = this.outboxEdge(`${visitCutoff}T00:00:00.000Z`);
    deleted['outbox'] = await this.outboxRanges(dry, 0, visitEdge, (from, to) => this.stmt.deleteOutbox.run({ from, to }).changes);
    phaseDone('outbox-delete');
    // 6. Spent sessions, sign-in failures, setup tokens and pairing codes; counters of deleted days.
    const spentBefore = new Date(started.getTime() - spentDays * dayMs).toISOString();
    await this.inBatches(dry, () => {
      for (const s of this.stmt.spent) deleted[s.key] = s.statement.run({ before: spentBefore }).changes;
      deleted['ticket_counters'] = this.stmt.oldCounters.run(visitCutoff).changes;
      deleted['alerts'] = (deleted['alerts'] ?? 0) + this.stmt.oldDeviceAlerts.run(`${visitCutoff}T00:00:00.000Z`).changes;
      return [];
    });

    phaseDone('spent');
    const report: RetentionReport = {
      asOf,
      dryRun: dry,
      via: request.via,
      personalCutoff,
      visitCutoff,
      startedAt: at,
      finishedAt: at,
      durationMs: 0,
      longestHoldMs: 0,
      phasesMs,
      cleared: { ...cleared, ...removed, outbox: redacted },
      deleted,
      file: { freedPages: 0, walTruncated: false, vacuum: 'none', longestHoldMs: 0 },
    };
    if (!dry && !this.stopped) {
      const vacuumed = await this.reclaim.vacuum({
        mayVacuumWhole: request.mayVacuumWhole ?? false,
        budgetMs: this.budget(),
        stopped: () => this.stopped,
        onStep: (ms) => this.noteHold(ms),
        between: () => this.settle(),
      });
      // The worker copies what the WAL holds into the file first; what is left to do here is small.
      await this.settle(true);
      await background?.stop();
      phaseDone('vacuum');
      const wal = this.stopped ? null : await this.reclaim.truncateWal({ stopped: () => this.stopped, onAttempt: (ms) => this.noteHold(ms) });
      if (wal && !wal.walTruncated) logger.warn('a read kept the WAL in use for a minute: it is truncated at the next run');
      phaseDone('wal');
      report.file = fileReport(vacuumed, wal);
    }
    report.longestHoldMs = Math.round(this.longestHold * 10) / 10;
    if (this.longestHoldIn) report.longestHoldIn = this.longestHoldIn;
    report.durationMs = Math.round(performance.now() - t0);
    report.finishedAt = now().toISOString();
    if (this.stopped) {
      logger.warn({ asOf }, 'the retention job stopped before it finished (the hub is closing); the next run carries on');
      return report;
    }
    this.record(report, request.staffId);
    return report;
  }

  /** The audit row (counts, never data), the log line and, for a real run, the last-run record. */
  private record(report: RetentionReport, staffId: string | null): void {
    const { db, audit, logger } = this.options;
    db.transaction(() => {
      audit.record({
        at: report.finishedAt,
        staffId,
        action: report.dryRun ? 'privacy.retention-checked' : 'privacy.retention-ran',
        subjectType: 'retention',
        detail: {
          asOf: report.asOf,
          via: report.via,
          personalCutoff: report.personalCutoff,
          visitCutoff: report.visitCutoff,
          cleared: report.cleared,
          deleted: report.deleted,
          file: report.file,
          durationMs: report.durationMs,
        },
      });
      if (!report.dryRun) this.stmt.setState.run('privacy.retention.last', JSON.stringify(report));
    })();
    // The last checkpoint left the WAL empty; the audit row goes into the file at the next one.
    logger.info({ asOf: report.asOf, dryRun: report.dryRun, via: report.via, cleared: report.cleared, deleted: report.deleted, file: report.file, durationMs: report.durationMs }, report.dryRun ? 'retention: what it would remove' : 'retention ran');
  }

  /** Notes how long a piece of work held the database since `t0`; returns it. */
  private held(t0: number): number {
    const ms = performance.now() - t0;
    this.noteHold(ms);
    return ms;
  }

  /** A hold of `ms` by this run (a batch, a checkpoint, a vacuum step measured elsewhere). */
  private noteHold(ms: number): void {
    this.options.onHold?.(ms);
    this.longestInPass = Math.max(this.longestInPass, ms);
    this.longestHold = Math.max(this.longestHold, ms);
  }

  private budget(): number {
    return this.options.batchBudgetMs ?? defaultBatchBudgetMs;
  }

  /**
   * Runs `step` in transactions sized to the time budget until it returns fewer rows than asked for,
   * yielding to the event loop between them. A dry run rolls every transaction back.
   */
  private async inBatches(
    dry: boolean,
    step: (n: number, after: { day: string; r: number }) => { day: string; r: number }[],
  ): Promise<void> {
    const { db } = this.options;
    let size = 50;
    let after = { day: '', r: 0 };
    for (let i = 0; i < maxBatches && !this.stopped; i += 1) {
      let rows: { day: string; r: number }[] = [];
      const t0 = performance.now();
      try {
        db.transaction(() => {
          rows = step(size, after);
          if (dry) throw new DryRunRollback();
        }).immediate();
      } catch (error) {
        if (!(error instanceof DryRunRollback)) throw error;
      }
      const ms = this.held(t0);
      const last = rows[rows.length - 1];
      if (!last || rows.length < size) break;
      after = { day: last.day, r: last.r };
      size = nextSize(size, ms, this.budget(), smallestBatch, largestBatch);
      await yieldToEventLoop();
      await this.settle();
    }
  }

  /** Runs `step(from, to]` over outbox ids from `low` to `high` in ranges sized to the budget. */
  private async outboxRanges(dry: boolean, low: number, high: number, step: (from: number, to: number) => number): Promise<number> {
    const { db } = this.options;
    let total = 0;
    let span = 500;
    let from = low;
    for (let i = 0; i < maxBatches && from < high && !this.stopped; i += 1) {
      const to = Math.min(high, from + span);
      const t0 = performance.now();
      let changed = 0;
      try {
        db.transaction(() => {
          changed = step(from, to);
          if (dry) throw new DryRunRollback();
        }).immediate();
      } catch (error) {
        if (!(error instanceof DryRunRollback)) throw error;
      }
      total += changed;
      from = to;
      const ms = this.held(t0);
      span = nextSize(span, ms, this.budget(), 100, 50_000);
      await yieldToEventLoop();
      await this.settle();
    }
    return total;
  }

  /**
   * The highest outbox id whose event happened before `instant`: ids grow with time, so a binary
   * search of point reads finds it without an index on the time.
   */
  private outboxEdge(instant: string): number {
    const { low, high } = this.stmt.outboxBounds.get() as { low: number; high: number };
    if (high === 0) return 0;
    const before = (id: number) => {
      const row = this.stmt.outboxAt.get(id) as { occurred_at: string } | undefined;
      return row !== undefined && row.occurred_at < instant;
    };
    if (!before(low)) return low - 1;
    let lo = low;
    let hi = high;
    // 64 halvings cover any id range SQLite can hold.
    for (let i = 0; i < 64 && lo < hi; i += 1) {
      const middle = Math.floor((lo + hi + 1) / 2);
      if (before(middle)) lo = middle;
      else hi = middle - 1;
    }
    return lo;
  }
}
