import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import type { MonoBitmap, RasterTextOptions, TextRasteriser } from '../types';
import { scriptsOf, ticketScripts, type TicketFonts, type TicketScript } from '../fonts';

/**
 * Ticket text the printer's code pages cannot carry, drawn on a Skia canvas (@napi-rs/canvas):
 * HarfBuzz shapes every script (Bengali conjuncts and reordered vowels, Arabic joining and
 * mark positioning) and Skia lays out mixed right-to-left and left-to-right text.
 */

export class TextRasterError extends Error {
  constructor(
    readonly code: 'MISSING_FONT',
    message: string,
    readonly scripts: TicketScript[] = [],
  ) {
    super(message);
    this.name = 'TextRasterError';
  }
}

export type CanvasRasteriserOptions = {
  /** Line height as a multiple of the font size; Bengali's marks above and below need room. */
  lineHeight?: number;
  /** Drawn lines kept for reuse: the labels are the same on every ticket. */
  cacheSize?: number;
};

const registered = new Map<string, string>();

/** Registers a font file once per process under a family name of its own. */
function familyFor(script: TicketScript, file: string): string {
  const key = `${script}\u0000${file}`;
  const known = registered.get(key);
  if (known) return known;
  const family = `Front Door ${script} ${registered.size + 1}`;
  if (!GlobalFonts.registerFromPath(file, family)) throw new TextRasterError('MISSING_FONT', `the font file ${file} could not be loaded`, [script]);
  registered.set(key, family);
  return family;
}

const rtlLetter = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}]/u;
const ltrLetter = /[\p{L}]/u;

/** The direction of a paragraph from its first letter (rule P2 of the bidi algorithm). */
export function paragraphDirection(text: string): 'ltr' | 'rtl' {
  for (const ch of text) {
    if (rtlLetter.test(ch)) return 'rtl';
    if (ltrLetter.test(ch)) return 'ltr';
  }
  return 'ltr';
}

export function createCanvasRasteriser(fonts: TicketFonts, options: CanvasRasteriserOptions = {}): TextRasteriser {
  const families = new Map<TicketScript, string>();
  for (const script of ticketScripts) {
    const file = fonts[script];
    if (file) families.set(script, familyFor(script, file));
  }
  const lineFactor = options.lineHeight ?? 1.5;
  const cacheSize = options.cacheSize ?? 256;
  const cache = new Map<string, MonoBitmap>();
  const measure = createCanvas(8, 8).getContext('2d');

  /** The text's own scripts first, so Arabic takes the Arabic font's digits and punctuation; Latin last. */
  const fontFor = (text: string, size: number): string => {
    const { scripts } = scriptsOf(text);
    const missing = [...scripts].filter((s) => !families.has(s));
    if (missing.length > 0) throw new TextRasterError('MISSING_FONT', `no font for ${missing.join(', ')}`, missing);
    const order = [...[...scripts].filter((s) => s !== 'latin'), 'latin' as const, ...ticketScripts].filter((s, i, all) => all.indexOf(s) === i && families.has(s));
    return `${size}px ${order.map((s) => `"${families.get(s)}"`).join(', ')}`;
  };

  return (text: string, widthPx: number, opts: RasterTextOptions): MonoBitmap => {
    const key = `${widthPx}|${opts.fontSizePx}|${opts.bold ? 1 : 0}|${opts.align}|${opts.direction ?? 'auto'}|${text}`;
    const cached = cache.get(key);
    if (cached) return cached;

    const width = Math.ceil(widthPx / 8) * 8;
    const size = opts.fontSizePx;
    const font = fontFor(text, size);
    measure.font = font;
    // Bold is drawn twice, one dot apart, as the printer does for emphasised text.
    const extra = opts.bold ? 1 : 0;
    const fits = (s: string) => measure.measureText(s).width + extra <= width;

    const lines: { text: string; rtl: boolean }[] = [];
    for (const paragraph of text.split('\n')) {
      const rtl = opts.direction === 'rtl' || (opts.direction !== 'ltr' && paragraphDirection(paragraph) === 'rtl');
      // Most ticket lines fit whole: one measurement, not one per word.
      if (fits(paragraph)) {
        lines.push({ text: paragraph, rtl });
        continue;
      }
      let current = '';
      for (const word of paragraph.split(/(?<= )/u)) {
        if (fits((current + word).trimEnd())) {
          current += word;
          continue;
        }
        if (current) lines.push({ text: current.trimEnd(), rtl });
        current = '';
        // Chinese has no spaces: a word wider than the line breaks between characters.
        for (const ch of word) {
          if (current && !fits(current + ch)) {
            lines.push({ text: current, rtl });
            current = '';
          }
          current += ch;
        }
      }
      lines.push({ text: current.trimEnd(), rtl });
    }

    const lineHeight = Math.ceil(size * lineFactor);
    const height = Math.ceil((lines.length * lineHeight) / 8) * 8;
    const canvas = createCanvas(width, height);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, height);
    ctx.fillStyle = '#000';
    ctx.font = font;
    ctx.textBaseline = 'alphabetic';
    lines.forEach((line, i) => {
      const align = opts.align === 'start' ? (line.rtl ? 'right' : 'left') : opts.align === 'end' ? (line.rtl ? 'left' : 'right') : opts.align;
      ctx.direction = line.rtl ? 'rtl' : 'ltr';
      ctx.textAlign = align;
      const x = align === 'center' ? width / 2 : align === 'right' ? width - extra : 0;
      const y = i * lineHeight + Math.round(size * 1.1);
      ctx.fillText(line.text, x, y);
      if (opts.bold) ctx.fillText(line.text, x + 1, y);
    });

    // Thermal dots are on or off: threshold the anti-aliased pixels at mid-grey.
    const rgba = ctx.getImageData(0, 0, width, height).data;
    const rowBytes = width / 8;
    const data = new Uint8Array(rowBytes * height);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const o = (y * width + x) * 4;
        const luminance = ((rgba[o] ?? 255) * 299 + (rgba[o + 1] ?? 255) * 587 + (rgba[o + 2] ?? 255) * 114) / 1000;
        if (luminance < 128) data[y * rowBytes + (x >> 3)]! |= 0x80 >> (x & 7);
      }
    }
    const bitmap = { width, height, data };
    cache.set(key, bitmap);
    if (cache.size > cacheSize) cache.delete(cache.keys().next().value as string);
    return bitmap;
  };
}
