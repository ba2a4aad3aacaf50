import type { Statement } from 'better-sqlite3';
import type { ErasureBasis, ErasureReply, SubjectRef } from '../../src-shared/api/privacy-contract';
import type { AuditLog } from '../auth/audit-log';
import type { HubDatabase } from '../store/database';
import type { Outbox } from '../sync/outbox';
import { addCounts, plainChoiceQuestions, VisitClearing } from './clearing';
import type { FileReclaim } from './file-reclaim';
import { yieldToEventLoop } from './retention';
import type { SubjectAccess } from './subject-access';
import { VisitorRemoval } from './visitor-removal';

export const erasedEventType = 'resident.erased';
/** Outbox ids scanned per transaction when taking an erased resident's links out of older events. */
const outboxSpan = 5000;
const maxSpans = 10_000_000;

export type ErasureOptions = {
  db: HubDatabase;
  subjects: SubjectAccess;
  audit: AuditLog;
  outbox: Outbox;
  reclaim: FileReclaim;
};

/**
 * Erasure (consent-based processing) and objection (public-task processing): one resident's personal
 * data goes at once — their record, card and QR hashes, demographics, and the personal fields of
 * every visit of theirs — while the anonymous rows stay counted. An outbox event (`resident.erased`)
 * tells the programme's collector to remove its copy; older outbox events lose the resident link
 * and referral words; the files are then reclaimed as after retention.
 */
export class Erasure {
  private readonly clearing: VisitClearing;
  private readonly visitors: VisitorRemoval;
  private readonly redact: Statement;
  private readonly highest: Statement;

  constructor(private readonly options: ErasureOptions) {
    this.clearing = new VisitClearing(options.db);
    this.visitors = new VisitorRemoval(options.db);
    this.redact = options.db.prepare(
      `UPDATE outbox SET payload = json_remove(payload, '$.visitorRef', '$.referredTo')
       WHERE id > @from AND id <= @to AND type <> '${erasedEventType}' AND json_valid(payload)
         AND ((@visitor IS NOT NULL AND json_extract(payload, '$.visitorRef') = @visitor)
              OR json_extract(payload, '$.visitId') IN (SELECT value FROM json_each(@visits)))
         AND (json_extract(payload, '$.visitorRef') IS NOT NULL OR json_extract(payload, '$.referredTo') IS NOT NULL)`,
    );
    this.highest = options.db.prepare('SELECT coalesce(max(id), 0) AS n FROM outbox');
  }

  async erase(request: { subject: SubjectRef; basis: ErasureBasis; reason: string; staffId: string | null; at: string }): Promise<ErasureReply> {
    const { db, subjects, audit, outbox, reclaim } = this.options;
    const { subject, basis, reason, staffId, at } = request;
    const visitIds = subjects.visitIdsOf(subject);
    const visitorId = subject.kind === 'resident' ? subject.visitorId : null;
    const plain = plainChoiceQuestions(db);
    const erased = db.transaction(() => {
      const counts = this.clearing.clear(visitIds, at, plain);
      if (visitorId) addCounts(counts, this.visitors.remove([visitorId]));
      const eventId = outbox.add(erasedEventType, at, { visitorRef: visitorId, visitIds, basis, erasedAt: at });
      audit.record({
        at,
        staffId,
        action: 'privacy.erased',
        subjectType: subject.kind,
        subjectId: visitorId ?? visitIds[0] ?? null,
        detail: { basis, reason, visits: visitIds.length, cleared: counts },
      });
      return { counts, eventId };
    }).immediate();

    // Older events about these visits keep no link to the resident and no referral words.
    const high = (this.highest.get() as { n: number }).n;
    const params = { visitor: visitorId, visits: JSON.stringify(visitIds) };
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
