import type { FindSubjectsReply, SubjectExport, SubjectMatch, SubjectQuery, SubjectRef } from '../../src-shared/api/privacy-contract';
import { localize, servicesOf, type FlagKind, type HubConfig } from '../../src-shared/config/schema';
import { cardRulesOf, normaliseCard } from '../../src-shared/devices/card-rules';
import { parseQrPayload } from '../../src-shared/devices/qr-payload';
import { HubError } from '../errors';
import { hashIdentifier } from '../identity/keyed-hash';
import { flagList, splitList } from '../queue/ticket-row';
import type { HubDatabase } from '../store/database';

type VisitRow = {
  id: string;
  visitor_id: string | null;
  service_day: string;
  checked_in_at: string;
  method: string;
  display_name: string | null;
  language: string | null;
  interpreter: number;
  accessibility: string;
  talk_to_someone: number;
  personal_data_removed_at: string | null;
  flags: string | null;
  needs: string | null;
};

const visitColumns = `v.id, v.visitor_id, v.service_day, v.checked_in_at, v.method, v.display_name, v.language, v.interpreter,
  v.accessibility, v.talk_to_someone, v.personal_data_removed_at,
  (SELECT group_concat(f.flag) FROM visit_flags f WHERE f.visit_id = v.id) AS flags,
  (SELECT group_concat(n.need_id) FROM visit_needs n WHERE n.visit_id = v.id) AS needs`;

function statements(db: HubDatabase) {
  return {
    identifier: db.prepare('SELECT visitor_id FROM visitor_identifiers WHERE hash = ?'),
    visitor: db.prepare('SELECT id, created_at, display_name, language FROM visitors WHERE id = ?'),
    identifiersOf: db.prepare('SELECT kind, created_at FROM visitor_identifiers WHERE visitor_id = ? ORDER BY created_at'),
    demographicsOf: db.prepare('SELECT * FROM demographics WHERE visitor_id = ?'),
    visitsOf: db.prepare(`SELECT ${visitColumns} FROM visits v WHERE v.visitor_id = ? ORDER BY v.checked_in_at`),
    visit: db.prepare(`SELECT ${visitColumns} FROM visits v WHERE v.id = ?`),
    visitOfTicket: db.prepare('SELECT visit_id FROM tickets WHERE id = ?'),
    byNameAndDay: db.prepare(
      `SELECT v.id, v.visitor_id FROM visits v LEFT JOIN visitors r ON r.id = v.visitor_id
       WHERE v.service_day = @day AND (v.display_name LIKE @name ESCAPE '\\' OR r.display_name LIKE @name ESCAPE '\\')
       ORDER BY v.checked_in_at LIMIT 50`,
    ),
    consent: db.prepare('SELECT notice_version, optional_questions, given_at FROM consents WHERE visit_id = ? ORDER BY id LIMIT 1'),
    howHeard: db.prepare('SELECT option_id, free_text FROM how_heard_answers WHERE visit_id = ? ORDER BY option_id'),
    answers: db.prepare('SELECT question_id, answer, skipped FROM triage_answers WHERE visit_id = ? ORDER BY question_id'),
    tickets: db.prepare(
      'SELECT number, service_id, status, desk, queued_at, called_at, started_at, finished_at FROM tickets WHERE visit_id = ? ORDER BY stop_order, seq',
    ),
    outcomes: db.prepare('SELECT service_id, kind, referred_to, note, recorded_at FROM outcomes WHERE visit_id = ? ORDER BY recorded_at'),
    journey: db.prepare(
      `SELECT service_id, stage, organisation_id, programme_id, outcome_kind, evidence, occurred_on, recorded_at
       FROM journey_facts WHERE visit_id = ? ORDER BY occurred_on, id`,
    ),
    event: db.prepare('SELECT e.name FROM visit_events ve JOIN hub_events e ON e.id = ve.event_id WHERE ve.visit_id = ?'),
    visitCount: db.prepare('SELECT count(*) AS n, min(service_day) AS first, max(service_day) AS last FROM visits WHERE visitor_id = ?'),
    outbox: db.prepare(
      `SELECT count(*) AS n FROM outbox, json_each(@visits) ids
       WHERE outbox.id > @cursor AND json_valid(outbox.payload) AND json_extract(outbox.payload, '$.visitId') = ids.value`,
    ),
    cursor: db.prepare(`SELECT value FROM sync_state WHERE key = 'outbox.cursor'`),
  };
}

/**
 * Subject access: finding one resident by card, QR code or name and visit day, and everything the
 * hub holds about them, in words (labels of the hub's configuration, not ids) for an export.
 */
export class SubjectAccess {
  private readonly stmt: ReturnType<typeof statements>;

  constructor(
    private readonly db: HubDatabase,
    private readonly hub: HubConfig,
    private readonly identifierKey: Buffer,
  ) {
    this.stmt = statements(db);
  }

  find(query: SubjectQuery): FindSubjectsReply {
    switch (query.by) {
      case 'card': {
        const card = normaliseCard(query.raw, cardRulesOf(this.hub.devices.cardReader));
        if (!card.ok) throw new HubError('CARD_UNREADABLE', `This is not a card number this hub accepts (${card.detail}).`, { field: 'raw' });
        return this.byIdentifier('card', card.cardId);
      }
      case 'qr': {
        const qr = parseQrPayload(query.raw);
        if (!qr.ok) throw new HubError('QR_REJECTED', `This QR code cannot be used here: ${qr.detail}.`, { field: 'raw' });
        const payload = qr.payload;
        if (payload.kind === 'member') return this.byIdentifier('qr', payload.memberId);
        if (payload.kind === 'booking') return this.byIdentifier('qr', `booking:${payload.reference}`);
        // A printed ticket: the visit it belongs to, or its resident.
        const ticket = this.stmt.visitOfTicket.get(payload.ticketId) as { visit_id: string } | undefined;
        const visit = ticket ? (this.stmt.visit.get(ticket.visit_id) as VisitRow | undefined) : undefined;
        return { matches: visit ? [this.matchOf(visit.visitor_id ? { kind: 'resident', visitorId: visit.visitor_id } : { kind: 'visit', visitId: visit.id })] : [] };
      }
      case 'name': {
        const like = `${query.name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        const rows = this.stmt.byNameAndDay.all({ day: query.day, name: like }) as { id: string; visitor_id: string | null }[];
        const seen = new Set<string>();
        const matches: SubjectMatch[] = [];
        for (const row of rows) {
          const subject: SubjectRef = row.visitor_id ? { kind: 'resident', visitorId: row.visitor_id } : { kind: 'visit', visitId: row.id };
          const key = subject.kind === 'resident' ? `r:${subject.visitorId}` : `v:${subject.visitId}`;
          if (seen.has(key)) continue;
          seen.add(key);
          matches.push(this.matchOf(subject));
        }
        return { matches };
      }
    }
  }

  /** The visits of a subject: all of a resident's, or the one visit. Refuses one that does not exist. */
  visitIdsOf(subject: SubjectRef): string[] {
    if (subject.kind === 'visit') {
      this.requireVisit(subject.visitId);
      return [subject.visitId];
    }
    this.requireVisitor(subject.visitorId);
    return (this.stmt.visitsOf.all(subject.visitorId) as VisitRow[]).map((v) => v.id);
  }

  export(subject: SubjectRef, at: string): SubjectExport {
    const resident = subject.kind === 'resident' ? this.residentOf(subject.visitorId) : null;
    const visits = subject.kind === 'resident' ? (this.stmt.visitsOf.all(subject.visitorId) as VisitRow[]) : [this.requireVisit(subject.visitId)];
    const cursor = Number((this.stmt.cursor.get() as { value: string } | undefined)?.value ?? 0);
    const outbox = this.stmt.outbox.get({ visits: JSON.stringify(visits.map((v) => v.id)), cursor }) as { n: number };
    return {
      exportedAt: at,
      hub: { id: this.hub.id, name: this.hub.name.en },
      subject,
      resident,
      visits: visits.map((v) => this.exportVisit(v)),
      outboxEvents: outbox.n,
      retention: { personalDataRetentionDays: this.hub.privacy.personalDataRetentionDays, visitRetentionDays: this.hub.privacy.visitRetentionDays },
    };
  }

  private byIdentifier(kind: 'card' | 'qr', id: string): FindSubjectsReply {
    const row = this.stmt.identifier.get(hashIdentifier(this.identifierKey, kind, id)) as { visitor_id: string } | undefined;
    return { matches: row ? [this.matchOf({ kind: 'resident', visitorId: row.visitor_id })] : [] };
  }

  private matchOf(subject: SubjectRef): SubjectMatch {
    if (subject.kind === 'visit') {
      const v = this.requireVisit(subject.visitId);
      return { subject, displayName: v.display_name, identifiers: [], visits: 1, firstVisit: v.service_day, lastVisit: v.service_day };
    }
    const visitor = this.requireVisitor(subject.visitorId);
    const identifiers = [...new Set((this.stmt.identifiersOf.all(subject.visitorId) as { kind: 'card' | 'qr' }[]).map((i) => i.kind))];
    const count = this.stmt.visitCount.get(subject.visitorId) as { n: number; first: string | null; last: string | null };
    return { subject, displayName: visitor.display_name, identifiers, visits: count.n, firstVisit: count.first, lastVisit: count.last };
  }

  private requireVisit(visitId: string): VisitRow {
    const visit = this.stmt.visit.get(visitId) as VisitRow | undefined;
    if (!visit) throw new HubError('NOT_FOUND', 'There is no such visit (it may have been erased or deleted by retention).', { field: 'subject.visitId' });
    return visit;
  }

  private requireVisitor(visitorId: string): { id: string; created_at: string; display_name: string | null; language: string | null } {
    const visitor = this.stmt.visitor.get(visitorId) as { id: string; created_at: string; display_name: string | null; language: string | null } | undefined;
    if (!visitor) throw new HubError('NOT_FOUND', 'There is no such resident (they may have been erased, or their record removed by retention).', { field: 'subject.visitorId' });
    return visitor;
  }

  private residentOf(visitorId: string): SubjectExport['resident'] {
    const visitor = this.requireVisitor(visitorId);
    const demographics = this.stmt.demographicsOf.get(visitorId) as Record<string, string | null> | undefined;
    let shown: Record<string, string | null> | null = null;
    if (demographics) {
      const { visitor_id: _visitor, ...rest } = demographics;
      shown = rest;
    }
    return {
      since: visitor.created_at,
      displayName: visitor.display_name,
      language: visitor.language,
      identifiers: (this.stmt.identifiersOf.all(visitorId) as { kind: 'card' | 'qr'; created_at: string }[]).map((i) => ({ kind: i.kind, since: i.created_at })),
      demographics: shown,
    };
  }

  private exportVisit(v: VisitRow): SubjectExport['visits'][number] {
    const services = new Map(servicesOf(this.hub).map((s) => [s.id, localize(s.name, 'en')]));
    const questions = new Map(this.hub.triage.questions.map((q) => [q.id, q]));
    const needs = new Map(this.hub.triage.needs.map((n) => [n.id, localize(n.label, 'en')]));
    const options = new Map(this.hub.howHeard.options.map((o) => [o.id, localize(o.label, 'en')]));
    const organisations = new Map(this.hub.organisations.map((o) => [o.id, o.name]));
    const programmes = new Map(this.hub.programmes.map((p) => [p.id, p.name]));
    const consent = this.stmt.consent.get(v.id) as { notice_version: string; optional_questions: number; given_at: string } | undefined;
    let accessibility: string[] = [];
    try {
      const parsed: unknown = JSON.parse(v.accessibility);
      if (Array.isArray(parsed)) accessibility = parsed.map(String);
    } catch {
      accessibility = [];
    }
    return {
      visitId: v.id,
      serviceDay: v.service_day,
      checkedInAt: v.checked_in_at,
      method: v.method,
      displayName: v.display_name,
      language: v.language,
      interpreter: v.interpreter === 1,
      accessibility,
      talkToSomeone: v.talk_to_someone === 1,
      privacyNotice: consent ? { version: consent.notice_version, optionalQuestions: consent.optional_questions === 1, agreedAt: consent.given_at } : null,
      howHeard: (this.stmt.howHeard.all(v.id) as { option_id: string; free_text: string | null }[]).map((h) => ({
        option: options.get(h.option_id) ?? h.option_id,
        text: h.free_text,
      })),
      answers: (this.stmt.answers.all(v.id) as { question_id: string; answer: string | null; skipped: number }[]).map((a) => {
        const question = questions.get(a.question_id);
        return { question: question ? localize(question.prompt, 'en') : a.question_id, answer: answerInWords(a.answer, question), skipped: a.skipped === 1 };
      }),
      needs: splitList(v.needs).map((n) => needs.get(n) ?? n),
      flags: flagList(v.flags) as FlagKind[],
      tickets: (
        this.stmt.tickets.all(v.id) as {
          number: string;
          service_id: string;
          status: string;
          desk: string | null;
          queued_at: string;
          called_at: string | null;
          started_at: string | null;
          finished_at: string | null;
        }[]
      ).map((t) => ({
        number: t.number,
        service: services.get(t.service_id) ?? t.service_id,
        status: t.status,
        desk: t.desk,
        queuedAt: t.queued_at,
        calledAt: t.called_at,
        startedAt: t.started_at,
        finishedAt: t.finished_at,
      })),
      outcomes: (this.stmt.outcomes.all(v.id) as { service_id: string; kind: string; referred_to: string | null; note: string | null; recorded_at: string }[]).map((o) => ({
        service: services.get(o.service_id) ?? o.service_id,
        kind: o.kind,
        referredTo: o.referred_to,
        note: o.note,
        recordedAt: o.recorded_at,
      })),
      journey: (
        this.stmt.journey.all(v.id) as {
          service_id: string;
          stage: string;
          organisation_id: string | null;
          programme_id: string | null;
          outcome_kind: string | null;
          evidence: string | null;
          occurred_on: string;
          recorded_at: string;
        }[]
      ).map((j) => ({
        service: services.get(j.service_id) ?? j.service_id,
        stage: j.stage,
        organisation: j.organisation_id === null ? null : (organisations.get(j.organisation_id) ?? j.organisation_id),
        programme: j.programme_id === null ? null : (programmes.get(j.programme_id) ?? j.programme_id),
        outcome: j.outcome_kind,
        evidence: j.evidence,
        occurredOn: j.occurred_on,
        recordedAt: j.recorded_at,
      })),
      event: (this.stmt.event.get(v.id) as { name: string } | undefined)?.name ?? null,
      personalDataRemovedAt: v.personal_data_removed_at,
    };
  }
}

/** A stored answer (JSON) in words: option labels for choices, yes or no, the text as typed. */
function answerInWords(stored: string | null, question: HubConfig['triage']['questions'][number] | undefined): string | null {
  if (stored === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(stored);
  } catch {
    return stored;
  }
  const label = (id: unknown) => {
    if (question && (question.kind === 'single' || question.kind === 'multi')) {
      const option = question.options.find((o) => o.id === id);
      if (option) return localize(option.label, 'en');
    }
    return String(id);
  };
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.map(label).join(', ');
  if (typeof value === 'string') return question?.kind === 'text' ? value : label(value);
  return String(value);
}
