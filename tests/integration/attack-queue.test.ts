import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeEscPos, decodedTextLines } from '../../hardware/printer/decode-escpos';
import type { SimulatedPrinter } from '../../hardware/printer/simulated-printer';
import { createDevices } from '../../src-main/devices/create-devices';
import { checkInRequest, type AlertView, type CheckInResponse, type TicketView } from '../../src-shared/api/contract';
import { LiveClient } from '../helpers/live-client';
import { checkInBody, queueTestHub } from '../helpers/queue-hub';
import { call, signIn, signInAs, startTestHub, testPassword, type StaffSession, type TestHub } from '../helpers/running-hub';

type ErrorBody = { error?: { code: string; message: string; field?: string } };

async function simulatedHub(dataDir?: string): Promise<{ hub: TestHub; printer: SimulatedPrinter }> {
  // The floods here attack what lies behind the route rate limit (tested in attack-kiosk-routes).
  const config = queueTestHub({ server: { rateLimits: { kiosk: { max: 100_000, windowSeconds: 60 } } } });
  const devices = await createDevices(config, pino({ level: 'silent' }));
  const hub = await startTestHub({ hub: config, devices, ...(dataDir ? { dataDir } : {}) });
  return { hub, printer: devices.printer as SimulatedPrinter };
}

describe('a flood of alerts never pushes out a crisis', () => {
  let hub: TestHub;
  let reception: StaffSession;

  beforeAll(async () => {
    ({ hub } = await simulatedHub());
    reception = await signInAs(hub, 'reception');
  });
  afterAll(async () => hub.dispose());

  it('keeps the self-harm alert open and acknowledgeable after 500 other alerts', async () => {
    const crisis = (await call<CheckInResponse>(hub, 'POST', '/api/check-ins', checkInBody({ help: ['housing'], sleepTonight: false }))).body;
    expect(crisis.flags).toContain('crisis');
    // A broken device flapping and a kiosk button held down: hundreds of alerts.
    for (let i = 0; i < 250; i += 1) hub.hub.alerts.raise({ kind: 'device', visitId: null, message: 'The card reader is disconnected.', flags: [] });
    for (let i = 0; i < 250; i += 1) {
      const res = await call(hub, 'POST', '/api/help-requests', { source: 'kiosk', screen: 'welcome', language: 'en' });
      expect(res.status).toBe(201);
    }
    const open = (await reception.call<{ alerts: AlertView[] }>('GET', '/api/alerts')).body.alerts;
    const flag = open.find((a) => a.kind === 'flag' && a.visitId === crisis.visitId);
    expect(flag).toBeDefined();
    // Repeats are folded into one alert each, with how many times they came.
    expect(open.filter((a) => a.kind === 'device')).toEqual([expect.objectContaining({ count: 250 })]);
    expect(open.filter((a) => a.kind === 'talk-to-someone' && a.visitId === null)).toEqual([expect.objectContaining({ count: 250 })]);

    const ack = await reception.call<{ alertId: string } & ErrorBody>('POST', `/api/alerts/${flag!.id}/acknowledge`, {});
    expect(ack.status).toBe(200);
    const after = (await reception.call<{ alerts: AlertView[] }>('GET', '/api/alerts')).body.alerts;
    expect(after.some((a) => a.id === flag!.id)).toBe(false);
  });
});

describe('alerts survive a restart', () => {
  it('keeps an unacknowledged flag alert and a "ticket not printed" alert, with the same ids', async () => {
    const first = await simulatedHub();
    const dataDir = first.hub.dataDir;
    const reception = await signInAs(first.hub, 'reception', { username: 'rhea' });
    await call(first.hub, 'POST', '/api/devices/simulate', { device: 'printer', state: 'paper-out' });
    const flagged = (await call<CheckInResponse>(first.hub, 'POST', '/api/check-ins', checkInBody({ help: ['housing'], sleepTonight: false }))).body;
    expect(flagged.print).toMatchObject({ ok: false, code: 'PRINTER_PAPER_OUT' });
    const before = (await reception.call<{ alerts: AlertView[] }>('GET', '/api/alerts')).body.alerts;
    const notPrinted = before.find((a) => a.kind === 'printer' && a.visitId === flagged.visitId);
    const flag = before.find((a) => a.kind === 'flag' && a.visitId === flagged.visitId);
    expect(notPrinted && flag).toBeTruthy();
    await first.hub.close();

    const second = await simulatedHub(dataDir);
    try {
      const again = await signIn(second.hub, reception.staff.username, { password: testPassword });
      const after = (await again.call<{ alerts: AlertView[] }>('GET', '/api/alerts')).body.alerts;
      expect(after.map((a) => a.id)).toEqual(expect.arrayContaining([notPrinted!.id, flag!.id]));
      expect(after.filter((a) => a.kind === 'flag' && a.visitId === flagged.visitId)).toHaveLength(1);
      const ack = await again.call('POST', `/api/alerts/${notPrinted!.id}/acknowledge`, {});
      expect(ack.status).toBe(200);
    } finally {
      await second.hub.close();
      await first.hub.dispose();
    }
  });
});

describe('a partner cannot learn where else a visitor is queued', () => {
  let hub: TestHub;
  let partner: StaffSession;
  let reception: StaffSession;

  beforeAll(async () => {
    ({ hub } = await simulatedHub());
    partner = await signInAs(hub, 'partner', { services: ['money'] });
    reception = await signInAs(hub, 'reception');
  });
  afterAll(async () => hub.dispose());

  const checkIn = async (help: string[], name: string) => (await call<CheckInResponse>(hub, 'POST', '/api/check-ins', checkInBody({ help, name }))).body;
  const openServices = (visitId: string) =>
    hub.hub.queue
      .ticketsOfVisit(visitId)
      .filter((t) => ['waiting', 'called', 'serving'].includes(t.status))
      .map((t) => t.serviceId)
      .sort();

  it('answers adding a stop the same whether or not the visitor already waits there', async () => {
    const waitsForHousing = await checkIn(['money', 'housing'], 'Ana');
    const moneyOnly = await checkIn(['money'], 'Ben');
    const already = await partner.call<Record<string, unknown>>('POST', `/api/visits/${waitsForHousing.visitId}/stops`, { serviceId: 'housing' });
    const fresh = await partner.call<Record<string, unknown>>('POST', `/api/visits/${moneyOnly.visitId}/stops`, { serviceId: 'housing' });
    expect(already.status).toBe(202);
    expect(fresh.status).toBe(202);
    expect(already.body).toEqual(fresh.body);
    expect(JSON.stringify(already.body)).not.toMatch(/H00\d/);
    expect(openServices(waitsForHousing.visitId)).toEqual(['housing', 'money']);
    expect(openServices(moneyOnly.visitId)).toEqual(['housing', 'money']);
  });

  it('answers a transfer the same whether or not the visitor already waits there', async () => {
    const waitsForWork = await checkIn(['money', 'work'], 'Cai');
    const moneyOnly = await checkIn(['money'], 'Dee');
    const moneyTicket = (r: CheckInResponse) => r.tickets.find((t) => t.serviceId === 'money')!;
    const already = await partner.call<{ ticket: TicketView } & Record<string, unknown>>('POST', `/api/tickets/${moneyTicket(waitsForWork).id}/transfer`, { toServiceId: 'work' });
    const fresh = await partner.call<{ ticket: TicketView } & Record<string, unknown>>('POST', `/api/tickets/${moneyTicket(moneyOnly).id}/transfer`, { toServiceId: 'work' });
    expect(already.status).toBe(202);
    expect(fresh.status).toBe(202);
    const shape = (body: Record<string, unknown>) => JSON.stringify(body, (key, value: unknown) => (['id', 'visitId', 'number', 'queuedAt', 'finishedAt', 'displayName'].includes(key) ? '…' : value));
    expect(shape(already.body)).toEqual(shape(fresh.body));
    expect(already.body.ticket.status).toBe('transferred');
    expect(JSON.stringify(already.body)).not.toMatch(/E00\d/);
    expect(openServices(waitsForWork.visitId)).toEqual(['work']);
    expect(openServices(moneyOnly.visitId)).toEqual(['work']);
  });

  it('refuses a service the hub does not let money advice refer to, before creating anything', async () => {
    const visit = await checkIn(['money'], 'Eve');
    const res = await partner.call<ErrorBody>('POST', `/api/visits/${visit.visitId}/stops`, { serviceId: 'welcome' });
    expect(res.status).toBe(403);
    expect(res.body.error?.code).toBe('FORBIDDEN');
    const moved = await partner.call<ErrorBody>('POST', `/api/tickets/${visit.tickets[0]!.id}/transfer`, { toServiceId: 'welcome' });
    expect(moved.status).toBe(403);
    expect(openServices(visit.visitId)).toEqual(['money']);
  });

  it('still tells reception plainly that the visitor already waits there', async () => {
    const visit = await checkIn(['money', 'housing'], 'Fay');
    const res = await reception.call<ErrorBody>('POST', `/api/visits/${visit.visitId}/stops`, { serviceId: 'housing' });
    expect(res.status).toBe(409);
    expect(res.body.error?.message).toMatch(/already waiting/);
  });
});

describe('names and languages that spoof or break', () => {
  let hub: TestHub;
  let printer: SimulatedPrinter;
  let reception: StaffSession;

  beforeAll(async () => {
    ({ hub, printer } = await simulatedHub());
    reception = await signInAs(hub, 'reception');
  });
  afterAll(async () => hub.dispose());

  it('strips bidi overrides, zero-width and control characters from a name', async () => {
    const res = await call<CheckInResponse>(hub, 'POST', '/api/check-ins', checkInBody({ name: 'Ali\u202Ecod.exe\u202C' }));
    expect(res.status).toBe(201);
    expect(res.body.tickets[0]!.displayName).toBe('Alicod.exe');
    const zeroWidth = await call<CheckInResponse>(hub, 'POST', '/api/check-ins', checkInBody({ name: 'Jo\u200B\u0007e\u0301' }));
    expect(zeroWidth.body.tickets[0]!.displayName).toBe('Jo\u00e9');
  });

  it('refuses a name that is nothing but invisible characters, naming the field', async () => {
    const res = await call<ErrorBody>(hub, 'POST', '/api/check-ins', checkInBody({ name: '\u202E\u200B\u2066' }));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'visitor.displayName' });
  });

  it('refuses a language the hub does not offer, without raising a printer alert', async () => {
    const body = { ...checkInBody(), visitor: { displayName: 'Gus', language: '<b>x</b>', interpreter: false, accessibility: [] } };
    const res = await call<ErrorBody>(hub, 'POST', '/api/check-ins', body);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'visitor.language' });
    const alerts = (await reception.call<{ alerts: AlertView[] }>('GET', '/api/alerts')).body.alerts;
    expect(alerts.some((a) => a.message.includes('RangeError') || a.message.includes('<b>'))).toBe(false);
    // British Sign Language is always offered, whatever the screens' languages.
    const bsl = await call<CheckInResponse>(hub, 'POST', '/api/check-ins', { ...checkInBody(), visitor: { displayName: 'Hal', language: 'bfi', interpreter: true, accessibility: [] } });
    expect(bsl.status).toBe(201);
    expect(bsl.body.print.ok).toBe(true);
  });

  it('prints the ticket without the name when the printer cannot draw a character of it', async () => {
    const jobs = printer.jobs.length;
    const res = await call<CheckInResponse>(hub, 'POST', '/api/check-ins', checkInBody({ name: 'Sam 🙂' }));
    expect(res.status).toBe(201);
    expect(res.body.print).toMatchObject({ ok: true, code: 'PRINTED_OTHERWISE' });
    expect(res.body.print.ok && res.body.print.message).toMatch(/without the name/);
    expect(printer.jobs).toHaveLength(jobs + 1);
    const lines = decodedTextLines(decodeEscPos(printer.jobs.at(-1)!.bytes));
    expect(lines).toContain(res.body.tickets[0]!.number);
    expect(lines.join('\n')).not.toContain('Sam');
  });
});

describe('a retried check-in tells the truth about its ticket', () => {
  let hub: TestHub;
  let printer: SimulatedPrinter;

  beforeAll(async () => {
    ({ hub, printer } = await simulatedHub());
  });
  afterAll(async () => hub.dispose());

  const setPrinter = (state: string) => call(hub, 'POST', '/api/devices/simulate', { device: 'printer', state });

  it('says it did not print after paper-out, tries once more on retry, then stops trying', async () => {
    await setPrinter('paper-out');
    const body = checkInBody({ help: ['work'] });
    const first = await call<CheckInResponse>(hub, 'POST', '/api/check-ins', body);
    expect(first.body.print).toMatchObject({ ok: false, code: 'PRINTER_PAPER_OUT' });
    const retry = await call<CheckInResponse>(hub, 'POST', '/api/check-ins', body);
    expect(retry.body.replayed).toBe(true);
    expect(retry.body.print).toMatchObject({ ok: false, code: 'PRINTER_PAPER_OUT' });
    await setPrinter('ready');
    const jobs = printer.jobs.length;
    const third = await call<CheckInResponse>(hub, 'POST', '/api/check-ins', body);
    expect(third.body.print.ok).toBe(false);
    expect(printer.jobs).toHaveLength(jobs);
  });

  it('prints on the retry after a failed print once the paper is back, and only once', async () => {
    await setPrinter('paper-out');
    const body = checkInBody({ help: ['money'] });
    expect((await call<CheckInResponse>(hub, 'POST', '/api/check-ins', body)).body.print.ok).toBe(false);
    await setPrinter('ready');
    const jobs = printer.jobs.length;
    const retry = await call<CheckInResponse>(hub, 'POST', '/api/check-ins', body);
    expect(retry.body.print).toEqual({ ok: true });
    expect(printer.jobs).toHaveLength(jobs + 1);
    const again = await call<CheckInResponse>(hub, 'POST', '/api/check-ins', body);
    expect(again.body.print).toEqual({ ok: true, code: 'ALREADY_PRINTED' });
    expect(printer.jobs).toHaveLength(jobs + 1);
  });

  it('prints on the retry after a crash between the commit and the print', async () => {
    const body = checkInBody({ help: ['housing'] });
    // The check-in committed; the hub died before it printed.
    hub.hub.queue.checkIn(checkInRequest.parse(body));
    const jobs = printer.jobs.length;
    const retry = await call<CheckInResponse>(hub, 'POST', '/api/check-ins', body);
    expect(retry.body.replayed).toBe(true);
    expect(retry.body.print).toEqual({ ok: true });
    expect(printer.jobs).toHaveLength(jobs + 1);
  });

  it('records how the ticket printed with the visit', async () => {
    const res = await call<CheckInResponse>(hub, 'POST', '/api/check-ins', checkInBody({ help: ['money'] }));
    const row = hub.hub.db.prepare('SELECT print_status, print_code, printed_at FROM visits WHERE id = ?').get(res.body.visitId);
    expect(row).toMatchObject({ print_status: 'printed', print_code: null, printed_at: expect.any(String) });
  });
});

describe('live screens hear alerts folded, not repeated', () => {
  it('sends the folded alert again with its count', async () => {
    const { hub } = await simulatedHub();
    const reception = await signInAs(hub, 'reception');
    const live = await LiveClient.connect(hub.url, 0, { headers: { cookie: reception.cookieHeader } });
    try {
      for (let i = 0; i < 3; i += 1) await call(hub, 'POST', '/api/help-requests', { source: 'kiosk', screen: 'welcome', language: 'en' });
      const third = await live.next((m) => m.kind === 'alert' && m.alert.count === 3);
      const ids = new Set(live.messages.flatMap((m) => (m.kind === 'alert' ? [m.alert.id] : [])));
      expect(ids.size).toBe(1);
      expect(third).toBeTruthy();
    } finally {
      await live.close();
      await hub.dispose();
    }
  });
});
