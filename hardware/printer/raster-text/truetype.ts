/**
 * A TrueType reader: enough of the format to draw text (cmap, glyph outlines, advances) and to
 * shape Arabic script (GSUB single and ligature substitutions). Pure TypeScript, so the kiosk
 * can print scripts its printer's code pages lack without a native dependency.
 */

export type Point = { x: number; y: number };
/** A closed outline in font units, already flattened to straight segments. */
export type Contour = Point[];

export type Glyph = { id: number; advance: number; contours: Contour[] };

type TableRecord = { offset: number; length: number };

export class FontFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FontFormatError';
  }
}

/** GSUB lookups, already decoded to plain maps. */
type SingleSubst = { type: 'single'; map: Map<number, number> };
type LigatureSubst = { type: 'ligature'; sets: Map<number, { components: number[]; glyph: number }[]> };
type Lookup = { flag: number; subtables: (SingleSubst | LigatureSubst)[] };

export class TrueTypeFont {
  readonly unitsPerEm: number;
  readonly ascender: number;
  readonly descender: number;
  readonly lineGap: number;
  readonly numGlyphs: number;
  private readonly view: DataView;
  private readonly tables = new Map<string, TableRecord>();
  private readonly cmap = new Map<number, number>();
  private readonly advances: number[] = [];
  private readonly locaOffsets: number[] = [];
  private readonly glyphCache = new Map<number, Glyph>();
  private lookups: Lookup[] | null = null;
  private features: Map<string, number[]> | null = null;

  constructor(
    bytes: Uint8Array,
    readonly name: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let base = 0;
    // A collection (.ttc, e.g. WenQuanYi for Chinese): use its first font.
    if (this.tag(0) === 'ttcf') base = this.u32(12);
    const version = this.u32(base);
    if (version !== 0x00010000 && this.tag(base) !== 'true') {
      throw new FontFormatError(`${name}: not a TrueType font with glyf outlines (CFF/OpenType-PS is not supported)`);
    }
    const numTables = this.u16(base + 4);
    for (let i = 0; i < numTables; i++) {
      const rec = base + 12 + i * 16;
      this.tables.set(this.tag(rec), { offset: this.u32(rec + 8), length: this.u32(rec + 12) });
    }
    for (const required of ['cmap', 'head', 'hhea', 'hmtx', 'maxp', 'loca', 'glyf']) {
      if (!this.tables.has(required)) throw new FontFormatError(`${name}: missing ${required} table`);
    }
    const head = this.table('head');
    this.unitsPerEm = this.u16(head + 18);
    const longLoca = this.i16(head + 50) === 1;
    this.numGlyphs = this.u16(this.table('maxp') + 4);
    const hhea = this.table('hhea');
    this.ascender = this.i16(hhea + 4);
    this.descender = this.i16(hhea + 6);
    this.lineGap = this.i16(hhea + 8);
    const numberOfHMetrics = this.u16(hhea + 34);
    const hmtx = this.table('hmtx');
    let lastAdvance = 0;
    for (let g = 0; g < this.numGlyphs; g++) {
      if (g < numberOfHMetrics) lastAdvance = this.u16(hmtx + g * 4);
      this.advances.push(lastAdvance);
    }
    const loca = this.table('loca');
    for (let g = 0; g <= this.numGlyphs; g++) {
      this.locaOffsets.push(longLoca ? this.u32(loca + g * 4) : this.u16(loca + g * 2) * 2);
    }
    this.readCmap();
  }

  /** Glyph id for a code point, 0 (.notdef) when the font has none. */
  glyphId(codePoint: number): number {
    return this.cmap.get(codePoint) ?? 0;
  }

  hasGlyph(codePoint: number): boolean {
    return this.cmap.has(codePoint);
  }

  advance(glyphId: number): number {
    return this.advances[glyphId] ?? 0;
  }

  glyph(glyphId: number): Glyph {
    const cached = this.glyphCache.get(glyphId);
    if (cached) return cached;
    const glyph: Glyph = { id: glyphId, advance: this.advance(glyphId), contours: this.outline(glyphId, 0) };
    this.glyphCache.set(glyphId, glyph);
    return glyph;
  }

  /** Lookup indices of a GSUB feature for a script (default language), empty when absent. */
  featureLookups(script: string, feature: string): number[] {
    this.readGsub();
    return this.features?.get(`${script}/${feature}`) ?? [];
  }

  /** Applies single substitutions of the given lookups to one glyph. */
  substituteSingle(lookupIndices: number[], glyphId: number): number {
    let g = glyphId;
    for (const index of lookupIndices) {
      for (const sub of this.lookups?.[index]?.subtables ?? []) {
        if (sub.type !== 'single') continue;
        const to = sub.map.get(g);
        if (to !== undefined) {
          g = to;
          break;
        }
      }
    }
    return g;
  }

  /**
   * Applies ligature substitutions (e.g. Arabic lam + alef) along a glyph run. Returns the new run
   * and, for each output glyph, the index of the first input glyph it came from.
   */
  substituteLigatures(lookupIndices: number[], glyphs: number[]): { glyphs: number[]; sources: number[] } {
    let run = glyphs.map((g, i) => ({ g, source: i }));
    for (const index of lookupIndices) {
      const lookup = this.lookups?.[index];
      if (!lookup) continue;
      const out: typeof run = [];
      for (let i = 0; i < run.length; i++) {
        const current = run[i]!;
        let matched: { glyph: number; length: number } | null = null;
        for (const sub of lookup.subtables) {
          if (sub.type !== 'ligature') continue;
          for (const lig of sub.sets.get(current.g) ?? []) {
            if (lig.components.every((c, k) => run[i + 1 + k]?.g === c)) {
              matched = { glyph: lig.glyph, length: lig.components.length + 1 };
              break;
            }
          }
          if (matched) break;
        }
        if (matched) {
          out.push({ g: matched.glyph, source: current.source });
          i += matched.length - 1;
        } else {
          out.push(current);
        }
      }
      run = out;
    }
    return { glyphs: run.map((r) => r.g), sources: run.map((r) => r.source) };
  }

  // ---- outlines -----------------------------------------------------------------------

  private outline(glyphId: number, depth: number): Contour[] {
    if (depth > 8) throw new FontFormatError(`${this.name}: composite glyph ${glyphId} nests too deep`);
    const start = this.locaOffsets[glyphId];
    const end = this.locaOffsets[glyphId + 1];
    if (start === undefined || end === undefined || end <= start) return [];
    const at = this.table('glyf') + start;
    const numberOfContours = this.i16(at);
    return numberOfContours >= 0 ? this.simpleOutline(at, numberOfContours) : this.compositeOutline(at, depth);
  }

  private simpleOutline(at: number, numberOfContours: number): Contour[] {
    const endPts: number[] = [];
    for (let i = 0; i < numberOfContours; i++) endPts.push(this.u16(at + 10 + i * 2));
    const numPoints = numberOfContours === 0 ? 0 : (endPts[numberOfContours - 1] ?? -1) + 1;
    let p = at + 10 + numberOfContours * 2;
    p += 2 + this.u16(p); // instructions
    const flags: number[] = [];
    while (flags.length < numPoints) {
      const flag = this.u8(p++);
      flags.push(flag);
      if (flag & 8) {
        const repeat = this.u8(p++);
        for (let r = 0; r < repeat; r++) flags.push(flag);
      }
    }
    const xs: number[] = [];
    let x = 0;
    for (const flag of flags) {
      if (flag & 2) x += flag & 16 ? this.u8(p++) : -this.u8(p++);
      else if (!(flag & 16)) {
        x += this.i16(p);
        p += 2;
      }
      xs.push(x);
    }
    const ys: number[] = [];
    let y = 0;
    for (const flag of flags) {
      if (flag & 4) y += flag & 32 ? this.u8(p++) : -this.u8(p++);
      else if (!(flag & 32)) {
        y += this.i16(p);
        p += 2;
      }
      ys.push(y);
    }
    const contours: Contour[] = [];
    let first = 0;
    for (const last of endPts) {
      const points = [];
      for (let i = first; i <= last; i++) points.push({ x: xs[i] ?? 0, y: ys[i] ?? 0, on: ((flags[i] ?? 0) & 1) === 1 });
      contours.push(flattenQuadratic(points));
      first = last + 1;
    }
    return contours;
  }

  private compositeOutline(at: number, depth: number): Contour[] {
    const contours: Contour[] = [];
    let p = at + 10;
    for (;;) {
      const flags = this.u16(p);
      const glyphIndex = this.u16(p + 2);
      p += 4;
      let dx: number;
      let dy: number;
      if (flags & 0x0001) {
        dx = flags & 0x0002 ? this.i16(p) : 0;
        dy = flags & 0x0002 ? this.i16(p + 2) : 0;
        p += 4;
      } else {
        dx = flags & 0x0002 ? this.i8(p) : 0;
        dy = flags & 0x0002 ? this.i8(p + 1) : 0;
        p += 2;
      }
      let [a, b, c, d] = [1, 0, 0, 1];
      if (flags & 0x0008) {
        a = d = this.f2dot14(p);
        p += 2;
      } else if (flags & 0x0040) {
        a = this.f2dot14(p);
        d = this.f2dot14(p + 2);
        p += 4;
      } else if (flags & 0x0080) {
        a = this.f2dot14(p);
        b = this.f2dot14(p + 2);
        c = this.f2dot14(p + 4);
        d = this.f2dot14(p + 6);
        p += 8;
      }
      for (const contour of this.outline(glyphIndex, depth + 1)) {
        contours.push(contour.map((pt) => ({ x: a * pt.x + c * pt.y + dx, y: b * pt.x + d * pt.y + dy })));
      }
      if (!(flags & 0x0020)) break;
    }
    return contours;
  }

  // ---- cmap ---------------------------------------------------------------------------

  private readCmap(): void {
    const cmap = this.table('cmap');
    const count = this.u16(cmap + 2);
    let best: { offset: number; score: number } | null = null;
    for (let i = 0; i < count; i++) {
      const rec = cmap + 4 + i * 8;
      const platform = this.u16(rec);
      const encoding = this.u16(rec + 2);
      const offset = cmap + this.u32(rec + 4);
      const format = this.u16(offset);
      // Prefer the full-Unicode subtable (format 12) over the BMP one (format 4).
      const score = format === 12 && (platform === 3 || platform === 0) ? 2 : format === 4 && (platform === 0 || (platform === 3 && encoding === 1)) ? 1 : 0;
      if (score > 0 && (!best || score > best.score)) best = { offset, score };
    }
    if (!best) throw new FontFormatError(`${this.name}: no Unicode cmap`);
    const o = best.offset;
    if (this.u16(o) === 12) {
      const groups = this.u32(o + 12);
      for (let i = 0; i < groups; i++) {
        const g = o + 16 + i * 12;
        const startChar = this.u32(g);
        const endChar = this.u32(g + 4);
        const startGlyph = this.u32(g + 8);
        for (let ch = startChar; ch <= endChar; ch++) if (startGlyph + ch - startChar !== 0) this.cmap.set(ch, startGlyph + ch - startChar);
      }
      return;
    }
    const segCount = this.u16(o + 6) / 2;
    const ends = o + 14;
    const starts = ends + segCount * 2 + 2;
    const deltas = starts + segCount * 2;
    const rangeOffsets = deltas + segCount * 2;
    for (let s = 0; s < segCount; s++) {
      const end = this.u16(ends + s * 2);
      const start = this.u16(starts + s * 2);
      const delta = this.i16(deltas + s * 2);
      const rangeOffset = this.u16(rangeOffsets + s * 2);
      for (let ch = start; ch <= end && ch !== 0xffff; ch++) {
        let g: number;
        if (rangeOffset === 0) g = (ch + delta) & 0xffff;
        else {
          const at = rangeOffsets + s * 2 + rangeOffset + (ch - start) * 2;
          g = this.u16(at);
          if (g !== 0) g = (g + delta) & 0xffff;
        }
        if (g !== 0) this.cmap.set(ch, g);
      }
    }
  }

  // ---- GSUB ---------------------------------------------------------------------------

  private readGsub(): void {
    if (this.lookups) return;
    this.lookups = [];
    this.features = new Map();
    const gsub = this.tables.get('GSUB');
    if (!gsub) return;
    const base = gsub.offset;
    const scriptList = base + this.u16(base + 4);
    const featureList = base + this.u16(base + 6);
    const lookupList = base + this.u16(base + 8);

    const featureRecords: { tag: string; lookups: number[] }[] = [];
    const featureCount = this.u16(featureList);
    for (let i = 0; i < featureCount; i++) {
      const rec = featureList + 2 + i * 6;
      const feature = featureList + this.u16(rec + 4);
      const n = this.u16(feature + 2);
      const lookups: number[] = [];
      for (let k = 0; k < n; k++) lookups.push(this.u16(feature + 4 + k * 2));
      featureRecords.push({ tag: this.tag(rec), lookups });
    }

    const scriptCount = this.u16(scriptList);
    for (let i = 0; i < scriptCount; i++) {
      const rec = scriptList + 2 + i * 6;
      const scriptTag = this.tag(rec);
      const script = scriptList + this.u16(rec + 4);
      const defaultLangSys = this.u16(script);
      if (defaultLangSys === 0) continue;
      const langSys = script + defaultLangSys;
      const count = this.u16(langSys + 4);
      for (let k = 0; k < count; k++) {
        const feature = featureRecords[this.u16(langSys + 6 + k * 2)];
        if (!feature) continue;
        const key = `${scriptTag}/${feature.tag}`;
        this.features.set(key, [...(this.features.get(key) ?? []), ...feature.lookups]);
      }
    }

    const lookupCount = this.u16(lookupList);
    for (let i = 0; i < lookupCount; i++) {
      const lookup = lookupList + this.u16(lookupList + 2 + i * 2);
      let type = this.u16(lookup);
      const flag = this.u16(lookup + 2);
      const subCount = this.u16(lookup + 4);
      const subtables: (SingleSubst | LigatureSubst)[] = [];
      for (let s = 0; s < subCount; s++) {
        let sub = lookup + this.u16(lookup + 6 + s * 2);
        if (type === 7) {
          type = this.u16(sub + 2);
          sub = sub + this.u32(sub + 4);
        }
        if (type === 1) subtables.push(this.readSingle(sub));
        else if (type === 4) subtables.push(this.readLigature(sub));
        // Other lookup types (contextual, alternates) are not needed for Arabic joining forms.
      }
      this.lookups.push({ flag, subtables });
    }
  }

  private readCoverage(at: number): number[] {
    const format = this.u16(at);
    const glyphs: number[] = [];
    if (format === 1) {
      const count = this.u16(at + 2);
      for (let i = 0; i < count; i++) glyphs.push(this.u16(at + 4 + i * 2));
    } else if (format === 2) {
      const count = this.u16(at + 2);
      for (let i = 0; i < count; i++) {
        const r = at + 4 + i * 6;
        for (let g = this.u16(r); g <= this.u16(r + 2); g++) glyphs.push(g);
      }
    }
    return glyphs;
  }

  private readSingle(at: number): SingleSubst {
    const format = this.u16(at);
    const coverage = this.readCoverage(at + this.u16(at + 2));
    const map = new Map<number, number>();
    if (format === 1) {
      const delta = this.i16(at + 4);
      for (const g of coverage) map.set(g, (g + delta) & 0xffff);
    } else {
      coverage.forEach((g, i) => map.set(g, this.u16(at + 6 + i * 2)));
    }
    return { type: 'single', map };
  }

  private readLigature(at: number): LigatureSubst {
    const coverage = this.readCoverage(at + this.u16(at + 2));
    const setCount = this.u16(at + 4);
    const sets = new Map<number, { components: number[]; glyph: number }[]>();
    for (let i = 0; i < setCount && i < coverage.length; i++) {
      const set = at + this.u16(at + 6 + i * 2);
      const count = this.u16(set);
      const ligatures = [];
      for (let k = 0; k < count; k++) {
        const lig = set + this.u16(set + 2 + k * 2);
        const glyph = this.u16(lig);
        const compCount = this.u16(lig + 2);
        const components: number[] = [];
        for (let c = 1; c < compCount; c++) components.push(this.u16(lig + 4 + (c - 1) * 2));
        ligatures.push({ components, glyph });
      }
      sets.set(coverage[i]!, ligatures);
    }
    return { type: 'ligature', sets };
  }

  // ---- bytes --------------------------------------------------------------------------

  private table(tag: string): number {
    const rec = this.tables.get(tag);
    if (!rec) throw new FontFormatError(`${this.name}: missing ${tag} table`);
    return rec.offset;
  }
  private u8(at: number) {
    return this.view.getUint8(at);
  }
  private i8(at: number) {
    return this.view.getInt8(at);
  }
  private u16(at: number) {
    return this.view.getUint16(at);
  }
  private i16(at: number) {
    return this.view.getInt16(at);
  }
  private u32(at: number) {
    return this.view.getUint32(at);
  }
  private f2dot14(at: number) {
    return this.view.getInt16(at) / 16384;
  }
  private tag(at: number) {
    return String.fromCharCode(this.u8(at), this.u8(at + 1), this.u8(at + 2), this.u8(at + 3));
  }
}

/**
 * TrueType contours are quadratic B-splines: two off-curve points in a row imply an on-curve
 * point between them. Each curve is flattened to 8 segments, plenty at ticket sizes.
 */
function flattenQuadratic(points: { x: number; y: number; on: boolean }[]): Contour {
  const n = points.length;
  if (n === 0) return [];
  const mid = (a: Point, b: Point): Point => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });
  const firstOn = points.findIndex((p) => p.on);
  // Start on an on-curve point; a contour of only off-curve points starts between its last and first.
  const start: Point = firstOn === -1 ? mid(points[n - 1]!, points[0]!) : points[firstOn]!;
  const sequence = firstOn === -1 ? points : [...points.slice(firstOn + 1), ...points.slice(0, firstOn)];
  const out: Contour = [{ x: start.x, y: start.y }];
  let current: Point = start;
  let control: Point | null = null;
  const curveTo = (c: Point, to: Point) => {
    for (let s = 1; s <= 8; s++) {
      const t = s / 8;
      const mt = 1 - t;
      out.push({ x: mt * mt * current.x + 2 * mt * t * c.x + t * t * to.x, y: mt * mt * current.y + 2 * mt * t * c.y + t * t * to.y });
    }
    current = to;
  };
  for (const p of sequence) {
    if (p.on) {
      if (control) curveTo(control, p);
      else {
        out.push({ x: p.x, y: p.y });
        current = p;
      }
      control = null;
    } else {
      if (control) curveTo(control, mid(control, p));
      control = p;
    }
  }
  if (control) curveTo(control, start);
  return out;
}
