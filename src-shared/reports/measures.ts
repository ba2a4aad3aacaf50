import type { MeasureFilters, MeasureId, TargetConfig } from '../config/reporting';
import { dayCount } from './range';

/**
 * Named single figures that targets and funder returns point at (never SQL in configuration).
 * Each takes the filters of `MeasureFilters` it lists; the hub computes them in
 * src-main/reports/measure-queries.ts, the collector will compute the same. A person is a known
 * visitor, or an anonymous check-in on its own (figures.ts).
 */
export type MeasureDefinition = {
  id: MeasureId;
  label: string;
  unit: 'visits' | 'people' | 'facts' | 'events';
  meaning: string;
  filters: readonly (keyof MeasureFilters)[];
};

const personFilters = ['partners', 'services', 'needs', 'economicStatuses', 'ageBands'] as const;

export const measureDefinitions: Record<MeasureId, MeasureDefinition> = {
  footfall: {
    id: 'footfall',
    label: 'Footfall',
    unit: 'visits',
    meaning: 'Check-ins in the period, anonymous ones included; with services or partners, those with a stop there; with needs, those recording one of them.',
    filters: ['partners', 'services', 'needs'],
  },
  'people-engaged': {
    id: 'people-engaged',
    label: 'People engaged',
    unit: 'people',
    meaning: 'Distinct people with a visit in the period (with services or partners: seen there); with economic statuses or age bands, only people who gave that answer.',
    filters: personFilters,
  },
  'people-signposted': {
    id: 'people-signposted',
    label: 'People signposted',
    unit: 'people',
    meaning: 'Distinct people signposted (given information to contact a service themselves) in the period.',
    filters: personFilters,
  },
  'people-referred': {
    id: 'people-referred',
    label: 'People referred',
    unit: 'people',
    meaning: 'Distinct people referred (a warm handover with consent) in the period; with organisations, to one of them.',
    filters: [...personFilters, 'organisations'],
  },
  'participants-registered': {
    id: 'participants-registered',
    label: 'Participants registered (starts)',
    unit: 'people',
    meaning: 'People registered on a programme for the first time in the period: each person counted once per programme (with several programmes, once per programme they started).',
    filters: [...personFilters, 'programmes'],
  },
  'people-with-outcome': {
    id: 'people-with-outcome',
    label: 'People with an outcome',
    unit: 'people',
    meaning: 'Distinct people with an evidenced outcome dated in the period; with outcome kinds, of those kinds; with programmes, people registered on one of them by the end of the period.',
    filters: [...personFilters, 'outcomeKinds', 'programmes'],
  },
  'outcomes-recorded': {
    id: 'outcomes-recorded',
    label: 'Outcomes recorded',
    unit: 'facts',
    meaning: 'Outcome facts dated in the period (a person with two jobs counts twice; the same kind on the same day once).',
    filters: [...personFilters, 'outcomeKinds', 'programmes'],
  },
  'event-attendances': {
    id: 'event-attendances',
    label: 'Event attendances',
    unit: 'visits',
    meaning: 'Check-ins attributed to one of the hub’s events in the period (kiosk or staff); with partners, events run by them.',
    filters: ['partners'],
  },
  'events-held': {
    id: 'events-held',
    label: 'Events held',
    unit: 'events',
    meaning: 'Events of the hub’s programme that started in the period and were not cancelled; with partners, those run by them.',
    filters: ['partners'],
  },
  'word-of-mouth-visits': {
    id: 'word-of-mouth-visits',
    label: 'Visits that heard by word of mouth',
    unit: 'visits',
    meaning: 'Check-ins in the period with a how-heard answer whose route is word of mouth.',
    filters: [],
  },
};

export type TargetProgress = {
  id: string;
  label: string;
  measure: MeasureId;
  definition: string;
  target: number;
  from: string;
  to: string;
  /** The measure from the target's start to today (or its end, when it is over). */
  value: number;
  percent: number;
  /** Where a steady pace would have reached by today. */
  expectedByNow: number;
  /** What is still needed each week to reach the target by its end (0 when reached or over). */
  neededPerWeek: number;
  status: 'not-started' | 'ahead' | 'on-track' | 'behind' | 'reached' | 'ended';
};

/** Progress to a target on a given local day, given the measure's value to date. */
export function targetProgress(target: TargetConfig, today: string, value: number): TargetProgress {
  const def = measureDefinitions[target.measure];
  const total = dayCount(target.from, target.to);
  const elapsed = today < target.from ? 0 : today > target.to ? total : dayCount(target.from, today);
  const expectedByNow = Math.round((target.target * elapsed) / total);
  const daysLeft = total - elapsed;
  const remaining = Math.max(0, target.target - value);
  const neededPerWeek = daysLeft > 0 ? Math.ceil((remaining * 7) / daysLeft) : 0;
  const status: TargetProgress['status'] =
    value >= target.target ? 'reached' : today < target.from ? 'not-started' : today > target.to ? 'ended' : value >= expectedByNow * 1.05 ? 'ahead' : value >= expectedByNow * 0.95 ? 'on-track' : 'behind';
  return {
    id: target.id,
    label: target.label,
    measure: target.measure,
    definition: def.meaning,
    target: target.target,
    from: target.from,
    to: target.to,
    value,
    percent: Math.round((value / target.target) * 1000) / 10,
    expectedByNow,
    neededPerWeek,
    status,
  };
}

/** The days a target's progress is measured over on `today`: from its start to today or its end. */
export function targetWindow(target: Pick<TargetConfig, 'from' | 'to'>, today: string): { from: string; to: string } | null {
  if (today < target.from) return null;
  return { from: target.from, to: today > target.to ? target.to : today };
}

