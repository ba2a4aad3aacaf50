/**
 * Splits a serial byte stream into scans at the scanner's end character(s). Serial data arrives
 * in arbitrary chunks — a scan can be split anywhere, even inside a multi-byte delimiter or a
 * UTF-8 character — so bytes are kept until the delimiter is seen. A frame that grows past
 * `maxFrameBytes` without one is reported once as too long and skipped up to the next delimiter,
 * so a scanner in the wrong mode cannot grow memory without bound.
 */
export type Frame = { ok: true; bytes: Uint8Array } | { ok: false; reason: 'too-long' };

export class LineFramer {
  private readonly delimiter: Buffer;
  private pending: Buffer = Buffer.alloc(0);
  private skipping = false;

  constructor(
    endChar: string,
    private readonly maxFrameBytes = 1024,
  ) {
    if (endChar.length === 0) throw new RangeError('the end character must not be empty');
    this.delimiter = Buffer.from(endChar, 'utf8');
  }

  push(chunk: Uint8Array): Frame[] {
    const frames: Frame[] = [];
    let data = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : Buffer.from(chunk);
    for (;;) {
      const end = data.indexOf(this.delimiter);
      if (end < 0) break;
      if (this.skipping) this.skipping = false;
      else if (end > this.maxFrameBytes) frames.push({ ok: false, reason: 'too-long' });
      else frames.push({ ok: true, bytes: new Uint8Array(data.subarray(0, end)) });
      data = data.subarray(end + this.delimiter.length);
    }
    // Keep enough bytes to find a delimiter split across chunks, but never an unbounded frame.
    if (!this.skipping && data.length > this.maxFrameBytes + this.delimiter.length) {
      frames.push({ ok: false, reason: 'too-long' });
      this.skipping = true;
    }
    this.pending = this.skipping ? Buffer.from(data.subarray(Math.max(0, data.length - this.delimiter.length + 1))) : Buffer.from(data);
    return frames;
  }

  /** Drops a partial frame (after a disconnect: its rest will never come). */
  reset(): void {
    this.pending = Buffer.alloc(0);
    this.skipping = false;
  }
}
