/**
 * Small-number suppression for every figure that leaves a live screen (files, returns). The ONS
 * "10-5 rule" by default: a count under the threshold is hidden, every other count rounded to the
 * nearest multiple of the base. Secondary suppression then hides more cells wherever a row or a
 * column with a published total has exactly one hidden cell, so no hidden cell can be worked out
 * from its total and the cells beside it.
 */

export type SuppressionRule = {
  /** Counts from 1 to threshold − 1 are hidden. */
  threshold: number;
  /** Published counts are rounded to the nearest multiple of this. */
  roundTo: number;
  /** Hide zeros too (some data services count a zero as disclosive). */
  hideZeros: boolean;
};

export const onsTenFive: SuppressionRule = { threshold: 10, roundTo: 5, hideZeros: false };

/** A published count: null where hidden. */
export type Published = number | null;

export function isSmall(value: number, rule: SuppressionRule): boolean {
  return value === 0 ? rule.hideZeros : value < rule.threshold;
}

export function roundCount(value: number, rule: SuppressionRule): number {
  return Math.round(value / rule.roundTo) * rule.roundTo;
}

/** One count on its own (a headline figure): hidden if small, otherwise rounded. */
export function publishCount(value: number, rule: SuppressionRule): Published {
  return isSmall(value, rule) ? null : roundCount(value, rule);
}

export type SuppressedGrid = {
  cells: Published[][];
  /** Per row, the row's total (when the table publishes row totals). */
  rowTotals: Published[] | null;
  /** Per column, the column's total (when the table publishes column totals). */
  columnTotals: Published[] | null;
  /** Cells hidden because they were small, and those hidden to protect them. */
  primary: number;
  secondary: number;
};

/**
 * Suppresses a grid of counts (rows × columns) whose row and/or column totals are published too.
 * Totals are summed from the true counts, then hidden or rounded like any other count.
 */
export function suppressGrid(counts: readonly (readonly number[])[], rule: SuppressionRule, totals: { rows: boolean; columns: boolean }): SuppressedGrid {
  const rows = counts.length;
  const columns = counts[0]?.length ?? 0;
  const hidden = counts.map((row) => row.map((v) => isSmall(v, rule)));
  const primary = hidden.flat().filter(Boolean).length;
  let secondary = 0;
  const rowTotal = counts.map((row) => row.reduce((a, b) => a + b, 0));
  const columnTotal = Array.from({ length: columns }, (_, j) => counts.reduce((a, row) => a + (row[j] ?? 0), 0));

  /** Hides the smallest visible cell among `cells` (the one that gives least away). */
  const hideOneMore = (cells: [number, number][]): boolean => {
    const visible = cells.filter(([i, j]) => !hidden[i]![j]);
    if (visible.length === 0) return false;
    visible.sort(([ai, aj], [bi, bj]) => counts[ai]![aj]! - counts[bi]![bj]!);
    const [i, j] = visible[0]!;
    hidden[i]![j] = true;
    secondary += 1;
    return true;
  };

  // A line with a published total and exactly one hidden cell gives that cell away; repeat until none does.
  let changed = true;
  while (changed) {
    changed = false;
    if (totals.rows) {
      for (let i = 0; i < rows; i += 1) {
        if (isSmall(rowTotal[i]!, rule)) continue;
        const line = Array.from({ length: columns }, (_, j) => [i, j] as [number, number]);
        if (line.filter(([a, b]) => hidden[a]![b]).length === 1 && hideOneMore(line)) changed = true;
      }
    }
    if (totals.columns) {
      for (let j = 0; j < columns; j += 1) {
        if (isSmall(columnTotal[j]!, rule)) continue;
        const line = Array.from({ length: rows }, (_, i) => [i, j] as [number, number]);
        if (line.filter(([a, b]) => hidden[a]![b]).length === 1 && hideOneMore(line)) changed = true;
      }
    }
  }
  return {
    cells: counts.map((row, i) => row.map((v, j) => (hidden[i]![j] ? null : roundCount(v, rule)))),
    rowTotals: totals.rows ? rowTotal.map((v) => publishCount(v, rule)) : null,
    columnTotals: totals.columns ? columnTotal.map((v) => publishCount(v, rule)) : null,
    primary,
    secondary,
  };
}

/** A share (0–100) published only when the count it is a share of is published too. */
export function publishShare(part: Published, whole: Published): Published {
  if (part === null || whole === null || whole === 0) return null;
  return Math.round((part / whole) * 1000) / 10;
}
