import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedPrinter } from '../../hardware/printer/simulated-printer';
import { createDevices } from '../../src-main/devices/create-devices';
import type { AuditPage } from '../../src-shared/api/auth-contract';
import type { AlertAcknowledged, AlertView, CheckInResponse, QueueSnapshot, TicketView, VisitSearchResult } from '../../src-shared/api/contract';
import { LiveClient } from '../helpers/live-client';
import { checkInBody, queueTestHub } from '../helpers/queue-hub';
import { call, signIn, signInAs, startTestHub, testPassword, type StaffSession, type TestHub } from '../helpers/running-hub';
import { makeTempDir } from '../helpers/temp-dir';

type ErrorBody = { error: { code: string; message: string; details?: Record<string, unknown> } };

function manualClock(startIso = '2026-11-23T09:30:00.000Z') {
  let now = Date.parse(startIso);
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}
const minutes = (n: number) => n * 60_000;

describe('reception’s actions: alerts, undo, priority, check-in by hand, reprint, search, audit', () => {
  const clock = manualClock();
  const temp = makeTempDir('frontdoor-reception-');
  const config = queueTestHub();
  let hub: TestHub;
  let desk: StaffSession;
  let manager: StaffSession;
  let live: LiveClient;
  let printer: SimulatedPrinter;

  const start = async () => {
    const devices = await createDevices(config, pino({ level: 'silent' }));
    printer = devices.printer as SimulatedPrinter;
    return startTestHub({ hub: config, devices, now: clock.now, dataDir: temp.path });
  };

  beforeAll(async () => {
    hub = await start();
    desk = await signInAs(hub, 'reception', { username: 'rita', displayName: 'Rita' });
    manager = await signInAs(hub, 'manager', { username: 'meg' });
    live = await LiveClient.connect(hub.url, 0, { headers: { cookie: desk.cookieHeader } });
  });
  afterAll(async () => {
    await live.close();
    await hub.dispose();
    temp.remove();
  });

  it('keeps a crisis alert until reception acknowledges it, records who and when, and tells every console', async () => {
    const crisis = (await call<CheckInResponse>(hub, 'POST', '/api/check-ins', checkInBody({ help: ['housing'], sleepTonight: false, name: 'Kim' }))).body;
    const raised = await live.next((m) => m.kind === 'alert' && m.alert.visitId === crisis.visitId);
    const alert = (raised as { alert: AlertView }).alert;
    expect((await desk.call<{ alerts: AlertView[] }>('GET', '/api/alerts')).body.alerts.map((a) => a.id)).toContain(alert.id);

    const other = await LiveClient.connect(hub.url, 0, { headers: { cookie: manager.cookieHeader } });
    const ack = await desk.call<AlertAcknowledged>('POST', `/api/alerts/${alert.id}/acknowledge`);
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ alertId: alert.id, visitId: crisis.visitId, by: { id: desk.staff.id, displayName: 'Rita' }, at: '2026-11-23T09:30:00.000Z' });
    await other.next((m) => m.kind === 'alert-acknowledged' && m.acknowledgement.alertId === alert.id);
    await other.close();
    const flags = hub.hub.db.prepare('SELECT flag, acknowledged_at, acknowledged_by FROM visit_flags WHERE visit_id = ?').all(crisis.visitId);
    expect(flags).toEqual([{ flag: 'crisis', acknowledged_at: '2026-11-23T09:30:00.000Z', acknowledged_by: desk.staff.id }]);
    expect((await desk.call<{ alerts: AlertView[] }>('GET', '/api/alerts')).body.alerts.map((a) => a.id)).not.toContain(alert.id);
    const twice = await desk.call<ErrorBody>('POST', `/api/alerts/${alert.id}/acknowledge`);
    expect(twice.status).toBe(409);
    const outbox = hub.hub.db.prepare(`SELECT type FROM outbox WHERE type = 'flags.acknowledged'`).all();
    expect(outbox).toHaveLength(1);
  });

  it('alerts reception when a resident at the kiosk asks for a member of staff', async () => {
    const res = await call<{ alertId: string }>(hub, 'POST', '/api/help-requests', { source: 'kiosk', screen: 'question:help-with', language: 'pl' });
    expect(res.status).toBe(201);
    const heard = await live.next((m) => m.kind === 'alert' && m.alert.id === res.body.alertId);
    expect(heard).toMatchObject({ alert: { kind: 'talk-to-someone', visitId: null } });
    expect((heard as { alert: AlertView }).alert.message).toContain('question:help-with');
    const fromNetwork = await hub.server.inject({ method: 'POST', url: '/api/help-requests', remoteAddress: '192.168.1.50', payload: { source: 'kiosk', screen: 'x', language: 'en' } });
    expect(fromNetwork.statusCode).toBe(401);
    await desk.call('POST', `/api/alerts/${res.body.alertId}/acknowledge`);
  });

  it('brings back an unacknowledged flag alert after a restart, and not an acknowledged one', async () => {
    const open = (await call<CheckInResponse>(hub, 'POST', '/api/check-ins', checkInBody({ help: ['housing'], sleepTonight: false, name: 'Lee' }))).body;
    await live.close();
    await hub.close();
    hub = await start();
    desk = await signIn(hub, 'rita', { password: testPassword });
    manager = await signIn(hub, 'meg', { password: testPassword });
    live = await LiveClient.connect(hub.url, 0, { headers: { cookie: desk.cookieHeader } });
    const alerts = (await desk.call<{ alerts: AlertView[] }>('GET', '/api/alerts')).body.alerts;
    expect(alerts.filter((a) => a.kind === 'flag').map((a) => a.visitId)).toEqual([open.visitId]);
    expect(alerts.find((a) => a.kind === 'flag')).toMatchObject({ flags: ['crisis'], at: open.checkedInAt });
    await desk.call('POST', `/api/alerts/${alerts.find((a) => a.kind === 'flag')!.id}/acknowledge`);
    expect((await desk.call<{ alerts: AlertView[] }>('GET', '/api/alerts')).body.alerts.filter((a) => a.kind === 'flag')).toEqual([]);
  });

  it('undoes a mistaken no-show: back to waiting at its old place, within 15 minutes', async () => {
    const first = (await call<CheckInResponse>(hub, 'POST', '/api/check-ins', checkInBody({ help: ['work'], name: 'Ola' }))).body.tickets[0]!;
    clock.advance(minutes(1));
    const second = (await call<CheckInResponse>(hub, 'POST', '/api/check-ins', checkInBody({ help: ['work'], name: 'Pia' }))).body.tickets[0]!;
    const called = (await desk.call<{ ticket: TicketView }>('POST', '/api/services/work/call-next', { desk: 'Desk 4' })).body.ticket;
    expect(called.id).toBe(first.id);
    clock.advance(minutes(6));
    const gone = await desk.call<{ ticket: TicketView }>('POST', `/api/tickets/${first.id}/no-show`);
    expect(gone.body.ticket.status).toBe('no-show');
    expect(hub.hub.db.prepare('SELECT status FROM visits WHERE id = ?').get(first.visitId)).toEqual({ status: 'closed' });

    clock.advance(minutes(2));
    const undone = await desk.call<{ ticket: TicketView }>('POST', `/api/tickets/${first.id}/undo-no-show`);
    expect(undone.status).toBe(200);
    expect(undone.body.ticket).toMatchObject({ status: 'waiting', desk: null, calledAt: null, finishedAt: null, queuedAt: first.queuedAt });
    await live.next((m) => m.kind === 'queue' && m.event.type === 'no-show-undone' && m.event.ticket.id === first.id);
    expect(hub.hub.db.prepare('SELECT status FROM visits WHERE id = ?').get(first.visitId)).toEqual({ status: 'open' });
    const work = (await desk.call<QueueSnapshot>('GET', '/api/queue')).body.services.find((s) => s.serviceId === 'work')!;
    expect(work.tickets.map((t) => t.id)).toEqual([first.id, second.id]);

    // Too late, and not a no-show: both refused with a reason.
    const again = (await desk.call<{ ticket: TicketView }>('POST', '/api/services/work/call-next', { desk: 'Desk 4' })).body.ticket;
    expect(again.id).toBe(first.id);
    clock.advance(minutes(6));
    await desk.call('POST', `/api/tickets/${first.id}/no-show`);
    clock.advance(minutes(16));
    const late = await desk.call<ErrorBody>('POST', `/api/tickets/${first.id}/undo-no-show`);
    expect(late.status).toBe(409);
    expect(late.body.error).toMatchObject({ code: 'INVALID_TRANSITION', details: { minutesAgo: 16 } });
    const waiting = await desk.call<ErrorBody>('POST', `/api/tickets/${second.id}/undo-no-show`);
    expect(waiting.body.error.code).toBe('INVALID_TRANSITION');
  });

  it('moves a ticket up for a priority, so it is called next', async () => {
    const a = (await call<CheckInResponse>(hub, 'POST', '/api/check-ins', checkInBody({ help: ['money'], name: 'Quin' }))).body.tickets[0]!;
    clock.advance(minutes(1));
    const b = (await call<CheckInResponse>(hub, 'POST', '/api/check-ins', checkInBody({ help: ['money'], name: 'Rae' }))).body.tickets[0]!;
    const up = await desk.call<{ ticket: TicketView }>('POST', `/api/tickets/${b.id}/prioritise`, {});
    expect(up.body.ticket.priority).toBe(1);
    await live.next((m) => m.kind === 'queue' && m.event.type === 'prioritised' && m.event.ticket.id === b.id);
    const again = await desk.call<ErrorBody>('POST', `/api/tickets/${b.id}/prioritise`, { level: 1 });
    expect(again.body.error.code).toBe('INVALID_TRANSITION');
    const next = await desk.call<{ ticket: TicketView }>('POST', '/api/services/money/call-next', { desk: 'Desk 1' });
    expect(next.body.ticket.id).toBe(b.id);
    expect(hub.hub.queue.ticket(a.id).status).toBe('waiting');
    const called = await desk.call<ErrorBody>('POST', `/api/tickets/${b.id}/prioritise`, {});
    expect(called.body.error.code).toBe('INVALID_TRANSITION');
  });

  it('checks someone in by hand as the signed-in receptionist, in the check-in’s own transaction', async () => {
    const res = await desk.call<CheckInResponse>('POST', '/api/check-ins', { ...checkInBody({ help: ['housing'], name: 'Sol' }), identification: { method: 'staff' } });
    expect(res.status).toBe(201);
    const visit = hub.hub.db.prepare('SELECT method FROM visits WHERE id = ?').get(res.body.visitId);
    expect(visit).toEqual({ method: 'staff' });
    const audit = hub.hub.db.prepare(`SELECT staff_id, action FROM audit_log WHERE subject_id = ?`).all(res.body.visitId);
    expect(audit).toEqual([{ staff_id: desk.staff.id, action: 'visit.checked-in' }]);
    const event = hub.hub.db.prepare(`SELECT staff_id FROM ticket_events WHERE ticket_id = ?`).get(res.body.tickets[0]!.id);
    expect(event).toEqual({ staff_id: desk.staff.id });
    // A kiosk check-in straight after is nobody's.
    const kiosk = await call<CheckInResponse>(hub, 'POST', '/api/check-ins', checkInBody({ help: ['housing'] }));
    expect(hub.hub.db.prepare(`SELECT count(*) AS n FROM audit_log WHERE subject_id = ?`).get(kiosk.body.visitId)).toEqual({ n: 0 });
  });

  it('reprints a ticket on request: the printer prints again and the reprint is recorded', async () => {
    const visit = (await call<CheckInResponse>(hub, 'POST', '/api/check-ins', checkInBody({ help: ['money', 'work'], name: 'Tam' }))).body;
    const jobs = printer.jobs.length;
    const res = await desk.call<{ ticket: TicketView; print: { ok: boolean } }>('POST', `/api/tickets/${visit.tickets[0]!.id}/reprint`);
    expect(res.status).toBe(200);
    expect(res.body.print).toEqual({ ok: true });
    await printer.emulator.waitForJob(jobs);
    expect(printer.jobs.length).toBe(jobs + 1);
    await live.next((m) => m.kind === 'queue' && m.event.type === 'reprinted' && m.event.ticket.id === visit.tickets[0]!.id);
    // The printer out of paper: the answer says so, and reception is alerted.
    await call(hub, 'POST', '/api/devices/simulate', { device: 'printer', state: 'paper-out' });
    const noPaper = await desk.call<{ print: { ok: boolean; code: string } }>('POST', `/api/tickets/${visit.tickets[0]!.id}/reprint`);
    expect(noPaper.body.print).toMatchObject({ ok: false, code: 'PRINTER_PAPER_OUT' });
    await call(hub, 'POST', '/api/devices/simulate', { device: 'printer', state: 'ready' });
  });

  it('finds today’s visits by ticket number or by the start of a name', async () => {
    // Quin was the day's fifth visit, and the first to money advice: M005, written as "m5".
    const byNumber = await desk.call<VisitSearchResult>('GET', '/api/visits/search?q=m5');
    expect(byNumber.status).toBe(200);
    expect(byNumber.body.visits).toHaveLength(1);
    expect(byNumber.body.visits[0]!.displayName).toBe('Quin');
    expect(byNumber.body.visits[0]!.tickets.map((t) => t.number)).toContain('M005');
    const byName = await desk.call<VisitSearchResult>('GET', '/api/visits/search?q=ta');
    expect(byName.body.visits.map((v) => v.displayName)).toEqual(['Tam']);
    expect((await desk.call<VisitSearchResult>('GET', '/api/visits/search?q=%25')).body.visits).toEqual([]);
    expect((await desk.call<ErrorBody>('GET', '/api/visits/search?q=')).body.error.code).toBe('VALIDATION_FAILED');
  });

  it('gives managers the audit log of who called, finished, transferred and acknowledged, by date range and page', async () => {
    const t = (await call<CheckInResponse>(hub, 'POST', '/api/check-ins', checkInBody({ help: ['housing'], name: 'Uma' }))).body;
    const from = new Date(clock.now().getTime()).toISOString();
    const housing = (await desk.call<{ ticket: TicketView }>('POST', '/api/services/housing/call-next', { desk: 'Desk 3' })).body.ticket;
    await desk.call('POST', `/api/tickets/${housing.id}/transfer`, { toServiceId: 'work' });
    const page = await manager.call<AuditPage>('GET', `/api/audit?from=${encodeURIComponent(from)}&pageSize=2`);
    expect(page.status).toBe(200);
    expect(page.body.total).toBeGreaterThanOrEqual(3);
    expect(page.body.entries).toHaveLength(2);
    const all = await manager.call<AuditPage>('GET', `/api/audit?from=${encodeURIComponent(from)}&pageSize=100`);
    const actions = all.body.entries.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['ticket.called', 'ticket.transferred', 'ticket.created']));
    const transferred = all.body.entries.find((e) => e.action === 'ticket.transferred')!;
    expect(transferred).toMatchObject({ staffId: desk.staff.id, staffName: 'Rita', subjectType: 'ticket', subjectId: housing.id, detail: { number: housing.number, toServiceId: 'work' } });
    expect(JSON.stringify(all.body)).not.toContain('Uma');
    const second = await manager.call<AuditPage>('GET', `/api/audit?from=${encodeURIComponent(from)}&pageSize=2&page=2`);
    expect(second.body.entries[0]!.id).toBeLessThan(page.body.entries[1]!.id);
    const before = await manager.call<AuditPage>('GET', `/api/audit?to=${encodeURIComponent(from)}&action=ticket.transferred`);
    expect(before.body.entries.every((e) => e.at < from && e.action === 'ticket.transferred')).toBe(true);
    const acknowledged = await manager.call<AuditPage>('GET', '/api/audit?action=alert.acknowledged');
    expect(acknowledged.body.total).toBe(3);
    expect(t.visitId).toBeTruthy();
  });
});
