/**
 * A kiosk check-in carrying the optional equality answers and the event the resident came for:
 * written with the visit in its one transaction, refused whole (nothing written) when they cannot
 * be recorded, counted by the reports.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckInResponse } from '../../src-shared/api/contract';
import type { DashboardReply } from '../../src-shared/reports/contract';
import { checkInBody } from '../helpers/queue-hub';
import { reportTestHub } from '../helpers/report-hub';
import { call, signInAs, startTestHub, type StaffSession, type TestHub } from '../helpers/running-hub';

type ErrorReply = { error: { code: string; field?: string } };

let hub: TestHub;
let manager: StaffSession;
let clock = new Date('2026-10-25T10:30:00.000Z');
let eventId = '';

const count = (sql: string) => hub.hub.db.prepare(sql).pluck().get() as number;

beforeAll(async () => {
  hub = await startTestHub({ hub: reportTestHub({ equality: { enabled: true, questions: ['ageBand', 'economicStatus', 'inactivityReason', 'ethnicity'] } }), now: () => clock });
  manager = await signInAs(hub, 'manager', { username: 'meg' });
  const event = await manager.call<{ event: { id: string } }>('POST', '/api/hub-events', {
    name: 'Jobs fair',
    kind: 'jobs-fair',
    startsAt: '2026-10-25T10:00:00.000Z',
    endsAt: '2026-10-25T13:00:00.000Z',
    capacity: 40,
  });
  expect(event.status).toBe(201);
  eventId = event.body.event.id;
});
afterAll(async () => hub?.dispose());

describe('a check-in with equality answers and an event', () => {
  it('records a walk-in’s answers (the walk-in becomes known, without a name) and the event, with the visit', async () => {
    const body = { ...checkInBody({ help: ['work'], name: null }), equality: { ageBand: '25-34', economicStatus: 'inactive', inactivityReason: 'prefer-not-to-say' }, eventId };
    const res = await call<CheckInResponse>(hub, 'POST', '/api/check-ins', body);
    expect(res.status).toBe(201);
    const visit = hub.hub.db.prepare('SELECT visitor_id FROM visits WHERE id = ?').get(res.body.visitId) as { visitor_id: string | null };
    expect(visit.visitor_id).not.toBeNull();
    expect(hub.hub.db.prepare('SELECT age_band, employment_status, inactivity_reason, ethnicity, source, consent_visit_id FROM demographics WHERE visitor_id = ?').get(visit.visitor_id)).toEqual({
      age_band: '25-34',
      employment_status: 'inactive',
      inactivity_reason: 'prefer-not-to-say',
      ethnicity: null,
      source: 'kiosk',
      consent_visit_id: res.body.visitId,
    });
    expect(hub.hub.db.prepare('SELECT event_id, source FROM visit_events WHERE visit_id = ?').get(res.body.visitId)).toEqual({ event_id: eventId, source: 'kiosk' });
    // The same journey sent again is the same visit: nothing written twice.
    const again = await call<CheckInResponse>(hub, 'POST', '/api/check-ins', body);
    expect(again.body.visitId).toBe(res.body.visitId);
    expect(count('SELECT count(*) FROM demographics')).toBe(1);

    const dash = (await manager.call<DashboardReply>('GET', '/api/reports/dashboard?from=2026-10-25&to=2026-10-25')).body;
    const events = dash.figures.find((f) => f.id === 'events')!;
    expect(events.rows.map((r) => [r.label, r.cells[0], r.cells[1]])).toEqual([['Jobs fair (2026-10-25)', 1, 1]]);
    const demographics = dash.figures.find((f) => f.id === 'demographics')!;
    expect(demographics.rows.find((r) => r.key === 'economicStatus:inactive')?.cells[0]).toBe(1);
    expect(demographics.rows.find((r) => r.key === 'inactivityReason:prefer-not-to-say')?.cells[0]).toBe(1);
  });

  it('refuses answers without consent to the optional questions, or to a question the hub does not ask, writing nothing', async () => {
    const visits = count('SELECT count(*) FROM visits');
    const noConsent = { ...checkInBody({ help: ['money'] }), consent: { noticeVersion: '2026-11', optionalQuestions: false }, equality: { ageBand: '16-24' } };
    const refused = await call<ErrorReply>(hub, 'POST', '/api/check-ins', noConsent);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'equality' });
    const notAsked = await call<ErrorReply>(hub, 'POST', '/api/check-ins', { ...checkInBody({ help: ['money'] }), equality: { veteran: 'yes' } });
    expect(notAsked.status).toBe(400);
    expect(notAsked.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'equality.veteran' });
    const badAnswer = await call<ErrorReply>(hub, 'POST', '/api/check-ins', { ...checkInBody({ help: ['money'] }), equality: { ageBand: '12-15' } });
    expect(badAnswer.status).toBe(400);
    expect(badAnswer.body.error.field).toMatch(/^equality/);
    expect(count('SELECT count(*) FROM visits')).toBe(visits);
  });

  it('refuses an event that is not running, writing nothing', async () => {
    const visits = count('SELECT count(*) FROM visits');
    clock = new Date('2026-10-25T15:30:00.000Z');
    const late = await call<ErrorReply>(hub, 'POST', '/api/check-ins', { ...checkInBody({ help: ['money'] }), eventId });
    expect(late.status).toBe(400);
    expect(late.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'eventId' });
    const unknown = await call<ErrorReply>(hub, 'POST', '/api/check-ins', { ...checkInBody({ help: ['money'] }), eventId: 'no-such-event' });
    expect(unknown.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'eventId' });
    expect(count('SELECT count(*) FROM visits')).toBe(visits);
    // Within the hour after it ends (a journey begun while it ran) it still counts.
    clock = new Date('2026-10-25T13:40:00.000Z');
    const justAfter = await call<CheckInResponse>(hub, 'POST', '/api/check-ins', { ...checkInBody({ help: ['money'] }), eventId });
    expect(justAfter.status).toBe(201);
    clock = new Date('2026-10-25T10:30:00.000Z');
  });

  it('offers the running event to anyone by name only', async () => {
    const running = await call<{ events: Record<string, unknown>[] }>(hub, 'GET', '/api/hub-events/running');
    expect(running.body.events).toEqual([{ id: eventId, name: 'Jobs fair', kind: 'jobs-fair', endsAt: '2026-10-25T13:00:00.000Z' }]);
  });
});
