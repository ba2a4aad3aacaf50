import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckInResponse, QueueSnapshot, TicketView } from '../../src-shared/api/contract';
import { LiveClient } from '../helpers/live-client';
import { checkInBody, queueTestHub } from '../helpers/queue-hub';
import { call, signIn, signInAs, startTestHub, testPassword, type StaffSession, type TestHub } from '../helpers/running-hub';

type ErrorBody = { error: { code: string; message: string; field?: string } };

/** A clock the test moves by hand; it starts on a Monday morning in London. */
function manualClock(startIso = '2026-11-23T09:30:00.000Z') {
  let now = Date.parse(startIso);
  return { now: () => new Date(now), advance: (ms: number) => (now += ms), set: (iso: string) => (now = Date.parse(iso)) };
}

describe('hub API: check-in, calling, finishing and transfers over HTTP', () => {
  const clock = manualClock();
  let hub: TestHub;
  let live: LiveClient;
  /** Reception, signed in: staff routes and the whole queue need a session since issue 5. */
  let desk: StaffSession;

  beforeAll(async () => {
    hub = await startTestHub({ hub: queueTestHub(), now: clock.now });
    desk = await signInAs(hub, 'reception');
    live = await LiveClient.connect(hub.url, 0, { headers: { cookie: desk.cookieHeader } });
  });
  afterAll(async () => {
    await live.close();
    await hub.dispose();
  });

  it('checks in a multi-need visitor: one visit, one ticket per service with one number for the visit, events pushed live', async () => {
    const res = await call<CheckInResponse>(hub, 'POST', '/api/check-ins', checkInBody({ help: ['money', 'housing'], name: 'Ana' }));
    expect(res.status).toBe(201);
    expect(res.body.tickets.map((t) => [t.serviceId, t.number])).toEqual([
      ['money', 'M001'],
      ['housing', 'M001'],
    ]);
    expect(res.body.needs).toEqual(['money', 'housing']);
    expect(res.body.tickets.every((t) => t.status === 'waiting' && t.displayName === 'Ana')).toBe(true);
    expect(res.body.print).toMatchObject({ ok: false, code: 'NO_PRINTER' });
    for (const t of res.body.tickets) {
      await live.next((m) => m.kind === 'queue' && m.event.type === 'created' && m.event.ticket.id === t.id);
    }
    const visit = hub.hub.db.prepare('SELECT config_version, config_hash, checked_in_at FROM visits WHERE id = ?').get(res.body.visitId) as {
      config_version: number;
      config_hash: string;
      checked_in_at: string;
    };
    expect(visit.config_version).toBe(3);
    expect(visit.config_hash).toBe(hub.hub.config.hash);
    expect(visit.checked_in_at).toBe('2026-11-23T09:30:00.000Z');
  });

  it('calls the next visitor to a desk, shows them "with another partner" elsewhere and never calls them twice at once', async () => {
    const called = await desk.call<{ ticket: TicketView }>('POST', '/api/services/money/call-next', { desk: 'Desk 1' });
    expect(called.status).toBe(200);
    expect(called.body.ticket).toMatchObject({ number: 'M001', status: 'called', desk: 'Desk 1' });
    await live.next((m) => m.kind === 'queue' && m.event.type === 'called' && m.event.ticket.number === 'M001');

    const snapshot = await desk.call<QueueSnapshot>('GET', '/api/queue');
    const housing = snapshot.body.services.find((s) => s.serviceId === 'housing')!;
    expect(housing.tickets[0]).toMatchObject({ number: 'M001', status: 'waiting', withAnotherService: 'money' });

    const busy = await desk.call<ErrorBody>('POST', '/api/services/housing/call-next', { desk: 'Desk 3' });
    expect(busy.status).toBe(409);
    expect(busy.body.error.code).toBe('QUEUE_EMPTY');
  });

  it('starts and finishes with an outcome, then the other partner can call the visitor', async () => {
    const snapshot = await desk.call<QueueSnapshot>('GET', '/api/queue');
    const m001 = snapshot.body.services.find((s) => s.serviceId === 'money')!.tickets[0]!;
    clock.advance(60_000);
    expect((await desk.call('POST', `/api/tickets/${m001.id}/start`, { desk: 'Desk 1' })).status).toBe(200);
    clock.advance(12 * 60_000);
    const finished = await desk.call<{ ticket: TicketView }>('POST', `/api/tickets/${m001.id}/finish`, { outcome: 'referred', referredTo: 'Food bank' });
    expect(finished.body.ticket.status).toBe('done');
    await live.next((m) => m.kind === 'queue' && m.event.type === 'finished' && m.event.ticket.id === m001.id);
    const outcome = hub.hub.db.prepare('SELECT kind, referred_to FROM outcomes WHERE ticket_id = ?').get(m001.id);
    expect(outcome).toEqual({ kind: 'referred', referred_to: 'Food bank' });

    const next = await desk.call<{ ticket: TicketView }>('POST', '/api/services/housing/call-next', { desk: 'Desk 3' });
    expect(next.body.ticket).toMatchObject({ serviceId: 'housing', number: 'M001' });
  });

  it('transfers a visitor to another service, keeping their place by arrival, and closes the visit when all is done', async () => {
    const snapshot = await desk.call<QueueSnapshot>('GET', '/api/queue');
    const h001 = snapshot.body.services.find((s) => s.serviceId === 'housing')!.tickets[0]!;
    const moved = await desk.call<{ ticket: TicketView; newTicket: TicketView }>('POST', `/api/tickets/${h001.id}/transfer`, { toServiceId: 'work' });
    expect(moved.status).toBe(200);
    expect(moved.body.ticket.status).toBe('transferred');
    // Sent on, the visitor keeps the number they were given at check-in.
    expect(moved.body.newTicket).toMatchObject({ serviceId: 'work', number: 'M001', status: 'waiting', queuedAt: h001.queuedAt });
    await live.next((m) => m.kind === 'queue' && m.event.type === 'created' && m.event.ticket.id === moved.body.newTicket.id);

    const e001 = (await desk.call<{ ticket: TicketView }>('POST', '/api/services/work/call-next', { desk: 'Desk 4' })).body.ticket;
    await desk.call('POST', `/api/tickets/${e001.id}/finish`, { outcome: 'registered' });
    const visit = hub.hub.db.prepare('SELECT status FROM visits WHERE id = ?').get(e001.visitId);
    expect(visit).toEqual({ status: 'closed' });
    const types = (hub.hub.db.prepare('SELECT type FROM outbox ORDER BY id').all() as { type: string }[]).map((r) => r.type);
    expect(types).toContain('visit.checked-in');
    expect(types).toContain('ticket.transferred');
    expect(types).toContain('outcome.recorded');
    expect(types.at(-1)).toBe('visit.closed');
  });

  it('answers a double-tapped or retried check-in with the same tickets, never a second visit', async () => {
    const body = checkInBody({ help: ['work'] });
    const [a, b] = await Promise.all([call<CheckInResponse>(hub, 'POST', '/api/check-ins', body), call<CheckInResponse>(hub, 'POST', '/api/check-ins', body)]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.visitId).toBe(b.body.visitId);
    expect(a.body.tickets.map((t) => t.id)).toEqual(b.body.tickets.map((t) => t.id));
    const n = hub.hub.db.prepare('SELECT count(*) AS n FROM visits WHERE request_id = ?').get(body.requestId);
    expect(n).toEqual({ n: 1 });
  });

  it('refuses bad input with a code, a message and the field, and writes nothing', async () => {
    const before = hub.hub.db.prepare('SELECT count(*) AS n FROM visits').get();
    const bad = await call<ErrorBody>(hub, 'POST', '/api/check-ins', { ...checkInBody(), answers: { 'help-with': ['money', 'bitcoin'] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'TRIAGE_INVALID', field: 'answers.help-with' });
    const noConsent = await call<ErrorBody>(hub, 'POST', '/api/check-ins', { ...checkInBody(), consent: undefined });
    expect(noConsent.status).toBe(400);
    expect(noConsent.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'consent' });
    const oldNotice = await call<ErrorBody>(hub, 'POST', '/api/check-ins', { ...checkInBody(), consent: { noticeVersion: '2020-01', optionalQuestions: true } });
    expect(oldNotice.body.error.code).toBe('CONSENT_OUTDATED');
    const badHowHeard = await call<ErrorBody>(hub, 'POST', '/api/check-ins', { ...checkInBody(), howHeard: [{ optionId: 'carrier-pigeon' }] });
    expect(badHowHeard.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'howHeard[0].optionId' });
    const notJson = await fetch(`${hub.url}/api/check-ins`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"requestId": ' });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as ErrorBody).error.code).toBe('BAD_REQUEST');
    const unknownService = await desk.call<ErrorBody>('POST', '/api/services/astrology/call-next', { desk: 'Desk 1' });
    expect(unknownService.body.error.code).toBe('UNKNOWN_SERVICE');
    const unknownDesk = await desk.call<ErrorBody>('POST', '/api/services/money/call-next', { desk: 'Desk 9' });
    expect(unknownDesk.body.error).toMatchObject({ code: 'UNKNOWN_DESK', field: 'desk' });
    const missing = await desk.call<ErrorBody>('POST', '/api/tickets/nope/start', {});
    expect(missing.body.error.code).toBe('NOT_FOUND');
    expect(hub.hub.db.prepare('SELECT count(*) AS n FROM visits').get()).toEqual(before);
  });

  it('raises a crisis alert at once and puts the visitor first in the queue', async () => {
    const ordinary = await call<CheckInResponse>(hub, 'POST', '/api/check-ins', checkInBody({ help: ['housing'] }));
    const urgent = await call<CheckInResponse>(hub, 'POST', '/api/check-ins', checkInBody({ help: ['housing'], sleepTonight: false }));
    expect(urgent.body.flags).toContain('crisis');
    await live.next((m) => m.kind === 'alert' && m.alert.kind === 'flag' && m.alert.visitId === urgent.body.visitId);
    const called = await desk.call<{ ticket: TicketView }>('POST', '/api/services/housing/call-next', { desk: 'Desk 3' });
    expect(called.body.ticket.visitId).toBe(urgent.body.visitId);
    expect(ordinary.body.tickets[0]!.status).toBe('waiting');
  });

  it('grants a no-show only after the grace period', async () => {
    await call(hub, 'POST', '/api/check-ins', checkInBody({ help: ['money'] }));
    const called = (await desk.call<{ ticket: TicketView }>('POST', '/api/services/money/call-next', { desk: 'Desk 2' })).body.ticket;
    const early = await desk.call<ErrorBody & { error: { details: { secondsLeft: number } } }>('POST', `/api/tickets/${called.id}/no-show`, {});
    expect(early.body.error.code).toBe('NO_SHOW_TOO_EARLY');
    expect(early.body.error.details.secondsLeft).toBe(300);
    clock.advance(2 * 60_000);
    const recalled = await desk.call<{ ticket: TicketView }>('POST', `/api/tickets/${called.id}/recall`, {});
    expect(recalled.body.ticket.recallCount).toBe(1);
    clock.advance(5 * 60_000);
    const late = await desk.call<{ ticket: TicketView }>('POST', `/api/tickets/${called.id}/no-show`, {});
    expect(late.body.ticket.status).toBe('no-show');
    const again = await desk.call<ErrorBody>('POST', `/api/tickets/${called.id}/start`, {});
    expect(again.body.error.code).toBe('INVALID_TRANSITION');
  });

  it('recognises a returning card only by its keyed hash', async () => {
    const first = await call<CheckInResponse>(hub, 'POST', '/api/check-ins', checkInBody({ card: '12345678', name: 'Jo' }));
    expect(first.body.knownVisitor).toBe(false);
    await live.next((m) => m.kind === 'alert' && m.alert.kind === 'unknown-card' && m.alert.visitId === first.body.visitId);
    const second = await call<CheckInResponse>(hub, 'POST', '/api/check-ins', checkInBody({ card: '12345678', name: null }));
    expect(second.body.knownVisitor).toBe(true);
    const stored = hub.hub.db.prepare('SELECT hash FROM visitor_identifiers').all() as { hash: string }[];
    expect(stored).toHaveLength(1);
    expect(stored[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(hub.hub.db.prepare('SELECT * FROM visitor_identifiers').all())).not.toContain('12345678');
    const outbox = JSON.stringify(hub.hub.db.prepare('SELECT payload FROM outbox').all());
    expect(outbox).not.toContain('12345678');
    expect(outbox).not.toContain('"Jo"');
  });

  it('restarts ticket numbers on a new service day in the hub time zone', async () => {
    // 23:30 UTC on 23 Nov is still 23 Nov in London (GMT); 00:30 UTC is the 24th.
    clock.set('2026-11-23T23:30:00.000Z');
    const late = await call<CheckInResponse>(hub, 'POST', '/api/check-ins', checkInBody({ help: ['work'] }));
    expect(late.body.serviceDay).toBe('2026-11-23');
    clock.set('2026-11-24T00:30:00.000Z');
    const next = await call<CheckInResponse>(hub, 'POST', '/api/check-ins', checkInBody({ help: ['work'] }));
    expect(next.body.serviceDay).toBe('2026-11-24');
    expect(next.body.tickets[0]!.number).toBe('E001');
  });

  it('lets a reconnecting screen catch up exactly: nothing missed, nothing twice', async () => {
    const seen = live.queueEvents().at(-1)!.seq;
    await live.close();
    // The clock has moved on a day since the morning's sign-in: reception signs in again.
    desk = await signIn(hub, desk.staff.username, { password: testPassword });
    const missed = await call<CheckInResponse>(hub, 'POST', '/api/check-ins', checkInBody({ help: ['money', 'work'] }));
    const again = await LiveClient.connect(hub.url, seen, { headers: { cookie: desk.cookieHeader } });
    const ids = missed.body.tickets.map((t) => t.id);
    for (const id of ids) await again.next((m) => m.kind === 'queue' && m.event.ticket.id === id);
    await desk.call('POST', '/api/services/money/call-next', { desk: 'Desk 1' });
    await again.next((m) => m.kind === 'queue' && m.event.type === 'called');
    // The screen's last event is from yesterday: it is told so (and reads its snapshot again), then
    // hears every event of today after it — none of yesterday's, which are not on today's screens.
    const reload = again.messages.find((m) => m.kind === 'reload');
    expect(reload).toMatchObject({ kind: 'reload', reason: 'new-day' });
    const todayFrom = reload?.kind === 'reload' ? reload.lastSeq : Number.NaN;
    const seqs = again.queueEvents().map((e) => e.seq);
    expect(seqs[0]).toBe(todayFrom + 1);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const rest = await desk.call<{ events: { seq: number; at: string }[] }>('GET', `/api/events?since=${seen}`);
    expect(rest.body.events[0]!.seq).toBe(seen + 1);
    expect(rest.body.events.filter((e) => e.seq <= todayFrom).every((e) => e.at < '2026-11-24T00:00:00.000Z')).toBe(true);
    expect(rest.body.events.filter((e) => e.seq > todayFrom).map((e) => e.seq)).toEqual(seqs);
    live = again;
  });
});

describe('call-next under contention', () => {
  let hub: TestHub;
  let desk: StaffSession;
  beforeAll(async () => {
    hub = await startTestHub({ hub: queueTestHub() });
    desk = await signInAs(hub, 'reception');
  });
  afterAll(async () => hub.dispose());

  it('hands 50 concurrent call-next requests 30 distinct visitors, then a clear "queue empty"', async () => {
    for (let i = 0; i < 30; i += 1) {
      const res = await call(hub, 'POST', '/api/check-ins', checkInBody({ help: ['money'] }));
      expect(res.status).toBe(201);
    }
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        desk.call<{ ticket?: TicketView; error?: { code: string } }>('POST', '/api/services/money/call-next', { desk: i % 2 ? 'Desk 1' : 'Desk 2' }),
      ),
    );
    const called = results.filter((r) => r.status === 200).map((r) => r.body.ticket!.id);
    const empty = results.filter((r) => r.status === 409);
    expect(called).toHaveLength(30);
    expect(new Set(called).size).toBe(30);
    expect(empty).toHaveLength(20);
    expect(empty.every((r) => r.body.error?.code === 'QUEUE_EMPTY')).toBe(true);
  });
});
