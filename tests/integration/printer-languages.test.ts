import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import { EscPosPrinter } from '../../hardware/printer/escpos-printer';
import { startFakeNetworkPrinter, type FakeNetworkPrinter } from '../../hardware/printer/fake-network-printer';
import { createTcpTransport } from '../../hardware/printer/transport-tcp';
import { decodeEscPos, type DecodedBlock } from '../../hardware/printer/decode-escpos';
import { renderDecodedToPng } from '../../hardware/printer/render-png';
import { sampleTicketLanguages } from '../../hardware/printer/sample-tickets';
import { formatQrPayload } from '../../src-shared/devices/qr-payload';
import { differingPixels, paperWidths, referenceFile, referenceTicket, type Paper } from '../helpers/ticket-references';

/**
 * Every offered language, printed over TCP to the fake TM-T88-class printer: the bytes decode
 * with the strict decoder (no unknown command, no byte outside its code page) and look like the
 * reviewed reference image (tests/fixtures/tickets; `npm run tickets:reference` rewrites them).
 */

/** Rendering differences allowed between machines (anti-aliasing thresholds of a few glyph edges). */
const tolerance = 0.002;

let fake: FakeNetworkPrinter;

beforeAll(async () => {
  fake = await startFakeNetworkPrinter();
  const wasm = readFileSync(createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm'));
  await prepareZXingModule({ overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer }, fireImmediately: true });
});

afterAll(async () => {
  await fake.close();
});

const cases = sampleTicketLanguages.flatMap((language) => (Object.keys(paperWidths) as Paper[]).map((paper) => [language, paper] as const));

describe('a ticket in every offered language, on 80 mm and 58 mm printers', () => {
  it.each(cases)('%s on %s paper: strict decode, QR FD1:T:, matches the reviewed image', async (language, paper) => {
    const { columns, dotsPerLine } = paperWidths[paper];
    const printer = new EscPosPrinter({
      id: `printer-${language}-${paper}`,
      transport: createTcpTransport({ host: fake.host, port: fake.port, connectTimeoutMs: 2000 }),
      encoder: { columns, dotsPerLine },
    });
    try {
      const ticket = referenceTicket(language);
      const index = fake.emulator.jobsReceived;
      const result = await printer.print(ticket);
      expect(result).toMatchObject({ ok: true });
      expect(result.ok && result.notice).toBeFalsy();
      const job = await fake.waitForJob(index);
      expect(fake.emulator.protocolErrors).toEqual([]);

      const decoded = decodeEscPos(job.bytes);
      const qr = decoded.blocks.filter((b): b is Extract<DecodedBlock, { kind: 'qr' }> => b.kind === 'qr');
      expect(qr.map((b) => b.payload)).toEqual([formatQrPayload({ kind: 'ticket', ticketId: ticket.ticketId })]);
      for (const block of decoded.blocks) {
        if (block.kind === 'raster') expect(block.width).toBeLessThanOrEqual(dotsPerLine);
        if (block.kind === 'text') expect(block.spans.reduce((n, s) => n + [...s.text].length * s.width, 0)).toBeLessThanOrEqual(columns);
      }

      const png = renderDecodedToPng(decoded, { dotsPerLine });
      expect((await readBarcodes(new Uint8Array(png), { formats: ['QRCode'] })).map((r) => r.text)).toEqual([qr[0]!.payload]);
      const reference = readFileSync(referenceFile(language, paper));
      const differ = differingPixels(png, reference);
      const { width, height } = { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
      expect(differ / (width * height), `${language}-${paper}: ${differ} pixels differ from ${referenceFile(language, paper)}`).toBeLessThanOrEqual(tolerance);
    } finally {
      await printer.close();
    }
  });

  it('keeps only the latest jobs, counting every one', () => {
    expect(fake.emulator.jobsReceived).toBe(cases.length);
    expect(fake.jobs).toHaveLength(Math.min(20, cases.length));
  });
});
