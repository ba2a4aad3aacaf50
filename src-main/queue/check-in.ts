import { timeOrderedId } from '../store/row-ids';
import type { CheckInCommand, CheckInResponse, QueueEvent } from '../../src-shared/api/contract';
import type { FlagKind } from '../../src-shared/config/schema';
import { cardRulesOf, normaliseCard } from '../../src-shared/devices/card-rules';
import { parseQrPayload } from '../../src-shared/devices/qr-payload';
import { nextOpeningAfter } from '../../src-shared/opening-hours';
import { isOpenAt } from '../../src-shared/time';
import { sanitizeAnswers } from '../../src-shared/triage/engine';
import { bslLanguage, planVisit, visitRequestOf } from '../../src-shared/triage/visit-plan';
import type { AuditLog } from '../auth/audit-log';
import { HubError } from '../errors';
import { hashIdentifier } from '../identity/keyed-hash';
import { visitorPseudonym } from '../identity/programme-key';
import type { HubDatabase } from '../store/database';
import type { Outbox } from '../sync/outbox';
import type { EventWriter } from './event-writer';
import type { QueueListeners } from './listeners';
import type { QueueContext } from './queue-context';
import type { QueueReads } from './reads';
import { command, query } from './statements';

/** The check-in as committed; the hub adds how the ticket printed to make the reply. */
export type CheckInResult = Omit<CheckInResponse, 'print'>;

/** The member of staff making a check-in by hand; null or absent for the kiosk. */
export type CheckInActor = { staffId: string } | null;

/**
 * What a check-in may carry beside the queue's own rows (the equality answers, the event the
 * resident came for): checked before anything is written, written in the check-in's transaction.
 */
export type CheckInExtras = {
  check(command: CheckInCommand, at: Date, serviceDay: string): void;
  write(visit: { visitId: string; visitorId: string | null; checkedInAt: string }, command: CheckInCommand, staffId: string | null): void;
};

type IdentifierKind = 'card' | 'qr';

type VisitInsert = {
  id: string;
  requestId: string;
  visitorId: string | null;
  hubId: string;
  serviceDay: string;
  checkedInAt: string;
  method: CheckInCommand['identification']['method'];
  unknownIdentifier: 0 | 1;
  configHash: string;
  configVersion: number;
  language: string | null;
  displayName: string | null;
  interpreter: 0 | 1;
  accessibility: string;
  talkToSomeone: 0 | 1;
  priority: number;
};

type VisitSummary = { id: string; service_day: string; checked_in_at: string; visitor_id: string | null; unknown_identifier: number; talk_to_someone: number };

function statements(db: HubDatabase) {
  return {
    visitByRequest: query<[requestId: string], { id: string }>(db, 'SELECT id FROM visits WHERE request_id = ?'),
    identifier: query<[hash: string], { visitor_id: string }>(db, 'SELECT visitor_id FROM visitor_identifiers WHERE hash = ?'),
    visitor: query<[visitorId: string], { id: string; display_name: string | null; how_heard_answered_at: string | null }>(
      db,
      'SELECT id, display_name, how_heard_answered_at FROM visitors WHERE id = ?',
    ),
    insertVisitor: command<[id: string, createdAt: string, displayName: string | null, language: string | null]>(
      db,
      'INSERT INTO visitors (id, created_at, display_name, language) VALUES (?, ?, ?, ?)',
    ),
    // A stored name is never replaced from a check-in: whoever holds a card (or knows its number)
    // must not rename its owner. Reception changes names; a first name fills an empty one.
    updateVisitor: command<[displayName: string | null, language: string | null, howHeardAnsweredAt: string | null, visitorId: string]>(
      db,
      `UPDATE visitors SET display_name = coalesce(display_name, ?), language = coalesce(?, language),
       how_heard_answered_at = coalesce(?, how_heard_answered_at) WHERE id = ?`,
    ),
    insertIdentifier: command<[hash: string, visitorId: string, kind: IdentifierKind, createdAt: string]>(
      db,
      'INSERT INTO visitor_identifiers (hash, visitor_id, kind, created_at) VALUES (?, ?, ?, ?)',
    ),
    insertVisit: command<[VisitInsert]>(
      db,
      `INSERT INTO visits (id, request_id, visitor_id, hub_id, service_day, checked_in_at, method, unknown_identifier,
         config_hash, config_version, language, display_name, interpreter, accessibility, talk_to_someone, priority, print_status)
       VALUES (@id, @requestId, @visitorId, @hubId, @serviceDay, @checkedInAt, @method, @unknownIdentifier,
         @configHash, @configVersion, @language, @displayName, @interpreter, @accessibility, @talkToSomeone, @priority, 'pending')`,
    ),
    insertConsent: command<[visitId: string, noticeVersion: string, optionalQuestions: 0 | 1, givenAt: string]>(
      db,
      'INSERT INTO consents (visit_id, notice_version, optional_questions, given_at) VALUES (?, ?, ?, ?)',
    ),
    insertHowHeard: command<[visitId: string, optionId: string, freeText: string | null]>(
      db,
      'INSERT OR IGNORE INTO how_heard_answers (visit_id, option_id, free_text) VALUES (?, ?, ?)',
    ),
    insertAnswer: command<[visitId: string, questionId: string, answer: string | null, skipped: 0 | 1]>(
      db,
      'INSERT INTO triage_answers (visit_id, question_id, answer, skipped) VALUES (?, ?, ?, ?)',
    ),
    insertNeed: command<[visitId: string, needId: string]>(db, 'INSERT OR IGNORE INTO visit_needs (visit_id, need_id) VALUES (?, ?)'),
    insertFlag: command<[visitId: string, flag: FlagKind]>(db, 'INSERT OR IGNORE INTO visit_flags (visit_id, flag) VALUES (?, ?)'),
    visitSummary: query<[visitId: string], VisitSummary>(
      db,
      'SELECT id, service_day, checked_in_at, visitor_id, unknown_identifier, talk_to_someone FROM visits WHERE id = ?',
    ),
  };
}

export type CheckInDeps = {
  ctx: QueueContext;
  identifierKey: Buffer;
  programmeKey: Buffer;
  reads: QueueReads;
  writer: EventWriter;
  outbox: Outbox;
  audit: AuditLog;
  listeners: QueueListeners;
  extras?: CheckInExtras | undefined;
};

/**
 * A check-in: the visit, its answers, its tickets, their events and the outbox row in one
 * transaction, planned by the same `planVisit` the kiosk's summary shows.
 */
export class CheckIn {
  private readonly stmt: ReturnType<typeof statements>;

  constructor(private readonly deps: CheckInDeps) {
    this.stmt = statements(deps.ctx.db);
  }

  /** Hash of a card or member id as stored; never the id itself. */
  identifierHash(kind: IdentifierKind, id: string): string {
    return hashIdentifier(this.deps.identifierKey, kind, id);
  }

  /** Looks up a normalised card or member id without creating anything. */
  findVisitor(kind: IdentifierKind, id: string): { id: string; displayName: string | null; howHeardAnswered: boolean } | null {
    const row = this.stmt.identifier.get(this.identifierHash(kind, id));
    if (!row) return null;
    const visitor = this.stmt.visitor.get(row.visitor_id);
    if (!visitor) return null;
    return { id: visitor.id, displayName: visitor.display_name, howHeardAnswered: visitor.how_heard_answered_at !== null };
  }

  checkIn(command: CheckInCommand, actor: CheckInActor = null): CheckInResult {
    const { ctx, reads, writer, outbox, audit, listeners } = this.deps;
    const { hub, configHash } = ctx;
    if (command.consent.noticeVersion !== hub.privacy.noticeVersion) {
      throw new HubError(
        'CONSENT_OUTDATED',
        `The privacy notice changed (now version ${hub.privacy.noticeVersion}); please show the new notice and check in again.`,
        { field: 'consent.noticeVersion' },
      );
    }
    const language = command.visitor.language;
    // British Sign Language is always offered (with an interpreter), whatever the screens' languages.
    if (language !== null && language !== bslLanguage && !hub.languages.offered.includes(language)) {
      throw new HubError('VALIDATION_FAILED', `"${language}" is not one of this hub's languages (${hub.languages.offered.join(', ')}).`, {
        field: 'visitor.language',
      });
    }
    const existing = this.stmt.visitByRequest.get(command.requestId);
    if (existing) return this.replay(existing.id);
    // Out of hours the hub's choice decides; reception checking someone in by hand is always let through.
    const closedNow = !isOpenAt(hub, ctx.now());
    if (closedNow && actor === null && hub.kiosk.outOfHours === 'refuse') {
      const opens = nextOpeningAfter(hub, ctx.now());
      throw new HubError('HUB_CLOSED', `The hub is closed now${opens ? `; it opens again at ${opens.toISOString()}` : ''}.`, {
        details: { nextOpening: opens?.toISOString() ?? null },
      });
    }
    this.checkIdentifier(command.identification);

    const opts = { consentToOptional: command.consent.optionalQuestions, skipped: command.skipped };
    const clean = sanitizeAnswers(hub.triage, command.answers, opts);
    if (!clean.ok) {
      const first = clean.problems[0];
      throw new HubError('TRIAGE_INVALID', first ? first.message : 'The triage answers are not valid.', {
        field: first ? `answers.${first.questionId}` : 'answers',
        details: { problems: clean.problems },
      });
    }
    const validHowHeard = new Map(hub.howHeard.options.map((o) => [o.id, o]));
    for (const [i, h] of command.howHeard.entries()) {
      if (!validHowHeard.has(h.optionId)) {
        throw new HubError('VALIDATION_FAILED', `"${h.optionId}" is not one of this hub's how-heard options.`, {
          field: `howHeard[${i}].optionId`,
        });
      }
    }
    const plan = planVisit(hub, visitRequestOf({ ...command, answers: clean.answers }));

    const at = ctx.now();
    const checkedInAt = at.toISOString();
    const serviceDay = ctx.serviceDay(at);
    const visitId = timeOrderedId(at);
    const staffId = actor?.staffId ?? null;
    this.deps.extras?.check(command, at, serviceDay);

    const run = ctx.db.transaction(() => {
      let visitorId: string | null = null;
      let knownVisitor = false;
      let unknownIdentifier = false;
      const id = command.identification;
      if (id.method === 'card' || id.method === 'qr') {
        const kind = id.method;
        const value = id.method === 'card' ? id.cardId : id.memberId;
        const hash = this.identifierHash(kind, value);
        const found = this.stmt.identifier.get(hash);
        if (found) {
          visitorId = found.visitor_id;
          knownVisitor = true;
        } else {
          // An unknown card still checks in; reception is told, and the card is known next time.
          visitorId = timeOrderedId(at);
          unknownIdentifier = true;
          this.stmt.insertVisitor.run(visitorId, checkedInAt, null, null);
          this.stmt.insertIdentifier.run(hash, visitorId, kind, checkedInAt);
        }
        this.stmt.updateVisitor.run(command.visitor.displayName, command.visitor.language, command.howHeard.length > 0 ? checkedInAt : null, visitorId);
      }
      this.stmt.insertVisit.run({
        id: visitId,
        requestId: command.requestId,
        visitorId,
        hubId: hub.id,
        serviceDay,
        checkedInAt,
        method: id.method,
        unknownIdentifier: unknownIdentifier ? 1 : 0,
        configHash,
        configVersion: hub.version,
        language: command.visitor.language,
        displayName: command.visitor.displayName,
        interpreter: plan.interpreter ? 1 : 0,
        accessibility: JSON.stringify(command.visitor.accessibility),
        talkToSomeone: command.talkToSomeone ? 1 : 0,
        priority: plan.priority,
      });
      this.stmt.insertConsent.run(visitId, command.consent.noticeVersion, command.consent.optionalQuestions ? 1 : 0, checkedInAt);
      for (const h of command.howHeard) {
        const option = validHowHeard.get(h.optionId);
        this.stmt.insertHowHeard.run(visitId, h.optionId, option?.freeText ? (h.text ?? null) : null);
      }
      for (const [questionId, value] of Object.entries(clean.answers)) {
        this.stmt.insertAnswer.run(visitId, questionId, JSON.stringify(value), 0);
      }
      for (const questionId of clean.skipped) {
        if (!Object.hasOwn(clean.answers, questionId)) this.stmt.insertAnswer.run(visitId, questionId, null, 1);
      }
      for (const need of plan.needs) this.stmt.insertNeed.run(visitId, need);
      for (const flag of plan.flags) this.stmt.insertFlag.run(visitId, flag);
      this.deps.extras?.write({ visitId, visitorId, checkedInAt }, command, staffId);

      const events: QueueEvent[] = plan.stops.map((stop, index) => {
        const ticketId = writer.createTicket({
          visitId,
          serviceId: stop.serviceId,
          serviceDay,
          stopOrder: index + 1,
          priority: plan.priority,
          queuedAt: checkedInAt,
          transferredFrom: null,
        });
        return writer.record(ticketId, 'created', checkedInAt, null, staffId, null);
      });
      if (staffId) {
        audit.record({ at: checkedInAt, staffId, action: 'visit.checked-in', subjectType: 'visit', subjectId: visitId, detail: { method: id.method } });
      }
      // The configuration's version and hash, and the hub, travel in every event's envelope.
      outbox.add({
        type: 'visit.checked-in',
        occurredAt: checkedInAt,
        payload: {
          visitId,
          serviceDay,
          checkedInAt,
          method: id.method,
          knownVisitor,
          visitor: visitorId ? visitorPseudonym(this.deps.programmeKey, visitorId) : null,
          consentVersion: command.consent.noticeVersion,
          optionalQuestions: command.consent.optionalQuestions,
          // Option ids only: an "other" answer's free text stays in how_heard_answers on the hub.
          howHeard: command.howHeard.map((h) => h.optionId),
          needs: plan.needs,
          flags: plan.flags,
          talkToSomeone: command.talkToSomeone,
          language: command.visitor.language,
          interpreter: command.visitor.interpreter,
          stops: plan.stops.map((s) => s.serviceId),
        },
      });
      return { events, knownVisitor, unknownIdentifier };
    });

    let outcome: { events: QueueEvent[]; knownVisitor: boolean; unknownIdentifier: boolean };
    try {
      outcome = run.immediate();
    } catch (error) {
      // Two submits of one journey racing: the loser answers with the winner's tickets.
      if (error instanceof Error && /UNIQUE constraint failed: visits\.request_id/.test(error.message)) {
        const winner = this.stmt.visitByRequest.get(command.requestId);
        if (winner) return this.replay(winner.id);
      }
      throw error;
    }
    listeners.publish(outcome.events);
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
      forNextOpening: this.forNextOpening(at),
      tickets: reads.ticketsWithWaits(visitId),
    };
  }

  /**
   * A card id in a check-in obeys the same rules as a card read (the id identify hands out is
   * already normalised, so it passes unchanged); a member id has the shape a QR code carries. Anything
   * else was never read from a card or code and would only add junk visitors.
   */
  private checkIdentifier(identification: CheckInCommand['identification']): void {
    if (identification.method === 'card') {
      const card = normaliseCard(identification.cardId, cardRulesOf(this.deps.ctx.hub.devices.cardReader));
      if (!card.ok || card.cardId !== identification.cardId) {
        throw new HubError('CARD_UNREADABLE', `This is not a card number this hub accepts${card.ok ? '' : ` (${card.detail})`}.`, {
          field: 'identification.cardId',
          details: { reason: card.ok ? 'not-normalised' : card.reason },
        });
      }
    } else if (identification.method === 'qr') {
      const booking = identification.memberId.startsWith('booking:');
      const raw = booking ? `FD1:B:${identification.memberId.slice('booking:'.length)}` : `FD1:M:${identification.memberId}`;
      const qr = parseQrPayload(raw);
      const same = qr.ok && (qr.payload.kind === 'booking' ? `booking:${qr.payload.reference}` : qr.payload.kind === 'member' ? qr.payload.memberId : null) === identification.memberId;
      if (!same) throw new HubError('QR_REJECTED', 'This is not a member id or booking reference this hub accepts.', { field: 'identification.memberId' });
    }
  }

  /** Checked in while the hub was closed: the opening the visit is for. */
  private forNextOpening(at: Date): string | null {
    return nextOpeningAfter(this.deps.ctx.hub, at)?.toISOString() ?? null;
  }

  /** The answer to a check-in that already happened (the same requestId): its visit and tickets. */
  private replay(visitId: string): CheckInResult {
    const visit = this.stmt.visitSummary.get(visitId);
    if (!visit) throw new HubError('NOT_FOUND', 'That visit does not exist.', { field: 'visitId' });
    const tickets = this.deps.reads.ticketsWithWaits(visitId);
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
      forNextOpening: this.forNextOpening(new Date(visit.checked_in_at)),
      tickets,
    };
  }
}
