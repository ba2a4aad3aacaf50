import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceHealth, PrintResult } from '../../src-shared/devices/types';
import { EscPosPrinter, PrinterError } from '../../hardware/printer/escpos-printer';
import { startFakeNetworkPrinter, type FakeNetworkPrinter } from '../../hardware/printer/fake-network-printer';
import { createTcpTransport } from '../../hardware/printer/transport-tcp';
import { decodeEscPos, decodedTextLines } from '../../hardware/printer/decode-escpos';
import { sampleTicket } from '../../hardware/printer/sample-tickets';
import type { FakePrinterState } from '../../hardware/printer/printer-emulator';

const open: { printer?: EscPosPrinter; fake?: FakeNetworkPrinter }[] = [];

afterEach(async () => {
  for (const { printer, fake } of open.splice(0)) {
    await printer?.close();
    await fake?.close();
  }
});

async function setup(state: FakePrinterState = 'ready') {
  const fake = await startFakeNetworkPrinter({ state });
  const printer = new EscPosPrinter({
    id: 'kiosk-printer',
    transport: createTcpTransport({ host: fake.host, port: fake.port, connectTimeoutMs: 2000 }),
    // Short, so the silent printer's timeout is quick; 127.0.0.1 answers in well under a millisecond.
    statusTimeoutMs: 400,
    writeTimeoutMs: 5000,
  });
  open.push({ printer, fake });
  return { fake, printer };
}

function expectFailure(result: PrintResult, code: string) {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.code).toBe(code);
  expect(result.message.length).toBeGreaterThan(0);
}

describe('EscPosPrinter over TCP against the fake network printer', () => {
  it('prints when ready; the fake keeps the job and its bytes decode back to the ticket', async () => {
    const { fake, printer } = await setup('ready');
    const ticket = sampleTicket('pl');
    const result = await printer.print(ticket);
    expect(result).toMatchObject({ ok: true, status: { online: true, paper: 'ok', coverOpen: false, cutterError: false, error: false } });
    const job = await fake.waitForJob(0);
    expect(job).toMatchObject({ printed: true, cut: true, condition: 'ready' });
    const decoded = decodeEscPos(job.bytes);
    const lines = decodedTextLines(decoded);
    expect(lines).toEqual(
      expect.arrayContaining(['E004', 'Łucja Ś.', '1. Wsparcie w zatrudnieniu', 'Gdzie podejść: Stanowisko 3', 'Twoje miejsce w kolejce: 3', 'H002', '2. Zdrowie i samopoczucie']),
    );
    expect(decoded.blocks.filter((b) => b.kind === 'qr')).toEqual([expect.objectContaining({ payload: `FD1:T:${ticket.ticketId}` })]);
    // Status requests went before and after the job, not into it.
    expect(decoded.blocks.some((b) => b.kind === 'status-request')).toBe(false);
    expect(fake.emulator.statusRequestsAnswered).toBe(8);
    expect(printer.health()).toMatchObject({ id: 'kiosk-printer', kind: 'printer', driver: 'network', connected: true, paper: 'ok', lastError: null });
    expect(Date.parse(printer.health().lastSeenAt ?? '')).not.toBeNaN();
  });

  it('prints with paper near end and warns staff', async () => {
    const { fake, printer } = await setup('near-end');
    const result = await printer.print(sampleTicket('en'));
    expect(result).toMatchObject({ ok: true, status: { online: true, paper: 'near-end' } });
    expect(fake.jobs).toHaveLength(1);
    expect(printer.health()).toMatchObject({ connected: true, paper: 'near-end', lastError: 'The printer paper is running low.' });
  });

  it.each([
    ['paper-out', 'PRINTER_PAPER_OUT', { online: false, paper: 'out' }],
    ['cover-open', 'PRINTER_COVER_OPEN', { online: false, coverOpen: true }],
    ['cutter-error', 'PRINTER_CUTTER_ERROR', { online: false, cutterError: true, error: true }],
    ['offline', 'PRINTER_OFFLINE', { online: false, coverOpen: false, paper: 'ok' }],
  ] as const)('refuses the job when %s, sends nothing, and tells staff', async (state, code, status) => {
    const { fake, printer } = await setup(state);
    const result = await printer.print(sampleTicket('en'));
    expectFailure(result, code);
    expect(result.status).toMatchObject(status);
    expect(fake.jobs).toEqual([]);
    expect(printer.health()).toMatchObject({ connected: true, lastError: expect.any(String) });
    if (state === 'paper-out') expect(printer.health().paper).toBe('out');
  });

  it('times out on a silent printer (PRINTER_TIMEOUT) and shows it disconnected', async () => {
    const { fake, printer } = await setup('silent');
    const result = await printer.print(sampleTicket('en'));
    expectFailure(result, 'PRINTER_TIMEOUT');
    expect(result.status).toBeNull();
    expect(fake.jobs).toEqual([]);
    expect(printer.health()).toMatchObject({ connected: false, paper: 'unknown', lastError: expect.stringMatching(/within 400 ms/) });
    await expect(printer.status()).rejects.toMatchObject({ code: 'PRINTER_TIMEOUT' });
  });

  it('reports a printer that drops connections as PRINTER_UNREACHABLE', async () => {
    const { fake, printer } = await setup('refusing');
    const result = await printer.print(sampleTicket('en'));
    expectFailure(result, 'PRINTER_UNREACHABLE');
    expect(fake.connectionCount).toBeGreaterThanOrEqual(1);
    expect(fake.jobs).toEqual([]);
    expect(printer.health().connected).toBe(false);
  });

  it('reports nothing listening as PRINTER_UNREACHABLE', async () => {
    const fake = await startFakeNetworkPrinter();
    const port = fake.port;
    await fake.close();
    const printer = new EscPosPrinter({ id: 'gone', transport: createTcpTransport({ host: '127.0.0.1', port }), statusTimeoutMs: 400 });
    open.push({ printer });
    expectFailure(await printer.print(sampleTicket('en')), 'PRINTER_UNREACHABLE');
    await expect(printer.status()).rejects.toBeInstanceOf(PrinterError);
  });

  it('never prints the same ticket twice, even when asked twice at once', async () => {
    const { fake, printer } = await setup('ready');
    const ticket = sampleTicket('en');
    const [a, b] = await Promise.all([printer.print(ticket), printer.print(ticket)]);
    const c = await printer.print(ticket);
    expect(a.ok && b.ok && c.ok).toBe(true);
    expect(new Set([a.jobId, b.jobId, c.jobId]).size).toBe(1);
    expect([a, b, c].filter((r) => r.ok && r.alreadyPrinted)).toHaveLength(2);
    expect(fake.jobs).toHaveLength(1);
    // Another ticket is a new job.
    await printer.print(sampleTicket('en', { ticketId: 'tkt-other', number: 'E005' }));
    expect(fake.jobs).toHaveLength(2);
  });

  it('prints again only through reprint()', async () => {
    const { fake, printer } = await setup('ready');
    const ticket = sampleTicket('en');
    const first = await printer.print(ticket);
    const again = await printer.reprint(ticket);
    expect(again.ok).toBe(true);
    expect(again.jobId).not.toBe(first.jobId);
    expect(fake.jobs).toHaveLength(2);
    expect(decodedTextLines(decodeEscPos(fake.jobs[1]!.bytes))).toContain('E004');
  });

  it('prints a refused ticket once the paper is back', async () => {
    const { fake, printer } = await setup('paper-out');
    const ticket = sampleTicket('en');
    expectFailure(await printer.print(ticket), 'PRINTER_PAPER_OUT');
    fake.setState('ready');
    expect(await printer.print(ticket)).toMatchObject({ ok: true });
    expect(fake.jobs).toHaveLength(1);
    expect(printer.health()).toMatchObject({ connected: true, paper: 'ok', lastError: null });
  });

  it('reads the status after the job: paper running out mid-ticket is reported, and not printed again by itself', async () => {
    const { fake, printer } = await setup('ready');
    fake.emulator.changeStateOnNextCut('paper-out');
    const ticket = sampleTicket('en');
    const result = await printer.print(ticket);
    expectFailure(result, 'PRINTER_PAPER_OUT');
    expect(result.status).toMatchObject({ paper: 'out' });
    expect(fake.jobs).toHaveLength(1);
    fake.setState('ready');
    // The job may be half on paper: a plain print() does not repeat it; reprint() does.
    expect(await printer.print(ticket)).toMatchObject({ ok: false, jobId: result.jobId });
    expect(fake.jobs).toHaveLength(1);
    expect(await printer.reprint(ticket)).toMatchObject({ ok: true });
    expect(fake.jobs).toHaveLength(2);
  });

  it('reconnects after the printer dropped the connection', async () => {
    const { fake, printer } = await setup('ready');
    await printer.status();
    fake.setState('refusing');
    await expect(printer.status()).rejects.toMatchObject({ code: 'PRINTER_UNREACHABLE' });
    fake.setState('ready');
    await expect(printer.status()).resolves.toMatchObject({ online: true });
    expect(await printer.print(sampleTicket('en'))).toMatchObject({ ok: true });
  });

  it('tells a health listener when the paper runs out and comes back, and stops when unsubscribed', async () => {
    const { fake, printer } = await setup('ready');
    const seen: DeviceHealth[] = [];
    const stop = printer.onHealthChange((h) => seen.push(h));
    await printer.status();
    await printer.status(); // no change, no call
    fake.setState('paper-out');
    await printer.status();
    fake.setState('ready');
    await printer.status();
    stop();
    fake.setState('cover-open');
    await printer.status();
    expect(seen.map((h) => [h.connected, h.paper, h.lastError])).toEqual([
      [true, 'ok', null],
      [true, 'out', 'The printer is out of paper.'],
      [true, 'ok', null],
    ]);
  });

  it('answers status requests in every state with the measured bytes', async () => {
    const expected: Record<string, object> = {
      ready: { online: true, paper: 'ok' },
      'near-end': { online: true, paper: 'near-end' },
      'paper-out': { online: false, paper: 'out' },
      'cover-open': { online: false, coverOpen: true },
      'cutter-error': { online: false, cutterError: true, error: true },
      offline: { online: false, coverOpen: false, cutterError: false, paper: 'ok' },
    };
    const { fake, printer } = await setup('ready');
    for (const [state, status] of Object.entries(expected)) {
      fake.setState(state as FakePrinterState);
      await expect(printer.status()).resolves.toMatchObject(status);
    }
  });
});
