/**
 * The programme evidence on its way upstream: journey facts, the hub's events and who came for them
 * are outbox events of the shared union, in the transaction of their change — with visitors as
 * pseudonyms, and without event names, equality answers or who recorded them.
 */
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { parseHubConfig } from '../../src-main/config/load-config';
import { DeviceManager } from '../../src-main/devices/device-manager';
import { Hub } from '../../src-main/hub';
import { visitorPseudonym } from '../../src-main/identity/programme-key';
import { openDatabase } from '../../src-main/store/database';
import { checkInRequest } from '../../src-shared/api/contract';
import { isSyncEvent, programmeSyncTypes, syncEvent } from '../../src-shared/sync/events';
import { manualClock } from '../helpers/busy-day';
import { reportTestHub } from '../helpers/report-hub';

const programmeKey = Buffer.alloc(32, 2);

describe('programme evidence in the outbox', () => {
  const db = openDatabase(':memory:');
  const clock = manualClock('2026-03-02T10:30:00.000Z');
  const config = parseHubConfig(reportTestHub(), 'report-hub.yaml');
  const hub = new Hub({
    config,
    db,
    identifierKey: Buffer.alloc(32, 1),
    programmeKey,
    devices: new DeviceManager({ printer: null, cardReader: null, qrScanner: null }),
    logger: pino({ level: 'silent' }),
    now: clock.now,
  });
  afterAll(() => db.close());

  const checkIn = (requestId: string, extra: Record<string, unknown> = {}) =>
    hub.queue.checkIn(
      checkInRequest.parse({
        requestId,
        identification: { method: 'walk-in' },
        consent: { noticeVersion: '2026-11', optionalQuestions: true },
        howHeard: [{ optionId: 'friend-family' }],
        answers: { 'help-with': ['work'] },
        skipped: [],
        talkToSomeone: false,
        visitor: { displayName: 'Zebedee Quintrell', language: 'en', interpreter: false, accessibility: [] },
        ...extra,
      }),
    );

  it('sends journey facts, events, deletions and attendances as events of the shared union', () => {
    const before = hub.outbox.unsentRows(100_000).length;
    const fair = hub.programme.createEvent(
      { name: 'Jobs fair at the Quintrell hall', kind: 'jobs-fair', startsAt: '2026-03-02T10:00:00.000Z', endsAt: '2026-03-02T13:00:00.000Z', partnerId: 'jobs', capacity: 40 },
      null,
    );
    // A kiosk check-in for the running event, with equality answers (the walk-in becomes a known visitor).
    const known = checkIn('programme-known', { eventId: fair.id, equality: { ageBand: '25-34', economicStatus: 'inactive' } });
    const walkIn = checkIn('programme-walk-in');
    const serviceId = known.tickets[0]!.serviceId;
    hub.programme.recordJourney(known.visitId, { stage: 'referred', serviceId, organisationId: 'citizens-advice' }, null);
    hub.programme.recordJourney(known.visitId, { stage: 'registered', serviceId, programmeId: 'connect-to-work' }, null);
    hub.programme.recordJourney(known.visitId, { stage: 'outcome', serviceId, outcomeKind: 'job', evidence: 'payslip-or-contract', programmeId: 'connect-to-work' }, null);
    hub.programme.recordJourney(walkIn.visitId, { stage: 'signposted', serviceId: walkIn.tickets[0]!.serviceId }, null);
    hub.programme.tagVisit(walkIn.visitId, fair.id, 'staff', null);
    hub.programme.tagVisit(walkIn.visitId, null, 'staff', null);
    hub.programme.updateEvent(fair.id, { name: 'Jobs fair (moved)', kind: 'jobs-fair', startsAt: '2026-03-02T10:00:00.000Z', endsAt: '2026-03-02T14:00:00.000Z', partnerId: null, capacity: null, cancelled: true }, null);
    const workshop = hub.programme.createEvent({ name: 'CV workshop', kind: 'workshop', startsAt: '2026-03-09T10:00:00.000Z', endsAt: '2026-03-09T12:00:00.000Z', partnerId: null, capacity: null }, null);
    hub.programme.deleteEvent(workshop.id, null);

    const rows = hub.outbox.unsentRows(100_000).slice(before);
    const programmeRows = rows.filter((r) => (programmeSyncTypes as readonly string[]).includes(r.type));
    expect(programmeRows.map((r) => r.type)).toEqual([
      'event.saved',
      'visit.event-tagged',
      'journey.recorded',
      'journey.recorded',
      'journey.recorded',
      'journey.recorded',
      'visit.event-tagged',
      'visit.event-tagged',
      'event.saved',
      'event.saved',
      'event.deleted',
    ]);
    for (const row of rows) {
      expect(row.event.ok).toBe(true);
      if (!row.event.ok) continue;
      const event: unknown = JSON.parse(row.event.json);
      const parsed = syncEvent.safeParse(event);
      expect(parsed.error?.issues ?? [], `${row.type} #${row.id}`).toEqual([]);
      // The collector's fast check takes them too.
      expect(isSyncEvent(event), `${row.type} #${row.id}`).toBe(true);
    }

    const payloads = programmeRows.map((r) => (r.event.ok ? (JSON.parse(r.event.json) as { type: string; payload: Record<string, unknown> }) : null));
    const visitorId = db.prepare('SELECT visitor_id FROM visits WHERE id = ?').pluck().get(known.visitId) as string;
    const journeys = payloads.filter((p) => p?.type === 'journey.recorded').map((p) => p!.payload);
    expect(journeys.map((j) => [j['visitId'], j['visitor'], j['stage'], j['organisationId'], j['programmeId'], j['outcomeKind'], j['evidence'], j['occurredOn']])).toEqual([
      [known.visitId, visitorPseudonym(programmeKey, visitorId), 'referred', 'citizens-advice', null, null, null, '2026-03-02'],
      [known.visitId, visitorPseudonym(programmeKey, visitorId), 'registered', null, 'connect-to-work', null, null, '2026-03-02'],
      [known.visitId, visitorPseudonym(programmeKey, visitorId), 'outcome', null, 'connect-to-work', 'job', 'payslip-or-contract', '2026-03-02'],
      [walkIn.visitId, null, 'signposted', null, null, null, null, '2026-03-02'],
    ]);
    const tags = payloads.filter((p) => p?.type === 'visit.event-tagged').map((p) => p!.payload);
    expect(tags).toEqual([
      { visitId: known.visitId, eventId: fair.id, source: 'kiosk' },
      { visitId: walkIn.visitId, eventId: fair.id, source: 'staff' },
      { visitId: walkIn.visitId, eventId: null, source: 'staff' },
    ]);
    const saved = payloads.filter((p) => p?.type === 'event.saved').map((p) => p!.payload);
    expect(saved[0]).toEqual({ eventId: fair.id, kind: 'jobs-fair', startsAt: '2026-03-02T10:00:00.000Z', endsAt: '2026-03-02T13:00:00.000Z', partnerId: 'jobs', capacity: 40, cancelled: false });
    expect(saved[1]).toMatchObject({ eventId: fair.id, cancelled: true, endsAt: '2026-03-02T14:00:00.000Z' });
  });

  it('keeps event names, names, equality answers and the visitor id on the hub', () => {
    const all = JSON.stringify(db.prepare('SELECT payload FROM outbox').all());
    for (const value of ['Quintrell', 'Jobs fair', 'CV workshop', '25-34', 'inactive']) expect(all).not.toContain(value);
    for (const { visitor_id } of db.prepare('SELECT visitor_id FROM visits WHERE visitor_id IS NOT NULL').all() as { visitor_id: string }[]) {
      expect(all).not.toContain(visitor_id);
    }
  });

  it('refuses in the union what the hub never sends: an event name, a raw visitor id, an unknown stage', () => {
    const envelope = {
      eventId: '0190a6c2-0000-7000-8000-000000000001',
      hubId: 'test-hub',
      seq: 1,
      schemaVersion: 1,
      occurredAt: '2026-03-02T10:00:00.000Z',
      configVersion: 1,
      configHash: '0123456789abcdef',
    };
    const eventId = '6a0f1d2e-0000-4000-8000-000000000001';
    const saved = { ...envelope, type: 'event.saved', payload: { eventId, kind: 'workshop', startsAt: '2026-03-02T10:00:00.000Z', endsAt: '2026-03-02T11:00:00.000Z', partnerId: null, capacity: null, cancelled: false } };
    expect(syncEvent.safeParse(saved).success).toBe(true);
    expect(syncEvent.safeParse({ ...saved, payload: { ...saved.payload, name: 'CV workshop' } }).success).toBe(false);
    const journey = {
      ...envelope,
      type: 'journey.recorded',
      payload: {
        factId: 1,
        visitId: eventId,
        visitor: null,
        serviceId: 'work',
        stage: 'signposted',
        organisationId: null,
        programmeId: null,
        outcomeKind: null,
        evidence: null,
        occurredOn: '2026-03-02',
        recordedAt: '2026-03-02T10:00:00.000Z',
      },
    };
    expect(syncEvent.safeParse(journey).success).toBe(true);
    expect(syncEvent.safeParse({ ...journey, payload: { ...journey.payload, visitor: 'visitor-7' } }).success).toBe(false);
    expect(syncEvent.safeParse({ ...journey, payload: { ...journey.payload, stage: 'enquiry' } }).success).toBe(false);
    expect(syncEvent.safeParse({ ...journey, payload: { ...journey.payload, staffId: 'meg' } }).success).toBe(false);
  });
});
