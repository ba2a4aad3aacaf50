import type { MonoBitmap, RasterTextOptions, TextRasteriser } from '../types';
import { paragraphLevel } from './bidi';

/**
 * A TextRasteriser on a Skia canvas (@napi-rs/canvas), whose text shaping (HarfBuzz) handles
 * every script, Bengali's conjuncts and vowel reordering included. The canvas module is passed
 * in rather than imported, so this file builds without the package; with it installed:
 *
 *   import * as canvas from '@napi-rs/canvas';
 *   const rasteriser = createCanvasRasteriser(canvas, { fonts: [{ path, family }] });
 */

type ImageDataLike = { data: Uint8ClampedArray | Uint8Array };

type Context2DLike = {
  font: string;
  direction: string;
  textAlign: string;
  textBaseline: string;
  fillStyle: unknown;
  fillRect(x: number, y: number, width: number, height: number): void;
  fillText(text: string, x: number, y: number): void;
  measureText(text: string): { width: number };
  getImageData(x: number, y: number, width: number, height: number): ImageDataLike;
};

export type CanvasModuleLike = {
  createCanvas(width: number, height: number): { getContext(kind: '2d'): Context2DLike };
  GlobalFonts: { registerFromPath(path: string, family?: string): unknown };
};

export type CanvasRasteriserOptions = {
  /** Fonts to register, in fallback order (e.g. DejaVu Sans, Noto Sans Bengali, Noto Sans SC). */
  fonts: { path: string; family: string }[];
  /** Line height as a multiple of the font size; Bengali's stacked marks need room. */
  lineHeight?: number;
};

export function createCanvasRasteriser(canvas: CanvasModuleLike, options: CanvasRasteriserOptions): TextRasteriser {
  for (const font of options.fonts) {
    if (!canvas.GlobalFonts.registerFromPath(font.path, font.family)) throw new Error(`cannot load font ${font.path}`);
  }
  const families = options.fonts.map((f) => `"${f.family}"`).join(', ');
  const lineFactor = options.lineHeight ?? 1.45;

  return (text: string, widthPx: number, opts: RasterTextOptions): MonoBitmap => {
    const width = Math.ceil(widthPx / 8) * 8;
    const size = opts.fontSizePx;
    const font = `${opts.bold ? 'bold ' : ''}${size}px ${families}`;
    const measure = canvas.createCanvas(8, 8).getContext('2d');
    measure.font = font;
    const fits = (s: string) => measure.measureText(s).width <= width;

    const lines: { text: string; rtl: boolean }[] = [];
    for (const paragraph of text.split('\n')) {
      const rtl = opts.direction === 'rtl' || (opts.direction !== 'ltr' && paragraphLevel([...paragraph].map((c) => c.codePointAt(0)!)) === 1);
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
    const height = lines.length * lineHeight;
    const ctx = canvas.createCanvas(width, height).getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, height);
    ctx.fillStyle = '#000';
    ctx.font = font;
    ctx.textBaseline = 'alphabetic';
    lines.forEach((line, i) => {
      const align = opts.align === 'start' ? (line.rtl ? 'right' : 'left') : opts.align === 'end' ? (line.rtl ? 'left' : 'right') : opts.align;
      ctx.direction = line.rtl ? 'rtl' : 'ltr';
      ctx.textAlign = align;
      const x = align === 'center' ? width / 2 : align === 'right' ? width : 0;
      ctx.fillText(line.text, x, i * lineHeight + Math.round(size * 1.1));
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
    return { width, height, data };
  };
}
