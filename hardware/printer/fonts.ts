import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The fonts tickets are drawn with, per script, declared in one place. Each script takes the
 * first file that exists: Debian's packages (fonts-noto-core, fonts-wqy-microhei, installed by
 * scripts/setup-test-machine.sh and the deb's dependencies), then Windows' own fonts, then the
 * bundled DejaVu Sans where it covers the script. A hub can put its own files first
 * (`devices.printerFonts` in the hub configuration).
 */

export type TicketScript = 'latin' | 'arabic' | 'bengali' | 'han';

export const ticketScripts: readonly TicketScript[] = ['latin', 'arabic', 'bengali', 'han'];

/** In plain words, for staff: "this kiosk has no font for Bengali". */
export const scriptNames: Record<TicketScript, string> = { latin: 'Latin, Cyrillic and Greek', arabic: 'Arabic script', bengali: 'Bengali', han: 'Chinese' };

/** What to install when a script has no font (shown to staff in the print result). */
export const fontPackages: Record<TicketScript, string> = {
  latin: 'the bundled DejaVu Sans (resources/fonts)',
  arabic: 'Noto Sans Arabic (Debian package fonts-noto-core)',
  bengali: 'Noto Sans Bengali (Debian package fonts-noto-core)',
  han: 'WenQuanYi Micro Hei (Debian package fonts-wqy-microhei)',
};

const bundled = (name: string) => fileURLToPath(new URL(`../../resources/fonts/${name}`, import.meta.url));

export const bundledSans = bundled('DejaVuSans.ttf');
export const bundledMono = bundled('DejaVuSansMono.ttf');

export const ticketFontCandidates: Record<TicketScript, string[]> = {
  latin: [bundledSans],
  arabic: ['/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf', 'C:\\Windows\\Fonts\\segoeui.ttf', bundledSans],
  bengali: [
    '/usr/share/fonts/truetype/noto/NotoSansBengali-Regular.ttf',
    '/usr/share/fonts/truetype/lohit-bengali/Lohit-Bengali.ttf',
    'C:\\Windows\\Fonts\\Nirmala.ttf',
  ],
  han: [
    '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
    '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
    '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
    'C:\\Windows\\Fonts\\msyh.ttc',
  ],
};

export type TicketFonts = Record<TicketScript, string | null>;

/** The file each script will be drawn with on this machine, or null when there is none. */
export function resolveTicketFonts(overrides: Partial<Record<TicketScript, string[]>> = {}, exists: (file: string) => boolean = existsSync): TicketFonts {
  const pick = (script: TicketScript) => [...(overrides[script] ?? []), ...ticketFontCandidates[script]].find((file) => exists(file)) ?? null;
  return { latin: pick('latin'), arabic: pick('arabic'), bengali: pick('bengali'), han: pick('han') };
}

const scriptPatterns: [TicketScript, RegExp][] = [
  ['arabic', /\p{Script=Arabic}/u],
  ['bengali', /\p{Script=Bengali}/u],
  ['han', /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}\u3000-\u303f\uff00-\uffef]/u],
  ['latin', /[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}]/u],
];

/** Letters of a script no ticket font is declared for (Thai, Devanagari…): never printable as raster. */
const otherLetter = /[\p{L}\p{M}]/u;
/** Emoji and pictographs: no ticket font draws them (they would print as empty boxes). */
const pictograph = /\p{Extended_Pictographic}/u;

/** The scripts a text needs, and any character of a script Front Door has no ticket font for. */
export function scriptsOf(text: string): { scripts: Set<TicketScript>; unsupported: string[] } {
  const scripts = new Set<TicketScript>();
  const unsupported: string[] = [];
  for (const ch of text) {
    const match = scriptPatterns.find(([, pattern]) => pattern.test(ch));
    if (match) scripts.add(match[0]);
    else if (pictograph.test(ch)) unsupported.push(ch);
    else if (otherLetter.test(ch) && !/\p{Script=Inherited}|\p{Script=Common}/u.test(ch)) unsupported.push(ch);
  }
  return { scripts, unsupported };
}
