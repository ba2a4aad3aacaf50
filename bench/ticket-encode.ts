import { createTicketEncoder } from '../hardware/printer/encode-ticket';
import { sampleTicket, sampleTicketLanguages } from '../hardware/printer/sample-tickets';
import { percentile, type BenchResult } from './stats';

/**
 * Encoding a two-service ticket to ESC/POS in each offered language, image languages (Arabic,
 * Sorani, Bengali, Chinese) included, on an encoder that has printed before (fonts registered).
 * Each ticket has its own name and number, so the resident's own lines are drawn every time.
 *
 * Budget: p95 under 50 ms per ticket in every language, so printing never holds up a check-in.
 */
export const ticketEncodeBudgetP95Ms = 50;

export function runTicketEncode(options: { rounds?: number; warmup?: number } = {}): BenchResult[] {
  const rounds = options.rounds ?? 60;
  const warmup = options.warmup ?? 5;
  const encode = createTicketEncoder();
  const results: BenchResult[] = [];
  for (const language of sampleTicketLanguages) {
    const base = sampleTicket(language);
    const samples: number[] = [];
    for (let i = 0; i < warmup + rounds; i++) {
      const ticket = { ...base, ticketId: `bench-${language}-${i}`, number: `E${String(i).padStart(3, '0')}`, displayName: `${base.displayName ?? ''} ${i}` };
      const started = performance.now();
      encode(ticket);
      if (i >= warmup) samples.push(performance.now() - started);
    }
    results.push({ name: `ticket-encode: ${language}`, unit: 'ms', samples: samples.length, median: percentile(samples, 50), p95: percentile(samples, 95), budgetP95: ticketEncodeBudgetP95Ms });
  }
  return results;
}
