import { afterEach, describe, expect, it } from 'vitest';
import type { CheckInResponse, QueueSnapshot, TicketView } from '../../src-shared/api/contract';
import { LiveClient } from '../helpers/live-client';
import { checkInBody, queueTestHub } from '../helpers/queue-hub';
import { call, signInAs, startTestHub, type TestHub } from '../helpers/running-hub';

type EventRow = { type: string; detail: string | null; ticket_id: string };
type OutboxRow = { type: string; payload: string };

/** A hub whose clock the test moves by hand. */
async function hubAt(start: string, dataDir?: string): Promise<{ hub: TestHub; clock: { set(iso: string): void } }> {
  let now = new Date(start);
  const hub = await startTestHub({ hub: queueTestHub(), now: () => now, ...(dataDir ? { dataDir } : {}) });
  return { hub, clock: { set: (iso) => (now = new Date(iso)) } };
}

const hubs: TestHub[] = [];
afterEach(async () => {
  for (const hub of hubs.splice(0)) await hub.dispose();
});

/** Three visitors late in the day: one waiting, one called, one being seen. */
async function lateVisitors(hub: TestHub) {
  const reception = await signInAs(hub, 'reception');
  const checkIn = async (help: string) => (await call<CheckInResponse>(hub, 'POST', '/api/check-ins', checkInBody({ help: [help] }))).body;
  const serving = await checkIn('work');
  const called = await checkIn('housing');
  const waiting = await checkIn('money');
  const e = (await reception.call<{ ticket: TicketView }>('POST', '/api/services/work/call-next', { desk: 'Desk 4' })).body.ticket;
  await reception.call('POST', `/api/tickets/${e.id}/start`, {});
  await reception.call('POST', '/api/services/housing/call-next', { desk: 'Desk 3' });
  return { reception, serving, called, waiting };
}

function closedTickets(hub: TestHub, visitIds: string[]) {
  const db = hub.hub.db;
  return visitIds.map((visitId) => {
    const ticket = db.prepare('SELECT id, status, closed_reason FROM tickets WHERE visit_id = ?').get(visitId) as { id: string; status: string; closed_reason: string | null };
    const visit = db.prepare('SELECT status, closed_at FROM visits WHERE id = ?').get(visitId) as { status: string; closed_at: string | null };
    const last = db.prepare('SELECT type, detail, ticket_id FROM ticket_events WHERE ticket_id = ? ORDER BY id DESC LIMIT 1').get(ticket.id) as EventRow;
    const closed = (db.prepare(`SELECT type, payload FROM outbox WHERE type = 'visit.closed'`).all() as OutboxRow[]).filter(
      (r) => (JSON.parse(r.payload) as { visitId: string }).visitId === visitId,
    );
    return { status: ticket.status, reason: ticket.closed_reason, visit: visit.status, event: last.type, detail: JSON.parse(last.detail ?? '{}') as Record<string, unknown>, closedUpstream: closed.length };
  });
}

describe('the end of the service day', () => {
  it('closes yesterday’s waiting, called and serving tickets at local midnight, and tells every screen', async () => {
    const { hub, clock } = await hubAt('2026-01-14T23:40:00Z');
    hubs.push(hub);
    const { reception, serving, called, waiting } = await lateVisitors(hub);
    // The timer is armed for the next local midnight (GMT in January).
    expect(hub.hub.dayEnd.nextRunAt()?.toISOString()).toBe('2026-01-15T00:00:00.000Z');

    const console = await LiveClient.connect(hub.url, 0, { headers: { cookie: reception.cookieHeader } });
    const display = await LiveClient.connect(hub.url);
    try {
      clock.set('2026-01-15T00:00:00.500Z');
      hub.hub.dayEnd.runNow();
      await console.next((m) => m.kind === 'day-changed' && m.serviceDay === '2026-01-15');
      await display.next((m) => m.kind === 'day-changed' && m.serviceDay === '2026-01-15');
      expect(hub.hub.dayEnd.nextRunAt()?.toISOString()).toBe('2026-01-16T00:00:00.000Z');
    } finally {
      await Promise.all([console.close(), display.close()]);
    }

    const [s, c, w] = closedTickets(hub, [serving.visitId, called.visitId, waiting.visitId]);
    expect(s).toEqual({ status: 'done', reason: 'day-ended', visit: 'closed', event: 'finished', detail: { outcome: 'no-further-action', reason: 'day-ended' }, closedUpstream: 1 });
    expect(c).toEqual({ status: 'cancelled', reason: 'day-ended', visit: 'closed', event: 'cancelled', detail: { reason: 'day-ended' }, closedUpstream: 1 });
    expect(w).toEqual({ status: 'cancelled', reason: 'day-ended', visit: 'closed', event: 'cancelled', detail: { reason: 'day-ended' }, closedUpstream: 1 });

    const snapshot = (await reception.call<QueueSnapshot>('GET', '/api/queue')).body;
    expect(snapshot.serviceDay).toBe('2026-01-15');
    expect(snapshot.services.flatMap((sv) => sv.tickets)).toEqual([]);
    // A day-ended "done" does not count as a real service time.
    expect(hub.hub.queue.averageServiceMinutes('work')).toBe(15);
    // Running it again closes nothing twice.
    const events = hub.hub.queue.lastSeq();
    hub.hub.dayEnd.runNow();
    expect(hub.hub.queue.lastSeq()).toBe(events);
  });

  it('leaves today’s tickets alone when nothing has changed day', async () => {
    const { hub, clock } = await hubAt('2026-01-14T10:00:00Z');
    hubs.push(hub);
    const visit = (await call<CheckInResponse>(hub, 'POST', '/api/check-ins', checkInBody())).body;
    clock.set('2026-01-14T23:59:59.000Z');
    hub.hub.dayEnd.runNow();
    expect(hub.hub.queue.ticketsOfVisit(visit.visitId)[0]!.status).toBe('waiting');
  });

  it('finds midnight across the spring change (a 23-hour day) in Europe/London', async () => {
    const { hub, clock } = await hubAt('2026-03-28T23:30:00Z'); // 23:30 GMT, Saturday
    hubs.push(hub);
    const visit = (await call<CheckInResponse>(hub, 'POST', '/api/check-ins', checkInBody())).body;
    expect(visit.serviceDay).toBe('2026-03-28');
    expect(hub.hub.dayEnd.nextRunAt()?.toISOString()).toBe('2026-03-29T00:00:00.000Z');
    clock.set('2026-03-29T00:00:01Z');
    hub.hub.dayEnd.runNow();
    expect(hub.hub.queue.ticketsOfVisit(visit.visitId)[0]!.status).toBe('cancelled');
    // Sunday the 29th is 23 hours long: the next midnight is 23:00 UTC (00:00 BST).
    expect(hub.hub.dayEnd.nextRunAt()?.toISOString()).toBe('2026-03-29T23:00:00.000Z');
    const late = (await call<CheckInResponse>(hub, 'POST', '/api/check-ins', checkInBody())).body;
    clock.set('2026-03-29T22:59:59Z');
    hub.hub.dayEnd.runNow();
    expect(hub.hub.queue.ticketsOfVisit(late.visitId)[0]!.status).toBe('waiting');
    clock.set('2026-03-29T23:00:00Z');
    hub.hub.dayEnd.runNow();
    expect(hub.hub.queue.ticketsOfVisit(late.visitId)[0]!.status).toBe('cancelled');
  });

  it('finds midnight across the autumn change (a 25-hour day) and keeps the repeated hour in its day', async () => {
    const { hub, clock } = await hubAt('2026-10-24T22:30:00Z'); // 23:30 BST, Saturday
    hubs.push(hub);
    const saturday = (await call<CheckInResponse>(hub, 'POST', '/api/check-ins', checkInBody())).body;
    expect(hub.hub.dayEnd.nextRunAt()?.toISOString()).toBe('2026-10-24T23:00:00.000Z');
    clock.set('2026-10-24T23:00:00Z');
    hub.hub.dayEnd.runNow();
    expect(hub.hub.queue.ticketsOfVisit(saturday.visitId)[0]!.status).toBe('cancelled');
    // Sunday the 25th is 25 hours long: 00:00 BST to 00:00 GMT.
    expect(hub.hub.dayEnd.nextRunAt()?.toISOString()).toBe('2026-10-26T00:00:00.000Z');
    clock.set('2026-10-25T00:30:00Z'); // 01:30 BST, the first time
    const sunday = (await call<CheckInResponse>(hub, 'POST', '/api/check-ins', checkInBody())).body;
    expect(sunday.serviceDay).toBe('2026-10-25');
    clock.set('2026-10-25T01:30:00Z'); // 01:30 GMT, the second time
    hub.hub.dayEnd.runNow();
    expect(hub.hub.queue.ticketsOfVisit(sunday.visitId)[0]!.status).toBe('waiting');
    clock.set('2026-10-26T00:00:00Z');
    hub.hub.dayEnd.runNow();
    expect(hub.hub.queue.ticketsOfVisit(sunday.visitId)[0]!.status).toBe('cancelled');
  });

  it('closes what was left open when the hub starts after a night off, keeping an unacknowledged crisis alert', async () => {
    const first = await hubAt('2026-02-10T16:30:00Z');
    const dataDir = first.hub.dataDir;
    const { reception, serving, waiting } = await lateVisitors(first.hub);
    const crisis = (await call<CheckInResponse>(first.hub, 'POST', '/api/check-ins', checkInBody({ help: ['housing'], sleepTonight: false }))).body;
    await first.hub.close();

    const second = await hubAt('2026-02-11T08:15:00Z', dataDir);
    hubs.push(second.hub, first.hub);
    const [s, w] = closedTickets(second.hub, [serving.visitId, waiting.visitId]);
    expect(s).toMatchObject({ status: 'done', visit: 'closed', closedUpstream: 1 });
    expect(w).toMatchObject({ status: 'cancelled', visit: 'closed', closedUpstream: 1 });
    expect(second.hub.hub.queue.ticketsOfVisit(crisis.visitId)[0]!.status).toBe('cancelled');
    const alerts = second.hub.hub.openAlerts();
    expect(alerts.some((a) => a.kind === 'flag' && a.visitId === crisis.visitId)).toBe(true);
    expect(reception.staff.role).toBe('reception');
  });
});
