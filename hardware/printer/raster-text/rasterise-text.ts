import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { MonoBitmap, RasterTextOptions, TextRasteriser } from '../types';
import { TrueTypeFont, type Contour } from './truetype';
import { joiningForms } from './arabic-joining';
import { mirrored, paragraphLevel, resolveLevels, visualOrder } from './bidi';

/**
 * The built-in text rasteriser: TrueType outlines filled with a coverage scanline, Arabic-script
 * joining and lam-alef ligatures from the font's own GSUB, and the bidi algorithm for mixed
 * Arabic/Latin lines. Scripts that need reordering shapers (Bengali and the other Indic
 * scripts, Thai, Khmer…) are refused rather than printed wrong.
 */

export class TextRasterError extends Error {
  constructor(
    readonly code: 'COMPLEX_SCRIPT' | 'MISSING_GLYPHS',
    message: string,
    readonly codePoints: number[] = [],
  ) {
    super(message);
    this.name = 'TextRasterError';
  }
}

/** Scripts whose letters are reordered and combined by a shaping engine (HarfBuzz, DirectWrite…). */
const complexScript = /[\p{Script=Bengali}\p{Script=Devanagari}\p{Script=Gurmukhi}\p{Script=Gujarati}\p{Script=Oriya}\p{Script=Tamil}\p{Script=Telugu}\p{Script=Kannada}\p{Script=Malayalam}\p{Script=Sinhala}\p{Script=Thai}\p{Script=Lao}\p{Script=Tibetan}\p{Script=Myanmar}\p{Script=Khmer}]/u;

export const bundledFontFiles = ['DejaVuSans.ttf'].map((name) => fileURLToPath(new URL(`../../../resources/fonts/${name}`, import.meta.url)));

export function loadFonts(files: string[]): TrueTypeFont[] {
  return files.map((file) => new TrueTypeFont(readFileSync(file), file));
}

type PlacedGlyph = { font: TrueTypeFont; glyphId: number; x: number; scale: number };
type ShapedLine = { glyphs: PlacedGlyph[]; width: number; level: 0 | 1 };

/** Shapes one line of text into positioned glyphs (visual order, x in pixels from 0). */
export function shapeLine(text: string, fonts: TrueTypeFont[], fontSizePx: number, paragraph?: 0 | 1): ShapedLine {
  const cps = [...text.normalize('NFC')].map((c) => c.codePointAt(0)!);
  const complex = cps.filter((cp) => complexScript.test(String.fromCodePoint(cp)));
  if (complex.length > 0) {
    throw new TextRasterError('COMPLEX_SCRIPT', `the built-in rasteriser cannot shape ${describe(complex)}; inject a shaping rasteriser`, complex);
  }
  const level = paragraph ?? paragraphLevel(cps);
  const levels = resolveLevels(cps, level);
  const forms = joiningForms(cps);

  // Font of each character: the first that has it; a mark stays with its letter's font.
  const missing: number[] = [];
  const fontOf = cps.map(() => 0);
  cps.forEach((cp, i) => {
    const isMark = /\p{M}/u.test(String.fromCodePoint(cp));
    const previous = fontOf[i - 1];
    if (isMark && i > 0 && previous !== undefined && fonts[previous]?.hasGlyph(cp)) {
      fontOf[i] = previous;
      return;
    }
    const index = fonts.findIndex((f) => f.hasGlyph(levels[i]! % 2 === 1 ? mirrored(cp) : cp));
    if (index === -1 && !isControl(cp)) missing.push(cp);
    fontOf[i] = Math.max(0, index);
  });
  if (missing.length > 0) {
    throw new TextRasterError('MISSING_GLYPHS', `no font has ${describe(missing)}`, missing);
  }

  // Glyphs in logical order, with their joining forms applied.
  const glyphs = cps.map((cp, i) => {
    const font = fonts[fontOf[i]!]!;
    let g = isControl(cp) ? -1 : font.glyphId(levels[i]! % 2 === 1 ? mirrored(cp) : cp);
    const form = forms[i];
    if (form && g >= 0) g = font.substituteSingle(lookups(font, form), g);
    return g;
  });

  // Ligatures (lam-alef) inside runs of one font; `owner[i]` is the glyph slot character i went into.
  const slots: { font: TrueTypeFont; glyphId: number; first: number }[] = [];
  const owner: number[] = new Array(cps.length).fill(-1);
  for (let i = 0; i < cps.length; ) {
    let j = i;
    while (j < cps.length && fontOf[j] === fontOf[i]) j++;
    const font = fonts[fontOf[i]!]!;
    const runIdx: number[] = [];
    for (let k = i; k < j; k++) if ((glyphs[k] ?? -1) >= 0) runIdx.push(k);
    const { glyphs: out, sources } = font.substituteLigatures(lookups(font, 'rlig'), runIdx.map((k) => glyphs[k]!));
    out.forEach((g, o) => {
      const first = runIdx[sources[o]!]!;
      const last = o + 1 < sources.length ? runIdx[sources[o + 1]!]! - 1 : j - 1;
      for (let k = first; k <= last; k++) owner[k] = slots.length;
      slots.push({ font, glyphId: g, first });
    });
    i = j;
  }

  // Clusters: a letter with the marks after it moves as one when the line is reordered.
  const clusters = cps.map((_, i) => i);
  for (let i = 1; i < cps.length; i++) {
    const isMark = /\p{M}/u.test(String.fromCodePoint(cps[i]!));
    if (isMark || owner[i] === owner[i - 1]) clusters[i] = clusters[i - 1]!;
  }
  const order = visualOrder(levels, clusters);
  const placed: PlacedGlyph[] = [];
  const seen = new Set<number>();
  let x = 0;
  for (const i of order) {
    const slot = owner[i];
    if (slot === undefined || slot < 0 || seen.has(slot)) continue;
    seen.add(slot);
    const { font, glyphId } = slots[slot]!;
    const scale = fontSizePx / font.unitsPerEm;
    placed.push({ font, glyphId, x, scale });
    x += font.advance(glyphId) * scale;
  }
  return { glyphs: placed, width: x, level };
}

function lookups(font: TrueTypeFont, feature: string): number[] {
  const arab = font.featureLookups('arab', feature);
  return arab.length > 0 ? arab : font.featureLookups('DFLT', feature);
}

function isControl(cp: number): boolean {
  return cp === 0x200b || cp === 0x200c || cp === 0x200d || cp === 0x200e || cp === 0x200f;
}

function describe(cps: number[]): string {
  const unique = [...new Set(cps)].slice(0, 6);
  return unique.map((cp) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')} ${String.fromCodePoint(cp)}`).join(', ') + (cps.length > 6 ? ', …' : '');
}

/** Fills glyph outlines into 8-bit coverage, then thresholds to 1 bit (thermal heads are on/off). */
function fillLine(target: Uint8Array, rowBytes: number, top: number, baseline: number, offsetX: number, glyphs: PlacedGlyph[], lineHeight: number, bold: boolean): void {
  type Edge = { x0: number; y0: number; x1: number; y1: number; dir: 1 | -1 };
  const edges: Edge[] = [];
  for (const g of glyphs) {
    const contours: Contour[] = g.font.glyph(g.glyphId).contours;
    for (const contour of contours) {
      for (let i = 0; i < contour.length; i++) {
        const a = contour[i]!;
        const b = contour[(i + 1) % contour.length]!;
        const ax = offsetX + g.x + a.x * g.scale;
        const ay = baseline - a.y * g.scale;
        const bx = offsetX + g.x + b.x * g.scale;
        const by = baseline - b.y * g.scale;
        if (ay === by) continue;
        edges.push(ay < by ? { x0: ax, y0: ay, x1: bx, y1: by, dir: 1 } : { x0: bx, y0: by, x1: ax, y1: ay, dir: -1 });
      }
    }
  }
  const width = rowBytes * 8;
  const sub = 4;
  const coverage = new Float32Array(width);
  for (let row = 0; row < lineHeight; row++) {
    coverage.fill(0);
    const y = top + row;
    for (let s = 0; s < sub; s++) {
      const yy = y + (s + 0.5) / sub;
      const crossings: { x: number; dir: number }[] = [];
      for (const e of edges) {
        if (yy < e.y0 || yy >= e.y1) continue;
        crossings.push({ x: e.x0 + ((yy - e.y0) / (e.y1 - e.y0)) * (e.x1 - e.x0), dir: e.dir });
      }
      crossings.sort((p, q) => p.x - q.x);
      // Non-zero winding: overlapping glyphs (joined Arabic letters) stay filled.
      let winding = 0;
      for (let k = 0; k + 1 < crossings.length; k++) {
        winding += crossings[k]!.dir;
        if (winding !== 0) addSpan(coverage, crossings[k]!.x, crossings[k + 1]!.x, 1 / sub);
      }
    }
    const out = y * rowBytes;
    for (let px = 0; px < width; px++) {
      const on = coverage[px]! >= 0.5 || (bold && px > 0 && coverage[px - 1]! >= 0.5);
      if (on) target[out + (px >> 3)]! |= 0x80 >> (px & 7);
    }
  }
}

function addSpan(coverage: Float32Array, from: number, to: number, weight: number): void {
  const start = Math.max(0, from);
  const end = Math.min(coverage.length, to);
  if (end <= start) return;
  const first = Math.floor(start);
  const last = Math.floor(end);
  if (first === last) {
    coverage[first]! += (end - start) * weight;
    return;
  }
  coverage[first]! += (first + 1 - start) * weight;
  for (let px = first + 1; px < last && px < coverage.length; px++) coverage[px]! += weight;
  if (last < coverage.length) coverage[last]! += (end - last) * weight;
}

/** Breaks a paragraph into lines no wider than `width` pixels, at spaces when it can. */
function wrap(paragraph: string, fonts: TrueTypeFont[], size: number, width: number, level: 0 | 1): string[] {
  const words = paragraph.split(/(?<= )/u);
  const lines: string[] = [];
  let current = '';
  const fits = (s: string) => shapeLine(s.trimEnd(), fonts, size, level).width <= width;
  for (const word of words) {
    if (fits(current + word)) {
      current += word;
      continue;
    }
    if (current) lines.push(current.trimEnd());
    current = '';
    // A word longer than the line is cut by characters.
    let piece = '';
    for (const ch of word) {
      if (piece && !fits(piece + ch)) {
        lines.push(piece);
        piece = '';
      }
      piece += ch;
    }
    current = piece;
  }
  if (current.trim() || lines.length === 0) lines.push(current.trimEnd());
  return lines;
}

export type BuiltInRasteriserOptions = {
  /** Font files tried in order for each character; the bundled DejaVu Sans by default. */
  fontFiles?: string[];
  /** Already loaded fonts (tests, or a hub that loads them once). */
  fonts?: TrueTypeFont[];
};

/** The default TextRasteriser. Throws TextRasterError for text it cannot draw faithfully. */
export function createTextRasteriser(options: BuiltInRasteriserOptions = {}): TextRasteriser {
  let fonts = options.fonts ?? null;
  const getFonts = () => (fonts ??= loadFonts(options.fontFiles ?? bundledFontFiles));
  return (text: string, widthPx: number, opts: RasterTextOptions): MonoBitmap => {
    const f = getFonts();
    const rowBytes = Math.ceil(widthPx / 8);
    const width = rowBytes * 8;
    const size = opts.fontSizePx;
    const primary = f[0]!;
    const scale = size / primary.unitsPerEm;
    const ascent = Math.ceil(Math.max(...f.map((font) => font.ascender * (size / font.unitsPerEm))));
    const descent = Math.ceil(Math.max(...f.map((font) => -font.descender * (size / font.unitsPerEm))));
    const lineHeight = ascent + descent + Math.round(primary.lineGap * scale);

    const lines: { text: string; level: 0 | 1 }[] = [];
    for (const paragraph of text.split('\n')) {
      const level = opts.direction === 'rtl' ? 1 : opts.direction === 'ltr' ? 0 : paragraphLevel([...paragraph].map((c) => c.codePointAt(0)!));
      for (const line of wrap(paragraph, f, size, width - (opts.bold ? 1 : 0), level)) lines.push({ text: line, level });
    }
    const height = lines.length * lineHeight;
    const data = new Uint8Array(rowBytes * height);
    lines.forEach((line, index) => {
      const shaped = shapeLine(line.text, f, size, line.level);
      const rtl = shaped.level === 1;
      const align = opts.align === 'start' ? (rtl ? 'right' : 'left') : opts.align === 'end' ? (rtl ? 'left' : 'right') : opts.align;
      const free = Math.max(0, width - shaped.width - (opts.bold ? 1 : 0));
      const offsetX = align === 'center' ? Math.floor(free / 2) : align === 'right' ? free : 0;
      const top = index * lineHeight;
      fillLine(data, rowBytes, top, top + ascent, offsetX, shaped.glyphs, lineHeight, opts.bold ?? false);
    });
    return { width, height, data };
  };
}
