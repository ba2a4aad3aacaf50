import type { Logger } from 'pino';
import type {
  ErasureBasis,
  ErasureReply,
  FindSubjectsReply,
  PrivacyStatusReply,
  RetentionReport,
  SubjectAccessReply,
  SubjectQuery,
  SubjectRef,
} from '../../src-shared/api/privacy-contract';
import type { HubConfig } from '../../src-shared/config/schema';
import { AuditLog } from '../auth/audit-log';
import type { Clock } from '../queue/queue-context';
import type { HubDatabase } from '../store/database';
import { visitorPseudonym } from '../identity/programme-key';
import type { Outbox } from '../sync/outbox';
import { Erasure } from './erasure';
import { FileReclaim } from './file-reclaim';
import { RetentionJob, type RetentionRequest } from './retention';
import { RetentionSchedule } from './retention-schedule';
import { SubjectAccess } from './subject-access';
import { ReportRollups } from '../reports/rollups';
import { subjectAccessHtml } from './subject-access-html';

export type PrivacyOptions = {
  db: HubDatabase;
  hub: HubConfig;
  identifierKey: Buffer;
  outbox: Outbox;
  /** The programme's pseudonym key: an erasure names the resident to the collector by it. */
  programmeKey: Buffer;
  now: Clock;
  logger: Logger;
  /** Milliseconds one retention batch may take (default 10). */
  batchBudgetMs?: number;
  /** The erasure log in the data folder, so a restored backup cannot bring an erased resident back. */
  erasureLog?: string;
};

/**
 * The hub's data protection: the retention job (daily, and on demand), subject access and erasure.
 * Every use by staff is in the audit log with who, why and counts — never the data itself.
 */
export class Privacy {
  readonly retention: RetentionJob;
  /** Erasures in progress (their file reclaim awaits), for `idle`. */
  private readonly erasures = new Set<Promise<unknown>>();
  readonly schedule: RetentionSchedule;
  private readonly subjects: SubjectAccess;
  private readonly erasure: Erasure;
  private readonly audit: AuditLog;

  constructor(private readonly options: PrivacyOptions) {
    const { db, hub, now, logger } = options;
    this.audit = new AuditLog(db);
    this.retention = new RetentionJob({ db, hub, audit: this.audit, now, logger, ...(options.batchBudgetMs ? { batchBudgetMs: options.batchBudgetMs } : {}) });
    this.schedule = new RetentionSchedule({ job: this.retention, timeZone: hub.timeZone, now, logger });
    this.subjects = new SubjectAccess(db, hub, options.identifierKey);
    this.erasure = new Erasure({
      db,
      subjects: this.subjects,
      audit: this.audit,
      outbox: options.outbox,
      reclaim: new FileReclaim(db),
      pseudonymOf: (visitorId) => visitorPseudonym(options.programmeKey, visitorId),
      rollups: new ReportRollups(db, hub),
      ...(options.erasureLog ? { log: options.erasureLog } : {}),
      onLogFailure: (error) => logger.error({ err: error }, 'the erasure is done, but could not be written to the erasure log; a restored backup would bring it back'),
    });
  }

  status(): PrivacyStatusReply {
    const { db, hub } = this.options;
    const notices = db
      .prepare(
        `SELECT notice_version AS version, count(*) AS visits, min(given_at) AS firstAgreedAt, max(given_at) AS lastAgreedAt
         FROM consents GROUP BY notice_version ORDER BY min(given_at) DESC`,
      )
      .all() as PrivacyStatusReply['notices'];
    return {
      personalDataRetentionDays: hub.privacy.personalDataRetentionDays,
      visitRetentionDays: hub.privacy.visitRetentionDays,
      noticeVersion: hub.privacy.noticeVersion,
      running: this.retention.isRunning,
      lastRun: this.retention.lastRun(),
      notices,
    };
  }

  runRetention(request: RetentionRequest): Promise<RetentionReport> {
    return this.retention.run(request);
  }

  find(query: SubjectQuery, staffId: string | null): FindSubjectsReply {
    const result = this.subjects.find(query);
    this.audit.record({ at: this.nowIso(), staffId, action: 'privacy.searched', subjectType: 'resident', detail: { by: query.by, matches: result.matches.length } });
    return result;
  }

  exportSubject(request: { subject: SubjectRef; requestedBy: string; reason: string; staffId: string | null }): SubjectAccessReply {
    const at = this.nowIso();
    const data = this.subjects.export(request.subject, at);
    this.audit.record({
      at,
      staffId: request.staffId,
      action: 'privacy.exported',
      subjectType: request.subject.kind,
      subjectId: request.subject.kind === 'resident' ? request.subject.visitorId : request.subject.visitId,
      detail: { requestedBy: request.requestedBy, reason: request.reason, visits: data.visits.length },
    });
    return { export: data, html: subjectAccessHtml(data), fileName: `front-door-subject-access-${at.slice(0, 10)}` };
  }

  erase(request: { subject: SubjectRef; basis: ErasureBasis; reason: string; staffId: string | null }): Promise<ErasureReply> {
    const work = this.erasure.erase({ ...request, at: this.nowIso() });
    this.erasures.add(work);
    const done = () => this.erasures.delete(work);
    work.then(done, done);
    return work;
  }

  /** Resolves once no retention run or erasure is in progress (after `stop`, before the database closes). */
  async idle(): Promise<void> {
    await Promise.allSettled([this.retention.idle(), ...this.erasures]);
  }

  startSchedule(): void {
    this.schedule.start();
  }

  /** Stops the daily timer and a run in progress (between two batches). */
  stop(): void {
    this.schedule.stop();
    this.retention.stop();
  }

  private nowIso(): string {
    return this.options.now().toISOString();
  }
}
