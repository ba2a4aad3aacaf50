/**
 * Boot-protocol keyboard reports, as raw HID card readers send them: byte 0 the modifier bits,
 * byte 1 reserved, bytes 2–7 the usage ids of the keys down now (HID Usage Tables, page 0x07).
 * A report lists every key *held*, so a key is typed once when its usage first appears, not once
 * per report. Readers emulate a US layout; that is the map used here.
 */

const LEFT_SHIFT = 0x02;
const RIGHT_SHIFT = 0x20;
const CTRL_ALT_GUI = 0x01 | 0x04 | 0x08 | 0x10 | 0x40 | 0x80;
const ERROR_ROLL_OVER = 0x01;

/** [unshifted, shifted] for each usage id; named keys use KeyboardEvent.key names. */
const usages = new Map<number, readonly [string, string]>();
for (let i = 0; i < 26; i++) {
  const letter = String.fromCharCode(0x61 + i);
  usages.set(0x04 + i, [letter, letter.toUpperCase()]);
}
'1234567890'.split('').forEach((digit, i) => usages.set(0x1e + i, [digit, '!@#$%^&*()'[i] ?? digit]));
const punctuation: [number, string, string][] = [
  [0x28, 'Enter', 'Enter'],
  [0x2b, 'Tab', 'Tab'],
  [0x2c, ' ', ' '],
  [0x2d, '-', '_'],
  [0x2e, '=', '+'],
  [0x2f, '[', '{'],
  [0x30, ']', '}'],
  [0x31, '\\', '|'],
  [0x33, ';', ':'],
  [0x34, "'", '"'],
  [0x35, '`', '~'],
  [0x36, ',', '<'],
  [0x37, '.', '>'],
  [0x38, '/', '?'],
  // Keypad: some readers send digits from it.
  [0x54, '/', '/'],
  [0x55, '*', '*'],
  [0x56, '-', '-'],
  [0x57, '+', '+'],
  [0x58, 'Enter', 'Enter'],
  [0x62, '0', '0'],
  [0x63, '.', '.'],
];
for (const [usage, plain, shifted] of punctuation) usages.set(usage, [plain, shifted]);
for (let i = 0; i < 9; i++) usages.set(0x59 + i, [String(i + 1), String(i + 1)]);

export type DecodedKey = { key: string; modified: boolean };

/** Turns a stream of reports into key presses, remembering which keys are already down. */
export class BootKeyboardDecoder {
  private down = new Set<number>();

  /** Keys newly pressed by this report (empty for a release, a repeat or a malformed report). */
  decode(report: Uint8Array): DecodedKey[] {
    const body = report.length > 8 ? report.subarray(1, 9) : report;
    if (body.length < 3) return [];
    const modifiers = body[0] ?? 0;
    const codes = [...body.subarray(2)].filter((code) => code !== 0);
    // Too many keys at once: the report carries no key state, so keep the last one.
    if (codes.includes(ERROR_ROLL_OVER)) return [];
    const shift = (modifiers & (LEFT_SHIFT | RIGHT_SHIFT)) !== 0;
    const modified = (modifiers & CTRL_ALT_GUI) !== 0;
    const pressed: DecodedKey[] = [];
    for (const code of codes) {
      if (this.down.has(code)) continue;
      const names = usages.get(code);
      pressed.push({ key: names ? names[shift ? 1 : 0] : 'Unidentified', modified });
    }
    this.down = new Set(codes);
    return pressed;
  }

  reset(): void {
    this.down.clear();
  }
}

/** Inverse map for the fake device: character → [usage, shift]. */
const byCharacter = new Map<string, readonly [number, boolean]>();
for (const [usage, [plain, shifted]] of usages) {
  if (usage >= 0x54) continue; // prefer the main block over the keypad
  if (!byCharacter.has(plain)) byCharacter.set(plain, [usage, false]);
  if (!byCharacter.has(shifted)) byCharacter.set(shifted, [usage, true]);
}

export function usageOf(character: string): { usage: number; shift: boolean } | null {
  const found = byCharacter.get(character);
  return found ? { usage: found[0], shift: found[1] } : null;
}

/** An 8-byte boot keyboard report. */
export function bootReport(modifiers: number, ...codes: number[]): Uint8Array {
  const report = new Uint8Array(8);
  report[0] = modifiers;
  codes.slice(0, 6).forEach((code, i) => (report[2 + i] = code));
  return report;
}

/**
 * The reports a reader sends to type `text` then Enter: a press and a release per character, as
 * real readers do (a doubled character needs the release in between to register twice).
 */
export function reportsForText(text: string, options: { enter?: boolean } = {}): Uint8Array[] {
  const reports: Uint8Array[] = [];
  for (const character of [...text]) {
    const found = usageOf(character);
    if (!found) throw new RangeError(`no US-layout key types U+${(character.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`);
    reports.push(bootReport(found.shift ? LEFT_SHIFT : 0, found.usage), bootReport(0));
  }
  if (options.enter ?? true) reports.push(bootReport(0, 0x28), bootReport(0));
  return reports;
}

export const HID_LEFT_SHIFT = LEFT_SHIFT;
export const HID_USAGE_ENTER = 0x28;
