import { randomUUID } from 'node:crypto';
import { timeOrderedId } from '../store/row-ids';
import { servicesOf, type HubConfig } from '../../src-shared/config/schema';
import { equalityQuestionIds, type EqualityQuestion } from '../../src-shared/config/reporting';
import type { z } from 'zod';
import type { EqualityAnswers, HubEventView, hubEventInput, hubEventUpdate, JourneyRequest } from '../../src-shared/reports/contract';
import { serviceDayOf } from '../../src-shared/time';
import { AuditLog } from '../auth/audit-log';
import { HubError } from '../errors';
import { visitorPseudonym } from '../identity/programme-key';
import { equalityColumns } from '../reports/report-facts';
import type { CheckInExtras } from '../queue/check-in';
import { command, query } from '../queue/statements';
import type { HubDatabase } from '../store/database';
import type { Outbox } from '../sync/outbox';

/**
 * What staff and managers record for programme evidence, beside the queue: journey facts (per visit
 * and service), the hub's events and who came for them, and the optional equality answers. Each
 * change, its audit row and its outbox row commit together.
 */

type JourneyRow = {
  id: number;
  visit_id: string;
  service_id: string;
  stage: 'signposted' | 'referred' | 'registered' | 'outcome';
  organisation_id: string | null;
  programme_id: string | null;
  outcome_kind: 'job' | 'self-employment' | 'education-training' | 'qualification' | 'in-work-support' | 'referral-taken-up' | null;
  evidence: string | null;
  occurred_on: string;
  recorded_at: string;
};
type EventRow = {
  id: string;
  name: string;
  kind: HubEventView['kind'];
  starts_at: string;
  ends_at: string;
  partner_id: string | null;
  capacity: number | null;
  cancelled_at: string | null;
  attendances: number;
};

/** A kiosk journey that began while an event ran may end a little after it. */
const checkInEventGraceMs = 60 * 60_000;

const eventColumns = `e.id, e.name, e.kind, e.starts_at, e.ends_at, e.partner_id, e.capacity, e.cancelled_at,
  (SELECT count(*) FROM visit_events ve WHERE ve.event_id = e.id) AS attendances`;

function statements(db: HubDatabase) {
  return {
    visit: query<[visitId: string], { id: string; visitor_id: string | null; checked_in_at: string; service_day: string }>(
      db,
      'SELECT id, visitor_id, checked_in_at, service_day FROM visits WHERE id = ?',
    ),
    insertFact: command<[{ visitId: string; serviceId: string; stage: string; organisationId: string | null; programmeId: string | null; outcomeKind: string | null; evidence: string | null; occurredOn: string; recordedAt: string; staffId: string | null }]>(
      db,
      `INSERT INTO journey_facts (visit_id, service_id, stage, organisation_id, programme_id, outcome_kind, evidence, occurred_on, recorded_at, staff_id)
       VALUES (@visitId, @serviceId, @stage, @organisationId, @programmeId, @outcomeKind, @evidence, @occurredOn, @recordedAt, @staffId)`,
    ),
    factsOfVisit: query<[visitId: string], JourneyRow>(
      db,
      `SELECT id, visit_id, service_id, stage, organisation_id, programme_id, outcome_kind, evidence, occurred_on, recorded_at
       FROM journey_facts WHERE visit_id = ? ORDER BY id`,
    ),
    events: query<[{ from: string | null; to: string | null }], EventRow>(
      db,
      `SELECT ${eventColumns} FROM hub_events e
       WHERE (@from IS NULL OR e.start_day >= @from) AND (@to IS NULL OR e.start_day <= @to) ORDER BY e.starts_at, e.id`,
    ),
    event: query<[eventId: string], EventRow>(db, `SELECT ${eventColumns} FROM hub_events e WHERE e.id = ?`),
    running: query<[{ at: string }], EventRow>(
      db,
      `SELECT ${eventColumns} FROM hub_events e WHERE e.starts_at <= @at AND e.ends_at > @at AND e.cancelled_at IS NULL ORDER BY e.starts_at`,
    ),
    insertEvent: command<[{ id: string; name: string; kind: string; startsAt: string; endsAt: string; startDay: string; partnerId: string | null; capacity: number | null; at: string; by: string | null }]>(
      db,
      `INSERT INTO hub_events (id, name, kind, starts_at, ends_at, start_day, partner_id, capacity, created_at, created_by, updated_at)
       VALUES (@id, @name, @kind, @startsAt, @endsAt, @startDay, @partnerId, @capacity, @at, @by, @at)`,
    ),
    updateEvent: command<[{ id: string; name: string; kind: string; startsAt: string; endsAt: string; startDay: string; partnerId: string | null; capacity: number | null; at: string; cancelled: 0 | 1 }]>(
      db,
      `UPDATE hub_events SET name = @name, kind = @kind, starts_at = @startsAt, ends_at = @endsAt, start_day = @startDay,
         partner_id = @partnerId, capacity = @capacity, updated_at = @at,
         cancelled_at = CASE WHEN @cancelled = 1 THEN coalesce(cancelled_at, @at) ELSE NULL END
       WHERE id = @id`,
    ),
    deleteEvent: command<[eventId: string]>(db, 'DELETE FROM hub_events WHERE id = ?'),
    tagVisit: command<[visitId: string, eventId: string, source: 'kiosk' | 'staff', at: string, staffId: string | null]>(
      db,
      `INSERT INTO visit_events (visit_id, event_id, source, tagged_at, staff_id) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(visit_id) DO UPDATE SET event_id = excluded.event_id, source = excluded.source, tagged_at = excluded.tagged_at, staff_id = excluded.staff_id`,
    ),
    untagVisit: command<[visitId: string]>(db, 'DELETE FROM visit_events WHERE visit_id = ?'),
    insertVisitor: command<[id: string, createdAt: string]>(db, 'INSERT INTO visitors (id, created_at) VALUES (?, ?)'),
    linkVisitor: command<[visitorId: string, visitId: string]>(db, 'UPDATE visits SET visitor_id = ? WHERE id = ? AND visitor_id IS NULL'),
    consentGiven: query<[visitId: string], { n: number }>(db, 'SELECT count(*) AS n FROM consents WHERE visit_id = ? AND optional_questions = 1'),
  };
}

function journeyView(r: JourneyRow) {
  return {
    id: r.id,
    visitId: r.visit_id,
    serviceId: r.service_id,
    stage: r.stage,
    organisationId: r.organisation_id,
    programmeId: r.programme_id,
    outcomeKind: r.outcome_kind,
    evidence: r.evidence,
    occurredOn: r.occurred_on,
    recordedAt: r.recorded_at,
  };
}

function eventView(r: EventRow): HubEventView {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    partnerId: r.partner_id,
    capacity: r.capacity,
    cancelled: r.cancelled_at !== null,
    attendances: r.attendances,
  };
}

export class ProgrammeRecords {
  private readonly stmt: ReturnType<typeof statements>;
  private readonly audit: AuditLog;

  constructor(
    private readonly db: HubDatabase,
    private readonly hub: HubConfig,
    private readonly now: () => Date,
    private readonly outbox: Outbox,
    /** Visitors appear upstream only as pseudonyms under the programme's key. */
    private readonly programmeKey: Buffer,
  ) {
    this.stmt = statements(db);
    this.audit = new AuditLog(db);
  }

  private requireVisit(visitId: string) {
    const visit = this.stmt.visit.get(visitId);
    if (!visit) throw new HubError('NOT_FOUND', 'That visit does not exist.', { field: 'visitId' });
    return visit;
  }

  // ---- journey ----------------------------------------------------------------------------

  factsOfVisit(visitId: string) {
    return this.stmt.factsOfVisit.all(visitId).map(journeyView);
  }

  recordJourney(visitId: string, request: JourneyRequest, staffId: string | null) {
    const visit = this.requireVisit(visitId);
    if (!servicesOf(this.hub).some((s) => s.id === request.serviceId)) {
      throw new HubError('UNKNOWN_SERVICE', `"${request.serviceId}" is not a service of this hub.`, { field: 'serviceId' });
    }
    const at = this.now();
    const today = serviceDayOf(at, this.hub.timeZone);
    const occurredOn = request.occurredOn ?? today;
    if (occurredOn > today) throw new HubError('VALIDATION_FAILED', 'occurredOn: a journey fact cannot be dated in the future.', { field: 'occurredOn' });
    if (occurredOn < visit.service_day) throw new HubError('VALIDATION_FAILED', `occurredOn: must not be before the visit (${visit.service_day}).`, { field: 'occurredOn' });
    const organisationId = request.stage === 'referred' ? request.organisationId : null;
    const programmeId = request.stage === 'registered' ? request.programmeId : request.stage === 'outcome' ? (request.programmeId ?? null) : null;
    const known = new Set([...this.hub.organisations.map((o) => o.id), ...this.hub.partners.map((p) => p.id)]);
    if (organisationId !== null && !known.has(organisationId)) {
      throw new HubError('VALIDATION_FAILED', `organisationId: "${organisationId}" is not an organisation or partner of this hub.`, { field: 'organisationId' });
    }
    if (programmeId !== null && !this.hub.programmes.some((p) => p.id === programmeId)) {
      throw new HubError('VALIDATION_FAILED', `programmeId: "${programmeId}" is not a programme of this hub.`, { field: 'programmeId' });
    }
    const recordedAt = at.toISOString();
    const row = {
      visitId,
      serviceId: request.serviceId,
      stage: request.stage,
      organisationId,
      programmeId,
      outcomeKind: request.stage === 'outcome' ? request.outcomeKind : null,
      evidence: request.stage === 'outcome' ? request.evidence : null,
      occurredOn,
      recordedAt,
      staffId,
    };
    const id = this.db.transaction(() => {
      const result = this.stmt.insertFact.run(row);
      const factId = Number(result.lastInsertRowid);
      this.audit.record({ at: recordedAt, staffId, action: 'journey.recorded', subjectType: 'visit', subjectId: visitId, detail: { stage: row.stage, serviceId: row.serviceId } });
      const { staffId: _staff, ...fact } = row;
      const visitor = visit.visitor_id ? visitorPseudonym(this.programmeKey, visit.visitor_id) : null;
      this.outbox.add({ type: 'journey.recorded', occurredAt: recordedAt, payload: { factId, visitor, ...fact } });
      return factId;
    })();
    const facts = this.factsOfVisit(visitId);
    return { fact: facts.find((f) => f.id === id)!, facts };
  }

  // ---- events -----------------------------------------------------------------------------

  listEvents(range: { from?: string | undefined; to?: string | undefined }): HubEventView[] {
    return this.stmt.events.all({ from: range.from ?? null, to: range.to ?? null }).map(eventView);
  }

  runningEvents(): HubEventView[] {
    return this.stmt.running.all({ at: this.now().toISOString() }).map(eventView);
  }

  private checkPartner(partnerId: string | null): void {
    if (partnerId !== null && !this.hub.partners.some((p) => p.id === partnerId) && !this.hub.organisations.some((o) => o.id === partnerId)) {
      throw new HubError('VALIDATION_FAILED', `partnerId: "${partnerId}" is not a partner or organisation of this hub.`, { field: 'partnerId' });
    }
  }

  createEvent(input: z.output<typeof hubEventInput>, staffId: string | null): HubEventView {
    this.checkPartner(input.partnerId);
    const id = randomUUID();
    const at = this.now().toISOString();
    const startsAt = new Date(input.startsAt).toISOString();
    const endsAt = new Date(input.endsAt).toISOString();
    this.db.transaction(() => {
      this.stmt.insertEvent.run({ id, name: input.name, kind: input.kind, startsAt, endsAt, startDay: serviceDayOf(new Date(startsAt), this.hub.timeZone), partnerId: input.partnerId, capacity: input.capacity, at, by: staffId });
      this.audit.record({ at, staffId, action: 'event.created', subjectType: 'event', subjectId: id, detail: { name: input.name } });
      this.outbox.add({ type: 'event.saved', occurredAt: at, payload: { eventId: id, kind: input.kind, startsAt, endsAt, partnerId: input.partnerId, capacity: input.capacity, cancelled: false } });
    })();
    return eventView(this.stmt.event.get(id)!);
  }

  updateEvent(eventId: string, input: z.output<typeof hubEventUpdate>, staffId: string | null): HubEventView {
    if (!this.stmt.event.get(eventId)) throw new HubError('NOT_FOUND', 'That event does not exist.', { field: 'eventId' });
    this.checkPartner(input.partnerId);
    const at = this.now().toISOString();
    const startsAt = new Date(input.startsAt).toISOString();
    const endsAt = new Date(input.endsAt).toISOString();
    this.db.transaction(() => {
      this.stmt.updateEvent.run({ id: eventId, name: input.name, kind: input.kind, startsAt, endsAt, startDay: serviceDayOf(new Date(startsAt), this.hub.timeZone), partnerId: input.partnerId, capacity: input.capacity, at, cancelled: input.cancelled ? 1 : 0 });
      this.audit.record({ at, staffId, action: input.cancelled ? 'event.cancelled' : 'event.updated', subjectType: 'event', subjectId: eventId, detail: { name: input.name } });
      this.outbox.add({ type: 'event.saved', occurredAt: at, payload: { eventId, kind: input.kind, startsAt, endsAt, partnerId: input.partnerId, capacity: input.capacity, cancelled: input.cancelled } });
    })();
    return eventView(this.stmt.event.get(eventId)!);
  }

  /** An event nobody came for can be removed; one with attendances is cancelled instead, so counts stay. */
  deleteEvent(eventId: string, staffId: string | null): void {
    const event = this.stmt.event.get(eventId);
    if (!event) throw new HubError('NOT_FOUND', 'That event does not exist.', { field: 'eventId' });
    if (event.attendances > 0) {
      throw new HubError('INVALID_TRANSITION', `${event.attendances} check-ins came for this event; cancel it instead of deleting it, so they still count.`, { field: 'eventId' });
    }
    const at = this.now().toISOString();
    this.db.transaction(() => {
      this.stmt.deleteEvent.run(eventId);
      this.audit.record({ at, staffId, action: 'event.deleted', subjectType: 'event', subjectId: eventId, detail: { name: event.name } });
      this.outbox.add({ type: 'event.deleted', occurredAt: at, payload: { eventId } });
    })();
  }

  /** Attributes a visit to an event (or clears it with null): the event must be running, or have run that day. */
  tagVisit(visitId: string, eventId: string | null, source: 'kiosk' | 'staff', staffId: string | null): { visitId: string; eventId: string | null } {
    const visit = this.requireVisit(visitId);
    const at = this.now().toISOString();
    if (eventId !== null) {
      const event = this.stmt.event.get(eventId);
      if (!event || event.cancelled_at !== null) throw new HubError('NOT_FOUND', 'That event does not exist or was cancelled.', { field: 'eventId' });
      const day = serviceDayOf(new Date(event.starts_at), this.hub.timeZone);
      const lastDay = serviceDayOf(new Date(event.ends_at), this.hub.timeZone);
      if (visit.service_day < day || visit.service_day > lastDay) {
        throw new HubError('VALIDATION_FAILED', `eventId: that event ran on ${day}, not on the day of this visit (${visit.service_day}).`, { field: 'eventId' });
      }
    }
    this.db.transaction(() => {
      if (eventId === null) this.stmt.untagVisit.run(visitId);
      else this.stmt.tagVisit.run(visitId, eventId, source, at, staffId);
      this.audit.record({ at, staffId, action: 'visit.event-tagged', subjectType: 'visit', subjectId: visitId, detail: { eventId, source } });
      this.outbox.add({ type: 'visit.event-tagged', occurredAt: at, payload: { visitId, eventId, source } });
    })();
    return { visitId, eventId };
  }

  // ---- equality answers -------------------------------------------------------------------

  /** The questions answered, in their fixed order; refuses any this hub does not ask. */
  private answered(answers: EqualityAnswers, field: string): { given: [EqualityQuestion, string][]; columns: EqualityQuestion[] } {
    if (!this.hub.equality.enabled) throw new HubError('FORBIDDEN', 'This hub does not ask the equality questions.', { field });
    const asked = new Set(this.hub.equality.questions);
    const given = (Object.entries(answers) as [EqualityQuestion, string | undefined][]).filter((e): e is [EqualityQuestion, string] => e[1] !== undefined);
    for (const [q] of given) {
      if (!asked.has(q)) throw new HubError('VALIDATION_FAILED', `${field}.${q}: this hub does not ask this question.`, { field: `${field}.${q}` });
    }
    return { given, columns: equalityQuestionIds.filter((q) => given.some(([g]) => g === q)) };
  }

  /**
   * Writes the answers (inside the caller's transaction). An anonymous visit gets a visitor record
   * here: answering is when a walk-in becomes someone the hub knows, without a name.
   */
  private writeAnswers(
    visit: { id: string; visitor_id: string | null },
    answered: { given: [EqualityQuestion, string][]; columns: EqualityQuestion[] },
    source: 'kiosk' | 'staff',
    staffId: string | null,
    at: string,
  ): void {
    let visitorId = visit.visitor_id;
    if (!visitorId) {
      visitorId = timeOrderedId(at);
      this.stmt.insertVisitor.run(visitorId, at);
      this.stmt.linkVisitor.run(visitorId, visit.id);
    }
    const { given, columns } = answered;
    if (columns.length > 0) {
      // Column names come from the fixed table in report-facts.ts; values are bound.
      const names = columns.map((q) => equalityColumns[q]);
      const sql = `INSERT INTO demographics (visitor_id, ${names.join(', ')}, source, consent_visit_id, updated_at)
        VALUES (@visitorId, ${columns.map((q) => `@${q}`).join(', ')}, @source, @visitId, @at)
        ON CONFLICT(visitor_id) DO UPDATE SET ${names.map((n, i) => `${n} = @${columns[i]}`).join(', ')},
          source = @source, consent_visit_id = @visitId, updated_at = @at`;
      this.db.prepare(sql).run({ visitorId, source, visitId: visit.id, at, ...Object.fromEntries(given) });
    }
    this.audit.record({ at, staffId, action: 'demographics.recorded', subjectType: 'visit', subjectId: visit.id, detail: { questions: columns.length, source } });
  }

  /** Stores the answers a visitor agreed to give (only questions this hub asks). */
  recordDemographics(visitId: string, answers: EqualityAnswers, source: 'kiosk' | 'staff', staffId: string | null): { visitId: string; recorded: string[] } {
    const answered = this.answered(answers, 'answers');
    const visit = this.requireVisit(visitId);
    if (source === 'kiosk' && this.stmt.consentGiven.one(visitId).n === 0) {
      throw new HubError('VALIDATION_FAILED', 'consent: the resident did not agree to the optional questions at this visit.', { field: 'consent' });
    }
    const at = this.now().toISOString();
    this.db.transaction(() => this.writeAnswers(visit, answered, source, staffId, at))();
    return { visitId, recorded: answered.columns };
  }

  // ---- what a check-in carries --------------------------------------------------------------

  /** The event a check-in is for: running now, or ended within the last hour (a journey begun while it ran), that day. */
  private eventForCheckIn(eventId: string, at: Date, serviceDay: string): EventRow {
    const event = this.stmt.event.get(eventId);
    const ran = event && event.cancelled_at === null && Date.parse(event.starts_at) <= at.getTime() && at.getTime() < Date.parse(event.ends_at) + checkInEventGraceMs;
    if (!event || !ran || serviceDayOf(new Date(event.starts_at), this.hub.timeZone) > serviceDay) {
      throw new HubError('VALIDATION_FAILED', 'eventId: that event is not running now.', { field: 'eventId' });
    }
    return event;
  }

  /**
   * The equality answers and the event a check-in carries (the kiosk asks both): refused before
   * anything is written when they cannot be recorded, then written in the check-in's transaction.
   */
  checkInExtras(): CheckInExtras {
    return {
      check: (command, at, serviceDay) => {
        if (command.equality) {
          this.answered(command.equality, 'equality');
          if (!command.consent.optionalQuestions) {
            throw new HubError('VALIDATION_FAILED', 'equality: the resident did not agree to the optional questions.', { field: 'equality' });
          }
        }
        if (command.eventId !== undefined) this.eventForCheckIn(command.eventId, at, serviceDay);
      },
      write: (visit, command, staffId) => {
        const source = staffId === null ? 'kiosk' : 'staff';
        if (command.equality) {
          const answered = this.answered(command.equality, 'equality');
          this.writeAnswers({ id: visit.visitId, visitor_id: visit.visitorId }, answered, source, staffId, visit.checkedInAt);
        }
        if (command.eventId !== undefined) {
          this.stmt.tagVisit.run(visit.visitId, command.eventId, source, visit.checkedInAt, staffId);
          this.outbox.add({ type: 'visit.event-tagged', occurredAt: visit.checkedInAt, payload: { visitId: visit.visitId, eventId: command.eventId, source } });
        }
      },
    };
  }
}
