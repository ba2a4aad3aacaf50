import { readFileSync } from 'node:fs';
export type BenchResult = {
  name: string;
  unit: 'ms' | 'events/s' | 'bytes' | '×';
  samples: number;
  median: number;
  p95: number;
  p99?: number;
  /** The budget the p95 must stay under; absent for context-only rows. */
  budgetP95?: number;
  /** For a rate: the budget the median must reach. */
  budgetMin?: number;
  /** The budget the p99 must stay under, where the budget is a p99. */
  budgetP99?: number;
  note?: string;
};

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export function report(results: BenchResult[]): boolean {
  let ok = true;
  for (const r of results) {
    const over = r.budgetP95 !== undefined && r.p95 > r.budgetP95;
    const overP99 = r.budgetP99 !== undefined && r.p99 !== undefined && r.p99 > r.budgetP99;
    const under = r.budgetMin !== undefined && r.median < r.budgetMin;
    if (over || overP99 || under) ok = false;
    const budget =
      r.budgetP95 !== undefined
        ? `  budget p95 < ${r.budgetP95} ${r.unit} ${over ? 'OVER' : 'ok'} (${(r.p95 / r.budgetP95).toFixed(2)}× budget)`
        : r.budgetMin !== undefined
          ? `  budget ≥ ${r.budgetMin} ${r.unit} ${under ? 'UNDER' : 'ok'} (${(r.median / r.budgetMin).toFixed(2)}× budget)`
          : '';
    const p99 = r.p99 === undefined ? '' : `  p99 ${r.p99.toFixed(3)} ${r.unit}`;
    const budgetP99 =
      r.budgetP99 === undefined || r.p99 === undefined ? '' : `  budget p99 < ${r.budgetP99} ${r.unit} ${overP99 ? 'OVER' : 'ok'} (${(r.p99 / r.budgetP99).toFixed(2)}× budget)`;
    console.log(`${r.name.padEnd(40)} n=${String(r.samples).padStart(6)}  median ${r.median.toFixed(3)} ${r.unit}  p95 ${r.p95.toFixed(3)} ${r.unit}${p99}${budget}${budgetP99}${r.note ? `  (${r.note})` : ''}`);
  }
  return ok;
}

/** The machine's load average (1, 5 and 15 minutes) as /proc/loadavg gives it, or "?" where there is none. */
export function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return '?';
  }
}
