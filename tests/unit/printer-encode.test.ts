import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import type { PrintableTicket } from '../../src-shared/devices/types';
import { createTicketEncoder, formatIssuedAt, TicketEncodingError } from '../../hardware/printer/encode-ticket';
import { decodeEscPos, decodedTextLines, type DecodedBlock, type DecodedEscPos } from '../../hardware/printer/decode-escpos';
import { renderDecodedToPng } from '../../hardware/printer/render-png';
import { sampleTicket } from '../../hardware/printer/sample-tickets';
import type { MonoBitmap, TextRasteriser } from '../../hardware/printer/types';
import { createTextRasteriser, loadFonts, shapeLine, bundledFontFiles } from '../../hardware/printer/raster-text/rasterise-text';
import { paragraphLevel, resolveLevels, visualOrder } from '../../hardware/printer/raster-text/bidi';

const outDir = join(process.cwd(), 'test-results', 'tickets');
const encode = createTicketEncoder();

beforeAll(async () => {
  mkdirSync(outDir, { recursive: true });
  // zxing-wasm loads its WASM from a CDN unless handed the packaged file.
  const wasm = readFileSync(createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm'));
  await prepareZXingModule({ overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer }, fireImmediately: true });
});

type Printed = { decoded: DecodedEscPos; lines: string[]; png: Buffer };

function printAndSave(ticket: PrintableTicket, name: string): Printed {
  const decoded = decodeEscPos(encode(ticket));
  const png = renderDecodedToPng(decoded);
  writeFileSync(join(outDir, `${name}.png`), png);
  return { decoded, lines: decodedTextLines(decoded), png };
}

const ofKind = <K extends DecodedBlock['kind']>(decoded: DecodedEscPos, kind: K) => decoded.blocks.filter((b): b is Extract<DecodedBlock, { kind: K }> => b.kind === kind);

/** Scans the QR code in the rendered PNG, as a phone at reception would. */
async function scanQr(png: Buffer): Promise<string[]> {
  const results = await readBarcodes(new Uint8Array(png), { formats: ['QRCode'] });
  return results.map((r) => r.text);
}

/** The encoder centres with spaces, so a centred line has as many blank columns left as right. */
function centredByColumns(line: Extract<DecodedBlock, { kind: 'text' }>, columns = 42): boolean {
  const cells = line.spans.flatMap((s) => [...s.text].map((ch) => ({ ch, width: s.width })));
  const used = cells.reduce((n, c) => n + c.width, 0);
  let left = 0;
  for (const c of cells) {
    if (c.ch !== ' ') break;
    left += c.width;
  }
  const right = columns - used + (cells.length - cells.findLastIndex((c) => c.ch !== ' ') - 1);
  return Math.abs(left - right) <= 1;
}

/** What every ticket has, whatever its language. */
async function expectTicketShape(ticket: PrintableTicket, printed: Printed) {
  const { decoded } = printed;
  const number = ofKind(decoded, 'text').find((b) => b.text.trim() === ticket.number);
  expect(number, 'ticket number line').toBeDefined();
  expect(number!.spans.find((s) => s.text.includes(ticket.number))).toMatchObject({ width: 4, height: 4, bold: true });
  expect(centredByColumns(number!)).toBe(true);
  expect(ofKind(decoded, 'qr')).toEqual([expect.objectContaining({ payload: ticket.ticketId, model: 2, errorLevel: 'm' })]);
  expect(await scanQr(printed.png)).toEqual([ticket.ticketId]);
  // The cut ends the ticket (the encoder may end its last command with a bare LF).
  const blocks = decoded.blocks.filter((b) => !(b.kind === 'text' && b.text === ''));
  expect(blocks[blocks.length - 1]).toEqual({ kind: 'cut', partial: false, feedDots: 0 });
  expect(ofKind(decoded, 'cut')).toHaveLength(1);
  expect(decoded.tokens[0]?.name).toBe('initialize');
  for (const text of ofKind(decoded, 'text')) expect(text.text).not.toContain('?');
}

describe('ticket encoding', () => {
  it('prints an English ticket: hub, number, name, stops in order with desks, time, QR, cut', async () => {
    const ticket = sampleTicket('en');
    const printed = printAndSave(ticket, 'en');
    await expectTicketShape(ticket, printed);
    expect(printed.lines).toEqual([
      'Working Well North Shields',
      'Your number',
      'M012',
      'Sam',
      '─'.repeat(42),
      'You will see',
      '1. Employment support',
      'E004 · Desk 3',
      '2. Health and wellbeing',
      'H002',
      '─'.repeat(42),
      '12 Mar 2026, 09:30',
      'Please keep this ticket. Watch the screen',
      'for your number.',
    ]);
    expect(ofKind(printed.decoded, 'raster')).toEqual([]);
    const name = ofKind(printed.decoded, 'text').find((b) => b.text.trim() === 'Sam');
    expect(name?.spans.find((s) => s.text.includes('Sam'))).toMatchObject({ width: 2, height: 2 });
  });

  it('prints a Polish ticket with ą ł ś ó ż through the code pages', async () => {
    const ticket = sampleTicket('pl');
    const printed = printAndSave(ticket, 'pl');
    await expectTicketShape(ticket, printed);
    expect(printed.lines).toEqual(
      expect.arrayContaining([
        'Twój numer',
        'Łucja Ś.',
        'Spotkasz się z',
        '1. Wsparcie w zatrudnieniu',
        'E004 · Stanowisko 3',
        '2. Zdrowie i samopoczucie',
        'H002 · Pokój źródłowy',
        '12 mar 2026, 09:30',
      ]),
    );
    expect(printed.lines.join('\n')).toContain('zobaczyć swój numer.');
    expect(ofKind(printed.decoded, 'raster')).toEqual([]);
  });

  it('prints a Romanian ticket: ă â î come through, ș ț print as ş ţ (no code page has the comma below)', async () => {
    const ticket = sampleTicket('ro');
    const printed = printAndSave(ticket, 'ro');
    await expectTicketShape(ticket, printed);
    expect(printed.lines).toEqual(
      expect.arrayContaining(['Numărul dvs.', 'Ştefania Ţîrcă', 'Veţi merge la', '1. Sprijin pentru locuri de muncă', '2. Sănătate şi bunăstare', '12 mar. 2026, 09:30']),
    );
    expect(printed.lines.join('\n')).toContain('Păstraţi acest bilet. Urmăriţi ecranul');
    expect(ofKind(printed.decoded, 'raster')).toEqual([]);
  });

  it('prints Romanian ș ț exactly, as raster, when the hub asks for it', () => {
    const exact = createTicketEncoder({ romanianCommaBelow: 'raster' });
    const decoded = decodeEscPos(exact(sampleTicket('ro')));
    // The display name and the lines with ș/ț become images; the rest stays text.
    expect(ofKind(decoded, 'raster').length).toBeGreaterThan(0);
    expect(decodedTextLines(decoded)).toContain('Numărul dvs.');
    expect(decodedTextLines(decoded).join('\n')).not.toMatch(/[şţ]/u);
  });

  it('prints a Ukrainian ticket in Cyrillic, Ґ and ї included', async () => {
    const ticket = sampleTicket('uk');
    const printed = printAndSave(ticket, 'uk');
    await expectTicketShape(ticket, printed);
    expect(printed.lines).toEqual(
      expect.arrayContaining(['Ваш номер', 'Олена Ґ.', 'Вас прийме', '1. Підтримка з працевлаштування', 'E004 · Стіл 3', '2. Здоров’я та добробут', '12 бер. 2026 р., 09:30']),
    );
    expect(printed.lines.join('\n')).toContain('Збережіть цей квиток. Стежте за своїм');
    expect(ofKind(printed.decoded, 'raster')).toEqual([]);
  });

  it('prints an Arabic ticket: Arabic text as raster images, number and QR as on every ticket', async () => {
    const ticket = sampleTicket('ar');
    const printed = printAndSave(ticket, 'ar');
    await expectTicketShape(ticket, printed);
    // Text lines left are the Latin ones only; no Arabic went through a code page.
    expect(printed.lines.join('\n')).not.toMatch(/\p{Script=Arabic}/u);
    expect(printed.lines).toEqual(expect.arrayContaining(['Working Well North Shields', 'M012']));
    const images = ofKind(printed.decoded, 'raster');
    // label, name, services label, two stops × two lines, date, keep-ticket: one GS v 0 each
    // (images sent back to back print, and decode, as one picture).
    expect(images.reduce((n, i) => n + i.commands, 0)).toBeGreaterThanOrEqual(8);
    for (const image of images) {
      expect(image.width).toBe(504);
      expect(image.height).toBeGreaterThan(0);
      expect(image.data.length).toBe((image.width / 8) * image.height);
      expect(image.data.some((b) => b !== 0)).toBe(true);
    }
    // The display name is drawn large.
    expect(Math.max(...images.map((i) => i.height))).toBeGreaterThanOrEqual(60);
  });

  it('prints a Sorani Kurdish ticket as raster too', async () => {
    const ticket = sampleTicket('ckb');
    const printed = printAndSave(ticket, 'ckb');
    await expectTicketShape(ticket, printed);
    expect(printed.lines.join('\n')).not.toMatch(/\p{Script=Arabic}/u);
    expect(ofKind(printed.decoded, 'raster').reduce((n, i) => n + i.commands, 0)).toBeGreaterThanOrEqual(8);
  });

  it('right-aligns Arabic lines (ink on the right half only)', () => {
    const real = createTextRasteriser();
    const drawn = new Map<string, MonoBitmap>();
    const spy: TextRasteriser = (text, width, options) => {
      const bitmap = real(text, width, options);
      drawn.set(text, bitmap);
      return bitmap;
    };
    createTicketEncoder({ rasteriser: spy })(sampleTicket('ar'));
    const label = drawn.get(sampleTicket('ar').labels.services)!;
    const rowBytes = label.width / 8;
    let left = 0;
    let right = 0;
    for (let y = 0; y < label.height; y++) {
      for (let x = 0; x < rowBytes; x++) {
        const ink = label.data[y * rowBytes + x]!;
        if (x < rowBytes / 2) left += ink;
        else right += ink;
      }
    }
    expect(right).toBeGreaterThan(0);
    expect(left).toBe(0);
  });

  it('formats the issue time in the ticket’s zone, across the clock change', () => {
    expect(formatIssuedAt({ issuedAt: '2026-07-01T08:05:00Z', timeZone: 'Europe/London', language: 'en' })).toBe('1 Jul 2026, 09:05');
    expect(formatIssuedAt({ issuedAt: '2026-01-01T08:05:00Z', timeZone: 'Europe/London', language: 'en' })).toBe('1 Jan 2026, 08:05');
    expect(formatIssuedAt({ issuedAt: '2026-07-01T08:05:00Z', timeZone: 'Europe/Warsaw', language: 'pl' })).toBe('1 lip 2026, 10:05');
  });

  it('uses an injected rasteriser for the text the code pages cannot print', () => {
    const calls: string[] = [];
    const rasteriser: TextRasteriser = (text, widthPx) => {
      calls.push(text);
      return { width: widthPx, height: 8, data: new Uint8Array((widthPx / 8) * 8).fill(0xff) };
    };
    const decoded = decodeEscPos(createTicketEncoder({ rasteriser })(sampleTicket('ar')));
    expect(calls).toContain('فاطمة');
    expect(calls).toContain(sampleTicket('ar').labels.keepTicket);
    expect(calls).not.toContain('M012');
    expect(ofKind(decoded, 'raster').every((r) => r.height % 8 === 0)).toBe(true);
  });

  it('refuses Bengali and Chinese with the built-in rasteriser instead of printing them wrong', () => {
    expect(() => encode(sampleTicket('bn'))).toThrow(TicketEncodingError);
    expect(() => encode(sampleTicket('bn'))).toThrow(/cannot shape U\+09/);
    expect(() => encode(sampleTicket('zh-Hans'))).toThrow(/no font has U\+/);
  });

  it('keeps a long hub name and service names within the columns', () => {
    const ticket = sampleTicket('en', {
      hubName: 'Working Well North Tyneside Community Employment and Health Hub',
      stops: [{ number: 'E004', serviceName: 'Employment, skills, money advice and housing options appointment', deskHint: 'Desk 3 (first floor)' }],
      displayName: null,
      number: 'WW-M0123',
    });
    const printed = printAndSave(ticket, 'en-long');
    for (const block of ofKind(printed.decoded, 'text')) {
      const columns = block.spans.reduce((n, s) => n + [...s.text].length * s.width, 0);
      expect(columns).toBeLessThanOrEqual(42);
    }
    const numberLine = ofKind(printed.decoded, 'text').find((b) => b.text.includes('WW-M0123'))!;
    expect(numberLine.spans.find((s) => s.text.includes('WW-M0123'))?.width).toBe(4);
  });

  it('honours the column setting', () => {
    const narrow = createTicketEncoder({ columns: 32, dotsPerLine: 384 });
    const decoded = decodeEscPos(narrow(sampleTicket('ar')));
    expect(ofKind(decoded, 'raster').every((r) => r.width === 384)).toBe(true);
    expect(() => createTicketEncoder({ columns: 40 })).toThrow(RangeError);
  });

  it('writes PNGs a person can look at', () => {
    const png = PNG.sync.read(readFileSync(join(outDir, 'ar.png')));
    expect(png.width).toBe(576 + 48);
    expect(png.height).toBeGreaterThan(600);
  });
});

describe('built-in text rasteriser', () => {
  const fonts = loadFonts(bundledFontFiles);

  it('orders a mixed Arabic/Latin line right to left, numbers kept left to right', () => {
    const text = 'رقمك M012 (مكتب 3)';
    const cps = [...text].map((c) => c.codePointAt(0)!);
    expect(paragraphLevel(cps)).toBe(1);
    const order = visualOrder(resolveLevels(cps, 1), cps.map((_, i) => i));
    const visual = order.map((i) => (/\p{Script=Arabic}/u.test(text[i]!) ? 'A' : text[i])).join('');
    // Read left to right on paper: "(3 AAAA) M012 AAAA" with the brackets mirrored when drawn.
    expect(visual).toBe(')3 AAAA( M012 AAAA');
  });

  it('joins Arabic letters and forms the lam-alef ligature from the font', () => {
    const isolated = shapeLine('ب', fonts, 28).glyphs[0]!.glyphId;
    const joined = shapeLine('بب', fonts, 28).glyphs.map((g) => g.glyphId);
    expect(joined).toHaveLength(2);
    expect(joined).not.toContain(isolated);
    expect(shapeLine('لا', fonts, 28).glyphs).toHaveLength(1);
  });

  it('wraps long text onto more lines of the same width', () => {
    const rasterise = createTextRasteriser({ fonts });
    const one = rasterise('رقمك', 504, { fontSizePx: 28, align: 'start' });
    const many = rasterise(sampleTicket('ar').labels.keepTicket.repeat(3), 504, { fontSizePx: 28, align: 'start' });
    expect(one.width).toBe(504);
    expect(many.width).toBe(504);
    expect(many.height).toBeGreaterThanOrEqual(one.height * 3);
  });
});
