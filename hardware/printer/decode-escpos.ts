import { EscPosSyntaxError, tokenizeEscPos, type EscPosToken } from './escpos-grammar';
import { codepageNumbering, codepageTable, type CodepageMappingName } from './codepages';
import type { Codepage } from '@point-of-sale/codepage-encoder';

/**
 * A strict ESC/POS decoder: bytes back into what the paper would show. Anything it does not
 * know (a command, a parameter, a byte with no character in the selected code page, a stream
 * cut short) is an error, so a test can never pass on bytes a printer would garble.
 */

export type Alignment = 'left' | 'center' | 'right';

export type TextStyle = {
  bold: boolean;
  underline: boolean;
  italic: boolean;
  invert: boolean;
  /** Character size multipliers from GS ! (1–8). */
  width: number;
  height: number;
  font: 'A' | 'B' | 'C';
};

export type DecodedSpan = TextStyle & { text: string; codepage: Codepage };

export type DecodedBlock =
  | { kind: 'text'; align: Alignment; spans: DecodedSpan[]; text: string }
  | { kind: 'raster'; align: Alignment; width: number; height: number; data: Uint8Array; commands: number }
  | { kind: 'qr'; align: Alignment; payload: string; model: number; moduleSize: number; errorLevel: 'l' | 'm' | 'q' | 'h' }
  | { kind: 'barcode'; align: Alignment; symbology: number; data: string }
  | { kind: 'feed'; dots: number }
  | { kind: 'cut'; partial: boolean; feedDots: number }
  | { kind: 'pulse'; pin: number }
  | { kind: 'status-request'; n: number };

export type DecodedEscPos = {
  blocks: DecodedBlock[];
  tokens: { name: EscPosToken['name']; offset: number; length: number }[];
};

export class EscPosDecodeError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(`${message} (at byte ${offset})`);
    this.name = 'EscPosDecodeError';
  }
}

export type DecodeOptions = { codepageMapping?: CodepageMappingName };

const defaultStyle = (): TextStyle => ({ bold: false, underline: false, italic: false, invert: false, width: 1, height: 1, font: 'A' });

const u16 = (bytes: Uint8Array, at: number) => (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8);

export function decodeEscPos(bytes: Uint8Array, options: DecodeOptions = {}): DecodedEscPos {
  let tokens: EscPosToken[];
  try {
    tokens = tokenizeEscPos(bytes);
  } catch (error) {
    if (error instanceof EscPosSyntaxError) throw new EscPosDecodeError(error.offset, error.message);
    throw error;
  }
  const numbering = codepageNumbering(options.codepageMapping ?? 'epson');
  const blocks: DecodedBlock[] = [];

  let style = defaultStyle();
  let align: Alignment = 'left';
  let codepage: Codepage = 'cp437';
  let line: DecodedSpan[] = [];
  /** ESC a only takes effect at the start of a line, as on the printer. */
  let lineAlign: Alignment | null = null;
  const qr = { model: 2, moduleSize: 3, errorLevel: 'l' as 'l' | 'm' | 'q' | 'h', data: null as string | null };

  const endLine = () => {
    blocks.push({ kind: 'text', align: lineAlign ?? align, spans: line, text: line.map((s) => s.text).join('') });
    line = [];
    lineAlign = null;
  };
  const needEmptyLine = (token: EscPosToken, what: string) => {
    if (line.length > 0) throw new EscPosDecodeError(token.offset, `${what} while text is waiting in the line buffer`);
  };
  const addText = (text: string) => {
    if (lineAlign === null) lineAlign = align;
    const last = line[line.length - 1];
    if (last && last.codepage === codepage && sameStyle(last, style)) last.text += text;
    else line.push({ ...style, text, codepage });
  };

  for (const token of tokens) {
    const b = token.bytes;
    const p = b[2] ?? 0;
    switch (token.name) {
      case 'text': {
        const table = codepageTable(codepage);
        let text = '';
        for (let i = 0; i < b.length; i++) {
          const byte = b[i] ?? 0;
          const cp = table[byte];
          if (cp === null || cp === undefined) {
            throw new EscPosDecodeError(token.offset + i, `byte 0x${byte.toString(16)} has no character in ${codepage}`);
          }
          text += String.fromCodePoint(cp);
        }
        addText(text);
        break;
      }
      case 'ht':
        addText('\t');
        break;
      case 'lf':
        endLine();
        break;
      case 'cr':
        // With automatic line feed off (the default), CR is ignored by the printer.
        break;
      case 'status-request':
        blocks.push({ kind: 'status-request', n: p });
        break;
      case 'initialize':
        needEmptyLine(token, 'ESC @');
        style = defaultStyle();
        align = 'left';
        codepage = 'cp437';
        break;
      case 'print-mode':
        style = { ...style, font: p & 1 ? 'B' : 'A', bold: (p & 8) !== 0, height: p & 16 ? 2 : 1, width: p & 32 ? 2 : 1, underline: (p & 128) !== 0 };
        break;
      case 'codepage': {
        const name = numbering.get(p);
        if (!name) throw new EscPosDecodeError(token.offset, `ESC t ${p} selects no code page the printer has`);
        codepage = name;
        break;
      }
      case 'font':
        style = { ...style, font: p % 48 === 1 ? 'B' : p % 48 === 2 ? 'C' : 'A' };
        break;
      case 'align':
        align = p % 48 === 1 ? 'center' : p % 48 === 2 ? 'right' : 'left';
        break;
      case 'bold':
        style = { ...style, bold: (p & 1) === 1 };
        break;
      case 'underline':
        style = { ...style, underline: p % 48 !== 0 };
        break;
      case 'italic':
        style = { ...style, italic: (p & 1) === 1 };
        break;
      case 'invert':
        style = { ...style, invert: (p & 1) === 1 };
        break;
      case 'size':
        style = { ...style, width: (p >> 4) + 1, height: (p & 0x0f) + 1 };
        break;
      case 'line-spacing-default':
      case 'line-spacing':
      case 'motion-units':
      case 'cancel-kanji':
      case 'barcode-height':
      case 'barcode-width':
      case 'barcode-text':
        break;
      case 'feed-lines':
        if (line.length > 0) endLine();
        blocks.push({ kind: 'feed', dots: p * 30 });
        break;
      case 'feed-dots':
        if (line.length > 0) endLine();
        blocks.push({ kind: 'feed', dots: p });
        break;
      case 'pulse':
        blocks.push({ kind: 'pulse', pin: p % 48 });
        break;
      case 'cut': {
        needEmptyLine(token, 'GS V');
        const feedDots = b.length === 4 ? (b[3] ?? 0) : 0;
        blocks.push({ kind: 'cut', partial: (p & 1) === 1, feedDots });
        break;
      }
      case 'raster-image': {
        needEmptyLine(token, 'GS v 0');
        const widthBytes = u16(b, 4);
        const height = u16(b, 6);
        const data = b.slice(8);
        const last = blocks[blocks.length - 1];
        // The encoder sends tall images in chunks of 255 rows; on paper they are one picture.
        if (last && last.kind === 'raster' && last.width === widthBytes * 8 && last.align === align) {
          const joined = new Uint8Array(last.data.length + data.length);
          joined.set(last.data);
          joined.set(data, last.data.length);
          last.data = joined;
          last.height += height;
          last.commands += 1;
        } else {
          blocks.push({ kind: 'raster', align, width: widthBytes * 8, height, data, commands: 1 });
        }
        break;
      }
      case 'column-image': {
        needEmptyLine(token, 'ESC *');
        const mode = p;
        const width = u16(b, 3);
        const stripe = mode >= 32 ? 24 : 8;
        const rowBytes = Math.ceil(width / 8);
        const data = new Uint8Array(rowBytes * stripe);
        const perColumn = stripe / 8;
        for (let x = 0; x < width; x++) {
          for (let y = 0; y < stripe; y++) {
            const byte = b[5 + x * perColumn + (y >> 3)] ?? 0;
            if (byte & (0x80 >> (y & 7))) data[y * rowBytes + (x >> 3)]! |= 0x80 >> (x & 7);
          }
        }
        blocks.push({ kind: 'raster', align, width: rowBytes * 8, height: stripe, data, commands: 1 });
        break;
      }
      case 'symbol':
        decodeSymbol(token, qr, () => {
          needEmptyLine(token, 'GS ( k print');
          if (qr.data === null) throw new EscPosDecodeError(token.offset, 'QR print without QR data');
          blocks.push({ kind: 'qr', align, payload: qr.data, model: qr.model, moduleSize: qr.moduleSize, errorLevel: qr.errorLevel });
        });
        break;
      case 'barcode': {
        needEmptyLine(token, 'GS k');
        const m = p;
        const data = m <= 6 ? b.subarray(3, b.length - 1) : b.subarray(4);
        blocks.push({ kind: 'barcode', align, symbology: m, data: String.fromCharCode(...data) });
        break;
      }
      default:
        return assertNever(token.name);
    }
  }
  if (line.length > 0) throw new EscPosDecodeError(bytes.length, 'stream ends with text that was never printed (no LF)');
  return { blocks, tokens: tokens.map((t) => ({ name: t.name, offset: t.offset, length: t.bytes.length })) };
}

type QrState = { model: number; moduleSize: number; errorLevel: 'l' | 'm' | 'q' | 'h'; data: string | null };

/** GS ( k for QR (cn 49): model 65, size 67, error level 69, store 80, print 81. */
function decodeSymbol(token: EscPosToken, qr: QrState, print: () => void): void {
  const b = token.bytes;
  const cn = b[5];
  const fn = b[6];
  if (cn !== 0x31) throw new EscPosDecodeError(token.offset, `GS ( k symbol ${cn} is not a QR code`);
  const length = u16(b, 3);
  switch (fn) {
    case 0x41:
      if (length !== 4 || (b[7] !== 0x31 && b[7] !== 0x32)) throw new EscPosDecodeError(token.offset, 'bad QR model');
      qr.model = (b[7] ?? 0x32) - 0x30;
      return;
    case 0x43:
      if (length !== 3 || (b[7] ?? 0) < 1 || (b[7] ?? 0) > 16) throw new EscPosDecodeError(token.offset, 'bad QR module size');
      qr.moduleSize = b[7] ?? 3;
      return;
    case 0x45: {
      const level = (['l', 'm', 'q', 'h'] as const)[(b[7] ?? 0) - 0x30];
      if (length !== 3 || !level) throw new EscPosDecodeError(token.offset, 'bad QR error level');
      qr.errorLevel = level;
      return;
    }
    case 0x50:
      if (b[7] !== 0x30) throw new EscPosDecodeError(token.offset, 'bad QR store parameter');
      // The encoder sends QR data as ISO 8859-1.
      qr.data = String.fromCharCode(...b.subarray(8));
      return;
    case 0x51:
      if (length !== 3 || b[7] !== 0x30) throw new EscPosDecodeError(token.offset, 'bad QR print parameter');
      print();
      return;
    default:
      throw new EscPosDecodeError(token.offset, `unknown QR function ${fn}`);
  }
}

function sameStyle(a: TextStyle, b: TextStyle): boolean {
  return a.bold === b.bold && a.underline === b.underline && a.italic === b.italic && a.invert === b.invert && a.width === b.width && a.height === b.height && a.font === b.font;
}

function assertNever(value: never): never {
  throw new Error(`unhandled ESC/POS command ${String(value)}`);
}

/** The printed text lines, trimmed of the spaces the encoder centres with; empty lines dropped. */
export function decodedTextLines(decoded: DecodedEscPos): string[] {
  return decoded.blocks.flatMap((b) => (b.kind === 'text' && b.text.trim() !== '' ? [b.text.trim()] : []));
}
