import { join } from 'node:path';
import { PNG } from 'pngjs';
import { sampleTicket } from '../../hardware/printer/sample-tickets';
import type { PrintableTicket } from '../../src-shared/devices/types';

/**
 * The reviewed reference images of printed tickets: one per offered language on 80 mm paper
 * (42 columns, 576 dots) and on 58 mm paper (32 columns, 384 dots). Regenerate with
 * `npm run tickets:reference` after a deliberate layout change, look at them, and commit them.
 */

export const referenceDir = join(import.meta.dirname, '..', 'fixtures', 'tickets');

export const paperWidths = {
  '80mm': { columns: 42, dotsPerLine: 576 },
  '58mm': { columns: 32, dotsPerLine: 384 },
} as const;

export type Paper = keyof typeof paperWidths;

export function referenceFile(language: string, paper: Paper): string {
  return join(referenceDir, `${language}-${paper}.png`);
}

/** The ticket each reference shows: the sample two-service ticket, with a fixed id for a stable QR code. */
export function referenceTicket(language: string): PrintableTicket {
  return sampleTicket(language);
}

/** Pixels that differ (black against white) between two PNGs of the same size; Infinity if the sizes differ. */
export function differingPixels(actual: Buffer, expected: Buffer): number {
  const a = PNG.sync.read(actual);
  const b = PNG.sync.read(expected);
  if (a.width !== b.width || a.height !== b.height) return Number.POSITIVE_INFINITY;
  let differ = 0;
  for (let i = 0; i < a.data.length; i += 4) if (((a.data[i] ?? 0) < 128) !== ((b.data[i] ?? 0) < 128)) differ++;
  return differ;
}
