import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import type { PrintableTicket } from '../../src-shared/devices/types';
import type { MonoBitmap, TextRasteriser } from './types';
import { printableCodePoints, type CodepageMappingName } from './codepages';
import { createTextRasteriser, TextRasterError } from './raster-text/rasterise-text';

/**
 * PrintableTicket → ESC/POS bytes. Text the printer can print from its code pages (English,
 * Polish, Romanian, Ukrainian…) goes as text, with the encoder choosing a code page per
 * fragment; text it cannot (Arabic, Sorani, Bengali, Chinese) goes as a raster image drawn by
 * the injected TextRasteriser.
 */

export type TicketEncoderOptions = {
  /** Characters per line in font A; the encoder supports 32, 35, 42, 44 and 48. */
  columns?: number;
  /** Printable dots per line: 576 on 80 mm paper at 203 dpi, 512 at 180 dpi. */
  dotsPerLine?: number;
  /** Which printer's ESC t numbering to use (the encoder's tables). */
  codepageMapping?: CodepageMappingName;
  /** Draws text the code pages cannot print; the built-in TrueType rasteriser by default. */
  rasteriser?: TextRasteriser;
  /** Lines fed before the cut so the last line clears the cutter (4 on TM-T88 models). */
  feedBeforeCut?: number;
  /** QR module size in dots (1–8). */
  qrModuleSize?: number;
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

const supportedColumns = [32, 35, 42, 44, 48];

/** Em size of rasterised text in dots: a little larger than font A, since Arabic needs it. */
const rasterSizes = { normal: 28, large: 56 } as const;

export type TicketEncoder = (ticket: PrintableTicket) => Uint8Array;

export function createTicketEncoder(options: TicketEncoderOptions = {}): TicketEncoder {
  const columns = options.columns ?? 42;
  if (!supportedColumns.includes(columns)) {
    throw new RangeError(`printer columns must be one of ${supportedColumns.join(', ')} (got ${columns})`);
  }
  const dotsPerLine = options.dotsPerLine ?? 576;
  // Font A is 12 dots wide: images as wide as the text column line up with it on any paper.
  const imageWidth = Math.floor(Math.min(dotsPerLine, columns * 12) / 8) * 8;
  const mapping = options.codepageMapping ?? 'epson';
  const rasteriser = options.rasteriser ?? createTextRasteriser();
  const commaBelow = options.romanianCommaBelow ?? 'cedilla';

  return (ticket) => {
    const encoder = new ReceiptPrinterEncoder({
      columns,
      codepageMapping: mapping,
      imageMode: 'raster',
      // Raster lines of one text must sit together like printed lines, without a blank line after each.
      feedAfterBlock: false,
      feedBeforeCut: options.feedBeforeCut ?? 4,
      // LF alone: CR is either ignored or an extra feed, depending on the printer's DIP switches.
      newline: '\n',
    });
    const printable = printableCodePoints(mapping);
    const rtl = isRtlLanguage(ticket.language);

    type Style = { size?: number; bold?: boolean; align?: 'left' | 'center' | 'right'; rasterSize?: number };
    const write = (text: string, style: Style = {}) => {
      const align = style.align ?? (rtl ? 'right' : 'left');
      const folded = forCodepages(text, commaBelow);
      if (folded !== null && [...folded].every((ch) => printable.has(ch.codePointAt(0)!))) {
        encoder.align(align).bold(style.bold ?? false).size(style.size ?? 1, style.size ?? 1).line(folded).size(1, 1).bold(false);
        return;
      }
      let bitmap: MonoBitmap;
      try {
        bitmap = rasteriser(text, imageWidth, {
          fontSizePx: style.rasterSize ?? rasterSizes.normal,
          align,
          bold: style.bold ?? false,
          direction: rtl ? 'rtl' : 'auto',
        });
      } catch (error) {
        const reason = error instanceof TextRasterError ? error.message : String(error);
        throw new TicketEncodingError(`cannot print ticket ${ticket.number} in "${ticket.language}": ${reason}`, { cause: error });
      }
      encoder.align('left').image(toImageData(bitmap), { width: bitmap.width, height: bitmap.height, mode: 'raster', algorithm: 'threshold', threshold: 128 });
    };

    encoder.initialize().codepage('auto');
    write(ticket.hubName, { align: 'center', bold: true });
    encoder.newline();
    write(ticket.labels.yourNumber, { align: 'center' });
    // The number is what the resident watches the screen for: as large as the line allows.
    const numberSize = Math.max(1, Math.min(4, Math.floor(columns / Math.max(1, [...ticket.number].length))));
    write(ticket.number, { align: 'center', bold: true, size: numberSize, rasterSize: rasterSizes.large * 2 });
    if (ticket.displayName) write(ticket.displayName, { align: 'center', size: 2, rasterSize: rasterSizes.large });
    encoder.align('left').rule();
    write(ticket.labels.services, { bold: true });
    ticket.stops.forEach((stop, i) => {
      write(`${i + 1}. ${stop.serviceName}`);
      write(`   ${stop.number}${stop.deskHint ? ` · ${stop.deskHint}` : ''}`);
    });
    encoder.align('left').rule();
    write(formatIssuedAt(ticket), { align: 'center' });
    encoder.align('center').qrcode(ticket.ticketId, { model: 2, size: options.qrModuleSize ?? 6, errorlevel: 'm' }).newline();
    write(ticket.labels.keepTicket, { align: 'center' });
    encoder.align('left').cut();
    return encoder.encode();
  };
}

/** One-off encoding with default options (tests, previews). */
export function encodeTicket(ticket: PrintableTicket, options: TicketEncoderOptions = {}): Uint8Array {
  return createTicketEncoder(options)(ticket);
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

const rtlLanguages = new Set(['ar', 'fa', 'ur', 'he', 'ckb', 'ps', 'sd', 'ug', 'yi', 'dv']);

export function isRtlLanguage(tag: string): boolean {
  return rtlLanguages.has(tag.toLowerCase().split('-')[0] ?? '');
}

/** Date and time of issue in the hub's zone, in the ticket's language (en-GB for plain "en"). */
export function formatIssuedAt(ticket: Pick<PrintableTicket, 'issuedAt' | 'timeZone' | 'language'>): string {
  const locale = ticket.language === 'en' ? 'en-GB' : ticket.language;
  const supported = Intl.DateTimeFormat.supportedLocalesOf([locale]).length > 0 ? locale : 'en-GB';
  return new Intl.DateTimeFormat(supported, { dateStyle: 'medium', timeStyle: 'short', timeZone: ticket.timeZone }).format(new Date(ticket.issuedAt));
}

/** The encoder takes RGBA pixels; it dithers them back to the same 1-bit image. */
function toImageData(bitmap: MonoBitmap): { width: number; height: number; data: Uint8ClampedArray } {
  const data = new Uint8ClampedArray(bitmap.width * bitmap.height * 4).fill(255);
  const rowBytes = bitmap.width / 8;
  for (let y = 0; y < bitmap.height; y++) {
    for (let x = 0; x < bitmap.width; x++) {
      if ((bitmap.data[y * rowBytes + (x >> 3)] ?? 0) & (0x80 >> (x & 7))) {
        const o = (y * bitmap.width + x) * 4;
        data[o] = data[o + 1] = data[o + 2] = 0;
      }
    }
  }
  return { width: bitmap.width, height: bitmap.height, data };
}
