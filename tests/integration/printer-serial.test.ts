import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReadStream } from 'node:tty';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EscPosPrinter } from '../../hardware/printer/escpos-printer';
import { PrinterEmulator } from '../../hardware/printer/printer-emulator';
import { createSerialTransport } from '../../hardware/printer/transport-serial';
import { createFileTransport } from '../../hardware/printer/transport-file';
import { decodeEscPos, decodedTextLines } from '../../hardware/printer/decode-escpos';
import { sampleTicket } from '../../hardware/printer/sample-tickets';
import type { PrinterTransport } from '../../hardware/printer/types';

/**
 * Serial and device-file transports over a real pty pair (socat): the printer's end is driven by
 * the same emulator as the fake network printer. Killing socat is an unplug.
 */

const hasSocat = spawnSync('socat', ['-V']).status === 0;

type Cable = { socat: ChildProcess; stream: ReadStream; fd: number };

let dir = '';
let cable: Cable | null = null;
const emulator = { current: new PrinterEmulator() };
const printers: EscPosPrinter[] = [];

/** Starts socat and attaches the emulator to the printer end; resolves once data can flow. */
async function plugIn(): Promise<Cable> {
  const socat = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${join(dir, 'printer')}`, `pty,raw,echo=0,link=${join(dir, 'host')}`]);
  await new Promise<void>((resolve, reject) => {
    let log = '';
    socat.once('exit', (code) => reject(new Error(`socat exited (${code}): ${log}`)));
    socat.stderr.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('starting data transfer loop')) resolve();
    });
  });
  const fd = openSync(join(dir, 'printer'), 'r+');
  const stream = new ReadStream(fd);
  const session = emulator.current.openSession((bytes) => writeSync(fd, bytes));
  stream.on('data', (chunk: Buffer) => session.receive(new Uint8Array(chunk)));
  // The far end hanging up reads as EIO on a pty: that is the unplug, not a test failure.
  stream.on('error', () => undefined);
  return { socat, stream, fd };
}

async function unplug(c: Cable): Promise<void> {
  const exited = new Promise<void>((resolve) => c.socat.once('exit', () => resolve()));
  c.socat.kill('SIGTERM');
  await exited;
  c.stream.destroy();
  try {
    closeSync(c.fd);
  } catch {
    // Already closed by the stream.
  }
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'printer-pty-'));
  emulator.current = new PrinterEmulator();
  if (hasSocat) cable = await plugIn();
});

afterEach(async () => {
  for (const p of printers.splice(0)) await p.close();
  if (cable) await unplug(cable);
  cable = null;
  rmSync(dir, { recursive: true, force: true });
});

const transports: [string, () => PrinterTransport][] = [
  ['serial', () => createSerialTransport({ path: join(dir, 'host'), baudRate: 38400 })],
  ['usb device file', () => createFileTransport({ path: join(dir, 'host'), pollIntervalMs: 2 })],
];

describe.skipIf(!hasSocat)('EscPosPrinter over a pty (socat)', () => {
  describe.each(transports)('%s transport', (_name, makeTransport) => {
    const makePrinter = () => {
      const printer = new EscPosPrinter({ id: 'pty-printer', transport: makeTransport(), statusTimeoutMs: 400, writeTimeoutMs: 5000 });
      printers.push(printer);
      return printer;
    };

    it('prints a ticket and the printer end receives it whole', async () => {
      const printer = makePrinter();
      const ticket = sampleTicket('ro');
      expect(await printer.print(ticket)).toMatchObject({ ok: true, status: { online: true } });
      const job = await emulator.current.waitForJob(0);
      expect(decodedTextLines(decodeEscPos(job.bytes))).toEqual(expect.arrayContaining(['E004', 'Ştefania Ţîrcă', 'Locul dvs. la rând: 3']));
      expect(await printer.print(ticket)).toMatchObject({ ok: true, alreadyPrinted: true });
      expect(emulator.current.jobs).toHaveLength(1);
    });

    it('refuses on paper out', async () => {
      const printer = makePrinter();
      emulator.current.setState('paper-out');
      expect(await printer.print(sampleTicket('en'))).toMatchObject({ ok: false, code: 'PRINTER_PAPER_OUT' });
      expect(emulator.current.jobs).toEqual([]);
    });

    it('times out when the printer says nothing', async () => {
      const printer = makePrinter();
      emulator.current.setState('silent');
      expect(await printer.print(sampleTicket('en'))).toMatchObject({ ok: false, code: 'PRINTER_TIMEOUT' });
    });

    it('notices an unplug and comes back when plugged in again', async () => {
      const printer = makePrinter();
      await expect(printer.status()).resolves.toMatchObject({ online: true });
      await unplug(cable!);
      cable = null;
      const error = await printer.status().then(
        () => null,
        (e: unknown) => e as { code: string },
      );
      expect(['PRINTER_UNREACHABLE', 'PRINTER_TIMEOUT']).toContain(error?.code);
      expect(printer.health()).toMatchObject({ connected: false, paper: 'unknown' });
      cable = await plugIn();
      // The dead handle was dropped at the unplug, so the first call opens the new device.
      await expect(printer.status()).resolves.toMatchObject({ online: true });
      expect(await printer.print(sampleTicket('en'))).toMatchObject({ ok: true });
      expect(printer.health()).toMatchObject({ connected: true });
    });
  });
});
