import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import CodepageEncoder, { type Codepage } from '@point-of-sale/codepage-encoder';

/**
 * The encoder's own code-page tables, read back for decoding. The encoder picks code pages per
 * fragment of text (ESC t n mid-line), so decoding needs its exact ESC t numbering and byte tables:
 * iconv's tables differ in the corners (box drawing, €).
 */

export type CodepageMappingName = 'epson' | 'epson/legacy' | 'star' | 'bixolon' | 'citizen' | 'xprinter';

const numberings = new Map<string, Map<number, Codepage>>();

/**
 * ESC t number → code page name, for one of the encoder's printer mappings. The mapping is not
 * exported by the encoder, so it is read through its public API: select each code page and
 * look at the ESC t it sends.
 */
export function codepageNumbering(mapping: CodepageMappingName = 'epson'): Map<number, Codepage> {
  const cached = numberings.get(mapping);
  if (cached) return cached;
  const result = new Map<number, Codepage>();
  for (const name of CodepageEncoder.getEncodings()) {
    let bytes: Uint8Array;
    try {
      bytes = new ReceiptPrinterEncoder({ codepageMapping: mapping }).codepage(name).text('A').encode();
    } catch {
      continue; // not on this printer
    }
    const at = findEscT(bytes);
    // Aliases (iso8859-2 / iso88592) share a number; the first name wins.
    if (at !== null && !result.has(at)) result.set(at, name);
  }
  numberings.set(mapping, result);
  return result;
}

function findEscT(bytes: Uint8Array): number | null {
  for (let i = 0; i + 2 < bytes.length; i++) if (bytes[i] === 0x1b && bytes[i + 1] === 0x74) return bytes[i + 2] ?? null;
  return null;
}

const tables = new Map<string, readonly (number | null)[]>();

/** Byte → Unicode code point for one code page (null where the page has no character). */
export function codepageTable(name: Codepage): readonly (number | null)[] {
  const cached = tables.get(name);
  if (cached) return cached;
  const raw = CodepageEncoder.getCodepoints(name, true) as (number | null | undefined)[];
  const table = Array.from({ length: 256 }, (_, i) => {
    const cp = raw[i];
    // 0xFFFD marks a hole in the page in the encoder's tables.
    return cp === undefined || cp === null || cp === 0xfffd ? null : cp;
  });
  tables.set(name, table);
  return table;
}

/** Every code page the printer mapping offers: the candidates the encoder's 'auto' mode uses. */
export function printerCodepages(mapping: CodepageMappingName = 'epson'): Codepage[] {
  return [...codepageNumbering(mapping).values()];
}

let printableCache: { mapping: string; chars: Set<number> } | null = null;

/** Code points that some code page of the printer can print. */
export function printableCodePoints(mapping: CodepageMappingName = 'epson'): Set<number> {
  if (printableCache?.mapping === mapping) return printableCache.chars;
  const chars = new Set<number>();
  for (const name of printerCodepages(mapping)) {
    for (const cp of codepageTable(name)) if (cp !== null && cp >= 0x20) chars.add(cp);
  }
  printableCache = { mapping, chars };
  return chars;
}
