import { describe, expect, it } from 'vitest';
import type { DeviceHealth } from '../../src-shared/devices/types';
import { createSimulatedPrinter } from '../../hardware/printer/simulated-printer';
import { decodeEscPos, decodedTextLines } from '../../hardware/printer/decode-escpos';
import { sampleTicket } from '../../hardware/printer/sample-tickets';
import { resolveTicketFonts } from '../../hardware/printer/fonts';

const withoutBengaliFont = { fonts: { ...resolveTicketFonts(), bengali: null } };

describe('simulated printer (the demo hub’s, no TCP)', () => {
  it('prints, keeps the job, and never prints the same ticket twice', async () => {
    const printer = createSimulatedPrinter({ id: 'demo-printer' });
    const ticket = sampleTicket('uk');
    expect(await printer.print(ticket)).toMatchObject({ ok: true });
    expect(await printer.print(ticket)).toMatchObject({ ok: true, alreadyPrinted: true });
    expect(printer.jobs).toHaveLength(1);
    expect(decodedTextLines(decodeEscPos(printer.jobs[0]!.bytes))).toContain('Олена Ґ.');
    expect(printer.health()).toMatchObject({ id: 'demo-printer', driver: 'simulator', connected: true, paper: 'ok', lastError: null });
    await printer.close();
  });

  it('behaves like the real printer in each state staff can set', async () => {
    const printer = createSimulatedPrinter({ statusTimeoutMs: 50 });
    const cases = [
      ['paper-out', 'PRINTER_PAPER_OUT'],
      ['cover-open', 'PRINTER_COVER_OPEN'],
      ['cutter-error', 'PRINTER_CUTTER_ERROR'],
      ['offline', 'PRINTER_OFFLINE'],
      ['silent', 'PRINTER_TIMEOUT'],
      ['refusing', 'PRINTER_UNREACHABLE'],
    ] as const;
    for (const [state, code] of cases) {
      await printer.setState(state);
      expect(printer.state).toBe(state);
      expect(await printer.print(sampleTicket('en', { ticketId: `t-${state}` }))).toMatchObject({ ok: false, code });
    }
    expect(printer.jobs).toEqual([]);
    await printer.setState('near-end');
    expect(await printer.print(sampleTicket('en'))).toMatchObject({ ok: true, status: { paper: 'near-end' } });
    expect(printer.jobs).toHaveLength(1);
    await printer.close();
  });

  it('announces a state change to health listeners at once', async () => {
    const printer = createSimulatedPrinter({ state: 'ready' });
    const seen: DeviceHealth[] = [];
    printer.onHealthChange((h) => seen.push(h));
    await printer.setState('paper-out');
    expect(seen.at(-1)).toMatchObject({ connected: true, paper: 'out', lastError: 'The printer is out of paper.' });
    await printer.setState('ready');
    expect(seen.at(-1)).toMatchObject({ connected: true, paper: 'ok', lastError: null });
    await printer.close();
  });

  it('reports a ticket it cannot draw without blaming the printer, in plain words', async () => {
    const printer = createSimulatedPrinter({ encoder: withoutBengaliFont });
    await printer.status();
    const { fallback: _none, ...bengaliOnly } = sampleTicket('bn');
    const result = await printer.print(bengaliOnly);
    expect(result).toMatchObject({ ok: false, code: 'PRINTER_ERROR', status: null, message: expect.stringMatching(/^Ticket E004 could not be printed in Bangla: this kiosk has no font for Bengali/u) });
    expect(printer.health().lastError).toBeNull();
    expect(printer.jobs).toEqual([]);
    await printer.close();
  });

  it('prints a Bengali ticket; without the font, in English with the same number, and says so', async () => {
    const printer = createSimulatedPrinter();
    expect(await printer.print(sampleTicket('bn'))).toEqual(expect.not.objectContaining({ notice: expect.anything() }));
    const fallback = createSimulatedPrinter({ encoder: withoutBengaliFont });
    const result = await fallback.print(sampleTicket('bn'));
    expect(result).toMatchObject({ ok: true, notice: expect.stringMatching(/^Ticket E004 was printed in English/u) });
    expect(decodedTextLines(decodeEscPos(fallback.jobs[0]!.bytes))).toEqual(expect.arrayContaining(['Your number', 'E004']));
    await printer.close();
    await fallback.close();
  });

  it('keeps the bytes of the last 20 jobs only', { timeout: 30_000 }, async () => {
    const printer = createSimulatedPrinter();
    for (let i = 0; i < 25; i++) expect(await printer.print(sampleTicket('en', { ticketId: `t-${i}` }))).toMatchObject({ ok: true });
    expect(printer.jobs).toHaveLength(20);
    expect(printer.emulator.jobsReceived).toBe(25);
    await expect(printer.emulator.waitForJob(24)).resolves.toBe(printer.jobs[19]);
    await expect(printer.emulator.waitForJob(0)).rejects.toThrow(/no longer kept/u);
    await printer.close();
  });
});
