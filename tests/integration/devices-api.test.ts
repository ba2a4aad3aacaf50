import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedPrinter } from '../../hardware/printer/simulated-printer';
import { createDevices } from '../../src-main/devices/create-devices';
import { decodeEscPos, decodedTextLines } from '../../hardware/printer/decode-escpos';
import type { CheckInResponse, IdentifyResponse } from '../../src-shared/api/contract';
import type { DeviceHealth } from '../../src-shared/devices/types';
import { LiveClient } from '../helpers/live-client';
import { checkInBody, queueTestHub } from '../helpers/queue-hub';
import { call, signInAs, startTestHub, type TestHub } from '../helpers/running-hub';

describe('simulated devices through the hub', () => {
  let hub: TestHub;
  let live: LiveClient;
  /** Reception's console: alerts go to signed-in reception only, never to the kiosk's anonymous channel. */
  let reception: LiveClient;
  let printer: SimulatedPrinter;

  beforeAll(async () => {
    const config = queueTestHub();
    const devices = await createDevices(config, pino({ level: 'silent' }));
    printer = devices.printer as SimulatedPrinter;
    hub = await startTestHub({ hub: config, devices });
    live = await LiveClient.connect(hub.url);
    const desk = await signInAs(hub, 'reception');
    reception = await LiveClient.connect(hub.url, 0, { headers: { cookie: desk.cookieHeader } });
  });
  afterAll(async () => {
    await live.close();
    await reception.close();
    await hub.dispose();
  });

  it('reports every device’s health', async () => {
    const res = await call<{ devices: DeviceHealth[] }>(hub, 'GET', '/api/devices');
    expect(res.body.devices.map((d) => `${d.kind}:${d.driver}`).sort()).toEqual(['card-reader:simulator', 'printer:simulator', 'qr-scanner:simulator']);
  });

  it('sends a simulated card read to the kiosk as an identity, and a garbled one as a clear rejection', async () => {
    await call(hub, 'POST', '/api/devices/simulate', { device: 'card', raw: '00123456' });
    const read = await live.next((m) => m.kind === 'reader' && m.source === 'card');
    expect(read).toMatchObject({ kind: 'reader', outcome: { ok: true, identity: { known: false, token: { method: 'card', id: '00123456' } } } });
    await call(hub, 'POST', '/api/devices/simulate', { device: 'card', raw: '\u0000\u0001??' });
    const bad = await live.next((m) => m.kind === 'reader' && m.source === 'card' && !m.outcome.ok);
    expect(bad).toMatchObject({ outcome: { ok: false, code: 'CARD_UNREADABLE' } });
  });

  it('sends a QR membership code through, and refuses a URL without echoing it', async () => {
    await call(hub, 'POST', '/api/devices/simulate', { device: 'qr', raw: 'FD1:M:AB1234' });
    const read = await live.next((m) => m.kind === 'reader' && m.source === 'qr');
    expect(read).toMatchObject({ outcome: { ok: true, identity: { token: { method: 'qr', id: 'AB1234' } } } });
    await call(hub, 'POST', '/api/devices/simulate', { device: 'qr', raw: 'https://evil.example/x' });
    const bad = await live.next((m) => m.kind === 'reader' && m.source === 'qr' && !m.outcome.ok);
    expect(bad).toMatchObject({ outcome: { ok: false, code: 'QR_REJECTED' } });
    expect(JSON.stringify(bad)).not.toContain('evil.example');
  });

  it('prints the ticket once per check-in, even when the kiosk retries', async () => {
    const body = checkInBody({ help: ['money', 'work'], name: 'Ola' });
    const first = await call<CheckInResponse>(hub, 'POST', '/api/check-ins', body);
    expect(first.body.print).toEqual({ ok: true });
    const retry = await call<CheckInResponse>(hub, 'POST', '/api/check-ins', body);
    expect(retry.body.print).toMatchObject({ ok: true, code: 'ALREADY_PRINTED' });
    expect(printer.jobs).toHaveLength(1);
  });

  it('prints each stop with its place and wait, and a QR code that tells the kiosk the resident is checked in', async () => {
    const res = await call<CheckInResponse>(hub, 'POST', '/api/check-ins', checkInBody({ help: ['money'], name: 'Kit' }));
    expect(res.body.print).toEqual({ ok: true });
    const ticket = res.body.tickets[0]!;
    expect(ticket.place).toBeGreaterThanOrEqual(1);
    const decoded = decodeEscPos(printer.jobs.at(-1)!.bytes);
    const lines = decodedTextLines(decoded);
    expect(lines).toEqual(expect.arrayContaining([ticket.number, `Your place in the queue: ${ticket.place}`, 'What happens next']));
    expect(lines.some((l) => l.startsWith('Estimated wait: '))).toBe(true);
    const qr = decoded.blocks.find((b) => b.kind === 'qr');
    expect(qr).toMatchObject({ payload: `FD1:T:${res.body.visitId}` });

    const scanned = await call<IdentifyResponse>(hub, 'POST', '/api/identify', { method: 'qr', raw: qr && qr.kind === 'qr' ? qr.payload : '' });
    expect(scanned.status).toBe(200);
    expect(scanned.body.ticket).toEqual({ number: ticket.number, serviceId: ticket.serviceId, place: ticket.place, estimatedWaitMinutes: ticket.estimatedWaitMinutes });

    // Once the visit has no open ticket, its QR code is refused as before.
    const desk = await signInAs(hub, 'reception');
    expect((await desk.call('POST', `/api/tickets/${ticket.id}/cancel`, {})).status).toBe(200);
    const later = await call<{ error: { code: string } }>(hub, 'POST', '/api/identify', { method: 'qr', raw: `FD1:T:${res.body.visitId}` });
    expect(later.body.error.code).toBe('QR_REJECTED');
  });

  it('never loses a check-in to a printer out of paper: the kiosk is told and reception alerted', async () => {
    await call(hub, 'POST', '/api/devices/simulate', { device: 'printer', state: 'paper-out' });
    await live.next((m) => m.kind === 'device' && m.health.kind === 'printer' && m.health.paper === 'out');
    const res = await call<CheckInResponse>(hub, 'POST', '/api/check-ins', checkInBody({ help: ['housing'] }));
    expect(res.status).toBe(201);
    expect(res.body.print).toMatchObject({ ok: false, code: 'PRINTER_PAPER_OUT' });
    expect(res.body.tickets[0]!.number).toBe('H003');
    await reception.next((m) => m.kind === 'alert' && m.alert.kind === 'printer' && m.alert.visitId === res.body.visitId);
    const devices = await call<{ devices: DeviceHealth[] }>(hub, 'GET', '/api/devices');
    expect(devices.body.devices.find((d) => d.kind === 'printer')).toMatchObject({ paper: 'out' });

    await call(hub, 'POST', '/api/devices/simulate', { device: 'printer', state: 'ready' });
    const next = await call<CheckInResponse>(hub, 'POST', '/api/check-ins', checkInBody({ help: ['housing'] }));
    expect(next.body.print).toEqual({ ok: true });
  });

  it('rejects a simulate request for a device state that does not exist', async () => {
    const res = await call<{ error: { code: string; field?: string } }>(hub, 'POST', '/api/devices/simulate', { device: 'printer', state: 'on-fire' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'state' });
  });
});
