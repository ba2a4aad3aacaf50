import { z } from 'zod';

/**
 * Report ranges: whole days in the hub's time zone, `from` and `to` both included. Every figure is
 * counted by the visit's service day (its local date), so a visit at 23:30 on 29 March belongs to
 * the 29th whatever the clocks did that night.
 */

export const rangePresets = ['today', 'week', 'month', 'quarter', 'custom'] as const;
export type RangePreset = (typeof rangePresets)[number];

/** The longest range a report or export may cover. */
export const maxRangeYears = 5;

const dayMs = 86_400_000;

export function isRealDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const at = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === value;
}

export const reportDate = z.string().refine(isRealDate, 'a real date as YYYY-MM-DD');

function toUtc(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

function fromUtc(at: Date): string {
  return at.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return fromUtc(new Date(toUtc(day).getTime() + days * dayMs));
}

/** Whole days from `from` to `to`, both included. */
export function dayCount(from: string, to: string): number {
  return Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / dayMs) + 1;
}

/** Every day of the range, in order. */
export function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** `from` plus five years, less a day: the last `to` a range may have. */
export function latestTo(from: string): string {
  const at = toUtc(from);
  at.setUTCFullYear(at.getUTCFullYear() + maxRangeYears);
  return addDays(fromUtc(at), -1);
}

/**
 * The range a preset means on a given local day: this week starts on Monday, this quarter is the
 * calendar quarter (April–June is the first quarter of the UK financial year), each up to today.
 */
export function presetRange(preset: Exclude<RangePreset, 'custom'>, today: string): { from: string; to: string } {
  const at = toUtc(today);
  switch (preset) {
    case 'today':
      return { from: today, to: today };
    case 'week': {
      const sinceMonday = (at.getUTCDay() + 6) % 7;
      return { from: addDays(today, -sinceMonday), to: today };
    }
    case 'month':
      return { from: `${today.slice(0, 7)}-01`, to: today };
    case 'quarter': {
      const month = Math.floor(at.getUTCMonth() / 3) * 3 + 1;
      return { from: `${today.slice(0, 4)}-${String(month).padStart(2, '0')}-01`, to: today };
    }
  }
}

/** The quarter (calendar) a day falls in, as a whole range. */
export function quarterOf(day: string): { from: string; to: string; label: string } {
  const year = Number(day.slice(0, 4));
  const q = Math.floor((Number(day.slice(5, 7)) - 1) / 3);
  const from = `${year}-${String(q * 3 + 1).padStart(2, '0')}-01`;
  const next = q === 3 ? `${year + 1}-01-01` : `${year}-${String(q * 3 + 4).padStart(2, '0')}-01`;
  // UK financial quarters: April–June is Q1 of the year that starts in April.
  const fyStart = q === 0 ? year - 1 : year;
  const fq = q === 0 ? 4 : q;
  return { from, to: addDays(next, -1), label: `${fyStart}/${String((fyStart + 1) % 100).padStart(2, '0')} Q${fq}` };
}

/** Checks a range, naming the field at fault: used by every report and export query. */
export function checkRange<T extends { from: string; to: string }>(range: T, ctx: z.RefinementCtx): void {
  if (range.from > range.to) ctx.addIssue({ code: 'custom', path: ['from'], message: `must not be after to (${range.to})` });
  else if (range.to > latestTo(range.from)) ctx.addIssue({ code: 'custom', path: ['to'], message: `a range may cover at most ${maxRangeYears} years (to ${latestTo(range.from)} at the latest)` });
}

export const reportRangeQuery = z.object({ from: reportDate, to: reportDate }).superRefine(checkRange);
export type ReportRange = z.infer<typeof reportRangeQuery>;
