import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import { decodeEscPos, decodedTextLines, EscPosDecodeError } from '../../hardware/printer/decode-escpos';
import { EscPosTokenizer } from '../../hardware/printer/escpos-grammar';
import { PrinterEmulator } from '../../hardware/printer/printer-emulator';

const bytes = (...parts: (number[] | string)[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

/** GS v 0 with the given rows (width in bytes × height). */
const raster = (widthBytes: number, rows: number[][]) => [0x1d, 0x76, 0x30, 0x00, widthBytes, 0, rows.length, 0, ...rows.flat()];

/** GS ( k store + print of a QR payload given as raw bytes. */
const qr = (data: number[]) => {
  const length = data.length + 3;
  return [0x1d, 0x28, 0x6b, length & 0xff, length >> 8, 0x31, 0x50, 0x30, ...data, 0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30];
};

/** Feeds bytes to an emulator one chunk at a time and counts the status answers it gives. */
function answersFromEmulator(stream: Uint8Array, chunk = 1): number[] {
  const emulator = new PrinterEmulator();
  const answers: number[] = [];
  const session = emulator.openSession((reply) => answers.push(...reply));
  for (let i = 0; i < stream.length; i += chunk) session.receive(stream.subarray(i, i + chunk));
  session.end();
  expect(emulator.protocolErrors).toEqual([]);
  return answers;
}

describe('strict ESC/POS decoder', () => {
  it('decodes text, styles, alignment and cut', () => {
    const decoded = decodeEscPos(bytes([0x1b, 0x40], [0x1b, 0x61, 0x01], [0x1b, 0x45, 0x01], [0x1d, 0x21, 0x11], 'M012', [0x0a], [0x1d, 0x56, 0x01]));
    const [line, cut] = decoded.blocks;
    expect(line).toMatchObject({ kind: 'text', align: 'center', text: 'M012', spans: [{ bold: true, width: 2, height: 2 }] });
    expect(cut).toEqual({ kind: 'cut', partial: true, feedDots: 0 });
  });

  it('decodes with the encoder’s code pages, switching mid-line (€ is ESC t 19, 0xD5)', () => {
    const encoded = new ReceiptPrinterEncoder({ columns: 42, newline: '\n' }).initialize().codepage('auto').line('Cost € 5, zażółć, Ї').encode();
    expect(decodedTextLines(decodeEscPos(encoded))).toEqual(['Cost € 5, zażółć, Ї']);
    expect(decodedTextLines(decodeEscPos(bytes([0x1b, 0x74, 19, 0xd5, 0x0a])))).toEqual(['€']);
  });

  it.each([
    ['an unknown ESC command', [0x1b, 0x7a, 0x00]],
    ['an unknown GS command', [0x1d, 0x99, 0x00]],
    ['a stray control byte (BEL)', [0x07]],
    ['an unknown cut mode', [0x1d, 0x56, 0x07]],
    ['a 2D symbol other than QR and PDF417', [0x1d, 0x28, 0x6b, 0x03, 0x00, 0x33, 0x41, 0x00]],
    ['an unknown QR function', [0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x7a, 0x00]],
    ['a raster image cut short', [0x1d, 0x76, 0x30, 0x00, 0x02, 0x00, 0x02, 0x00, 0xff]],
    ['a command cut short', [0x1b]],
    ['a code page the printer does not have', [0x1b, 0x74, 0xc8, 0x41, 0x0a]],
    ['a byte with no character in the code page', [0x1b, 0x74, 16, 0x81, 0x0a]],
    ['DLE EOT with n out of range', [0x10, 0x04, 0x09]],
    ['text never ended by LF', [0x41]],
  ])('rejects %s', (_name, stream) => {
    expect(() => decodeEscPos(Uint8Array.from(stream))).toThrow(EscPosDecodeError);
  });

  it('reads status requests outside data as status requests', () => {
    const decoded = decodeEscPos(bytes([0x10, 0x04, 0x01], [0x10, 0x04, 0x04]));
    expect(decoded.blocks).toEqual([
      { kind: 'status-request', n: 1 },
      { kind: 'status-request', n: 4 },
    ]);
    expect(answersFromEmulator(bytes([0x10, 0x04, 0x01], [0x10, 0x04, 0x04]))).toEqual([0x12, 0x12]);
  });

  it('does not read 10 04 n inside raster data as a status request', () => {
    const rows = [
      [0x10, 0x04, 0x01, 0x00],
      [0x10, 0x04, 0x02, 0x10],
      [0x04, 0x03, 0x10, 0x04],
    ];
    const stream = bytes(raster(4, rows), [0x10, 0x04, 0x02]);
    const decoded = decodeEscPos(stream);
    expect(decoded.blocks).toHaveLength(2);
    expect(decoded.blocks[0]).toMatchObject({ kind: 'raster', width: 32, height: 3, data: Uint8Array.from(rows.flat()) });
    expect(decoded.blocks[1]).toEqual({ kind: 'status-request', n: 2 });
    // The fake printer answers the real request only, whatever the chunking.
    for (const chunk of [1, 2, 3, 7, stream.length]) expect(answersFromEmulator(stream, chunk)).toEqual([0x12]);
  });

  it('does not read 10 04 n inside QR data as a status request', () => {
    const payload = [0x10, 0x04, 0x01, 0x10, 0x04, 0x04];
    const decoded = decodeEscPos(bytes(qr(payload)));
    expect(decoded.blocks).toEqual([{ kind: 'qr', align: 'left', payload: '\u0010\u0004\u0001\u0010\u0004\u0004', model: 2, moduleSize: 3, errorLevel: 'l' }]);
    expect(answersFromEmulator(bytes(qr(payload)))).toEqual([]);
  });

  it('never answers status from inside any raster or QR data (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.uint8Array({ minLength: 6, maxLength: 6 }), { minLength: 1, maxLength: 8 }),
        fc.uint8Array({ maxLength: 40 }),
        fc.integer({ min: 1, max: 16 }),
        (widthBytes, rawRows, qrData, chunk) => {
          // Seed every row with a DLE EOT so the trap is always there.
          const rows = rawRows.map((r) => [0x10, 0x04, 1 + (r[0]! % 4), ...r].slice(0, Math.max(3, widthBytes)));
          const width = rows[0]!.length;
          const stream = bytes(raster(width, rows), qr([0x10, 0x04, 0x02, ...qrData]), [0x10, 0x04, 0x03]);
          const decoded = decodeEscPos(stream);
          expect(decoded.blocks.filter((b) => b.kind === 'status-request')).toEqual([{ kind: 'status-request', n: 3 }]);
          expect(answersFromEmulator(stream, chunk)).toEqual([0x12]);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('joins the 255-row chunks of a tall raster image back into one picture', () => {
    const tall = { width: 16, height: 300, data: new Uint8ClampedArray(16 * 300 * 4).fill(0) };
    const encoded = new ReceiptPrinterEncoder({ columns: 42, newline: '\n', imageMode: 'raster', feedAfterBlock: false }).initialize().image(tall, { width: 16, height: 300 }).encode();
    const images = decodeEscPos(encoded).blocks.filter((b) => b.kind === 'raster');
    expect(images).toEqual([expect.objectContaining({ width: 16, height: 304, commands: 2 })]);
  });

  it('tokenizes incrementally: a command split across chunks waits for its end', () => {
    const tokenizer = new EscPosTokenizer();
    tokenizer.push(Uint8Array.of(0x1d, 0x76, 0x30));
    expect(tokenizer.next()).toBeNull();
    tokenizer.push(Uint8Array.of(0x00, 0x01, 0x00, 0x01, 0x00));
    expect(tokenizer.next()).toBeNull();
    tokenizer.push(Uint8Array.of(0x10, 0x10, 0x04, 0x01));
    expect(tokenizer.next()).toMatchObject({ name: 'raster-image', offset: 0 });
    expect(tokenizer.next()).toMatchObject({ name: 'status-request', offset: 9 });
    expect(tokenizer.next()).toBeNull();
  });
});
