import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import type { PrintableTicket } from '../../src-shared/devices/types';
import { formatQrPayload } from '../../src-shared/devices/qr-payload';
import { createTicketEncoder, formatIssuedAt, TicketEncodingError } from '../../hardware/printer/encode-ticket';
import { resolveTicketFonts, type TicketFonts } from '../../hardware/printer/fonts';
import { createCanvasRasteriser, paragraphDirection } from '../../hardware/printer/raster-text/canvas-rasteriser';
import { decodeEscPos, decodedTextLines, type DecodedBlock, type DecodedEscPos } from '../../hardware/printer/decode-escpos';
import { renderDecodedToPng } from '../../hardware/printer/render-png';
import { sampleTicket } from '../../hardware/printer/sample-tickets';
import type { MonoBitmap, TextRasteriser } from '../../hardware/printer/types';

const outDir = join(process.cwd(), 'test-results', 'tickets');
const encoder = createTicketEncoder();
const encode = (ticket: PrintableTicket) => encoder(ticket).bytes;
const qrOf = (ticket: PrintableTicket) => formatQrPayload({ kind: 'ticket', ticketId: ticket.ticketId });

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
  expect(ofKind(decoded, 'qr')).toEqual([expect.objectContaining({ payload: qrOf(ticket), model: 2, errorLevel: 'm' })]);
  expect(await scanQr(printed.png)).toEqual([qrOf(ticket)]);
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
      'Sam',
      '─'.repeat(42),
      'You will see',
      'Your number',
      'E004',
      '1. Employment support',
      'Where to go: Desk 3',
      'Your place in the queue: 3',
      'Estimated wait: about 20 min',
      '─'.repeat(42),
      'Your number',
      'H002',
      '2. Health and wellbeing',
      'Your place in the queue: 1',
      'Estimated wait: soon',
      '─'.repeat(42),
      'What happens next',
      'Watch the screen for your number. It will',
      'show you where to go.',
      '─'.repeat(42),
      '12 Mar 2026, 09:30',
      'Please keep this ticket.',
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
        'Gdzie podejść: Stanowisko 3',
        'Twoje miejsce w kolejce: 3',
        'Przewidywane czekanie: ok. 20 min',
        '2. Zdrowie i samopoczucie',
        'Gdzie podejść: Pokój źródłowy',
        '12 mar 2026, 09:30',
        'Zachowaj ten bilet.',
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
      expect.arrayContaining(['Numărul dvs.', 'Ştefania Ţîrcă', 'Veţi merge la', '1. Sprijin pentru locuri de muncă', '2. Sănătate şi bunăstare', 'Aşteptare estimată: aprox. 20 min', '12 mar. 2026, 09:30', 'Păstraţi acest bilet.']),
    );
    expect(printed.lines.join('\n')).toContain('Urmăriţi ecranul pentru numărul dvs.');
    expect(ofKind(printed.decoded, 'raster')).toEqual([]);
  });

  it('prints Romanian ș ț exactly, as raster, when the hub asks for it', () => {
    const exact = createTicketEncoder({ romanianCommaBelow: 'raster' });
    const decoded = decodeEscPos(exact(sampleTicket('ro')).bytes);
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
      expect.arrayContaining(['Ваш номер', 'Олена Ґ.', 'Вас прийме', '1. Підтримка з працевлаштування', 'Куди підійти: Стіл 3', 'Ваше місце в черзі: 3', '2. Здоров’я та добробут', '12 бер. 2026 р., 09:30', 'Збережіть цей квиток.']),
    );
    expect(printed.lines.join('\n')).toContain('Стежте за своїм номером на екрані.');
    expect(ofKind(printed.decoded, 'raster')).toEqual([]);
  });

  it('prints an Arabic ticket: Arabic text as raster images, number and QR as on every ticket', async () => {
    const ticket = sampleTicket('ar');
    const printed = printAndSave(ticket, 'ar');
    await expectTicketShape(ticket, printed);
    // Text lines left are the Latin ones only; no Arabic went through a code page.
    expect(printed.lines.join('\n')).not.toMatch(/\p{Script=Arabic}/u);
    expect(printed.lines).toEqual(expect.arrayContaining(['Working Well North Shields', 'E004', 'H002']));
    const images = ofKind(printed.decoded, 'raster');
    // name, services label, per stop label/service/where/place/wait, what next, date, keep: one GS v 0
    // each (images sent back to back print, and decode, as one picture).
    expect(images.reduce((n, i) => n + i.commands, 0)).toBeGreaterThanOrEqual(14);
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
    expect(ofKind(printed.decoded, 'raster').reduce((n, i) => n + i.commands, 0)).toBeGreaterThanOrEqual(14);
  });

  it('prints a Bengali ticket, shaped, as raster', async () => {
    const ticket = sampleTicket('bn');
    const printed = printAndSave(ticket, 'bn');
    await expectTicketShape(ticket, printed);
    expect(printed.lines.join('\n')).not.toMatch(/\p{Script=Bengali}/u);
    expect(ofKind(printed.decoded, 'raster').reduce((n, i) => n + i.commands, 0)).toBeGreaterThanOrEqual(14);
  });

  it('prints a Chinese ticket with its date as an image, never through a vendor glyph page', async () => {
    const ticket = sampleTicket('zh-Hans');
    const printed = printAndSave(ticket, 'zh-Hans');
    await expectTicketShape(ticket, printed);
    // 年月日 exist only on some printers' Katakana pages: none of them goes as text.
    expect(printed.lines.join('\n')).not.toMatch(/[\p{Script=Han}年月日]/u);
    expect(printed.decoded.blocks.some((b) => b.kind === 'text' && b.spans.some((s) => s.codepage.includes('katakana')))).toBe(false);
    expect(printed.lines).toEqual(expect.arrayContaining(['Working Well North Shields', 'E004', 'H002']));
  });

  it('right-aligns Arabic lines (ink on the right half only)', () => {
    const real = createCanvasRasteriser(resolveTicketFonts());
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
    const decoded = decodeEscPos(createTicketEncoder({ rasteriser })(sampleTicket('ar')).bytes);
    expect(calls).toContain('فاطمة');
    expect(calls).toContain(sampleTicket('ar').labels.keepTicket);
    expect(calls).not.toContain('E004');
    expect(ofKind(decoded, 'raster').every((r) => r.height % 8 === 0)).toBe(true);
  });

  it('prints in the hub’s default language, with the same number, when this machine has no font for the resident’s', () => {
    const noBengali: TicketFonts = { ...resolveTicketFonts(), bengali: null };
    const encoded = createTicketEncoder({ fonts: noBengali })(sampleTicket('bn'));
    expect(encoded.language).toBe('en');
    expect(encoded.notice).toBe(
      'Ticket E004 was printed in English and without the name instead of Bangla: this kiosk has no font for Bengali (install Noto Sans Bengali (Debian package fonts-noto-core)).',
    );
    expect(encoded.notice).not.toMatch(/rasteriser|inject|shap/iu);
    const lines = decodedTextLines(decodeEscPos(encoded.bytes));
    expect(lines).toEqual(expect.arrayContaining(['Your number', 'E004', 'H002', '1. Employment support']));
    expect(ofKind(decodeEscPos(encoded.bytes), 'qr')).toEqual([expect.objectContaining({ payload: qrOf(sampleTicket('bn')) })]);
  });

  it('prints without the name when only the name is in a script with no font', () => {
    const noHan: TicketFonts = { ...resolveTicketFonts(), han: null };
    const encoded = createTicketEncoder({ fonts: noHan })(sampleTicket('en', { displayName: '李华' }));
    expect(encoded).toMatchObject({ language: 'en', notice: expect.stringMatching(/^Ticket E004 was printed without the name: this kiosk has no font for Chinese/u) });
    expect(decodedTextLines(decodeEscPos(encoded.bytes))).not.toContain('李华');
  });

  it('says in plain words when a ticket cannot be printed at all', () => {
    const none: TicketFonts = { latin: resolveTicketFonts().latin, arabic: null, bengali: null, han: null };
    const ticket = sampleTicket('bn');
    const { fallback: _fallback, ...alone } = ticket;
    expect(() => createTicketEncoder({ fonts: none })(alone)).toThrow(TicketEncodingError);
    expect(() => createTicketEncoder({ fonts: none })(alone)).toThrow('Ticket E004 could not be printed in Bangla: this kiosk has no font for Bengali');
    expect(() => encode(sampleTicket('en', { displayName: 'สมชาย' }))).not.toThrow();
    expect(createTicketEncoder()(sampleTicket('en', { displayName: 'สมชาย' })).notice).toMatch(/without the name: it contains characters no ticket font can draw/u);
    // An emoji is in no ticket font: drawn, it would print as an empty box.
    expect(createTicketEncoder()(sampleTicket('en', { displayName: 'Sam 🙂' })).notice).toMatch(/without the name/u);
  });

  it('draws the QR code as an image for printers without the QR command, and it still scans', async () => {
    const ticket = sampleTicket('en');
    const decoded = decodeEscPos(createTicketEncoder({ qr: 'raster' })(ticket).bytes);
    expect(ofKind(decoded, 'qr')).toEqual([]);
    expect(await scanQr(renderDecodedToPng(decoded))).toEqual([qrOf(ticket)]);
  });

  it('keeps a long hub name and service names within the columns', () => {
    const ticket = sampleTicket('en', {
      hubName: 'Working Well North Tyneside Community Employment and Health Hub',
      stops: [{ number: 'WW-M0123', serviceName: 'Employment, skills, money advice and housing options appointment', deskHint: 'Desk 3 (first floor)', place: 12, estimatedWaitMinutes: 95 }],
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
    for (const [columns, dotsPerLine] of [
      [32, 384],
      [35, 420],
      [42, 576],
      [48, 576],
    ] as const) {
      const decoded = decodeEscPos(createTicketEncoder({ columns, dotsPerLine })(sampleTicket('ar')).bytes);
      expect(ofKind(decoded, 'raster').every((r) => r.width === Math.floor(Math.min(dotsPerLine, columns * 12) / 8) * 8)).toBe(true);
      const latin = decodeEscPos(createTicketEncoder({ columns, dotsPerLine })(sampleTicket('pl')).bytes);
      for (const block of ofKind(latin, 'text')) expect(block.spans.reduce((n, s) => n + [...s.text].length * s.width, 0)).toBeLessThanOrEqual(columns);
    }
    expect(() => createTicketEncoder({ columns: 40 })).toThrow(RangeError);
  });

  it('writes PNGs a person can look at', () => {
    const png = PNG.sync.read(readFileSync(join(outDir, 'ar.png')));
    expect(png.width).toBe(576 + 48);
    expect(png.height).toBeGreaterThan(600);
  });
});

describe('canvas text rasteriser', () => {
  const rasterise = createCanvasRasteriser(resolveTicketFonts());

  it('takes a paragraph’s direction from its first letter', () => {
    expect(paragraphDirection('رقمك M012 (مكتب 3)')).toBe('rtl');
    expect(paragraphDirection('M012 رقمك')).toBe('ltr');
    expect(paragraphDirection('3 — ژمارەکەت')).toBe('rtl');
  });

  it('shapes Bengali: a conjunct is narrower than its letters side by side', () => {
    const ink = (text: string) => {
      const b = rasterise(text, 576, { fontSizePx: 28, align: 'left', direction: 'ltr' });
      let right = 0;
      for (let y = 0; y < b.height; y++) for (let x = 0; x < b.width; x++) if ((b.data[y * (b.width / 8) + (x >> 3)] ?? 0) & (0x80 >> (x & 7))) right = Math.max(right, x);
      return right;
    };
    // ক্ষ (ka + virama + ssa) is one glyph; ক ষ apart are two.
    expect(ink('ক্ষ')).toBeLessThan(ink('কষ'));
  });

  it('wraps long text onto more lines of the same width', () => {
    const one = rasterise('رقمك', 504, { fontSizePx: 28, align: 'start' });
    const many = rasterise(sampleTicket('ar').labels.watchScreen.repeat(3), 504, { fontSizePx: 28, align: 'start' });
    expect(one.width).toBe(504);
    expect(many.width).toBe(504);
    expect(many.height).toBeGreaterThanOrEqual(one.height * 3);
  });

  it('refuses a script it has no font for, in plain words', () => {
    const noBengali = createCanvasRasteriser({ ...resolveTicketFonts(), bengali: null });
    expect(() => noBengali('আপনার নম্বর', 504, { fontSizePx: 28, align: 'start' })).toThrow('no font for bengali');
  });
});
