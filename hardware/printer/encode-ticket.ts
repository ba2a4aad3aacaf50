import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import type { Codepage } from '@point-of-sale/codepage-encoder';
import QRCode from 'qrcode';
import type { PrintableTicket } from '../../src-shared/devices/types';
import { layoutTexts, ticketLayout, type TicketBlock } from '../../src-shared/devices/ticket-layout';
import type { MonoBitmap, TextRasteriser } from './types';
import { codepageNumbering, codepageTable, printerCodepages, type CodepageMappingName } from './codepages';
import { createCanvasRasteriser, TextRasterError } from './raster-text/canvas-rasteriser';
import { fontPackages, resolveTicketFonts, scriptNames, scriptsOf, type TicketFonts, type TicketScript } from './fonts';

/**
 * PrintableTicket → ESC/POS bytes, following the shared ticket layout. Text the printer can
 * print from its common code pages (English, Polish, Romanian, Ukrainian…) goes as text, the
 * encoder choosing a code page per fragment; everything else (Arabic, Sorani, Bengali, Chinese,
 * dates with 年月日) goes as a raster image drawn with real shaping.
 */

export type TicketEncoderOptions = {
  /** Characters per line in font A; the encoder supports 32, 35, 42, 44 and 48. */
  columns?: number;
  /** Printable dots per line: 576 on 80 mm paper at 203 dpi, 384 on 58 mm. */
  dotsPerLine?: number;
  /** Which printer's ESC t numbering to use (the encoder's tables). */
  codepageMapping?: CodepageMappingName;
  /** The font file of each script; found on this machine by default (see fonts.ts). */
  fonts?: TicketFonts;
  /** Draws text the code pages cannot print; a Skia canvas with `fonts` by default. */
  rasteriser?: TextRasteriser;
  /** Lines fed before the cut so the last line clears the cutter (4 on TM-T88 models). */
  feedBeforeCut?: number;
  /** QR module size in dots (1–8). */
  qrModuleSize?: number;
  /** 'native' sends GS ( k (the printer draws the QR code); 'raster' sends it as an image, for printers without it. */
  qr?: 'native' | 'raster';
  /**
   * Romanian ș/ț (comma below) exist in no printer code page. 'cedilla' prints ş/ţ, the form
   * Romanian was printed with for decades on such devices; 'raster' draws the exact letters.
   */
  romanianCommaBelow?: 'cedilla' | 'raster';
};

export class TicketEncodingError extends Error {
  constructor(
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TicketEncodingError';
  }
}

/** The bytes of one ticket, the language it was printed in, and what staff should know about it. */
export type EncodedTicket = {
  bytes: Uint8Array;
  language: string;
  /** Plain words when the ticket was printed other than asked (another language, no name). */
  notice: string | null;
};

export type TicketEncoder = (ticket: PrintableTicket) => EncodedTicket;

const supportedColumns = [32, 35, 42, 44, 48];

/**
 * Code pages of Latin, Cyrillic and Greek that ESC/POS printers share. Vendor pages (Katakana
 * with Epson's 年月日 glyphs, Thai, Arabic, Hebrew) are never used for text: what they print
 * differs from one printer to the next.
 */
const commonCodepages: Codepage[] = ['cp437', 'cp850', 'cp852', 'cp858', 'cp860', 'cp863', 'cp865', 'cp866', 'cp1125', 'cp855', 'cp737', 'cp857', 'windows1250', 'windows1251', 'windows1252', 'iso8859-7', 'iso8859-15'];

/** Em size of rasterised text in dots: a little larger than font A, since Arabic and Bengali need it. */
const rasterEm = 28;

export function createTicketEncoder(options: TicketEncoderOptions = {}): TicketEncoder {
  const columns = options.columns ?? 42;
  if (!supportedColumns.includes(columns)) {
    throw new RangeError(`printer columns must be one of ${supportedColumns.join(', ')} (got ${columns})`);
  }
  const dotsPerLine = options.dotsPerLine ?? 576;
  // Font A is 12 dots wide: images as wide as the text column line up with it on any paper.
  const imageWidth = Math.floor(Math.min(dotsPerLine, columns * 12) / 8) * 8;
  const mapping = options.codepageMapping ?? 'epson';
  const available = new Set(printerCodepages(mapping));
  const candidates = commonCodepages.filter((c) => available.has(c));
  const printable = new Set<number>();
  for (const name of candidates) for (const cp of codepageTable(name)) if (cp !== null && cp >= 0x20) printable.add(cp);
  const text = createTextLineEncoder(mapping, candidates);
  // An injected rasteriser draws whatever it is given; the default one only scripts it has fonts for.
  const fonts = options.fonts ?? (options.rasteriser ? null : resolveTicketFonts());
  let rasteriser = options.rasteriser ?? null;
  const raster = (): TextRasteriser => (rasteriser ??= createCanvasRasteriser(fonts ?? resolveTicketFonts()));
  const commaBelow = options.romanianCommaBelow ?? 'cedilla';
  const qrMode = options.qr ?? 'native';
  const qrModuleSize = options.qrModuleSize ?? 6;

  const asText = (text: string): string | null => {
    const folded = forCodepages(text, commaBelow);
    return folded !== null && [...folded].every((ch) => printable.has(ch.codePointAt(0)!)) ? folded : null;
  };

  /** Scripts among the ticket's image text that this machine has no font for. */
  const missingScripts = (ticket: PrintableTicket | Omit<PrintableTicket, 'fallback'>): TicketScript[] | 'unsupported' | null => {
    if (!fonts) return null;
    const missing = new Set<TicketScript>();
    for (const text of layoutTexts(ticketLayout(ticket, { columns }))) {
      if (asText(text) !== null) continue;
      const { scripts, unsupported } = scriptsOf(text);
      if (unsupported.length > 0) return 'unsupported';
      for (const s of scripts) if (!fonts[s]) missing.add(s);
    }
    return missing.size > 0 ? [...missing] : null;
  };

  const encodeLayout = (ticket: PrintableTicket | Omit<PrintableTicket, 'fallback'>): Uint8Array => {
    const layout = ticketLayout(ticket, { columns });
    const rtl = layout.direction === 'rtl';
    const encoder = new ReceiptPrinterEncoder({
      columns,
      codepageMapping: mapping,
      codepageCandidates: candidates,
      imageMode: 'raster',
      // Raster lines of one text must sit together like printed lines, without a blank line after each.
      feedAfterBlock: false,
      feedBeforeCut: options.feedBeforeCut ?? 4,
      // LF alone: CR is either ignored or an extra feed, depending on the printer's DIP switches.
      newline: '\n',
    });
    const image = (bitmap: MonoBitmap) => encoder.align('left').raw(rasterCommands(bitmap));

    const write = (block: Extract<TicketBlock, { kind: 'text' }>) => {
      const align = block.align === 'center' ? 'center' : rtl ? 'right' : 'left';
      const folded = asText(block.text);
      if (folded !== null) {
        encoder.align('left').bold(block.bold).size(block.size, block.size);
        for (const line of text(folded, columns, block.size, align)) encoder.raw(line).newline();
        encoder.size(1, 1).bold(false);
        return;
      }
      let bitmap: MonoBitmap;
      try {
        bitmap = raster()(block.text, imageWidth, { fontSizePx: rasterEm * Math.min(block.size, 2), align, bold: block.bold, direction: rtl ? 'rtl' : 'auto' });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new TicketEncodingError(`Ticket ${ticket.number} could not be drawn in ${languageName(ticket.language)}: ${reason}.`, { cause: error });
      }
      image(bitmap);
    };

    encoder.initialize().codepage('auto');
    for (const block of layout.blocks) {
      switch (block.kind) {
        case 'text':
          write(block);
          break;
        case 'rule':
          encoder.align('left').rule();
          break;
        case 'qr':
          if (qrMode === 'native') encoder.align('center').qrcode(block.payload, { model: 2, size: qrModuleSize, errorlevel: 'm' }).newline();
          else image(qrBitmap(block.payload, imageWidth, qrModuleSize));
          break;
        default:
          assertNever(block);
      }
    }
    encoder.align('left').cut();
    const bytes = encoder.encode();
    // The encoder ends the cut's line with LF; after the cut it would start a job of its own.
    return bytes[bytes.length - 1] === 0x0a ? bytes.subarray(0, bytes.length - 1) : bytes;
  };

  return (ticket) => {
    const missing = missingScripts(ticket);
    if (missing === null) return { bytes: encodeLayout(ticket), language: ticket.language, notice: null };
    const why = describeMissing(missing);
    // The resident's language prints, but their name is in a script with no font: print without it.
    const unnamed = ticket.displayName ? { ...ticket, displayName: null } : null;
    if (unnamed && missingScripts(unnamed) === null) {
      return { bytes: encodeLayout(unnamed), language: ticket.language, notice: `Ticket ${ticket.number} was printed without the name: ${why}.` };
    }
    const fallback = ticket.fallback;
    if (fallback) {
      for (const candidate of [fallback, { ...fallback, displayName: null }]) {
        if (missingScripts(candidate) !== null) continue;
        const without = candidate.displayName === null && ticket.displayName ? ' and without the name' : '';
        return {
          bytes: encodeLayout(candidate),
          language: candidate.language,
          notice: `Ticket ${ticket.number} was printed in ${languageName(candidate.language)}${without} instead of ${languageName(ticket.language)}: ${why}.`,
        };
      }
    }
    throw new TicketEncodingError(`Ticket ${ticket.number} could not be printed in ${languageName(ticket.language)}: ${why}.`);
  };
}

function describeMissing(missing: TicketScript[] | 'unsupported'): string {
  if (missing === 'unsupported') return 'it contains characters no ticket font can draw (an emoji, or letters of a script tickets have no font for)';
  const scripts = missing.map((s) => scriptNames[s]).join(' and ');
  const install = missing.map((s) => fontPackages[s]).join(' and ');
  return `this kiosk has no font for ${scripts} (install ${install})`;
}

/** "Bangla", "Polish": the language's English name, for staff. */
export function languageName(tag: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/**
 * Text lines as ESC/POS bytes: wrapped at spaces to `width` characters, aligned with spaces as the
 * encoder library does, each character from the first common code page that has it (ESC t on
 * change). The library's own text path looks every character up afresh, far too slowly for a
 * ticket per check-in; its code-page tables are the ones used here.
 */
function createTextLineEncoder(mapping: CodepageMappingName, candidates: Codepage[]) {
  const numbers = new Map([...codepageNumbering(mapping)].map(([n, name]) => [name, n]));
  const byteOf = new Map<Codepage, Map<number, number>>(
    candidates.map((name) => [name, new Map(codepageTable(name).flatMap((cp, byte) => (cp !== null && byte >= 0x20 ? [[cp, byte] as const] : [])))]),
  );
  const encodeLine = (line: string): Uint8Array => {
    const out: number[] = [];
    let current: Codepage | null = null;
    for (const ch of line) {
      const cp = ch.codePointAt(0)!;
      let page: Codepage | undefined = current !== null && byteOf.get(current)!.has(cp) ? current : undefined;
      page ??= candidates.find((c) => byteOf.get(c)!.has(cp));
      if (page === undefined) throw new TicketEncodingError(`no common code page has U+${cp.toString(16).toUpperCase().padStart(4, '0')}`);
      if (page !== current) {
        out.push(0x1b, 0x74, numbers.get(page)!);
        current = page;
      }
      out.push(byteOf.get(page)!.get(cp)!);
    }
    return Uint8Array.from(out);
  };
  /** GS ! for a character size multiple (1–8, width and height alike). */
  const sizeCommand = (size: number) => [0x1d, 0x21, ((size - 1) << 4) | (size - 1)];
  return (text: string, columns: number, size: number, align: 'left' | 'center' | 'right'): Uint8Array[] => {
    const width = Math.floor(columns / size);
    const lines: string[] = [];
    for (const paragraph of text.split('\n')) {
      let current = '';
      for (const word of paragraph.split(' ')) {
        let rest = word;
        while ([...rest].length > width) {
          if (current) lines.push(current);
          current = '';
          lines.push([...rest].slice(0, width).join(''));
          rest = [...rest].slice(width).join('');
        }
        const next = current ? `${current} ${rest}` : rest;
        if ([...next].length <= width) current = next;
        else {
          lines.push(current);
          current = rest;
        }
      }
      lines.push(current);
    }
    return lines.map((line) => {
      // Padding in columns of the normal size, so enlarged text centres exactly.
      const free = columns - [...line].length * size;
      const left = align === 'center' ? Math.floor(free / 2) : align === 'right' ? free : 0;
      const body = encodeLine(line);
      if (size === 1) return Uint8Array.from([...encodeLine(' '.repeat(left)), ...body]);
      return Uint8Array.from([...sizeCommand(1), ...encodeLine(' '.repeat(left)), ...sizeCommand(size), ...body]);
    });
  };
}

/** One-off encoding with default options (tests, previews): the bytes only. */
export function encodeTicket(ticket: PrintableTicket, options: TicketEncoderOptions = {}): Uint8Array {
  return createTicketEncoder(options)(ticket).bytes;
}

/**
 * The text as it would go through the code pages, or null when it belongs to a script a thermal
 * printer's character generator draws wrongly even if a code page has the letters (Arabic and
 * Hebrew print unjoined and left-to-right from cp864/cp862).
 */
export function forCodepages(text: string, commaBelow: 'cedilla' | 'raster' = 'cedilla'): string | null {
  let s = text.normalize('NFC').replace(/[\u00a0\u2007\u202f\u2009]/gu, ' ').replace(/\u2011/gu, '-');
  if (/[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}]/u.test(s)) return null;
  if (commaBelow === 'cedilla') s = s.replace(/[șțȘȚ]/gu, (c) => ({ ș: 'ş', ț: 'ţ', Ș: 'Ş', Ț: 'Ţ' })[c] ?? c);
  return s;
}

/** A QR code as an image, for printers without GS ( k: drawn by the qrcode package, centred. */
export function qrBitmap(payload: string, width: number, moduleSize: number): MonoBitmap {
  const qr = QRCode.create(payload, { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  const quiet = 4;
  const side = (size + 2 * quiet) * moduleSize;
  const rowBytes = width / 8;
  const left = Math.max(0, Math.floor((width - side) / 2));
  const data = new Uint8Array(rowBytes * side);
  for (let my = 0; my < size; my++) {
    for (let mx = 0; mx < size; mx++) {
      if (!qr.modules.get(my, mx)) continue;
      for (let dy = 0; dy < moduleSize; dy++) {
        for (let dx = 0; dx < moduleSize; dx++) {
          const x = left + (mx + quiet) * moduleSize + dx;
          const y = (my + quiet) * moduleSize + dy;
          if (x < width) data[y * rowBytes + (x >> 3)]! |= 0x80 >> (x & 7);
        }
      }
    }
  }
  return { width, height: side, data };
}

/**
 * GS v 0 for a 1-bit image, in chunks of at most 255 rows as the encoder library sends them. The
 * bitmap is already in the command's layout; the library's image path would convert it to RGBA
 * and back, pixel by pixel, for every ticket.
 */
function rasterCommands(bitmap: MonoBitmap): number[] {
  const rowBytes = bitmap.width / 8;
  const out: number[] = [];
  for (let top = 0; top < bitmap.height; top += 255) {
    const rows = Math.min(255, bitmap.height - top);
    out.push(0x1d, 0x76, 0x30, 0x00, rowBytes & 0xff, rowBytes >> 8, rows & 0xff, rows >> 8);
    const chunk = bitmap.data.subarray(top * rowBytes, (top + rows) * rowBytes);
    for (const byte of chunk) out.push(byte);
  }
  return out;
}

function assertNever(value: never): never {
  throw new Error(`unhandled ticket block ${JSON.stringify(value)}`);
}

export { formatIssuedAt, isRtlLanguage } from '../../src-shared/devices/ticket-layout';
export { TextRasterError };
