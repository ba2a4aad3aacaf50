/**
 * The parts of the Unicode Bidirectional Algorithm (UAX #9) that ticket text needs: one
 * paragraph, no explicit embeddings, weak and neutral types resolved (W1–W7, N1–N2), levels
 * (I1–I2), trailing whitespace (L1) and reordering (L2). Enough for Arabic or Sorani lines
 * with Latin names, ticket numbers and digits in them.
 */

export type BidiClass = 'L' | 'R' | 'AL' | 'EN' | 'ES' | 'ET' | 'AN' | 'CS' | 'NSM' | 'WS' | 'ON';

const arabicDigits = /[\u0660-\u0669\u066B\u066C]/u;
const extendedArabicDigits = /[\u06F0-\u06F9]/u;
const rtlScripts = /[\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
const hebrew = /\p{Script=Hebrew}/u;
const marks = /\p{M}/u;

export function bidiClass(cp: number): BidiClass {
  const ch = String.fromCodePoint(cp);
  if (cp >= 0x30 && cp <= 0x39) return 'EN';
  if (extendedArabicDigits.test(ch)) return 'EN';
  if (arabicDigits.test(ch)) return 'AN';
  if (marks.test(ch)) return 'NSM';
  if (ch === '+' || ch === '-' || ch === '\u2212') return 'ES';
  if ('#$%°\u00A2\u00A3\u00A4\u00A5\u20AC\u066A'.includes(ch)) return 'ET';
  if (',.:/\u00A0\u060C'.includes(ch)) return 'CS';
  if (/\s/u.test(ch)) return 'WS';
  if (rtlScripts.test(ch) && /\p{L}/u.test(ch)) return 'AL';
  if (hebrew.test(ch) && /\p{L}/u.test(ch)) return 'R';
  if (/[\p{L}\p{N}]/u.test(ch)) return 'L';
  // Arabic punctuation (؟ ؛) is neutral; so is everything else left.
  return 'ON';
}

/** 0 for left-to-right, 1 for right-to-left: from the first strong character (P2–P3). */
export function paragraphLevel(codePoints: number[]): 0 | 1 {
  for (const cp of codePoints) {
    const c = bidiClass(cp);
    if (c === 'L') return 0;
    if (c === 'R' || c === 'AL') return 1;
  }
  return 0;
}

/** Resolved embedding level of each code point. */
export function resolveLevels(codePoints: number[], paragraph: 0 | 1): number[] {
  const sos: BidiClass = paragraph === 1 ? 'R' : 'L';
  const types = codePoints.map(bidiClass);
  const original = [...types];
  const n = types.length;

  // W1: marks take the type of what they mark.
  for (let i = 0; i < n; i++) if (types[i] === 'NSM') types[i] = i === 0 ? sos : types[i - 1]!;
  // W2: European digits after Arabic letters are Arabic numbers.
  let lastStrong: BidiClass = sos;
  for (let i = 0; i < n; i++) {
    const t = types[i]!;
    if (t === 'L' || t === 'R' || t === 'AL') lastStrong = t;
    else if (t === 'EN' && lastStrong === 'AL') types[i] = 'AN';
  }
  // W3
  for (let i = 0; i < n; i++) if (types[i] === 'AL') types[i] = 'R';
  // W4: one separator between two numbers of the same kind joins them.
  for (let i = 1; i < n - 1; i++) {
    const before = types[i - 1];
    const after = types[i + 1];
    if (types[i] === 'ES' && before === 'EN' && after === 'EN') types[i] = 'EN';
    else if (types[i] === 'CS' && before === after && (before === 'EN' || before === 'AN')) types[i] = before!;
  }
  // W5: terminators next to European numbers belong to them.
  for (let i = 0; i < n; i++) {
    if (types[i] !== 'ET') continue;
    let j = i;
    while (j < n && types[j] === 'ET') j++;
    if ((i > 0 && types[i - 1] === 'EN') || types[j] === 'EN') for (let k = i; k < j; k++) types[k] = 'EN';
    i = j - 1;
  }
  // W6
  for (let i = 0; i < n; i++) if (types[i] === 'ES' || types[i] === 'ET' || types[i] === 'CS') types[i] = 'ON';
  // W7: European numbers in a left-to-right context are left-to-right.
  lastStrong = sos;
  for (let i = 0; i < n; i++) {
    const t = types[i]!;
    if (t === 'L' || t === 'R') lastStrong = t;
    else if (t === 'EN' && lastStrong === 'L') types[i] = 'L';
  }
  // N1–N2: neutrals between two strong runs of the same direction take it, else the paragraph's.
  const strongDir = (t: BidiClass | undefined): 'L' | 'R' | null => (t === 'L' ? 'L' : t === 'R' || t === 'EN' || t === 'AN' ? 'R' : null);
  for (let i = 0; i < n; i++) {
    if (types[i] !== 'WS' && types[i] !== 'ON') continue;
    let j = i;
    while (j < n && (types[j] === 'WS' || types[j] === 'ON')) j++;
    const before = i === 0 ? sos : strongDir(types[i - 1]);
    const after = j === n ? sos : strongDir(types[j]);
    const dir = before === after && before !== null ? before : sos;
    for (let k = i; k < j; k++) types[k] = dir;
    i = j - 1;
  }
  // I1–I2
  const levels = types.map((t) => {
    if (paragraph === 0) return t === 'R' ? 1 : t === 'AN' || t === 'EN' ? 2 : 0;
    return t === 'L' || t === 'EN' || t === 'AN' ? 2 : 1;
  });
  // L1: whitespace at the end of the line goes back to the paragraph level.
  for (let i = n - 1; i >= 0 && original[i] === 'WS'; i--) levels[i] = paragraph;
  return levels;
}

/**
 * L2: visual order of logical indices. `clusters[i]` is the index of the cluster character i
 * belongs to; a cluster (a letter and its marks) moves as one and keeps its inner order, as the
 * font draws a mark after its base.
 */
export function visualOrder(levels: number[], clusters: number[]): number[] {
  // Work on clusters: each takes its first character's level.
  const starts: number[] = [];
  for (let i = 0; i < levels.length; i++) if (i === 0 || clusters[i] !== clusters[i - 1]) starts.push(i);
  const order = starts.map((_, k) => k);
  const clusterLevels = starts.map((s) => levels[s] ?? 0);
  const max = Math.max(0, ...clusterLevels);
  const minOdd = Math.min(...clusterLevels.filter((l) => l % 2 === 1), max + 1);
  for (let level = max; level >= minOdd && level > 0; level--) {
    for (let i = 0; i < order.length; i++) {
      if ((clusterLevels[order[i]!] ?? 0) < level) continue;
      let j = i;
      while (j < order.length && (clusterLevels[order[j]!] ?? 0) >= level) j++;
      const reversed = order.slice(i, j).reverse();
      order.splice(i, j - i, ...reversed);
      i = j;
    }
  }
  const result: number[] = [];
  for (const k of order) {
    const start = starts[k]!;
    const end = starts[k + 1] ?? levels.length;
    for (let i = start; i < end; i++) result.push(i);
  }
  return result;
}

const mirrors: Record<string, string> = { '(': ')', ')': '(', '[': ']', ']': '[', '{': '}', '}': '{', '<': '>', '>': '<', '«': '»', '»': '«' };

/** The glyph a character shows at a right-to-left level (L4): brackets face the other way. */
export function mirrored(cp: number): number {
  const m = mirrors[String.fromCodePoint(cp)];
  return m ? m.codePointAt(0)! : cp;
}
