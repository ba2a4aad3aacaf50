/**
 * The ESC/POS command grammar Front Door speaks, as a tokenizer that knows how long every
 * command is. Both the strict decoder and the fake printer use it, so a `10 04 n` that lies
 * inside raster or QR data is read as data, never as a status request.
 */

export type EscPosCommandName =
  | 'text'
  | 'lf'
  | 'cr'
  | 'ht'
  | 'status-request'
  | 'initialize'
  | 'print-mode'
  | 'codepage'
  | 'font'
  | 'align'
  | 'bold'
  | 'underline'
  | 'italic'
  | 'line-spacing-default'
  | 'line-spacing'
  | 'feed-lines'
  | 'feed-dots'
  | 'pulse'
  | 'column-image'
  | 'cancel-kanji'
  | 'size'
  | 'invert'
  | 'motion-units'
  | 'cut'
  | 'raster-image'
  | 'symbol'
  | 'barcode-height'
  | 'barcode-width'
  | 'barcode-text'
  | 'barcode';

export type EscPosToken = {
  name: EscPosCommandName;
  /** Offset of the first byte in the whole stream. */
  offset: number;
  /** The command with its parameters and data. */
  bytes: Uint8Array;
};

export class EscPosSyntaxError extends Error {
  constructor(
    readonly offset: number,
    readonly bytes: Uint8Array,
    reason: string,
  ) {
    const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    super(`${reason} at byte ${offset}: ${hex}`);
    this.name = 'EscPosSyntaxError';
  }
}

/** Length of the command at `pos`, 'more' when the buffer ends inside it, or a reason it is unknown. */
type Measure = number | 'more' | { unknown: string };

type CommandSpec = { name: EscPosCommandName; measure: (buf: Uint8Array, pos: number, end: number) => Measure };

const fixed =
  (length: number, allowed?: (params: number[]) => boolean) =>
  (buf: Uint8Array, pos: number, end: number): Measure => {
    if (end - pos < length) return 'more';
    if (allowed && !allowed([...buf.subarray(pos + 2, pos + length)])) return { unknown: 'parameter out of range' };
    return length;
  };

const u16 = (buf: Uint8Array, at: number) => (buf[at] ?? 0) | ((buf[at + 1] ?? 0) << 8);
const oneOf = (...values: number[]) => (params: number[]) => values.includes(params[0] ?? -1);
const range = (low: number, high: number) => (params: number[]) => (params[0] ?? -1) >= low && (params[0] ?? -1) <= high;

/** ESC * m nL nH d1…dk: 8-dot modes take one byte a column, 24-dot modes three. */
function measureColumnImage(buf: Uint8Array, pos: number, end: number): Measure {
  if (end - pos < 5) return 'more';
  const mode = buf[pos + 2] ?? -1;
  const bytesPerColumn = mode === 0 || mode === 1 ? 1 : mode === 32 || mode === 33 ? 3 : 0;
  if (bytesPerColumn === 0) return { unknown: `ESC * mode ${mode}` };
  return 5 + u16(buf, pos + 3) * bytesPerColumn;
}

/** GS v 0 m xL xH yL yH d1…dk with k = (xL + xH·256) · (yL + yH·256). */
function measureRaster(buf: Uint8Array, pos: number, end: number): Measure {
  if (end - pos < 8) return 'more';
  if (buf[pos + 2] !== 0x30) return { unknown: 'GS v function other than 0' };
  const mode = buf[pos + 3] ?? -1;
  if (!((mode >= 0 && mode <= 3) || (mode >= 48 && mode <= 51))) return { unknown: `GS v 0 mode ${mode}` };
  return 8 + u16(buf, pos + 4) * u16(buf, pos + 6);
}

/** GS ( k pL pH cn fn …: 2D symbols (PDF417 cn 48, QR cn 49); the length covers cn, fn and data. */
function measureSymbol(buf: Uint8Array, pos: number, end: number): Measure {
  if (end - pos < 7) return 'more';
  if (buf[pos + 2] !== 0x6b) return { unknown: 'GS ( function other than k' };
  const length = u16(buf, pos + 3);
  const cn = buf[pos + 5] ?? -1;
  if (length < 2 || (cn !== 0x30 && cn !== 0x31)) return { unknown: `GS ( k symbol ${cn}` };
  return 5 + length;
}

/** GS V m [n]: m 0/1/48/49 cut now; 65/66/97/98/103/104 feed n then cut. */
function measureCut(buf: Uint8Array, pos: number, end: number): Measure {
  if (end - pos < 3) return 'more';
  const m = buf[pos + 2] ?? -1;
  if ([0, 1, 48, 49].includes(m)) return 3;
  if ([65, 66, 97, 98, 103, 104].includes(m)) return end - pos < 4 ? 'more' : 4;
  return { unknown: `GS V mode ${m}` };
}

/** GS k m …: function A (m 0–6) ends with NUL, function B (m 65–79) carries its length. */
function measureBarcode(buf: Uint8Array, pos: number, end: number): Measure {
  if (end - pos < 3) return 'more';
  const m = buf[pos + 2] ?? -1;
  if (m >= 0 && m <= 6) {
    for (let i = pos + 3; i < end; i++) if (buf[i] === 0) return i - pos + 1;
    return 'more';
  }
  if (m >= 65 && m <= 79) {
    if (end - pos < 4) return 'more';
    return 4 + (buf[pos + 3] ?? 0);
  }
  return { unknown: `GS k symbology ${m}` };
}

const single = (name: EscPosCommandName): CommandSpec => ({ name, measure: () => 1 });

/** First byte → second byte → spec. Everything else below 0x20 is unknown. */
const commands: Record<number, CommandSpec | Record<number, CommandSpec>> = {
  0x0a: single('lf'),
  0x0d: single('cr'),
  0x09: single('ht'),
  0x10: {
    0x04: { name: 'status-request', measure: fixed(3, range(1, 4)) },
  },
  0x1b: {
    0x40: { name: 'initialize', measure: fixed(2) },
    0x21: { name: 'print-mode', measure: fixed(3) },
    0x74: { name: 'codepage', measure: fixed(3) },
    0x4d: { name: 'font', measure: fixed(3, (p) => [0, 1, 2, 3, 4, 48, 49, 50, 51, 52, 97, 98].includes(p[0] ?? -1)) },
    0x61: { name: 'align', measure: fixed(3, oneOf(0, 1, 2, 48, 49, 50)) },
    0x45: { name: 'bold', measure: fixed(3) },
    0x2d: { name: 'underline', measure: fixed(3, oneOf(0, 1, 2, 48, 49, 50)) },
    0x34: { name: 'italic', measure: fixed(3) },
    0x32: { name: 'line-spacing-default', measure: fixed(2) },
    0x33: { name: 'line-spacing', measure: fixed(3) },
    0x64: { name: 'feed-lines', measure: fixed(3) },
    0x4a: { name: 'feed-dots', measure: fixed(3) },
    0x70: { name: 'pulse', measure: fixed(5, oneOf(0, 1, 48, 49)) },
    0x2a: { name: 'column-image', measure: measureColumnImage },
  },
  0x1c: {
    0x2e: { name: 'cancel-kanji', measure: fixed(2) },
  },
  0x1d: {
    0x21: { name: 'size', measure: fixed(3, (p) => ((p[0] ?? 0) & 0x0f) <= 7 && (p[0] ?? 0) >> 4 <= 7) },
    0x42: { name: 'invert', measure: fixed(3) },
    0x50: { name: 'motion-units', measure: fixed(4) },
    0x56: { name: 'cut', measure: measureCut },
    0x76: { name: 'raster-image', measure: measureRaster },
    0x28: { name: 'symbol', measure: measureSymbol },
    0x68: { name: 'barcode-height', measure: fixed(3) },
    0x77: { name: 'barcode-width', measure: fixed(3, range(1, 6)) },
    0x48: { name: 'barcode-text', measure: fixed(3, oneOf(0, 1, 2, 3, 48, 49, 50, 51)) },
    0x6b: { name: 'barcode', measure: measureBarcode },
  },
};

export type TokenizerOptions = {
  /** A longer command is refused rather than buffered (a broken length field could ask for 4 GB). */
  maxCommandLength?: number;
};

/**
 * Incremental tokenizer: feed chunks as they arrive with push(), take tokens with next().
 * next() returns null while the buffered bytes end inside a command.
 */
export class EscPosTokenizer {
  private buffer = new Uint8Array(0);
  private start = 0;
  private end = 0;
  /** Stream offset of buffer[0]. */
  private base = 0;
  private readonly maxCommandLength: number;

  constructor(options: TokenizerOptions = {}) {
    this.maxCommandLength = options.maxCommandLength ?? 4 * 1024 * 1024;
  }

  /** Stream offset of the next unread byte. */
  get offset(): number {
    return this.base + this.start;
  }

  /** Bytes received but not yet returned as a token. */
  get pending(): number {
    return this.end - this.start;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    if (this.end + chunk.length > this.buffer.length) {
      const live = this.end - this.start;
      const next = new Uint8Array(Math.max(live + chunk.length, this.buffer.length * 2, 1024));
      next.set(this.buffer.subarray(this.start, this.end));
      this.base += this.start;
      this.buffer = next;
      this.start = 0;
      this.end = live;
    }
    this.buffer.set(chunk, this.end);
    this.end += chunk.length;
  }

  /** The next complete token, or null when more bytes are needed; throws on an unknown command. */
  next(): EscPosToken | null {
    if (this.start >= this.end) return null;
    const buf = this.buffer;
    const pos = this.start;
    const first = buf[pos] ?? 0;

    if (first >= 0x20) {
      let stop = pos + 1;
      while (stop < this.end && (buf[stop] ?? 0) >= 0x20) stop++;
      return this.take('text', stop - pos);
    }

    const entry = commands[first];
    if (!entry) throw this.syntaxError(1, 'unknown control byte');
    let spec: CommandSpec | undefined;
    if ('measure' in entry) {
      spec = entry as CommandSpec;
    } else {
      if (this.end - pos < 2) return null;
      spec = (entry as Record<number, CommandSpec>)[buf[pos + 1] ?? -1];
      if (!spec) throw this.syntaxError(2, 'unknown command');
    }
    const length = spec.measure(buf, pos, this.end);
    if (length === 'more') {
      if (this.end - pos > this.maxCommandLength) throw this.syntaxError(8, 'command longer than allowed');
      return null;
    }
    if (typeof length === 'object') throw this.syntaxError(Math.min(8, this.end - pos), `unknown command (${length.unknown})`);
    if (length > this.maxCommandLength) throw this.syntaxError(8, 'command longer than allowed');
    if (this.end - pos < length) return null;
    return this.take(spec.name, length);
  }

  /** Throws if the stream ended inside a command. */
  finish(): void {
    if (this.pending > 0) throw this.syntaxError(Math.min(8, this.pending), 'stream ends inside a command');
  }

  private take(name: EscPosCommandName, length: number): EscPosToken {
    const token: EscPosToken = {
      name,
      offset: this.base + this.start,
      bytes: this.buffer.slice(this.start, this.start + length),
    };
    this.start += length;
    if (this.start === this.end) {
      this.base += this.start;
      this.start = 0;
      this.end = 0;
    }
    return token;
  }

  private syntaxError(length: number, reason: string): EscPosSyntaxError {
    return new EscPosSyntaxError(this.offset, this.buffer.slice(this.start, this.start + length), reason);
  }
}

/** Every token of a complete byte stream; throws on anything unknown or cut short. */
export function tokenizeEscPos(bytes: Uint8Array): EscPosToken[] {
  const tokenizer = new EscPosTokenizer({ maxCommandLength: bytes.length + 8 });
  tokenizer.push(bytes);
  const tokens: EscPosToken[] = [];
  for (let token = tokenizer.next(); token; token = tokenizer.next()) tokens.push(token);
  tokenizer.finish();
  return tokens;
}
