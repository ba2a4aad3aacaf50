import type { Statement } from 'better-sqlite3';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { residentErasedEvent, type ErasureBasis, type ErasureReply, type ResidentErasedEvent, type SubjectRef } from '../../src-shared/api/privacy-contract';
import type { AuditLog } from '../auth/audit-log';
import type { HubDatabase } from '../store/database';
import type { Outbox } from '../sync/outbox';
import { addCounts, plainChoiceQuestions, VisitClearing } from './clearing';
import type { FileReclaim } from './file-reclaim';
import { yieldToEventLoop } from './retention';
import type { SubjectAccess } from './subject-access';
import { VisitorRemoval } from './visitor-removal';

export const erasedEventType = 'resident.erased' as const;
/** Outbox ids scanned per transaction when taking an erased resident's links out of older events. */
const outboxSpan = 5000;
const maxSpans = 10_000_000;

export type ErasureOptions = {
  db: HubDatabase;
  /** Only `erase` needs it (a resident is found through it); `reapply` works by ids. */
  subjects: Pick<SubjectAccess, 'visitIdsOf'>;
  /** The erasure log in the data folder (see appendErasure); none for a database in memory. */
  log?: string;
  onLogFailure?: (error: unknown) => void;
  audit: AuditLog;
  outbox: Outbox;
  reclaim: FileReclaim;
  /** The resident's pseudonym under the programme key: the only way the collector knows them. */
  pseudonymOf: (visitorId: string) => string;
  /** The report rollups, brought up to date before an erasure removes what they count from. */
  rollups?: { ensureFresh(): void };
};

/**
 * Erasure (consent-based processing) and objection (public-task processing): one resident's personal
 * data goes at once — their record, card and QR hashes, demographics, and the personal fields of
 * every visit of theirs — while the anonymous rows stay counted. An outbox event (`resident.erased`)
 * tells the programme's collector to remove its copy; older outbox events lose the resident's
 * pseudonym; the files are then reclaimed as after retention.
 */
export class Erasure {
  private readonly clearing: VisitClearing;
  private readonly visitors: VisitorRemoval;
  private readonly redact: Statement;
  private readonly highest: Statement;

  constructor(private readonly options: ErasureOptions) {
    this.clearing = new VisitClearing(options.db);
    this.visitors = new VisitorRemoval(options.db);
    // Typed events name a resident only by pseudonym: in their visits' check-ins and journey facts.
    this.redact = options.db.prepare(
      `UPDATE outbox SET payload = json_set(payload, '$.visitor', json('null'))
       WHERE id > @from AND id <= @to AND type IN ('visit.checked-in', 'journey.recorded') AND json_valid(payload)
         AND json_extract(payload, '$.visitor') IS NOT NULL
         AND ((@visitor IS NOT NULL AND json_extract(payload, '$.visitor') = @visitor)
              OR json_extract(payload, '$.visitId') IN (SELECT value FROM json_each(@visits)))`,
    );
    this.highest = options.db.prepare('SELECT coalesce(max(id), 0) AS n FROM outbox');
  }

  async erase(request: { subject: SubjectRef; basis: ErasureBasis; reason: string; staffId: string | null; at: string }): Promise<ErasureReply> {
    const { subject, basis, reason, staffId, at } = request;
    const visitIds = this.options.subjects.visitIdsOf(subject);
    const visitorId = subject.kind === 'resident' ? subject.visitorId : null;
    const reply = await this.apply({ visitorRef: visitorId, visitIds, basis, erasedAt: at }, { action: 'privacy.erased', staffId, reason, subjectType: subject.kind });
    if (this.options.log) {
      try {
        appendErasure(this.options.log, { visitorRef: visitorId, visitIds, basis, erasedAt: at });
      } catch (error) {
        this.options.onLogFailure?.(error);
      }
    }
    return reply;
  }

  /**
   * After a backup is restored: erasures made since the backup are made again (their visits and
   * record, where the backup still has them), each with a new outbox event for the collector.
   */
  async reapply(entries: readonly ResidentErasedEvent[], at: string): Promise<{ erasures: number; visits: number }> {
    let erasures = 0;
    let visits = 0;
    for (const entry of entries) {
      const present = this.present(entry);
      if (present.visitIds.length === 0 && present.visitorRef === null) continue;
      await this.apply({ ...entry, ...present, erasedAt: at }, { action: 'privacy.erasure-reapplied', staffId: null, reason: `erased ${entry.erasedAt}, made again after a restore`, subjectType: 'resident' });
      erasures += 1;
      visits += present.visitIds.length;
    }
    return { erasures, visits };
  }

  /** What of an erasure's resident and visits a database (a restored backup) still holds. */
  private present(entry: ResidentErasedEvent): { visitorRef: string | null; visitIds: string[] } {
    const { db } = this.options;
    const visitor = entry.visitorRef ? (db.prepare('SELECT id FROM visitors WHERE id = ?').get(entry.visitorRef) as { id: string } | undefined) : undefined;
    const ids = new Set(entry.visitIds);
    if (entry.visitorRef) for (const row of db.prepare('SELECT id FROM visits WHERE visitor_id = ?').all(entry.visitorRef) as { id: string }[]) ids.add(row.id);
    const existing = [...ids].filter((id) => db.prepare('SELECT 1 FROM visits WHERE id = ? AND personal_data_removed_at IS NULL').get(id) !== undefined);
    return { visitorRef: visitor ? visitor.id : null, visitIds: existing };
  }

  private async apply(
    event: ResidentErasedEvent,
    record: { action: string; staffId: string | null; reason: string; subjectType: string },
  ): Promise<ErasureReply> {
    const { db, audit, outbox, reclaim } = this.options;
    const { visitorRef, visitIds, basis, erasedAt: at } = event;
    const plain = plainChoiceQuestions(db);
    // The rollups are rebuilt from the tables when stale: first, while the resident is still there to count.
    this.options.rollups?.ensureFresh();
    const erased = db.transaction(() => {
      const counts = this.clearing.clear(visitIds, at, plain);
      if (visitorRef) addCounts(counts, this.visitors.remove([visitorRef]));
      const eventId = outbox.add({
        type: erasedEventType,
        occurredAt: at,
        payload: { visitor: visitorRef ? this.options.pseudonymOf(visitorRef) : null, visitIds, basis, erasedAt: at },
      });
      audit.record({
        at,
        staffId: record.staffId,
        action: record.action,
        subjectType: record.subjectType,
        subjectId: visitorRef ?? visitIds[0] ?? null,
        detail: { basis, reason: record.reason, visits: visitIds.length, cleared: counts },
      });
      return { counts, eventId };
    }).immediate();

    // Older events about these visits keep no link to the resident and no referral words.
    const high = (this.highest.get() as { n: number }).n;
    const params = { visitor: visitorRef ? this.options.pseudonymOf(visitorRef) : null, visits: JSON.stringify(visitIds) };
    let redacted = 0;
    for (let from = 0, i = 0; from < high && i < maxSpans; from += outboxSpan, i += 1) {
      redacted += this.redact.run({ ...params, from, to: Math.min(high, from + outboxSpan) }).changes;
      await yieldToEventLoop();
    }
    erased.counts['outbox'] = redacted;
    await reclaim.reclaim({ mayVacuumWhole: false, budgetMs: 20, stopped: () => false });
    return { erasedAt: at, visits: visitIds.length, cleared: erased.counts, outboxEventId: erased.eventId };
  }
}

/**
 * The erasure log: one line per erasure (the random visitor id, visit ids, ground and time — no
 * names), kept in the data folder beside the database rather than in it, so that restoring a
 * backup made before an erasure does not bring the resident back: the restore makes it again.
 */
export function appendErasure(file: string, entry: ResidentErasedEvent): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  appendFileSync(file, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
}

export function readErasures(file: string): ResidentErasedEvent[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .flatMap((line) => {
      try {
        const parsed = residentErasedEvent.safeParse(JSON.parse(line));
        return parsed.success ? [parsed.data] : [];
      } catch {
        return [];
      }
    });
}
