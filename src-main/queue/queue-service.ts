import { randomUUID } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import {
  undoNoShowMinutes,
  type AlertAcknowledged,
  type AlertView,
  type CheckInCommand,
  type OutcomeKind,
  type QueueEvent,
  type QueueEventType,
  type QueueSnapshot,
  type ServiceQueueView,
  type TicketStatus,
  type TicketView,
  type VisitSearchResult,
} from '../../src-shared/api/contract';
import { servicesOf, type FlagKind, type FlatService, type HubConfig } from '../../src-shared/config/schema';
import { serviceDayOf } from '../../src-shared/time';
import { sanitizeAnswers } from '../../src-shared/triage/engine';
import { planVisit } from '../../src-shared/triage/visit-plan';
import { AuditLog } from '../auth/audit-log';
import { HubError } from '../errors';
import { hashIdentifier } from '../identity/keyed-hash';
import type { HubDatabase } from '../store/database';
import { Outbox } from '../sync/outbox';

export type Clock = () => Date;

export type QueueServiceOptions = {
  db: HubDatabase;
  hub: HubConfig;
  configHash: string;
  identifierKey: Buffer;
  now?: Clock;
};

export type CheckInResult = {
  visitId: string;
  serviceDay: string;
  checkedInAt: string;
  replayed: boolean;
  knownVisitor: boolean;
  unknownIdentifier: boolean;
  needs: string[];
  flags: FlagKind[];
  talkToSomeone: boolean;
  tickets: (TicketView & { estimatedWaitMinutes: number })[];
};

type TicketRow = {
  id: string;
  visit_id: string;
  service_id: string;
  service_day: string;
  seq: number;
  number: string;
  stop_order: number;
  status: TicketStatus;
  priority: number;
  desk: string | null;
  staff_id: string | null;
  queued_at: string;
  called_at: string | null;
  started_at: string | null;
  finished_at: string | null;
  recall_count: number;
  display_name: string | null;
  language: string | null;
  interpreter: number;
  accessibility: string;
  flags: string | null;
  needs: string | null;
  with_another: string | null;
};

type QueueListener = (event: QueueEvent) => void;

/** Live news that is not a ticket event: an alert acknowledged at one console reaches the others. */
export type QueueNotice = { kind: 'alert-acknowledged'; acknowledgement: AlertAcknowledged };
type NoticeListener = (notice: QueueNotice) => void;

const ticketViewSql = `
  SELECT t.*, v.display_name, v.language, v.interpreter, v.accessibility,
    (SELECT group_concat(f.flag) FROM visit_flags f WHERE f.visit_id = t.visit_id) AS flags,
    (SELECT group_concat(n.need_id) FROM visit_needs n WHERE n.visit_id = t.visit_id) AS needs,
    (SELECT o.service_id FROM tickets o WHERE o.visit_id = t.visit_id AND o.id <> t.id AND o.status IN ('called', 'serving') LIMIT 1) AS with_another
  FROM tickets t JOIN visits v ON v.id = t.visit_id`;

/** Which state a ticket must be in for each action; anything else is an INVALID_TRANSITION. */
const allowedFrom: Record<'recall' | 'no-show' | 'start' | 'finish' | 'transfer' | 'cancel', readonly TicketStatus[]> = {
  recall: ['called'],
  'no-show': ['called'],
  start: ['called'],
  finish: ['called', 'serving'],
  transfer: ['waiting', 'called', 'serving'],
  cancel: ['waiting', 'called'],
};

/**
 * The hub's queue: check-in, calling, serving and moving visitors between services.
 * Every change is one SQLite transaction that also writes its ticket event and outbox rows;
 * listeners hear about it only after the commit.
 */
export class QueueService {
  private readonly db: HubDatabase;
  private readonly hub: HubConfig;
  private readonly configHash: string;
  private readonly identifierKey: Buffer;
  private readonly now: Clock;
  private readonly services: Map<string, FlatService>;
  private readonly listeners = new Set<QueueListener>();
  private readonly outbox: Outbox;
  private readonly stmt: Record<string, Statement>;
  /** Average service minutes per service; recomputed after a ticket of that service finishes. */
  private readonly averageCache = new Map<string, number>();
  /** Who staff actions are written to the audit log as, in the same transaction as the action. */
  private readonly audit: AuditLog;
  private readonly noticeListeners = new Set<NoticeListener>();
  /** The member of staff checking someone in by hand (see runAs). */
  private actor: string | null = null;

  constructor(options: QueueServiceOptions) {
    this.db = options.db;
    this.hub = options.hub;
    this.configHash = options.configHash;
    this.identifierKey = options.identifierKey;
    this.now = options.now ?? (() => new Date());
    this.services = new Map(servicesOf(this.hub).map((s) => [s.id, s]));
    this.outbox = new Outbox(this.db);
    this.audit = new AuditLog(this.db);
    const db = this.db;
    db.prepare(
      `INSERT INTO config_versions (hash, hub_id, version, first_loaded_at, body) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(hash) DO NOTHING`,
    ).run(this.configHash, this.hub.id, this.hub.version, this.nowIso(), JSON.stringify(this.hub));
    this.stmt = {
      visitByRequest: db.prepare('SELECT id FROM visits WHERE request_id = ?'),
      identifier: db.prepare('SELECT visitor_id FROM visitor_identifiers WHERE hash = ?'),
      visitor: db.prepare('SELECT id, display_name, how_heard_answered_at FROM visitors WHERE id = ?'),
      insertVisitor: db.prepare('INSERT INTO visitors (id, created_at, display_name, language) VALUES (?, ?, ?, ?)'),
      updateVisitor: db.prepare(
        `UPDATE visitors SET display_name = coalesce(?, display_name), language = coalesce(?, language),
         how_heard_answered_at = coalesce(?, how_heard_answered_at) WHERE id = ?`,
      ),
      insertIdentifier: db.prepare('INSERT INTO visitor_identifiers (hash, visitor_id, kind, created_at) VALUES (?, ?, ?, ?)'),
      insertVisit: db.prepare(
        `INSERT INTO visits (id, request_id, visitor_id, hub_id, service_day, checked_in_at, method, unknown_identifier,
           config_hash, config_version, language, display_name, interpreter, accessibility, talk_to_someone, priority)
         VALUES (@id, @requestId, @visitorId, @hubId, @serviceDay, @checkedInAt, @method, @unknownIdentifier,
           @configHash, @configVersion, @language, @displayName, @interpreter, @accessibility, @talkToSomeone, @priority)`,
      ),
      insertConsent: db.prepare('INSERT INTO consents (visit_id, notice_version, optional_questions, given_at) VALUES (?, ?, ?, ?)'),
      insertHowHeard: db.prepare('INSERT OR IGNORE INTO how_heard_answers (visit_id, option_id, free_text) VALUES (?, ?, ?)'),
      insertAnswer: db.prepare('INSERT INTO triage_answers (visit_id, question_id, answer, skipped) VALUES (?, ?, ?, ?)'),
      insertNeed: db.prepare('INSERT OR IGNORE INTO visit_needs (visit_id, need_id) VALUES (?, ?)'),
      insertFlag: db.prepare('INSERT OR IGNORE INTO visit_flags (visit_id, flag) VALUES (?, ?)'),
      nextSeq: db.prepare(
        `INSERT INTO ticket_counters (service_id, service_day, last_seq) VALUES (?, ?, 1)
         ON CONFLICT(service_id, service_day) DO UPDATE SET last_seq = last_seq + 1 RETURNING last_seq`,
      ),
      insertTicket: db.prepare(
        `INSERT INTO tickets (id, visit_id, service_id, service_day, seq, number, stop_order, status, priority, queued_at, transferred_from)
         VALUES (@id, @visitId, @serviceId, @serviceDay, @seq, @number, @stopOrder, 'waiting', @priority, @queuedAt, @transferredFrom)`,
      ),
      ticketView: db.prepare(`${ticketViewSql} WHERE t.id = ?`),
      ticketsOfVisit: db.prepare(`${ticketViewSql} WHERE t.visit_id = ? ORDER BY t.stop_order, t.seq`),
      activeTickets: db.prepare(
        `${ticketViewSql} WHERE t.service_day = ? AND t.status IN ('waiting', 'called', 'serving')
         ORDER BY t.service_id, t.priority DESC, t.queued_at, t.seq`,
      ),
      insertEvent: db.prepare(
        'INSERT INTO ticket_events (ticket_id, visit_id, type, at, desk, staff_id, detail, ticket) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      // One statement picks and claims the next visitor, so two desks can never get the same one.
      callNext: db.prepare(
        `UPDATE tickets SET status = 'called', desk = @desk, staff_id = @staffId, called_at = @at
         WHERE id = (
           SELECT t.id FROM tickets t
           WHERE t.service_id = @serviceId AND t.service_day = @serviceDay AND t.status = 'waiting'
             AND NOT EXISTS (SELECT 1 FROM tickets o WHERE o.visit_id = t.visit_id AND o.id <> t.id AND o.status IN ('called', 'serving'))
           ORDER BY t.priority DESC, t.queued_at, t.seq
           LIMIT 1)
         RETURNING id`,
      ),
      setStatus: db.prepare(
        `UPDATE tickets SET status = @status, desk = coalesce(@desk, desk), staff_id = coalesce(@staffId, staff_id),
           called_at = coalesce(@calledAt, called_at), started_at = coalesce(@startedAt, started_at),
           finished_at = coalesce(@finishedAt, finished_at), recall_count = recall_count + @recall
         WHERE id = @id AND status = @from`,
      ),
      insertOutcome: db.prepare(
        `INSERT INTO outcomes (ticket_id, visit_id, service_id, kind, referred_to, note, recorded_at, staff_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      openTicketsOfVisit: db.prepare(
        `SELECT count(*) AS n FROM tickets WHERE visit_id = ? AND status IN ('waiting', 'called', 'serving')`,
      ),
      closeVisit: db.prepare(`UPDATE visits SET status = 'closed', closed_at = ? WHERE id = ? AND status = 'open'`),
      reopenVisit: db.prepare(`UPDATE visits SET status = 'open', closed_at = NULL WHERE id = ?`),
      visit: db.prepare('SELECT id, service_day, priority, checked_in_at FROM visits WHERE id = ?'),
      maxStopOrder: db.prepare('SELECT coalesce(max(stop_order), 0) AS n FROM tickets WHERE visit_id = ?'),
      recentDurations: db.prepare(
        `SELECT started_at, finished_at FROM tickets
         WHERE service_id = ? AND finished_at IS NOT NULL AND started_at IS NOT NULL AND status = 'done'
         ORDER BY finished_at DESC LIMIT ?`,
      ),
      waitingCount: db.prepare(
        `SELECT count(*) AS n FROM tickets WHERE service_id = ? AND service_day = ? AND status = 'waiting'`,
      ),
      lastSeq: db.prepare(`SELECT coalesce(max(id), 0) AS n FROM ticket_events`),
      visitSummary: db.prepare(
        'SELECT id, service_day, checked_in_at, visitor_id, unknown_identifier, talk_to_someone FROM visits WHERE id = ?',
      ),
      activeOfVisitForService: db.prepare(
        `SELECT id FROM tickets WHERE visit_id = ? AND service_id = ? AND status IN ('waiting', 'called', 'serving')`,
      ),
      aheadOf: db.prepare(
        `SELECT count(*) AS n FROM tickets
         WHERE service_id = @serviceId AND service_day = @serviceDay AND status = 'waiting'
           AND (priority > @priority OR (priority = @priority AND (queued_at < @queuedAt OR (queued_at = @queuedAt AND seq < @seq))))`,
      ),
      eventsSince: db.prepare(`SELECT id, type, at, desk, staff_id, ticket FROM ticket_events WHERE id > ? ORDER BY id LIMIT ?`),
      undoNoShow: db.prepare(
        `UPDATE tickets SET status = 'waiting', desk = NULL, staff_id = NULL, called_at = NULL, finished_at = NULL
         WHERE id = ? AND status = 'no-show'`,
      ),
      setPriority: db.prepare(`UPDATE tickets SET priority = ? WHERE id = ? AND status = 'waiting'`),
      visitStatus: db.prepare('SELECT status, language FROM visits WHERE id = ?'),
      acknowledgeFlags: db.prepare(
        `UPDATE visit_flags SET acknowledged_at = ?, acknowledged_by = ? WHERE visit_id = ? AND acknowledged_at IS NULL`,
      ),
      unacknowledgedFlagVisits: db.prepare(
        `SELECT v.id, v.checked_in_at, group_concat(f.flag) AS flags FROM visits v JOIN visit_flags f ON f.visit_id = v.id
         WHERE v.service_day = ? AND f.acknowledged_at IS NULL AND f.flag IN ('crisis', 'safeguarding', 'urgent')
         GROUP BY v.id ORDER BY v.checked_in_at`,
      ),
      openFlagsOfVisit: db.prepare(
        `SELECT count(*) AS n FROM visit_flags WHERE visit_id = ? AND acknowledged_at IS NULL AND flag IN ('crisis', 'safeguarding', 'urgent')`,
      ),
      alertAcknowledged: db.prepare(`SELECT 1 FROM audit_log WHERE action = 'alert.acknowledged' AND subject_id = ? LIMIT 1`),
      searchByNumber: db.prepare(`SELECT DISTINCT visit_id FROM tickets WHERE service_day = ? AND number = ? LIMIT 50`),
      searchByName: db.prepare(
        `SELECT id FROM visits WHERE service_day = ? AND display_name LIKE ? ESCAPE '\\' ORDER BY checked_in_at DESC LIMIT 50`,
      ),
      visitForSearch: db.prepare('SELECT id, checked_in_at, display_name, method, status FROM visits WHERE id = ?'),
    };
  }

  // ---- subscriptions ----------------------------------------------------------------------

  subscribe(listener: QueueListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private publish(events: QueueEvent[]): void {
    for (const event of events) {
      for (const listener of this.listeners) {
        try {
          listener(event);
        } catch {
          // A failing subscriber must not undo a committed change or starve the others.
        }
      }
    }
  }

  // ---- check-in ---------------------------------------------------------------------------

  serviceDay(at: Date = this.now()): string {
    return serviceDayOf(at, this.hub.timeZone);
  }

  /** Hash of a card or member id as stored; never the id itself. */
  identifierHash(kind: 'card' | 'qr', id: string): string {
    return hashIdentifier(this.identifierKey, kind, id);
  }

  /** Looks up a normalised card or member id without creating anything. */
  findVisitor(kind: 'card' | 'qr', id: string): { id: string; displayName: string | null; howHeardAnswered: boolean } | null {
    const row = this.stmt.identifier!.get(this.identifierHash(kind, id)) as { visitor_id: string } | undefined;
    if (!row) return null;
    const visitor = this.stmt.visitor!.get(row.visitor_id) as
      | { id: string; display_name: string | null; how_heard_answered_at: string | null }
      | undefined;
    if (!visitor) return null;
    return { id: visitor.id, displayName: visitor.display_name, howHeardAnswered: visitor.how_heard_answered_at !== null };
  }

  checkIn(command: CheckInCommand): CheckInResult {
    if (command.consent.noticeVersion !== this.hub.privacy.noticeVersion) {
      throw new HubError(
        'CONSENT_OUTDATED',
        `The privacy notice changed (now version ${this.hub.privacy.noticeVersion}); please show the new notice and check in again.`,
        { field: 'consent.noticeVersion' },
      );
    }
    const existing = this.stmt.visitByRequest!.get(command.requestId) as { id: string } | undefined;
    if (existing) return this.replay(existing.id);

    const opts = { consentToOptional: command.consent.optionalQuestions, skipped: command.skipped };
    const clean = sanitizeAnswers(this.hub.triage, command.answers, opts);
    if (!clean.ok) {
      const first = clean.problems[0];
      throw new HubError('TRIAGE_INVALID', first ? first.message : 'The triage answers are not valid.', {
        field: first ? `answers.${first.questionId}` : 'answers',
        details: { problems: clean.problems },
      });
    }
    const validHowHeard = new Map(this.hub.howHeard.options.map((o) => [o.id, o]));
    for (const [i, h] of command.howHeard.entries()) {
      if (!validHowHeard.has(h.optionId)) {
        throw new HubError('VALIDATION_FAILED', `"${h.optionId}" is not one of this hub's how-heard options.`, {
          field: `howHeard[${i}].optionId`,
        });
      }
    }
    const plan = planVisit(this.hub, {
      answers: clean.answers,
      triage: opts,
      talkToSomeone: command.talkToSomeone,
      language: command.visitor.language,
      interpreter: command.visitor.interpreter,
    });

    const at = this.now();
    const checkedInAt = at.toISOString();
    const serviceDay = this.serviceDay(at);
    const visitId = randomUUID();

    const run = this.db.transaction(() => {
      let visitorId: string | null = null;
      let knownVisitor = false;
      let unknownIdentifier = false;
      const id = command.identification;
      if (id.method === 'card' || id.method === 'qr') {
        const kind = id.method;
        const value = id.method === 'card' ? id.cardId : id.memberId;
        const hash = this.identifierHash(kind, value);
        const found = this.stmt.identifier!.get(hash) as { visitor_id: string } | undefined;
        if (found) {
          visitorId = found.visitor_id;
          knownVisitor = true;
        } else {
          // An unknown card still checks in; reception is told, and the card is known next time.
          visitorId = randomUUID();
          unknownIdentifier = true;
          this.stmt.insertVisitor!.run(visitorId, checkedInAt, null, null);
          this.stmt.insertIdentifier!.run(hash, visitorId, kind, checkedInAt);
        }
        this.stmt.updateVisitor!.run(
          command.visitor.displayName,
          command.visitor.language,
          command.howHeard.length > 0 ? checkedInAt : null,
          visitorId,
        );
      }
      this.stmt.insertVisit!.run({
        id: visitId,
        requestId: command.requestId,
        visitorId,
        hubId: this.hub.id,
        serviceDay,
        checkedInAt,
        method: id.method,
        unknownIdentifier: unknownIdentifier ? 1 : 0,
        configHash: this.configHash,
        configVersion: this.hub.version,
        language: command.visitor.language,
        displayName: command.visitor.displayName,
        interpreter: plan.interpreter ? 1 : 0,
        accessibility: JSON.stringify(command.visitor.accessibility),
        talkToSomeone: command.talkToSomeone ? 1 : 0,
        priority: plan.priority,
      });
      this.stmt.insertConsent!.run(visitId, command.consent.noticeVersion, command.consent.optionalQuestions ? 1 : 0, checkedInAt);
      for (const h of command.howHeard) {
        const option = validHowHeard.get(h.optionId);
        this.stmt.insertHowHeard!.run(visitId, h.optionId, option?.freeText ? (h.text ?? null) : null);
      }
      for (const [questionId, value] of Object.entries(clean.answers)) {
        this.stmt.insertAnswer!.run(visitId, questionId, JSON.stringify(value), 0);
      }
      for (const questionId of clean.skipped) {
        if (!Object.hasOwn(clean.answers, questionId)) this.stmt.insertAnswer!.run(visitId, questionId, null, 1);
      }
      for (const need of plan.needs) this.stmt.insertNeed!.run(visitId, need);
      for (const flag of plan.flags) this.stmt.insertFlag!.run(visitId, flag);

      const events: QueueEvent[] = [];
      plan.stops.forEach((stop, index) => {
        const ticketId = this.createTicket({
          visitId,
          serviceId: stop.serviceId,
          serviceDay,
          stopOrder: index + 1,
          priority: plan.priority,
          queuedAt: checkedInAt,
          transferredFrom: null,
        });
        events.push(this.recordEvent(ticketId, 'created', checkedInAt, null, this.actor, null));
      });
      if (this.actor) {
        this.audit.record({ at: checkedInAt, staffId: this.actor, action: 'visit.checked-in', subjectType: 'visit', subjectId: visitId, detail: { method: id.method } });
      }
      this.outbox.add('visit.checked-in', checkedInAt, {
        visitId,
        hubId: this.hub.id,
        serviceDay,
        checkedInAt,
        method: id.method,
        knownVisitor,
        visitorRef: visitorId,
        configHash: this.configHash,
        configVersion: this.hub.version,
        consentVersion: command.consent.noticeVersion,
        optionalQuestions: command.consent.optionalQuestions,
        howHeard: command.howHeard.map((h) => h.optionId),
        needs: plan.needs,
        flags: plan.flags,
        talkToSomeone: command.talkToSomeone,
        language: command.visitor.language,
        interpreter: command.visitor.interpreter,
        stops: plan.stops.map((s) => s.serviceId),
      });
      return { events, knownVisitor, unknownIdentifier };
    });

    let outcome: { events: QueueEvent[]; knownVisitor: boolean; unknownIdentifier: boolean };
    try {
      outcome = run.immediate();
    } catch (error) {
      // Two submits of one journey racing: the loser answers with the winner's tickets.
      if (error instanceof Error && /UNIQUE constraint failed: visits\.request_id/.test(error.message)) {
        const winner = this.stmt.visitByRequest!.get(command.requestId) as { id: string } | undefined;
        if (winner) return this.replay(winner.id);
      }
      throw error;
    }
    this.publish(outcome.events);
    return {
      visitId,
      serviceDay,
      checkedInAt,
      replayed: false,
      knownVisitor: outcome.knownVisitor,
      unknownIdentifier: outcome.unknownIdentifier,
      needs: plan.needs,
      flags: plan.flags,
      talkToSomeone: command.talkToSomeone,
      tickets: this.ticketsWithWaits(visitId),
    };
  }

  private replay(visitId: string): CheckInResult {
    const visit = this.stmt.visitSummary!.get(visitId) as { id: string; service_day: string; checked_in_at: string; visitor_id: string | null; unknown_identifier: number; talk_to_someone: number };
    const tickets = this.ticketsWithWaits(visitId);
    return {
      visitId,
      serviceDay: visit.service_day,
      checkedInAt: visit.checked_in_at,
      replayed: true,
      knownVisitor: visit.visitor_id !== null && visit.unknown_identifier === 0,
      unknownIdentifier: visit.unknown_identifier === 1,
      needs: tickets[0]?.needs ?? [],
      flags: tickets[0]?.flags ?? [],
      talkToSomeone: visit.talk_to_someone === 1,
      tickets,
    };
  }

  private ticketsWithWaits(visitId: string) {
    return (this.stmt.ticketsOfVisit!.all(visitId) as TicketRow[]).map((row) => ({
      ...toTicketView(row),
      estimatedWaitMinutes: this.estimateForTicket(row),
    }));
  }

  private createTicket(input: {
    visitId: string;
    serviceId: string;
    serviceDay: string;
    stopOrder: number;
    priority: number;
    queuedAt: string;
    transferredFrom: string | null;
  }): string {
    const service = this.requireService(input.serviceId);
    const { last_seq: seq } = this.stmt.nextSeq!.get(input.serviceId, input.serviceDay) as { last_seq: number };
    const id = randomUUID();
    this.stmt.insertTicket!.run({
      id,
      visitId: input.visitId,
      serviceId: input.serviceId,
      serviceDay: input.serviceDay,
      seq,
      number: `${service.ticketPrefix}${String(seq).padStart(3, '0')}`,
      stopOrder: input.stopOrder,
      priority: input.priority,
      queuedAt: input.queuedAt,
      transferredFrom: input.transferredFrom,
    });
    return id;
  }

  private recordEvent(
    ticketId: string,
    type: QueueEventType,
    at: string,
    desk: string | null,
    staffId: string | null,
    detail: Record<string, unknown> | null,
  ): QueueEvent {
    const ticket = this.ticket(ticketId);
    const info = this.stmt.insertEvent!.run(ticketId, ticket.visitId, type, at, desk, staffId, detail ? JSON.stringify(detail) : null, JSON.stringify(ticket));
    this.outbox.add(`ticket.${type}`, at, {
      ticketId,
      visitId: ticket.visitId,
      serviceId: ticket.serviceId,
      number: ticket.number,
      at,
      desk,
      ...(detail ?? {}),
    });
    if (staffId) {
      this.audit.record({
        at,
        staffId,
        action: `ticket.${type}`,
        subjectType: 'ticket',
        subjectId: ticketId,
        detail: { number: ticket.number, serviceId: ticket.serviceId, desk, ...(detail ?? {}) },
      });
    }
    return { seq: Number(info.lastInsertRowid), type, at, ticket, desk, staffId };
  }

  // ---- staff actions ----------------------------------------------------------------------

  callNext(serviceId: string, desk: string, staffId: string | null = null): TicketView {
    const service = this.requireService(serviceId);
    if (!service.desks.includes(desk)) {
      throw new HubError('UNKNOWN_DESK', `"${desk}" is not a desk of ${service.name.en}; its desks are ${service.desks.join(', ')}.`, {
        field: 'desk',
      });
    }
    const at = this.nowIso();
    const event = this.db
      .transaction(() => {
        const row = this.stmt.callNext!.get({ serviceId, serviceDay: this.serviceDay(), desk, staffId, at }) as { id: string } | undefined;
        if (!row) return null;
        return this.recordEvent(row.id, 'called', at, desk, staffId, null);
      })
      .immediate();
    if (!event) {
      throw new HubError('QUEUE_EMPTY', `Nobody is waiting for ${service.name.en} who can be called now.`, {
        details: { serviceId },
      });
    }
    this.publish([event]);
    return event.ticket;
  }

  recall(ticketId: string, desk: string | null = null, staffId: string | null = null): TicketView {
    return this.transition(ticketId, 'recall', 'called', 'recalled', { desk, staffId, calledAt: true, recall: 1 });
  }

  noShow(ticketId: string, staffId: string | null = null): TicketView {
    const ticket = this.ticket(ticketId);
    if (ticket.status === 'called' && ticket.calledAt) {
      const graceMs = this.hub.queue.noShowGraceMinutes * 60_000;
      const waitedMs = this.now().getTime() - Date.parse(ticket.calledAt);
      if (waitedMs < graceMs) {
        const seconds = Math.ceil((graceMs - waitedMs) / 1000);
        throw new HubError('NO_SHOW_TOO_EARLY', `Give ${ticket.number} ${seconds} more seconds to arrive before marking a no-show.`, {
          details: { secondsLeft: seconds },
        });
      }
    }
    return this.transition(ticketId, 'no-show', 'no-show', 'no-show', { staffId, finishedAt: true });
  }

  start(ticketId: string, desk: string | null = null, staffId: string | null = null): TicketView {
    return this.transition(ticketId, 'start', 'serving', 'started', { desk, staffId, startedAt: true });
  }

  finish(
    ticketId: string,
    outcome: { kind: OutcomeKind; referredTo?: string | undefined; note?: string | undefined },
    staffId: string | null = null,
  ): TicketView {
    return this.transition(ticketId, 'finish', 'done', 'finished', {
      staffId,
      finishedAt: true,
      // A visitor finished straight from "called" was seen without pressing start.
      startedAtIfMissing: true,
      during: (ticket, at) => {
        if (outcome.note && !this.requireService(ticket.serviceId).notesAllowed) {
          throw new HubError('VALIDATION_FAILED', 'This service keeps no notes with outcomes; leave the note empty.', { field: 'note' });
        }
        this.stmt.insertOutcome!.run(ticket.id, ticket.visitId, ticket.serviceId, outcome.kind, outcome.referredTo ?? null, outcome.note ?? null, at, staffId);
        this.outbox.add('outcome.recorded', at, {
          ticketId: ticket.id,
          visitId: ticket.visitId,
          serviceId: ticket.serviceId,
          kind: outcome.kind,
          referredTo: outcome.referredTo ?? null,
        });
        return { outcome: outcome.kind };
      },
    });
  }

  cancel(ticketId: string, staffId: string | null = null): TicketView {
    return this.transition(ticketId, 'cancel', 'cancelled', 'cancelled', { staffId, finishedAt: true });
  }

  /** Moves a visitor to another service's queue, keeping their place by arrival time. */
  transfer(ticketId: string, toServiceId: string, staffId: string | null = null): { from: TicketView; to: TicketView } {
    this.requireService(toServiceId);
    let newTicketId = '';
    const from = this.transition(ticketId, 'transfer', 'transferred', 'transferred', {
      staffId,
      finishedAt: true,
      during: (ticket, at) => {
        const existing = this.stmt.activeOfVisitForService!.get(ticket.visitId, toServiceId) as { id: string } | undefined;
        if (existing) {
          throw new HubError('INVALID_TRANSITION', `${ticket.number} is already in the queue for that service.`, { field: 'toServiceId' });
        }
        const visit = this.stmt.visit!.get(ticket.visitId) as { service_day: string; priority: number; checked_in_at: string };
        const { n } = this.stmt.maxStopOrder!.get(ticket.visitId) as { n: number };
        newTicketId = this.createTicket({
          visitId: ticket.visitId,
          serviceId: toServiceId,
          serviceDay: visit.service_day,
          stopOrder: n + 1,
          priority: ticket.priority,
          queuedAt: ticket.queuedAt,
          transferredFrom: ticket.id,
        });
        return { toServiceId, toTicketId: newTicketId, createdAt: at };
      },
      after: (at, staff) => [this.recordEvent(newTicketId, 'created', at, null, staff, { transferredFrom: ticketId })],
    });
    return { from, to: this.ticket(newTicketId) };
  }

  /** Adds another service stop to an open visit (a need found while talking). */
  addStop(visitId: string, serviceId: string, staffId: string | null = null): TicketView {
    this.requireService(serviceId);
    const at = this.nowIso();
    const event = this.db
      .transaction(() => {
        const visit = this.stmt.visit!.get(visitId) as { service_day: string; priority: number; checked_in_at: string } | undefined;
        if (!visit) throw new HubError('NOT_FOUND', 'That visit does not exist.', { field: 'visitId' });
        const existing = this.stmt.activeOfVisitForService!.get(visitId, serviceId) as { id: string } | undefined;
        if (existing) throw new HubError('INVALID_TRANSITION', 'This visitor is already waiting for that service.', { field: 'serviceId' });
        const { n } = this.stmt.maxStopOrder!.get(visitId) as { n: number };
        const ticketId = this.createTicket({
          visitId,
          serviceId,
          serviceDay: visit.service_day,
          stopOrder: n + 1,
          priority: visit.priority,
          queuedAt: at,
          transferredFrom: null,
        });
        this.stmt.reopenVisit!.run(visitId);
        return this.recordEvent(ticketId, 'created', at, null, staffId, { addedBy: 'staff' });
      })
      .immediate();
    this.publish([event]);
    return event.ticket;
  }

  private transition(
    ticketId: string,
    action: keyof typeof allowedFrom,
    to: TicketStatus,
    eventType: QueueEventType,
    options: {
      desk?: string | null;
      staffId?: string | null;
      calledAt?: boolean;
      startedAt?: boolean;
      startedAtIfMissing?: boolean;
      finishedAt?: boolean;
      recall?: number;
      during?: (ticket: TicketView, at: string) => Record<string, unknown> | null;
      after?: (at: string, staffId: string | null) => QueueEvent[];
    },
  ): TicketView {
    const at = this.nowIso();
    const events = this.db
      .transaction(() => {
        const ticket = this.ticket(ticketId);
        if (!allowedFrom[action].includes(ticket.status)) {
          throw new HubError('INVALID_TRANSITION', `Ticket ${ticket.number} is ${ticket.status}; it cannot be ${describeAction(action)}.`, {
            details: { status: ticket.status, action },
          });
        }
        const detail = options.during?.(ticket, at) ?? null;
        const changed = this.stmt.setStatus!.run({
          id: ticketId,
          from: ticket.status,
          status: to,
          desk: options.desk ?? null,
          staffId: options.staffId ?? null,
          calledAt: options.calledAt ? at : null,
          startedAt: options.startedAt || (options.startedAtIfMissing && !ticket.startedAt) ? at : null,
          finishedAt: options.finishedAt ? at : null,
          recall: options.recall ?? 0,
        });
        if (changed.changes !== 1) throw new HubError('INVALID_TRANSITION', `Ticket ${ticket.number} changed meanwhile; try again.`);
        const list = [this.recordEvent(ticketId, eventType, at, options.desk ?? ticket.desk, options.staffId ?? null, detail)];
        list.push(...(options.after?.(at, options.staffId ?? null) ?? []));
        const { n } = this.stmt.openTicketsOfVisit!.get(ticket.visitId) as { n: number };
        if (n === 0) {
          this.stmt.closeVisit!.run(at, ticket.visitId);
          this.outbox.add('visit.closed', at, { visitId: ticket.visitId, closedAt: at });
        }
        return list;
      })
      .immediate();
    this.averageCache.delete(events[0]!.ticket.serviceId);
    this.publish(events);
    return events[0]!.ticket;
  }

  // ---- queries ----------------------------------------------------------------------------

  ticket(ticketId: string): TicketView {
    const row = this.stmt.ticketView!.get(ticketId) as TicketRow | undefined;
    if (!row) throw new HubError('NOT_FOUND', 'That ticket does not exist.', { field: 'ticketId' });
    return toTicketView(row);
  }

  ticketsOfVisit(visitId: string): TicketView[] {
    return (this.stmt.ticketsOfVisit!.all(visitId) as TicketRow[]).map(toTicketView);
  }

  lastSeq(): number {
    return (this.stmt.lastSeq!.get() as { n: number }).n;
  }

  /** Queue events after `seq`, oldest first: a screen that reconnects catches up from here. */
  eventsSince(seq: number, limit = 1000): QueueEvent[] {
    const rows = this.stmt.eventsSince!.all(seq, limit) as {
      id: number;
      type: QueueEventType;
      at: string;
      desk: string | null;
      staff_id: string | null;
      ticket: string;
    }[];
    return rows.map((r) => ({ seq: r.id, type: r.type, at: r.at, desk: r.desk, staffId: r.staff_id, ticket: JSON.parse(r.ticket) as TicketView }));
  }

  /** Average minutes per visitor from the last finished tickets, or the configured typical time. */
  averageServiceMinutes(serviceId: string): number {
    const cached = this.averageCache.get(serviceId);
    if (cached !== undefined) return cached;
    const average = this.measureAverageServiceMinutes(serviceId);
    this.averageCache.set(serviceId, average);
    return average;
  }

  private measureAverageServiceMinutes(serviceId: string): number {
    const service = this.requireService(serviceId);
    const rows = this.stmt.recentDurations!.all(serviceId, this.hub.queue.recentServiceWindow) as { started_at: string; finished_at: string }[];
    if (rows.length < 3) return service.typicalServiceMinutes;
    const total = rows.reduce((sum, r) => sum + Math.max(0, Date.parse(r.finished_at) - Date.parse(r.started_at)), 0);
    return Math.max(1, total / rows.length / 60_000);
  }

  estimatedWaitMinutes(serviceId: string, ahead?: number): number {
    const service = this.requireService(serviceId);
    const waiting = ahead ?? (this.stmt.waitingCount!.get(serviceId, this.serviceDay()) as { n: number }).n;
    return Math.round((waiting * this.averageServiceMinutes(serviceId)) / service.desks.length);
  }

  private estimateForTicket(row: TicketRow): number {
    if (row.status !== 'waiting') return 0;
    const ahead = this.stmt.aheadOf!.get({
      serviceId: row.service_id,
      serviceDay: row.service_day,
      priority: row.priority,
      queuedAt: row.queued_at,
      seq: row.seq,
    }) as { n: number };
    return this.estimatedWaitMinutes(row.service_id, ahead.n);
  }

  snapshot(): QueueSnapshot {
    const serviceDay = this.serviceDay();
    const read = this.db.transaction(() => ({
      lastSeq: this.lastSeq(),
      rows: this.stmt.activeTickets!.all(serviceDay) as TicketRow[],
    }));
    const { lastSeq, rows } = read.deferred();
    const byService = new Map<string, TicketView[]>();
    for (const row of rows) {
      const list = byService.get(row.service_id) ?? [];
      list.push(toTicketView(row));
      byService.set(row.service_id, list);
    }
    const services: ServiceQueueView[] = [...this.services.values()].map((s) => {
      const tickets = byService.get(s.id) ?? [];
      const waiting = tickets.filter((t) => t.status === 'waiting').length;
      const average = this.averageServiceMinutes(s.id);
      return {
        serviceId: s.id,
        waiting,
        averageServiceMinutes: Math.round(average * 10) / 10,
        estimatedWaitMinutes: Math.round((waiting * average) / s.desks.length),
        tickets,
      };
    });
    return { serviceDay, lastSeq, services };
  }

  // ---- reception's actions (issue 5) ---------------------------------------------------------

  /**
   * Runs `work` with check-ins written as made by this member of staff (a check-in by hand): the
   * audit row and the ticket events carry their id, in the check-in's own transaction. The
   * attribution covers only what `work` does synchronously, which is where checkIn commits.
   */
  runAs<T>(staffId: string, work: () => T): T {
    const previous = this.actor;
    this.actor = staffId;
    try {
      return work();
    } finally {
      this.actor = previous;
    }
  }

  subscribeNotices(listener: NoticeListener): () => void {
    this.noticeListeners.add(listener);
    return () => this.noticeListeners.delete(listener);
  }

  /** Puts a mistaken no-show back in the queue at its old place (it keeps its arrival time). */
  undoNoShow(ticketId: string, staffId: string | null): TicketView {
    const at = this.nowIso();
    const event = this.db
      .transaction(() => {
        const ticket = this.ticket(ticketId);
        if (ticket.status !== 'no-show') {
          throw new HubError('INVALID_TRANSITION', `Ticket ${ticket.number} is ${ticket.status}, not a no-show.`, { details: { status: ticket.status, action: 'undo-no-show' } });
        }
        const minutes = ticket.finishedAt ? (Date.parse(at) - Date.parse(ticket.finishedAt)) / 60_000 : Infinity;
        if (minutes > undoNoShowMinutes) {
          throw new HubError('INVALID_TRANSITION', `${ticket.number} was marked as a no-show more than ${undoNoShowMinutes} minutes ago; check them in again instead.`, {
            details: { status: ticket.status, action: 'undo-no-show', minutesAgo: Math.floor(minutes) },
          });
        }
        const visit = this.stmt.visitStatus!.get(ticket.visitId) as { status: 'open' | 'closed' };
        if (this.stmt.undoNoShow!.run(ticketId).changes !== 1) throw new HubError('INVALID_TRANSITION', `Ticket ${ticket.number} changed meanwhile; try again.`);
        if (visit.status === 'closed') {
          this.stmt.reopenVisit!.run(ticket.visitId);
          this.outbox.add('visit.reopened', at, { visitId: ticket.visitId, reopenedAt: at });
        }
        return this.recordEvent(ticketId, 'no-show-undone', at, null, staffId, { noShowAt: ticket.finishedAt });
      })
      .immediate();
    this.publish([event]);
    return event.ticket;
  }

  /** Moves a waiting ticket up: level 1 goes ahead of everyone without a flag, 2 level with crisis. */
  prioritise(ticketId: string, level: 1 | 2, staffId: string | null): TicketView {
    const at = this.nowIso();
    const event = this.db
      .transaction(() => {
        const ticket = this.ticket(ticketId);
        if (ticket.status !== 'waiting') {
          throw new HubError('INVALID_TRANSITION', `Ticket ${ticket.number} is ${ticket.status}; only a waiting ticket can be moved up.`, {
            details: { status: ticket.status, action: 'prioritise' },
          });
        }
        if (ticket.priority >= level) {
          throw new HubError('INVALID_TRANSITION', `Ticket ${ticket.number} already has this priority or higher.`, { details: { status: ticket.status, action: 'prioritise' } });
        }
        this.stmt.setPriority!.run(level, ticketId);
        return this.recordEvent(ticketId, 'prioritised', at, null, staffId, { from: ticket.priority, to: level });
      })
      .immediate();
    this.publish([event]);
    return event.ticket;
  }

  /** Records a reprint asked for by staff (the hub then prints); the ticket must still be open. */
  recordReprint(ticketId: string, staffId: string | null): { ticket: TicketView; language: string | null } {
    const at = this.nowIso();
    const result = this.db
      .transaction(() => {
        const ticket = this.ticket(ticketId);
        if (!['waiting', 'called', 'serving'].includes(ticket.status)) {
          throw new HubError('INVALID_TRANSITION', `Ticket ${ticket.number} is ${ticket.status}; there is nothing to reprint.`, { details: { status: ticket.status, action: 'reprint' } });
        }
        const visit = this.stmt.visitStatus!.get(ticket.visitId) as { language: string | null };
        return { event: this.recordEvent(ticketId, 'reprinted', at, null, staffId, null), language: visit.language };
      })
      .immediate();
    this.publish([result.event]);
    return { ticket: result.event.ticket, language: result.language };
  }

  /**
   * Acknowledges an alert: for a flagged check-in the flags are marked acknowledged (by whom, when)
   * with an outbox row; every acknowledgement is in the audit log. Consoles hear of it live.
   */
  acknowledgeAlert(alert: AlertView, by: { id: string; displayName: string }): AlertAcknowledged {
    const at = this.nowIso();
    this.db
      .transaction(() => {
        if (this.isAlertAcknowledged(alert)) throw new HubError('INVALID_TRANSITION', 'This alert was acknowledged already.', { details: { action: 'acknowledge' } });
        if (alert.kind === 'flag' && alert.visitId) {
          this.stmt.acknowledgeFlags!.run(at, by.id, alert.visitId);
          this.outbox.add('flags.acknowledged', at, { visitId: alert.visitId, flags: alert.flags, raisedAt: alert.at, acknowledgedAt: at });
        }
        this.audit.record({
          at,
          staffId: by.id,
          action: 'alert.acknowledged',
          subjectType: 'alert',
          subjectId: alert.id,
          detail: { kind: alert.kind, visitId: alert.visitId, flags: alert.flags, raisedAt: alert.at },
        });
      })
      .immediate();
    const acknowledgement: AlertAcknowledged = { alertId: alert.id, visitId: alert.visitId, at, by };
    for (const listener of this.noticeListeners) {
      try {
        listener({ kind: 'alert-acknowledged', acknowledgement });
      } catch {
        // One closed console must not stop the others hearing it.
      }
    }
    return acknowledgement;
  }

  /** A flag alert stays until its visit's flags are acknowledged; any other until it is itself. */
  isAlertAcknowledged(alert: AlertView): boolean {
    if (alert.kind === 'flag' && alert.visitId) return (this.stmt.openFlagsOfVisit!.get(alert.visitId) as { n: number }).n === 0;
    return this.stmt.alertAcknowledged!.get(alert.id) !== undefined;
  }

  /** Today's check-ins whose crisis, safeguarding or urgent flags nobody has acknowledged yet. */
  unacknowledgedFlagVisits(): { visitId: string; checkedInAt: string; flags: FlagKind[]; numbers: string[] }[] {
    const rows = this.stmt.unacknowledgedFlagVisits!.all(this.serviceDay()) as { id: string; checked_in_at: string; flags: string }[];
    return rows.map((r) => ({
      visitId: r.id,
      checkedInAt: r.checked_in_at,
      flags: splitList(r.flags) as FlagKind[],
      numbers: this.ticketsOfVisit(r.id).map((t) => t.number),
    }));
  }

  /** Today's visits by ticket number ("m1", "M001") or by the start of a first name or initials. */
  searchVisits(query: string): VisitSearchResult {
    const serviceDay = this.serviceDay();
    const q = query.trim();
    const number = /^([A-Za-z]{1,2})\s*0*(\d{1,4})$/.exec(q);
    const ids = number
      ? (this.stmt.searchByNumber!.all(serviceDay, `${number[1]!.toUpperCase()}${number[2]!.padStart(3, '0')}`) as { visit_id: string }[]).map((r) => r.visit_id)
      : (this.stmt.searchByName!.all(serviceDay, `${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) as { id: string }[]).map((r) => r.id);
    const visits = ids.map((id) => {
      const v = this.stmt.visitForSearch!.get(id) as { id: string; checked_in_at: string; display_name: string | null; method: VisitSearchResult['visits'][number]['method']; status: 'open' | 'closed' };
      return { visitId: v.id, checkedInAt: v.checked_in_at, displayName: v.display_name, method: v.method, status: v.status, tickets: this.ticketsOfVisit(v.id) };
    });
    return { visits };
  }

  private requireService(serviceId: string): FlatService {
    const service = this.services.get(serviceId);
    if (!service) throw new HubError('UNKNOWN_SERVICE', `There is no service "${serviceId}" at this hub.`, { field: 'serviceId' });
    return service;
  }

  private nowIso(): string {
    return this.now().toISOString();
  }
}

function describeAction(action: keyof typeof allowedFrom): string {
  switch (action) {
    case 'recall':
      return 'recalled';
    case 'no-show':
      return 'marked as a no-show';
    case 'start':
      return 'started';
    case 'finish':
      return 'finished';
    case 'transfer':
      return 'transferred';
    case 'cancel':
      return 'cancelled';
    default:
      return assertNever(action);
  }
}

export function assertNever(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}

function splitList(value: string | null): string[] {
  return value ? value.split(',').filter(Boolean) : [];
}

function toTicketView(row: TicketRow): TicketView {
  let accessibility: string[] = [];
  try {
    const parsed: unknown = JSON.parse(row.accessibility);
    if (Array.isArray(parsed)) accessibility = parsed.filter((x): x is string => typeof x === 'string');
  } catch {
    accessibility = [];
  }
  return {
    id: row.id,
    visitId: row.visit_id,
    serviceId: row.service_id,
    number: row.number,
    status: row.status,
    priority: row.priority,
    displayName: row.display_name,
    desk: row.desk,
    queuedAt: row.queued_at,
    calledAt: row.called_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    recallCount: row.recall_count,
    stopOrder: row.stop_order,
    flags: splitList(row.flags) as FlagKind[],
    needs: splitList(row.needs),
    language: row.language,
    interpreter: row.interpreter === 1,
    accessibility,
    withAnotherService: row.with_another,
  };
}
