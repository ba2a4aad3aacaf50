/**
 * Arabic-script joining (Unicode ArabicShaping.txt, for the letters Arabic, Persian, Urdu and
 * Sorani Kurdish use): which form each letter takes, so the font's init/medi/fina lookups can
 * connect the letters of a word.
 */

export type JoiningType = 'D' | 'R' | 'U' | 'T' | 'C';
export type JoiningForm = 'isol' | 'init' | 'medi' | 'fina' | null;

const rightJoining = new Set<number>([
  0x0622, 0x0623, 0x0624, 0x0625, 0x0627, 0x0629, 0x062f, 0x0630, 0x0631, 0x0632, 0x0648, 0x0671, 0x0672, 0x0673, 0x0675,
  0x0676, 0x0677, 0x06c0, 0x06c3, 0x06c4, 0x06c5, 0x06c6, 0x06c7, 0x06c8, 0x06c9, 0x06ca, 0x06cb, 0x06cd, 0x06cf, 0x06d2,
  0x06d3, 0x06d5, 0x06ee, 0x06ef, 0x0759, 0x075a, 0x075b, 0x076b, 0x076c, 0x0771, 0x0773, 0x0774, 0x0778, 0x0779,
]);
for (let cp = 0x0688; cp <= 0x0699; cp++) rightJoining.add(cp);

const nonJoining = new Set<number>([0x0621, 0x0674, 0x06d4, 0x06dd]);

export function joiningType(cp: number): JoiningType {
  if (cp === 0x0640 || cp === 0x200d) return 'C';
  if (/\p{M}/u.test(String.fromCodePoint(cp)) || cp === 0x200b) return 'T';
  const arabicLetter = (cp >= 0x0620 && cp <= 0x064a) || (cp >= 0x066e && cp <= 0x06d5) || (cp >= 0x06ee && cp <= 0x06ff) || (cp >= 0x0750 && cp <= 0x077f) || (cp >= 0x08a0 && cp <= 0x08c9);
  if (!arabicLetter) return 'U';
  if (nonJoining.has(cp)) return 'U';
  if (rightJoining.has(cp)) return 'R';
  if (cp >= 0x06f0 && cp <= 0x06f9) return 'U'; // extended digits
  return 'D';
}

/** The joining form of each code point in logical order (null for characters that do not join). */
export function joiningForms(codePoints: number[]): JoiningForm[] {
  const types = codePoints.map(joiningType);
  const forms: JoiningForm[] = types.map((t) => (t === 'D' || t === 'R' ? 'isol' : null));
  // Find the previous and next non-transparent character for each letter.
  const neighbour = (i: number, step: 1 | -1): JoiningType | null => {
    for (let j = i + step; j >= 0 && j < types.length; j += step) if (types[j] !== 'T') return types[j]!;
    return null;
  };
  for (let i = 0; i < types.length; i++) {
    const t = types[i];
    if (t !== 'D' && t !== 'R') continue;
    const prev = neighbour(i, -1);
    const next = neighbour(i, 1);
    const joinsPrev = prev === 'D' || prev === 'C';
    const joinsNext = t === 'D' && (next === 'D' || next === 'R' || next === 'C');
    forms[i] = joinsPrev && joinsNext ? 'medi' : joinsPrev ? 'fina' : joinsNext ? 'init' : 'isol';
  }
  return forms;
}
