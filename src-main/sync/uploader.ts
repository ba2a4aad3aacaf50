import { createHash } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { Logger } from 'pino';
import type { UpstreamConfig } from '../../src-shared/config/schema';
import { collectorEndpoints, collectorErrorBody, uploadReply, type UploadReply } from '../../src-shared/sync/collector-endpoints';
import type { QuarantinedEventView, SyncState, SyncStatusView } from '../../src-shared/sync/status';
import type { HubDatabase } from '../store/database';
import { CollectorClient, TransportError } from './collector-client';
import type { Outbox, OutboxRow } from './outbox';
import { UploadLease } from './upload-lease';

/** Every wait the uploader makes; tests shrink them to run fast. */
export type UploaderTimings = {
  /** A batch smaller than batchSize waits this long (from when it was first seen) for more events. */
  batchMaxAgeMs: number;
  requestTimeoutMs: number;
  /** Full jitter: a random wait in [0, min(cap, base × 2^failures)). */
  backoffBaseMs: number;
  backoffCapMs: number;
  /** The longest Retry-After honoured as given. */
  retryAfterCapMs: number;
  /** With nothing to send, look again this often (a commit also wakes the uploader). */
  idlePollMs: number;
  leaseMs: number;
  pruneEveryMs: number;
};

export function timingsOf(upstream: UpstreamConfig, overrides: Partial<UploaderTimings> = {}): UploaderTimings {
  return {
    batchMaxAgeMs: upstream.batchMaxAgeSeconds * 1000,
    requestTimeoutMs: upstream.timeoutSeconds * 1000,
    backoffBaseMs: 1000,
    backoffCapMs: 5 * 60_000,
    retryAfterCapMs: 60 * 60_000,
    idlePollMs: 2000,
    leaseMs: 30_000,
    pruneEveryMs: 60 * 60_000,
    ...overrides,
  };
}

export type UploaderOptions = {
  db: HubDatabase;
  outbox: Outbox;
  hubId: string;
  upstream: UpstreamConfig;
  logger: Logger;
  timings?: Partial<UploaderTimings>;
  now?: () => Date;
  random?: () => number;
  env?: NodeJS.ProcessEnv;
};

type Failure = { code: string; message: string; retryAfterMs: number | null };

type Batch = { rows: OutboxRow[]; retry: boolean };

/** A batch with its request body, ready to send. */
type Request = { batch: Batch; batchId: string; body: string };

/**
 * Hub-side work on a large batch — reading it, and recording the collector's answer — goes in
 * slices of this many events with the event loop free in between, so a check-in arriving meanwhile
 * waits for one slice, not for the whole batch.
 */
const sliceRows = 100;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A stable idempotency key for a batch: the same events give the same key, after a restart too. */
export function batchIdOf(hubId: string, eventIds: readonly string[]): string {
  const h = createHash('sha256').update(hubId).update('\n').update(eventIds.join('\n')).digest('hex');
  // Laid out as a UUID of version 8 (custom), RFC 9562 variant.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Retry-After as seconds or an HTTP date, in ms from now; null when absent or unreadable. */
export function retryAfterMs(value: string | null, now: Date): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}

/**
 * The one uploader of a hub: drains the outbox to the programme's collector in batches (by count
 * and age), each with an idempotency key; backs off exponentially with full jitter up to a cap and
 * honours Retry-After; moves its durable cursor only on the collector's acknowledgement, per event,
 * so a partly accepted batch resumes where it stopped; quarantines an event the collector refuses as
 * invalid, with the reason, instead of blocking behind it. One loop per process, and one process
 * per data folder (an upload lease in sync_state). Nothing here runs inside a check-in: commits
 * only wake it.
 */
export class Uploader {
  private readonly client: CollectorClient;
  private readonly lease: UploadLease;
  private readonly timings: UploaderTimings;
  private readonly now: () => Date;
  private readonly random: () => number;
  private readonly env: NodeJS.ProcessEnv;
  private readonly stmt: Record<'ackRange' | 'quarantine' | 'unquarantine' | 'firstOpen' | 'maxId' | 'retryRows' | 'quarantineList' | 'quarantineOne' | 'requestRetry' | 'prune' | 'stateRead' | 'stateWrite' | 'clearError' | 'lastId', Statement>;
  private loop: Promise<void> | null = null;
  private stopped = false;
  private wake: (() => void) | null = null;
  private state: SyncState = 'idle';
  private failures = 0;
  private nextAttemptAt: string | null = null;
  private partialSince: number | null = null;
  private lastPrune = 0;
  private batchSize: number;
  /**
   * The full batch after the one on its way, read and serialised while the collector stores that
   * one: used only if the collector settled every event before it (the cursor is where it expects).
   */
  private prepared: { afterId: number; batchSize: number; sent: number; request: Request } | null = null;
  /** Counts the requests sent: a batch prepared during an earlier one is never used. */
  private sent = 0;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly options: UploaderOptions) {
    const { db, upstream } = options;
    this.timings = timingsOf(upstream, options.timings);
    this.now = options.now ?? (() => new Date());
    this.random = options.random ?? Math.random;
    this.env = options.env ?? process.env;
    this.batchSize = upstream.batchSize;
    this.client = new CollectorClient({ url: upstream.url, caFile: upstream.caFile });
    // The lease runs on the monotonic-ish wall clock of this machine, never the injected test clock.
    // A lease always outlasts a request that has timed out, so a request in flight never overlaps another uploader's.
    this.lease = new UploadLease(db, Math.max(this.timings.leaseMs, 2 * this.timings.requestTimeoutMs + 1000));
    const notQuarantined = 'NOT EXISTS (SELECT 1 FROM sync_quarantine q WHERE q.outbox_id = o.id)';
    this.stmt = {
      ackRange: db.prepare('UPDATE outbox SET acknowledged_at = ? WHERE id BETWEEN ? AND ? AND acknowledged_at IS NULL'),
      quarantine: db.prepare(
        `INSERT INTO sync_quarantine (outbox_id, code, reason, quarantined_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(outbox_id) DO UPDATE SET code = excluded.code, reason = excluded.reason, quarantined_at = excluded.quarantined_at,
           attempts = attempts + 1, retry_requested_at = NULL`,
      ),
      unquarantine: db.prepare('DELETE FROM sync_quarantine WHERE outbox_id BETWEEN ? AND ?'),
      firstOpen: db.prepare(`SELECT min(id) AS id FROM outbox o WHERE id > ? AND acknowledged_at IS NULL AND ${notQuarantined}`),
      maxId: db.prepare('SELECT max(id) AS id FROM outbox'),
      lastId: db.prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'outbox'`),
      retryRows: db.prepare('SELECT outbox_id AS id FROM sync_quarantine WHERE retry_requested_at IS NOT NULL ORDER BY outbox_id LIMIT ?'),
      quarantineList: db.prepare(
        `SELECT o.id, o.event_id, o.type, o.occurred_at, q.code, q.reason, q.quarantined_at, q.attempts, q.retry_requested_at
         FROM sync_quarantine q JOIN outbox o ON o.id = q.outbox_id ORDER BY o.id LIMIT 200`,
      ),
      quarantineOne: db.prepare('SELECT q.outbox_id AS id FROM sync_quarantine q JOIN outbox o ON o.id = q.outbox_id WHERE o.event_id = ?'),
      requestRetry: db.prepare('UPDATE sync_quarantine SET retry_requested_at = ? WHERE outbox_id = ?'),
      prune: db.prepare('DELETE FROM outbox WHERE id <= ? AND acknowledged_at IS NOT NULL AND acknowledged_at < ?'),
      stateRead: db.prepare(`SELECT key, value FROM sync_state WHERE key IN ('uploader.lastSuccessAt', 'uploader.lastError')`),
      clearError: db.prepare(`DELETE FROM sync_state WHERE key = 'uploader.lastError'`),
      stateWrite: db.prepare(`INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`),
    };
  }

  // ---- control ------------------------------------------------------------------------------

  start(): void {
    if (this.loop) return;
    this.stopped = false;
    this.loop = this.run().catch((err: unknown) => {
      this.options.logger.error({ err }, 'the uploader stopped on an unexpected error');
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
    this.loop = null;
    this.prepared = null;
    this.lease.release();
    this.client.close();
  }

  /** Something committed: look at the outbox now rather than at the next poll. */
  kick(): void {
    if (this.state !== 'waiting') this.wake?.();
  }

  /** Called after every attempt and state change (tests wait on it instead of sleeping). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sends a quarantined event again with the next batch; false when there is no such quarantined event. */
  requestRetry(eventId: string): boolean {
    const row = this.stmt.quarantineOne.get(eventId) as { id: number } | undefined;
    if (!row) return false;
    this.stmt.requestRetry.run(this.now().toISOString(), row.id);
    this.wake?.();
    return true;
  }

  status(): SyncStatusView {
    const persisted = new Map((this.stmt.stateRead.all() as { key: string; value: string }[]).map((r) => [r.key, r.value]));
    const lastError = persisted.get('uploader.lastError');
    return {
      state: this.tokenOf() === null ? 'no-token' : this.state,
      collector: this.options.upstream.url,
      backlog: this.options.outbox.backlog(),
      oldestUnsentAt: this.options.outbox.oldestUnsentAt(),
      lastSuccessAt: persisted.get('uploader.lastSuccessAt') ?? null,
      lastError: lastError ? (JSON.parse(lastError) as SyncStatusView['lastError']) : null,
      nextAttemptAt: this.state === 'waiting' ? this.nextAttemptAt : null,
      cursor: this.options.outbox.cursor(),
      quarantined: this.quarantined(),
    };
  }

  quarantined(): QuarantinedEventView[] {
    type Row = { id: number; event_id: string; type: string; occurred_at: string; code: string; reason: string; quarantined_at: string; attempts: number; retry_requested_at: string | null };
    return (this.stmt.quarantineList.all() as Row[]).map((r) => ({
      eventId: r.event_id,
      seq: r.id,
      type: r.type,
      occurredAt: r.occurred_at,
      code: r.code,
      reason: r.reason,
      quarantinedAt: r.quarantined_at,
      attempts: r.attempts,
      retryRequested: r.retry_requested_at !== null,
    }));
  }

  // ---- the loop -----------------------------------------------------------------------------

  private async run(): Promise<void> {
    while (!this.stopped) {
      if (!this.lease.acquire()) {
        this.setState('standby');
        await this.pause(this.timings.leaseMs / 3, true);
        continue;
      }
      const token = this.tokenOf();
      if (token === null) {
        this.recordError({ code: 'NO_TOKEN', message: `The upload token is missing: set the environment variable ${this.options.upstream.tokenEnv}.`, retryAfterMs: null });
        await this.pause(this.timings.idlePollMs, true);
        continue;
      }
      this.pruneIfDue();
      const prepared = this.takePrepared();
      const batch = prepared?.batch ?? (await this.nextBatch());
      if (!batch) {
        this.partialSince = null;
        this.setState('idle');
        await this.pause(this.timings.idlePollMs, true);
        continue;
      }
      if (!batch.retry && batch.rows.length < this.batchSize) {
        // Wait a little for a fuller batch, measured on the monotonic clock (the wall clock may jump).
        this.partialSince ??= performance.now();
        const waited = performance.now() - this.partialSince;
        if (waited < this.timings.batchMaxAgeMs) {
          await this.pause(this.timings.batchMaxAgeMs - waited, true);
          continue;
        }
      }
      this.partialSince = null;
      // Renewed just before sending (gathering a batch can take a while): the lease then outlasts the request.
      if (!this.lease.acquire()) {
        this.prepared = null;
        continue;
      }
      this.setState('uploading');
      const outcome = await this.send(prepared ?? this.requestOf(batch), token);
      if (outcome === 'progress') {
        this.failures = 0;
        continue;
      }
      this.failures += 1;
      const delay = outcome.retryAfterMs ?? this.random() * Math.min(this.timings.backoffCapMs, this.timings.backoffBaseMs * 2 ** Math.min(this.failures - 1, 30));
      this.nextAttemptAt = new Date(this.now().getTime() + delay).toISOString();
      this.setState('waiting');
      await this.pause(delay, false);
    }
  }

  /** Waits for `ms`, or less when stopped — and, if `kickable`, when a commit wakes it. */
  private pause(ms: number, kickable: boolean): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      this.wake = kickable ? done : () => (this.stopped ? done() : undefined);
    });
  }

  private tokenOf(): string | null {
    const token = this.env[this.options.upstream.tokenEnv];
    return token && token.trim() ? token.trim() : null;
  }

  private async nextBatch(): Promise<Batch | null> {
    const retryIds = (this.stmt.retryRows.all(this.batchSize) as { id: number }[]).map((r) => r.id);
    if (retryIds.length > 0) return this.local({ rows: this.options.outbox.rows(retryIds), retry: true });
    const rows = await this.unsentRows(this.options.outbox.cursor());
    if (rows.length === 0) return null;
    return this.local({ rows, retry: false });
  }

  /** Up to a batch of events not yet sent after `afterId`, read a slice at a time. */
  private async unsentRows(afterId: number): Promise<OutboxRow[]> {
    const rows: OutboxRow[] = [];
    let after = afterId;
    while (rows.length < this.batchSize) {
      if (rows.length > 0) await nextTurn();
      const slice = this.options.outbox.unsentRows(Math.min(sliceRows, this.batchSize - rows.length), after);
      rows.push(...slice);
      if (slice.length < sliceRows) break;
      after = slice[slice.length - 1]!.id;
    }
    return rows;
  }

  /** Rows that cannot be sent as typed events are quarantined here, never sent. */
  private async local(batch: Batch): Promise<Batch | null> {
    const unsendable = batch.rows.filter((r) => !r.event.ok);
    if (unsendable.length === 0) return batch;
    const at = this.now().toISOString();
    this.options.db
      .transaction(() => {
        for (const row of unsendable) if (!row.event.ok) this.stmt.quarantine.run(row.id, row.event.code, row.event.reason, at);
        this.advanceCursor();
      })
      .immediate();
    this.changed();
    const rest = batch.rows.filter((r) => r.event.ok);
    return rest.length > 0 ? { ...batch, rows: rest } : batch.retry ? null : this.nextBatch();
  }

  /** The prepared batch if it is still the next one to send; it is used at most once either way. */
  private takePrepared(): Request | null {
    const prepared = this.prepared;
    this.prepared = null;
    if (!prepared || prepared.sent !== this.sent || prepared.batchSize !== this.batchSize || prepared.afterId !== this.options.outbox.cursor()) return null;
    // A quarantined event to send again goes first.
    if (this.stmt.retryRows.all(1).length > 0) return null;
    return prepared.request;
  }

  /** Reads and serialises the full batch after `afterId`, if there is one whose every row can be sent. */
  private async prepareAfter(afterId: number, sent: number): Promise<void> {
    if (this.stopped) return;
    try {
      const rows = await this.unsentRows(afterId);
      // Too late if another request has gone meanwhile (the loop read that batch itself).
      if (this.stopped || sent !== this.sent || rows.length < this.batchSize || rows.some((r) => !r.event.ok)) return;
      this.prepared = { afterId, batchSize: this.batchSize, sent, request: this.requestOf({ rows, retry: false }) };
    } catch (err) {
      // Only a head start: the loop reads the batch itself when this did not.
      this.options.logger.warn({ err }, 'could not prepare the next batch ahead');
    }
  }

  private requestOf(batch: Batch): Request {
    const { hubId } = this.options;
    const rows = batch.rows;
    const batchId = batchIdOf(
      hubId,
      rows.map((r) => r.eventId),
    );
    const last = rows[rows.length - 1]!;
    const lastId = (this.stmt.lastId.get() as { seq: number } | undefined)?.seq ?? last.id;
    // The request as JSON text around the envelopes SQLite already wrote: nothing parsed again.
    const body = `{"hubId":${JSON.stringify(hubId)},"batchId":"${batchId}","events":[${rows.map((r) => (r.event.ok ? r.event.json : 'null')).join(',')}],"backlog":${JSON.stringify({
      // Reported for the programme view; an estimate that costs no count over the whole backlog.
      count: Math.max(0, lastId - last.id),
      oldestUnsentAt: rows[0]!.occurredAt,
    })}}`;
    return { batch, batchId, body };
  }

  private async send(request: Request, token: string): Promise<'progress' | Failure> {
    const { batch, batchId, body } = request;
    const rows = batch.rows;
    const last = rows[rows.length - 1]!;
    let response;
    try {
      // Once the request has left, the next full batch is prepared while the collector works on this one.
      const sent = ++this.sent;
      const onSent = batch.retry ? undefined : () => setImmediate(() => void this.prepareAfter(last.id, sent));
      response = await this.client.post(collectorEndpoints.upload.path, body, { authorization: `Bearer ${token}`, 'idempotency-key': batchId }, this.timings.requestTimeoutMs, onSent);
    } catch (error) {
      const failure: Failure =
        error instanceof TransportError
          ? { code: error.kind === 'timeout' ? 'TIMEOUT' : 'NETWORK', message: `The collector did not answer: ${error.message}.`, retryAfterMs: null }
          : { code: 'NETWORK', message: `The collector could not be reached: ${(error as Error).message}.`, retryAfterMs: null };
      return this.recordError(failure);
    }
    if (response.status === 200) {
      let reply: UploadReply;
      try {
        reply = uploadReply.parse(JSON.parse(response.body));
      } catch {
        return this.recordError({ code: 'BAD_REPLY', message: 'The collector answered with something that is not an upload acknowledgement.', retryAfterMs: null });
      }
      const moved = await this.apply(rows, reply);
      if (moved === 0) return this.recordError({ code: 'NOT_ACKNOWLEDGED', message: 'The collector acknowledged none of the batch.', retryAfterMs: null });
      return 'progress';
    }
    const error = this.errorOf(response.body);
    const wait = retryAfterMs(response.retryAfter, this.now());
    const capped = wait === null ? null : Math.min(wait, this.timings.retryAfterCapMs);
    if (response.status === 413 && this.batchSize > 1) {
      // Too large for the collector: smaller batches from now on, at once.
      this.batchSize = Math.max(1, Math.floor(this.batchSize / 2));
      this.options.logger.warn({ batchSize: this.batchSize }, 'the collector refused a batch as too large; sending smaller ones');
      return 'progress';
    }
    const byStatus: Record<number, string> = {
      401: 'The collector does not know this hub or its token.',
      403: 'The collector refused this hub’s token.',
      422: 'The collector does not know this version of the events; it needs upgrading.',
      429: 'The collector asked the hub to slow down.',
      503: 'The collector is unavailable for now.',
    };
    return this.recordError({
      code: error?.code ?? `HTTP_${response.status}`,
      message: `${byStatus[response.status] ?? `The collector answered ${response.status}.`}${error ? ` (${error.message})` : ''}`,
      retryAfterMs: capped,
    });
  }

  private errorOf(body: string): { code: string; message: string } | null {
    try {
      return collectorErrorBody.parse(JSON.parse(body)).error;
    } catch {
      return null;
    }
  }

  /** Acknowledgements and refusals of one answer, in one transaction; returns how many events it settled. */
  private async apply(rows: OutboxRow[], reply: UploadReply): Promise<number> {
    const results = new Map(reply.results.map((r) => [r.eventId, r]));
    const at = this.now().toISOString();
    let settled = 0;
    // One transaction per slice: each records its events and moves the cursor over what it settled.
    for (let start = 0; start < rows.length; start += sliceRows) {
      if (start > 0) await nextTurn();
      const slice = rows.slice(start, start + sliceRows);
      this.options.db
        .transaction(() => {
          let runStart: number | null = null;
          let runEnd = 0;
          let settledHere = 0;
          const flush = () => {
            if (runStart !== null) {
              this.stmt.ackRange.run(at, runStart, runEnd);
              // An event sent again from quarantine and now taken leaves it.
              this.stmt.unquarantine.run(runStart, runEnd);
            }
            runStart = null;
          };
          for (const row of slice) {
            const result = results.get(row.eventId);
            if (result && (result.status === 'stored' || result.status === 'duplicate')) {
              // Rows are in id order; a run of consecutive ids is acknowledged by one statement.
              if (runStart !== null && row.id === runEnd + 1) runEnd = row.id;
              else {
                flush();
                runStart = row.id;
                runEnd = row.id;
              }
              settledHere += 1;
            } else {
              flush();
              if (result?.status === 'refused' && result.code === 'INVALID_EVENT') {
                this.stmt.quarantine.run(row.id, result.code, result.reason ?? 'refused as invalid', at);
                this.options.logger.warn({ eventId: row.eventId, seq: row.id, reason: result.reason }, 'an event was refused as invalid and quarantined');
                settledHere += 1;
              }
            }
          }
          flush();
          this.advanceCursor();
          if (settledHere > 0) {
            this.stmt.stateWrite.run('uploader.lastSuccessAt', at);
            this.stmt.clearError.run();
          }
          settled += settledHere;
        })
        .immediate();
    }
    this.changed();
    return settled;
  }

  /** The cursor moves over everything acknowledged or quarantined, up to the first event still open. */
  private advanceCursor(): void {
    const cursor = this.options.outbox.cursor();
    const first = (this.stmt.firstOpen.get(cursor) as { id: number | null }).id;
    const next = first === null ? ((this.stmt.maxId.get() as { id: number | null }).id ?? cursor) : first - 1;
    if (next > cursor) this.options.outbox.setCursor(next);
  }

  private pruneIfDue(): void {
    const nowMs = performance.now();
    if (this.lastPrune !== 0 && nowMs - this.lastPrune < this.timings.pruneEveryMs) return;
    this.lastPrune = nowMs;
    this.prune();
  }

  /** Deletes events acknowledged more than upstream.keepAcknowledgedDays ago; returns how many. */
  prune(): number {
    const cutoff = new Date(this.now().getTime() - this.options.upstream.keepAcknowledgedDays * 86_400_000).toISOString();
    const removed = this.stmt.prune.run(this.options.outbox.cursor(), cutoff).changes;
    if (removed > 0) this.options.logger.info({ removed }, 'pruned acknowledged outbox events');
    return removed;
  }

  private recordError(failure: Failure): Failure {
    const value = { at: this.now().toISOString(), code: failure.code, message: failure.message };
    this.stmt.stateWrite.run('uploader.lastError', JSON.stringify(value));
    this.options.logger.warn({ code: failure.code }, failure.message);
    this.changed();
    return failure;
  }

  private setState(state: SyncState): void {
    if (this.state === state) return;
    this.state = state;
    this.changed();
  }

  private changed(): void {
    for (const listener of this.listeners) {
      try {
        listener();
      } catch {
        // A watcher's mistake must not stop the uploads.
      }
    }
  }
}
