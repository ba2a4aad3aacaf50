import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hubConfig } from '../../src-shared/config/schema';
import { dashboardQuery, visitExportQuery } from '../../src-shared/reports/contract';
import { histogramPercentile } from '../../src-shared/reports/figures';
import { targetProgress } from '../../src-shared/reports/measures';
import { dayCount, daysOf, latestTo, presetRange, quarterOf } from '../../src-shared/reports/range';
import { onsTenFive, publishCount, publishShare, suppressGrid } from '../../src-shared/reports/suppression';
import { queueTestHub } from '../helpers/queue-hub';

describe('small-number suppression (ONS 10-5 by default)', () => {
  it('hides counts under ten and rounds the rest to the nearest five', () => {
    expect([0, 1, 9, 10, 12, 13, 147].map((v) => publishCount(v, onsTenFive))).toEqual([0, null, null, 10, 10, 15, 145]);
    expect(publishCount(0, { ...onsTenFive, hideZeros: true })).toBeNull();
    expect(publishCount(7, { threshold: 5, roundTo: 1, hideZeros: false })).toBe(7);
  });

  it('hides a second cell where a published total would give a hidden one away', () => {
    // Row 0 has one small cell (3) and a published total (43): its smallest other cell (12) goes too.
    const s = suppressGrid(
      [
        [3, 12, 28],
        [15, 20, 40],
      ],
      onsTenFive,
      { rows: true, columns: false },
    );
    expect(s.cells).toEqual([
      [null, null, 30],
      [15, 20, 40],
    ]);
    expect(s.rowTotals).toEqual([45, 75]);
    expect([s.primary, s.secondary]).toEqual([1, 1]);
  });

  it('carries secondary suppression across rows and columns until no line has a lone hidden cell', () => {
    const s = suppressGrid(
      [
        [3, 30, 30],
        [30, 30, 30],
        [30, 30, 30],
      ],
      onsTenFive,
      { rows: true, columns: true },
    );
    const hidden = s.cells.map((r) => r.map((v) => v === null));
    for (const row of hidden) expect(row.filter(Boolean).length).not.toBe(1);
    for (let j = 0; j < 3; j += 1) expect(hidden.filter((r) => r[j]).length).not.toBe(1);
  });

  it('never leaves a lone hidden cell in a line with a published total (property)', () => {
    const grid = fc.array(fc.array(fc.nat({ max: 60 }), { minLength: 2, maxLength: 6 }), { minLength: 2, maxLength: 6 }).filter((g) => g.every((r) => r.length === g[0]!.length));
    fc.assert(
      fc.property(grid, (counts) => {
        const s = suppressGrid(counts, onsTenFive, { rows: true, columns: true });
        counts.forEach((row, i) => {
          if (s.rowTotals![i] === null) return;
          expect(s.cells[i]!.filter((v) => v === null).length).not.toBe(1);
        });
        counts[0]!.forEach((_, j) => {
          if (s.columnTotals![j] === null) return;
          expect(s.cells.filter((r) => r[j] === null).length).not.toBe(1);
        });
        // Every published cell is a multiple of 5 and no true count under 10 is shown (zeros aside).
        s.cells.forEach((r, i) => r.forEach((v, j) => {
          if (v === null) return;
          expect(v % 5).toBe(0);
          const raw = counts[i]![j]!;
          expect(raw === 0 || raw >= 10).toBe(true);
        }));
      }),
    );
  });

  it('works shares out from published counts only', () => {
    expect(publishShare(15, 45)).toBe(33.3);
    expect(publishShare(null, 45)).toBeNull();
    expect(publishShare(10, 0)).toBeNull();
  });
});

describe('report ranges', () => {
  it('resolves the presets on a given local day (weeks from Monday, calendar quarters)', () => {
    expect(presetRange('today', '2026-10-25')).toEqual({ from: '2026-10-25', to: '2026-10-25' });
    expect(presetRange('week', '2026-10-25')).toEqual({ from: '2026-10-19', to: '2026-10-25' });
    expect(presetRange('week', '2026-10-19')).toEqual({ from: '2026-10-19', to: '2026-10-19' });
    expect(presetRange('month', '2026-02-28')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(presetRange('quarter', '2026-05-17')).toEqual({ from: '2026-04-01', to: '2026-05-17' });
    expect(quarterOf('2026-02-10')).toEqual({ from: '2026-01-01', to: '2026-03-31', label: '2025/26 Q4' });
    expect(quarterOf('2026-04-01')).toEqual({ from: '2026-04-01', to: '2026-06-30', label: '2026/27 Q1' });
  });

  it('counts whole days, the clock changes included', () => {
    expect(dayCount('2026-03-28', '2026-03-30')).toBe(3);
    expect(daysOf('2026-10-24', '2026-10-26')).toEqual(['2026-10-24', '2026-10-25', '2026-10-26']);
    expect(latestTo('2024-02-29')).toBe('2029-02-28');
  });

  it('names the field at fault', () => {
    const issue = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) => r.error?.issues[0]?.path.join('.');
    expect(issue(dashboardQuery.safeParse({ from: '2026-05-02', to: '2026-05-01' }))).toBe('from');
    expect(issue(dashboardQuery.safeParse({ from: '2020-01-01', to: '2025-01-01' }))).toBe('to');
    expect(dashboardQuery.safeParse({ from: '2020-01-01', to: '2024-12-31' }).success).toBe(true);
    expect(issue(dashboardQuery.safeParse({ from: '2026-02-30', to: '2026-03-01' }))).toBe('from');
    expect(issue(visitExportQuery.safeParse({ from: '2026-01-01', to: '2026-01-02', format: 'pdf' }))).toBe('format');
  });
});

describe('waits and targets', () => {
  it('takes percentiles by nearest rank from a histogram of whole minutes', () => {
    const bins = [
      { minutes: 2, tickets: 3 },
      { minutes: 10, tickets: 6 },
      { minutes: 45, tickets: 1 },
    ];
    expect(histogramPercentile(bins, 50)).toBe(10);
    expect(histogramPercentile(bins, 90)).toBe(10);
    expect(histogramPercentile(bins, 95)).toBe(45);
    expect(histogramPercentile([], 50)).toBeNull();
  });

  it('says how far a target is and the pace it needs', () => {
    const target = { id: 't', label: 'Engage 1,000', measure: 'people-engaged' as const, filters: {}, target: 1000, from: '2025-04-01', to: '2026-03-31' };
    const mid = targetProgress(target, '2025-09-30', 400);
    expect(mid.expectedByNow).toBe(Math.round((1000 * 183) / 365));
    expect(mid.status).toBe('behind');
    expect(mid.neededPerWeek).toBe(Math.ceil((600 * 7) / (365 - 183)));
    expect(targetProgress(target, '2025-03-01', 0).status).toBe('not-started');
    expect(targetProgress(target, '2026-06-01', 1200).status).toBe('reached');
  });

  it('refuses targets and returns that name programmes or services the hub does not have', () => {
    const base = queueTestHub();
    const result = hubConfig.safeParse({
      ...base,
      reporting: { targets: [{ id: 'x', label: 'X', measure: 'participants-registered', filters: { programmes: ['nope'] }, target: 1, from: '2026-04-01', to: '2027-03-31' }] },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path.join('.')).toBe('reporting.targets.0.filters.programmes.0');
  });
});
