import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import type { Alignment, DecodedEscPos, DecodedSpan } from './decode-escpos';
import { decodeEscPos } from './decode-escpos';
import { bundledMono, bundledSans } from './fonts';
import type { MonoBitmap } from './types';

/**
 * Draws decoded ESC/POS as the paper would look, so a person can check a ticket layout:
 * font A as 12×24 cells (enlarged by pixel doubling, as the printer does), raster images as
 * sent, QR codes rebuilt from their payload, and the cut shown as a grey dashed line.
 */

export type RenderOptions = {
  /** Printable dots per line (576 on 80 mm paper at 203 dpi). */
  dotsPerLine?: number;
  /** White border around the paper in the picture. */
  margin?: number;
  /** Dots between text lines beyond the 24-dot cell (ESC 2 default is about 1/6 inch). */
  lineGap?: number;
};

const CELL_W = 12;
const CELL_H = 24;

let cellFont: string | null = null;
const cellCache = new Map<string, MonoBitmap>();

/** One character of font A: DejaVu Sans Mono at 20 px has a 12-dot advance, like the printer. */
function cell(ch: string): MonoBitmap {
  const cached = cellCache.get(ch);
  if (cached) return cached;
  if (cellFont === null) {
    GlobalFonts.registerFromPath(bundledMono, 'Front Door cell mono');
    GlobalFonts.registerFromPath(bundledSans, 'Front Door cell sans');
    cellFont = '20px "Front Door cell mono", "Front Door cell sans"';
  }
  const canvas = createCanvas(16, CELL_H);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, 16, CELL_H);
  ctx.fillStyle = '#000';
  ctx.font = cellFont;
  ctx.textBaseline = 'alphabetic';
  // DejaVu's ascent at 20 px is 19 dots: the baseline of the 24-dot cell.
  ctx.fillText(ch, 0, 19);
  const rgba = ctx.getImageData(0, 0, 16, CELL_H).data;
  const bitmap: MonoBitmap = { width: 16, height: CELL_H, data: new Uint8Array(2 * CELL_H) };
  for (let y = 0; y < CELL_H; y++) for (let x = 0; x < 16; x++) if ((rgba[(y * 16 + x) * 4] ?? 255) < 128) bitmap.data[y * 2 + (x >> 3)]! |= 0x80 >> (x & 7);
  cellCache.set(ch, bitmap);
  return bitmap;
}

class Canvas {
  readonly png: PNG;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.png = new PNG({ width, height });
    this.png.data.fill(255);
  }
  dot(x: number, y: number, shade = 0): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const o = (y * this.width + x) * 4;
    this.png.data[o] = this.png.data[o + 1] = this.png.data[o + 2] = shade;
  }
}

type Painter = (canvas: Canvas, top: number) => void;

function bit(bitmap: MonoBitmap, x: number, y: number): boolean {
  return ((bitmap.data[y * (bitmap.width >> 3) + (x >> 3)] ?? 0) & (0x80 >> (x & 7))) !== 0;
}

function alignedX(align: Alignment, width: number, paper: number): number {
  return align === 'center' ? Math.floor((paper - width) / 2) : align === 'right' ? paper - width : 0;
}

export function renderDecodedToPng(decoded: DecodedEscPos, options: RenderOptions = {}): Buffer {
  const paper = options.dotsPerLine ?? 576;
  const margin = options.margin ?? 24;
  const lineGap = options.lineGap ?? 6;
  const painters: { height: number; paint: Painter }[] = [];

  for (const block of decoded.blocks) {
    switch (block.kind) {
      case 'text': {
        const height = Math.max(1, ...block.spans.map((s) => s.height)) * CELL_H;
        const width = block.spans.reduce((w, s) => w + [...s.text].length * CELL_W * s.width, 0);
        painters.push({
          height: height + lineGap,
          paint: (canvas, top) => {
            let x = margin + alignedX(block.align, width, paper);
            for (const span of block.spans) x = paintSpan(canvas, span, x, top + height - span.height * CELL_H);
          },
        });
        break;
      }
      case 'raster': {
        const image: MonoBitmap = { width: block.width, height: block.height, data: block.data };
        painters.push({
          height: block.height,
          paint: (canvas, top) => {
            const left = margin + alignedX(block.align, block.width, paper);
            for (let y = 0; y < image.height; y++) for (let x = 0; x < image.width; x++) if (bit(image, x, y)) canvas.dot(left + x, top + y);
          },
        });
        break;
      }
      case 'qr': {
        // The payload as the printer received it (ISO 8859-1 bytes), drawn by the qrcode package.
        const bytes = Buffer.from(Uint8Array.from([...block.payload].map((c) => c.charCodeAt(0))));
        const matrix = QRCode.create([{ data: bytes, mode: 'byte' }], { errorCorrectionLevel: block.errorLevel.toUpperCase() as 'L' | 'M' | 'Q' | 'H' }).modules;
        const module = block.moduleSize;
        const side = matrix.size * module;
        const quiet = 4 * module;
        painters.push({
          height: side + 2 * quiet,
          paint: (canvas, top) => {
            const left = margin + alignedX(block.align, side, paper);
            for (let my = 0; my < matrix.size; my++) {
              for (let mx = 0; mx < matrix.size; mx++) {
                if (!matrix.get(my, mx)) continue;
                for (let dy = 0; dy < module; dy++) for (let dx = 0; dx < module; dx++) canvas.dot(left + mx * module + dx, top + quiet + my * module + dy);
              }
            }
          },
        });
        break;
      }
      case 'barcode':
        // Front Door's tickets carry no 1D barcodes; show where one would be.
        painters.push({ height: CELL_H + lineGap, paint: (canvas, top) => paintSpan(canvas, { ...plain, text: `[barcode ${block.data}]` }, margin, top) });
        break;
      case 'feed':
        painters.push({ height: block.dots, paint: () => undefined });
        break;
      case 'cut':
        painters.push({
          height: block.feedDots + 24,
          paint: (canvas, top) => {
            const y = top + block.feedDots + 12;
            for (let x = 0; x < canvas.width; x++) if (x % 12 < 7) canvas.dot(x, y, 150);
          },
        });
        break;
      case 'pulse':
      case 'status-request':
        break;
      default:
        assertNever(block);
    }
  }

  const height = painters.reduce((h, p) => h + p.height, 0) + 2 * margin;
  const canvas = new Canvas(paper + 2 * margin, height);
  let top = margin;
  for (const p of painters) {
    p.paint(canvas, top);
    top += p.height;
  }
  return PNG.sync.write(canvas.png);
}

const plain: Omit<DecodedSpan, 'text'> = { bold: false, underline: false, italic: false, invert: false, width: 1, height: 1, font: 'A', codepage: 'cp437' };

function paintSpan(canvas: Canvas, span: DecodedSpan, startX: number, top: number): number {
  let x = startX;
  const w = CELL_W * span.width;
  const h = CELL_H * span.height;
  for (const ch of span.text) {
    const glyph = cell(ch);
    for (let y = 0; y < h; y++) {
      for (let dx = 0; dx < w; dx++) {
        const gx = Math.floor(dx / span.width);
        const gy = Math.floor(y / span.height);
        let ink = gy < glyph.height && gx < glyph.width && bit(glyph, gx, gy);
        // Emphasis prints each dot twice, one dot apart.
        if (!ink && span.bold && gx > 0) ink = gy < glyph.height && bit(glyph, gx - 1, gy);
        if (span.underline && y >= h - 2 * span.height) ink = true;
        if (span.invert) ink = !ink;
        if (ink) canvas.dot(x + dx, top + y);
      }
    }
    x += w;
  }
  return x;
}

function assertNever(value: never): never {
  throw new Error(`unhandled block ${JSON.stringify(value)}`);
}

/** Decodes (strictly) and draws ESC/POS bytes. */
export function renderEscPosToPng(bytes: Uint8Array, options: RenderOptions = {}): Buffer {
  return renderDecodedToPng(decodeEscPos(bytes), options);
}
