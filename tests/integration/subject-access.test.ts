/**
 * Subject access and erasure over HTTP, as an administrator: finding a resident by card, QR code
 * (membership or a printed ticket) or name and visit day; exporting what is held as JSON and a
 * page; erasing them with a reason — after which their card starts as unknown, the collector is
 * told through the outbox, and their personal data is gone from the files.
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databasePath } from '../../src-main/shell/data-dir';
import type { CheckInResponse, IdentifyResponse, TicketView, VisitSearchResult } from '../../src-shared/api/contract';
import type { ErasureReply, FindSubjectsReply, SubjectAccessReply } from '../../src-shared/api/privacy-contract';
import { checkInBody, queueTestHub } from '../helpers/queue-hub';
import { call, signIn, signInAs, startTestHub, testPassword, type StaffSession, type TestHub } from '../helpers/running-hub';

type ErrorBody = { error?: { code: string; field?: string } };

describe('subject access and erasure', () => {
  let nowMs = Date.parse('2026-04-14T09:00:00.000Z');
  let hub: TestHub;
  let admin: StaffSession;
  let reception: StaffSession;
  const card = '31415926';
  const visits: string[] = [];
  let ticketId = '';
  let walkInVisit = '';
  let visitorId = '';

  async function checkIn(body: ReturnType<typeof checkInBody>, extra: Record<string, unknown> = {}): Promise<CheckInResponse> {
    nowMs += 60_000;
    const res = await call<CheckInResponse>(hub, 'POST', '/api/check-ins', { ...body, ...extra });
    expect(res.status).toBe(201);
    return res.body;
  }

  beforeAll(async () => {
    hub = await startTestHub({ hub: queueTestHub(), now: () => new Date(nowMs) });
    admin = await signInAs(hub, 'admin');
    reception = await signInAs(hub, 'reception');
    const token = (await call<IdentifyResponse>(hub, 'POST', '/api/identify', { method: 'card', raw: card })).body.token.id;
    const first = await checkIn(checkInBody({ help: ['money'], name: 'Ottilie<script>', card: token }), {
      answers: { 'help-with': ['money'], 'anything-else': 'my neighbour knows' },
      howHeard: [{ optionId: 'other', text: 'poster at the GP' }],
    });
    visits.push(first.visitId);
    ticketId = first.tickets[0]!.id;
    const called = await reception.call<{ ticket: TicketView }>('POST', '/api/services/money/call-next', { desk: 'Desk 1' });
    await reception.call('POST', `/api/tickets/${called.body.ticket.id}/finish`, { outcome: 'referred', referredTo: 'Food bank', note: 'needs a voucher' });
    nowMs = Date.parse('2026-04-21T10:00:00.000Z');
    visits.push((await checkIn(checkInBody({ help: ['housing'], name: null, card: token }))).visitId);
    walkInVisit = (await checkIn(checkInBody({ help: ['work'], name: 'Ottilie' }))).visitId;
    await checkIn(checkInBody({ help: ['work'], name: 'Someone else' }));
    visitorId = (hub.hub.db.prepare('SELECT visitor_id FROM visits WHERE id = ?').get(visits[0]) as { visitor_id: string }).visitor_id;
    // Programme evidence about them: equality answers, a journey fact, the event they came for.
    const db = hub.hub.db;
    db.prepare(
      `INSERT INTO demographics (visitor_id, age_band, long_term_condition, activity_limitation, source, consent_visit_id, updated_at)
       VALUES (?, '25-34', 'yes', 'a-little', 'staff', ?, '2026-04-14T09:30:00.000Z')`,
    ).run(visitorId, visits[0]);
    db.prepare(
      `INSERT INTO journey_facts (visit_id, service_id, stage, outcome_kind, evidence, occurred_on, recorded_at)
       VALUES (?, 'money', 'outcome', 'job', 'payslip-or-contract', '2026-04-20', '2026-04-21T09:00:00.000Z')`,
    ).run(visits[0]);
    db.prepare(
      `INSERT INTO hub_events (id, name, kind, starts_at, ends_at, start_day, created_at, updated_at)
       VALUES ('ev-fair', 'Spring jobs fair', 'jobs-fair', '2026-04-14T08:00:00.000Z', '2026-04-14T15:00:00.000Z', '2026-04-14', 'x', 'x')`,
    ).run();
    db.prepare(`INSERT INTO visit_events (visit_id, event_id, source, tagged_at) VALUES (?, 'ev-fair', 'kiosk', '2026-04-14T09:01:00.000Z')`).run(visits[0]);
    // A week on: the morning's sessions have ended.
    admin = await signIn(hub, admin.staff.username, { password: testPassword });
  });
  afterAll(async () => hub?.dispose());

  it('finds a resident by their card, a printed ticket, or a name and the day of a visit', async () => {
    const byCard = await admin.call<FindSubjectsReply>('POST', '/api/privacy/subjects/find', { by: 'card', raw: ` ${card} ` });
    expect(byCard.status).toBe(200);
    expect(byCard.body.matches).toEqual([
      { subject: { kind: 'resident', visitorId }, displayName: 'Ottilie<script>', identifiers: ['card'], visits: 2, firstVisit: '2026-04-14', lastVisit: '2026-04-21' },
    ]);
    const byTicket = await admin.call<FindSubjectsReply>('POST', '/api/privacy/subjects/find', { by: 'qr', raw: `FD1:T:${ticketId}` });
    expect(byTicket.body.matches.map((m) => m.subject)).toEqual([{ kind: 'resident', visitorId }]);
    const byName = await admin.call<FindSubjectsReply>('POST', '/api/privacy/subjects/find', { by: 'name', name: 'ottilie', day: '2026-04-21' });
    // The card holder's record carries the name; the walk-in gave it at the visit.
    expect(byName.body.matches.map((m) => m.subject)).toEqual([{ kind: 'resident', visitorId }, { kind: 'visit', visitId: walkInVisit }]);
    const unknown = await admin.call<FindSubjectsReply>('POST', '/api/privacy/subjects/find', { by: 'card', raw: '27182818' });
    expect(unknown.body.matches).toEqual([]);
    const unreadable = await admin.call<ErrorBody>('POST', '/api/privacy/subjects/find', { by: 'card', raw: 'no!' });
    expect(unreadable.status).toBe(422);
    const searches = hub.auth.audit.query({ action: 'privacy.searched', page: 1, pageSize: 10 });
    expect(searches.entries.map((e) => e.detail)).toContainEqual({ by: 'card', matches: 1 });
    expect(JSON.stringify(searches.entries)).not.toContain(card);
  });

  it('exports everything held about them as JSON and as a page, and logs who asked and why', async () => {
    const res = await admin.call<SubjectAccessReply>('POST', '/api/privacy/subjects/export', {
      subject: { kind: 'resident', visitorId },
      requestedBy: 'resident',
      reason: 'asked at reception',
    });
    expect(res.status).toBe(200);
    const data = res.body.export;
    expect(data.resident).toMatchObject({ displayName: 'Ottilie<script>', identifiers: [{ kind: 'card' }] });
    expect(data.visits.map((v) => v.visitId)).toEqual(visits);
    const first = data.visits[0]!;
    expect(first.privacyNotice).toMatchObject({ version: '2026-11', optionalQuestions: true });
    expect(first.howHeard).toEqual([{ option: 'Other', text: 'poster at the GP' }]);
    expect(first.answers).toContainEqual({ question: 'Anything else?', answer: 'my neighbour knows', skipped: false });
    expect(first.answers).toContainEqual({ question: 'What would you like help with today?', answer: 'Money', skipped: false });
    expect(first.outcomes).toEqual([expect.objectContaining({ service: 'Money advice', kind: 'referred', referredTo: 'Food bank', note: 'needs a voucher' })]);
    expect(first.tickets[0]).toMatchObject({ service: 'Money advice', status: 'done' });
    // Equality answers and the journey of programme evidence, and the event they came for.
    expect(data.resident?.demographics).toMatchObject({ age_band: '25-34', long_term_condition: 'yes', activity_limitation: 'a-little', source: 'staff' });
    expect(first.journey).toEqual([
      { service: 'Money advice', stage: 'outcome', organisation: null, programme: null, outcome: 'job', evidence: 'payslip-or-contract', occurredOn: '2026-04-20', recordedAt: '2026-04-21T09:00:00.000Z' },
    ]);
    expect(first.event).toBe('Spring jobs fair');
    expect(res.body.html).toContain('Spring jobs fair');
    expect(res.body.html).toContain('payslip-or-contract');
    expect(data.outboxEvents).toBeGreaterThan(0);
    expect(res.body.html).toContain('Ottilie&lt;script&gt;');
    expect(res.body.html).not.toContain('<script>');
    expect(res.body.html).toContain('needs a voucher');
    expect(res.body.fileName).toMatch(/^front-door-subject-access-2026-04-21$/);
    const logged = hub.auth.audit.query({ action: 'privacy.exported', page: 1, pageSize: 10 }).entries;
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ staffId: admin.staff.id, subjectType: 'resident', subjectId: visitorId, detail: { requestedBy: 'resident', reason: 'asked at reception', visits: 2 } });

    const noReason = await admin.call<ErrorBody>('POST', '/api/privacy/subjects/export', { subject: { kind: 'resident', visitorId }, requestedBy: 'resident', reason: ' ' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error?.field).toBe('reason');
  });

  it('erases them: the card is unknown again, the collector is told, the anonymous rows stay counted', async () => {
    const ticketsBefore = (hub.hub.db.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n;
    const res = await admin.call<ErasureReply>('POST', '/api/privacy/subjects/erase', {
      subject: { kind: 'resident', visitorId },
      basis: 'objection',
      reason: 'objects to processing, letter of 20 April',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ visits: 2, cleared: { visitors: 1, visitor_identifiers: 1, 'visits.display_name': 1, 'outcomes.note': 1, 'outcomes.referred_to': 1 } });
    expect(res.body.cleared['outbox']).toBeGreaterThan(0);

    const identified = await call<IdentifyResponse>(hub, 'POST', '/api/identify', { method: 'card', raw: card });
    expect(identified.body.known).toBe(false);
    expect(hub.hub.db.prepare('SELECT count(*) AS n FROM tickets').get()).toEqual({ n: ticketsBefore });
    expect(hub.hub.db.prepare(`SELECT display_name, visitor_id, personal_data_removed_at IS NOT NULL AS cleared FROM visits WHERE id = ?`).get(visits[0])).toEqual({
      display_name: null,
      visitor_id: null,
      cleared: 1,
    });
    const erased = hub.hub.db.prepare(`SELECT event_id, payload FROM outbox WHERE type = 'resident.erased'`).all() as { event_id: string; payload: string }[];
    expect(erased).toHaveLength(1);
    expect(erased[0]!.event_id).toBe(res.body.outboxEventId);
    // The collector knows the resident only by their pseudonym, and learns nothing else from the event.
    const payload = JSON.parse(erased[0]!.payload) as { visitor: string };
    expect(payload).toEqual({ visitor: expect.stringMatching(/^[0-9a-f]{32}$/), visitIds: visits, basis: 'objection', erasedAt: res.body.erasedAt });
    const others = hub.hub.db.prepare(`SELECT payload FROM outbox WHERE type <> 'resident.erased'`).all() as { payload: string }[];
    expect(others.filter((o) => o.payload.includes(visitorId) || o.payload.includes(payload.visitor) || o.payload.includes('Food bank'))).toEqual([]);
    const logged = hub.auth.audit.query({ action: 'privacy.erased', page: 1, pageSize: 10 }).entries;
    expect(logged[0]).toMatchObject({ staffId: admin.staff.id, detail: { basis: 'objection', reason: 'objects to processing, letter of 20 April', visits: 2 } });

    // Nothing of theirs is left in the files; someone else's name is.
    const bytes = Buffer.concat([databasePath(hub.dataDir), `${databasePath(hub.dataDir)}-wal`].map((f) => (existsSync(f) ? readFileSync(f) : Buffer.alloc(0))));
    for (const value of ['Ottilie<script>', 'my neighbour knows', 'poster at the GP', 'needs a voucher', 'Food bank']) expect(bytes.includes(Buffer.from(value)), value).toBe(false);
    expect(bytes.includes(Buffer.from('Someone else'))).toBe(true);

    // A later visit with the same card starts as a stranger.
    nowMs += 60_000;
    const again = await call<CheckInResponse>(hub, 'POST', '/api/check-ins', checkInBody({ help: ['money'], name: 'O', card: identified.body.token.id }));
    expect(again.body).toMatchObject({ knownVisitor: false, unknownIdentifier: true });
    const gone = await admin.call<ErrorBody>('POST', '/api/privacy/subjects/export', { subject: { kind: 'resident', visitorId }, requestedBy: 'resident', reason: 'again' });
    expect(gone.status).toBe(404);
  });

  it('erases one visit of someone without a card', async () => {
    const res = await admin.call<ErasureReply>('POST', '/api/privacy/subjects/erase', { subject: { kind: 'visit', visitId: walkInVisit }, basis: 'erasure', reason: 'withdrew consent' });
    expect(res.status).toBe(200);
    expect(res.body.visits).toBe(1);
    expect(hub.hub.db.prepare('SELECT display_name FROM visits WHERE id = ?').get(walkInVisit)).toEqual({ display_name: null });
  });

  it('shows staff which privacy notice each visit agreed to', async () => {
    const status = await admin.call<{ notices: { version: string; visits: number }[]; noticeVersion: string }>('GET', '/api/privacy');
    expect(status.body.noticeVersion).toBe('2026-11');
    expect(status.body.notices).toEqual([expect.objectContaining({ version: '2026-11', visits: 5 })]);
    const desk = await signIn(hub, reception.staff.username, { password: testPassword });
    const found = await desk.call<VisitSearchResult>('GET', '/api/visits/search?q=Someone');
    expect(found.body.visits.map((v) => v.consent)).toEqual([{ noticeVersion: '2026-11', optionalQuestions: true }]);
  });
});
