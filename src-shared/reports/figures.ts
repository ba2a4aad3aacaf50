import { z } from 'zod';
import { localize, servicesOf, weekdays, type HubConfig } from '../config/schema';
import { equalityQuestionIds, equalityQuestions, journeyOutcomeKinds, preferNotToSay, type EqualityQuestion, type JourneyOutcomeKind } from '../config/reporting';
import { localClock } from '../time';
import { englishSummary, summaryOf } from './figure-summaries';
import { daysOf } from './range';
import { publishCount, suppressGrid, type SuppressionRule } from './suppression';

/**
 * Every figure of the dashboard, the footfall export and (through measures.ts) the funder returns,
 * defined once: its id, what it means, how it is computed, and how it is suppressed when it leaves
 * a live screen. The hub computes the facts below with SQLite (src-main/reports/report-facts.ts);
 * the collector will compute the same facts with PostgreSQL and pass them through `buildFigures`.
 *
 * Conventions every figure shares:
 * - A visit belongs to the hub's local date it checked in on (its service day).
 * - A person is a known visitor (card or QR), or, for an anonymous check-in, that one visit.
 * - A first visit is a known visitor's earliest visit ever; returning is any later one; an
 *   anonymous check-in is "not identified" (it may be either).
 */

export const figureIds = [
  'footfall-by-day',
  'footfall-by-hour',
  'first-returning',
  'how-heard',
  'word-of-mouth',
  'needs',
  'needs-per-visit',
  'need-combinations',
  'services-used',
  'waits',
  'no-shows',
  'journey-funnel',
  'journey-by-partner',
  'referrals-by-organisation',
  'registrations-by-programme',
  'outcomes-by-kind',
  'partner-flows',
  'demographics',
  'events',
] as const;
export type FigureId = (typeof figureIds)[number];

export type FigureChart = 'bar' | 'line' | 'heatmap' | 'funnel' | 'sankey' | 'table';

export type FigureDefinition = {
  id: FigureId;
  title: string;
  meaning: string;
  computation: string;
  chart: FigureChart;
  /** The count column that is the sum of the row's other count columns (its row total), if any. */
  rowTotal?: string;
  /** A totals row is published under the table. */
  columnTotals: boolean;
};


export const figureDefinitions: Record<FigureId, FigureDefinition> = {
  'footfall-by-day': {
    id: 'footfall-by-day',
    title: 'Footfall per day',
    meaning: 'Every check-in, anonymous ones included, on each day of the range, split into first visits, returning visits and check-ins that were not identified.',
    computation: 'Visits grouped by service day; first = the visitor has no earlier visit; returning = they have; not identified = no visitor (walk-in).',
    chart: 'line',
    rowTotal: 'visits',
    columnTotals: true,
  },
  'footfall-by-hour': {
    id: 'footfall-by-hour',
    title: 'Footfall by hour of the week',
    meaning: 'Check-ins by local weekday and hour of arrival: when the hub is busiest.',
    computation: 'Visits grouped by the local weekday and hour of their check-in time in the hub’s time zone (so across the clock changes an arrival at 09:15 is always in the 09:00 hour).',
    chart: 'heatmap',
    columnTotals: false,
  },
  'first-returning': {
    id: 'first-returning',
    title: 'First and returning visits',
    meaning: 'How many check-ins were someone’s first visit to the hub, how many came back, and how many could not be told apart.',
    computation: 'The footfall-per-day split, over the whole range.',
    chart: 'bar',
    columnTotals: true,
  },
  'how-heard': {
    id: 'how-heard',
    title: 'How people heard about the hub',
    meaning: 'Answers to “how did you hear about us” (several may be chosen), per option.',
    computation: 'Visits in the range with each answer; a visit choosing two options counts once under each.',
    chart: 'bar',
    columnTotals: false,
  },
  'word-of-mouth': {
    id: 'word-of-mouth',
    title: 'Word of mouth',
    meaning: 'Visits that heard about the hub from friends or family, out of those that answered the question.',
    computation: 'Visits with at least one how-heard answer whose route is word of mouth, over visits with any how-heard answer.',
    chart: 'bar',
    columnTotals: false,
  },
  needs: {
    id: 'needs',
    title: 'Needs',
    meaning: 'What people came for: each need triage recorded, by visits.',
    computation: 'Visits in the range with each need; a visit with three needs counts once under each.',
    chart: 'bar',
    columnTotals: false,
  },
  'needs-per-visit': {
    id: 'needs-per-visit',
    title: 'Needs per visit',
    meaning: 'How many visits brought several needs at once (the hub’s point: several needs met in one visit).',
    computation: 'Visits grouped by their number of recorded needs: none, one, two, three or more.',
    chart: 'bar',
    columnTotals: true,
  },
  'need-combinations': {
    id: 'need-combinations',
    title: 'Commonest combinations of needs',
    meaning: 'The sets of two or more needs that came together most often.',
    computation: 'Visits with two or more needs grouped by their exact set of needs; the ten commonest.',
    chart: 'bar',
    columnTotals: false,
  },
  'services-used': {
    id: 'services-used',
    title: 'Services used',
    meaning: 'Service stops per service and how many were seen.',
    computation: 'Tickets (one per visit and service) by service day; seen = finished with the visitor (done).',
    chart: 'bar',
    columnTotals: true,
  },
  waits: {
    id: 'waits',
    title: 'Waits against target',
    meaning: 'Minutes from joining a service’s queue to being called, per service: the middle wait (median) and the wait nine in ten were called within (90th percentile), beside the service’s target.',
    computation: 'Called tickets by service day; wait = first call − queue time in whole minutes (rounded down); median and 90th percentile by nearest rank; within target = wait ≤ target minutes.',
    chart: 'bar',
    columnTotals: false,
  },
  'no-shows': {
    id: 'no-shows',
    title: 'No-shows',
    meaning: 'Visitors called who did not come to the desk, per service.',
    computation: 'Tickets marked no-show (and not undone) over tickets called, by service day.',
    chart: 'bar',
    columnTotals: true,
  },
  'journey-funnel': {
    id: 'journey-funnel',
    title: 'Participant journey',
    meaning: 'From enquiry to outcome: check-ins, then people signposted, referred, registered on a programme and with an evidenced outcome. Signposted and referred people who never registered are counted here too.',
    computation:
      'Enquiries = check-ins. People = distinct persons with a journey fact of the stage dated in the range (signposted, referred, registered, outcome). A finish outcome of signposted, referred or registered counts as that stage on its service day. Registered counts each person once per programme, on the date of their first registration.',
    chart: 'funnel',
    columnTotals: false,
  },
  'journey-by-partner': {
    id: 'journey-by-partner',
    title: 'Journey per partner',
    meaning: 'The journey funnel for each partner: people who had a stop with the partner, and those it signposted, referred, registered and recorded an outcome for.',
    computation:
      'As the journey funnel, by the partner of the service that recorded each fact; enquiries = visits with a stop at one of the partner’s services. A person’s first registration on a programme counts for the partner that recorded it (of several that day, the one recorded first).',
    chart: 'table',
    columnTotals: false,
  },
  'referrals-by-organisation': {
    id: 'referrals-by-organisation',
    title: 'Referrals by receiving organisation',
    meaning: 'Where people were referred to (a warm handover with consent).',
    computation: 'Distinct people with a referral dated in the range, by receiving organisation; referrals recorded only as a finish outcome have no organisation.',
    chart: 'bar',
    columnTotals: false,
  },
  'registrations-by-programme': {
    id: 'registrations-by-programme',
    title: 'Registrations (starts) by programme',
    meaning: 'People registered on each programme for the first time in the range: a programme start.',
    computation: 'Per programme, distinct persons whose earliest registration on it is dated in the range.',
    chart: 'bar',
    columnTotals: false,
  },
  'outcomes-by-kind': {
    id: 'outcomes-by-kind',
    title: 'Outcomes',
    meaning: 'People with an evidenced, dated outcome in the range, by kind.',
    computation: 'Distinct persons with an outcome fact of each kind dated in the range.',
    chart: 'bar',
    columnTotals: false,
  },
  'partner-flows': {
    id: 'partner-flows',
    title: 'Referrals between partners within a visit',
    meaning: 'Visitors sent on from one partner to another during the same visit.',
    computation: 'Transfers by service day: from the partner of the ticket transferred to the partner of the new ticket, where the two differ.',
    chart: 'sankey',
    columnTotals: false,
  },
  demographics: {
    id: 'demographics',
    title: 'Who uses the hub (equality questions)',
    meaning: 'The answers of people who visited in the range to the optional equality questions, one table per question. Most people are never asked or skip: read the “not answered” row.',
    computation: 'Distinct known visitors with a visit in the range, by their latest answer to each question; anonymous check-ins are “not answered”.',
    chart: 'table',
    columnTotals: false,
  },
  events: {
    id: 'events',
    title: 'Events',
    meaning: 'The hub’s events that started in the range, the check-ins that came for them, and how many of those were a first visit to the hub.',
    computation: 'Events by local start date; attendances = visits attributed to the event (kiosk or staff); first-time = those visits that were the visitor’s first.',
    chart: 'bar',
    columnTotals: false,
  },
};

// ---- the facts a store computes -----------------------------------------------------------

export type ReportFacts = {
  from: string;
  to: string;
  days: { day: string; first: number; returning: number; anonymous: number }[];
  /** Check-ins by UTC hour (YYYY-MM-DDTHH), turned into local weekday and hour here. */
  utcHours: { hour: string; visits: number }[];
  howHeard: { optionId: string; visits: number }[];
  howHeardAnswered: number;
  wordOfMouth: number;
  needs: { needId: string; visits: number }[];
  /** Visits by how many needs they recorded (0, 1, 2, …). */
  needCounts: { needs: number; visits: number }[];
  /** Sets of two or more needs: ids sorted and joined with "+". */
  combinations: { needs: string; visits: number }[];
  services: { serviceId: string; stops: number; seen: number; called: number; noShows: number }[];
  waits: { serviceId: string; minutes: number; tickets: number }[];
  /** partnerId null: the whole hub. Stage "enquiry" counts visits; the rest count people. */
  journey: { partnerId: string | null; stage: 'enquiry' | 'signposted' | 'referred' | 'registered' | 'outcome'; count: number }[];
  programmes: { programmeId: string | null; people: number }[];
  outcomes: { kind: string; people: number }[];
  referralsTo: { organisationId: string | null; people: number }[];
  flows: { fromPartner: string; toPartner: string; visits: number }[];
  /** Known visitors of the range by answer; "not-answered" for no answer (or not asked). */
  demographics: { question: EqualityQuestion; answer: string; people: number }[];
  /** Persons with a visit in the range (the base of the demographics). */
  people: number;
  events: { eventId: string; name: string; startsAt: string; capacity: number | null; attendances: number; firstTime: number }[];
};

// ---- what the screens and files receive ---------------------------------------------------

export const columnKinds = ['count', 'share', 'minutes', 'setting'] as const;

export const figureColumn = z.object({
  key: z.string(),
  label: z.string(),
  kind: z.enum(columnKinds),
  /** A share: of this count column, over `whole` (a count column of the same row) or the column's total. */
  part: z.string().optional(),
  whole: z.string().optional(),
  /** Minutes: hidden in files when this count column is. */
  base: z.string().optional(),
  /** A count repeated on each row as the base of a share: suppressed on its own, not as part of the table. */
  reference: z.boolean().optional(),
});
export type FigureColumn = z.infer<typeof figureColumn>;

export const figureRow = z.object({ key: z.string(), label: z.string(), cells: z.array(z.number().nullable()) });
export type FigureRow = z.infer<typeof figureRow>;

export const figureTable = z.object({
  id: z.enum(figureIds),
  title: z.string(),
  meaning: z.string(),
  computation: z.string(),
  chart: z.enum(['bar', 'line', 'heatmap', 'funnel', 'sankey', 'table']),
  columns: z.array(figureColumn),
  rows: z.array(figureRow),
  /** The totals row (count columns only; null elsewhere), where the figure publishes one. */
  totals: z.array(z.number().nullable()).nullable(),
  /** One or two sentences saying what the figure shows, for screen readers and the file. */
  summary: z.string(),
  /** True once small numbers have been suppressed (files); false on the live screen. */
  suppressed: z.boolean(),
});
export type FigureTable = z.infer<typeof figureTable>;

// ---- building the tables ------------------------------------------------------------------

const count = (key: string, label: string): FigureColumn => ({ key, label, kind: 'count' });
const reference = (key: string, label: string): FigureColumn => ({ key, label, kind: 'count', reference: true });
const share = (key: string, label: string, part: string, whole?: string): FigureColumn => ({ key, label, kind: 'share', part, ...(whole ? { whole } : {}) });

function pct(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 1000) / 10 : null;
}

function sumColumns(rows: FigureRow[], columns: FigureColumn[]): (number | null)[] {
  return columns.map((c, j) => (c.kind === 'count' && !c.reference ? rows.reduce((a, r) => a + (r.cells[j] ?? 0), 0) : null));
}

/** Fills share columns from their count columns (raw on the live screen; published in files). */
export function fillShares(columns: FigureColumn[], rows: FigureRow[], totals: (number | null)[] | null): void {
  columns.forEach((c, j) => {
    if (c.kind !== 'share' || !c.part) return;
    const p = columns.findIndex((x) => x.key === c.part);
    const w = c.whole ? columns.findIndex((x) => x.key === c.whole) : -1;
    for (const row of rows) {
      const part = row.cells[p] ?? null;
      const whole = w >= 0 ? (row.cells[w] ?? null) : (totals?.[p] ?? null);
      row.cells[j] = part === null || whole === null ? null : pct(part, whole);
    }
    if (totals) {
      const part = totals[p] ?? null;
      const whole = w >= 0 ? (totals[w] ?? null) : part;
      totals[j] = part === null || whole === null ? null : pct(part, whole);
    }
  });
}

/** Nearest-rank percentile of a histogram of whole minutes. */
export function histogramPercentile(bins: { minutes: number; tickets: number }[], p: number): number | null {
  const sorted = [...bins].sort((a, b) => a.minutes - b.minutes);
  const n = sorted.reduce((a, b) => a + b.tickets, 0);
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * n));
  let seen = 0;
  for (const bin of sorted) {
    seen += bin.tickets;
    if (seen >= rank) return bin.minutes;
  }
  return sorted[sorted.length - 1]!.minutes;
}

const weekdayNames: Record<(typeof weekdays)[number], string> = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' };
const stageLabels = { enquiry: 'Enquiries (check-ins)', signposted: 'People signposted', referred: 'People referred', registered: 'Registrations (starts)', outcome: 'People with an outcome' } as const;
const outcomeLabels: Record<JourneyOutcomeKind, string> = {
  job: 'Job',
  'self-employment': 'Self-employment',
  'education-training': 'Education or training',
  qualification: 'Qualification',
  'in-work-support': 'In-work support',
  'referral-taken-up': 'Referral taken up',
};
export const equalityQuestionLabels: Record<EqualityQuestion, string> = {
  ageBand: 'Age band',
  sex: 'Sex',
  genderIdentity: 'Gender same as sex registered at birth',
  ethnicity: 'Ethnic group',
  longTermCondition: 'Condition or illness lasting 12 months or more',
  activityLimitation: 'Condition reduces day-to-day activities',
  economicStatus: 'Economic status',
  inactivityReason: 'Reason for economic inactivity',
  carerHours: 'Hours of unpaid care a week',
  veteran: 'Served in the armed forces',
};

export function outcomeKindLabel(kind: string): string {
  return (outcomeLabels as Record<string, string>)[kind] ?? kind;
}

/** Words for an equality answer id ("prefer-not-to-say" → "Prefer not to say"). */
export function answerLabel(answer: string): string {
  if (answer === 'not-answered') return 'Not answered';
  if (answer === 'prefer-not-to-say') return 'Prefer not to say';
  return answer.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

/** Labels of the hub's services, partners, needs, options, organisations and programmes. */
export function labelsOf(hub: Pick<HubConfig, 'partners' | 'triage' | 'howHeard' | 'organisations' | 'programmes'>) {
  const services = new Map(servicesOf(hub).map((s) => [s.id, s]));
  const partners = new Map(hub.partners.map((p) => [p.id, localize(p.name, 'en')]));
  const needs = new Map(hub.triage.needs.map((n) => [n.id, localize(n.label, 'en')]));
  const options = new Map(hub.howHeard.options.map((o) => [o.id, localize(o.label, 'en')]));
  const organisations = new Map(hub.organisations.map((o) => [o.id, o.name]));
  const programmes = new Map(hub.programmes.map((p) => [p.id, p.name]));
  return {
    service: (id: string) => (services.get(id) ? localize(services.get(id)!.name, 'en') : id),
    serviceTarget: (id: string) => services.get(id)?.targetWaitMinutes ?? null,
    partnerOfService: (id: string) => services.get(id)?.partnerId ?? null,
    partner: (id: string) => partners.get(id) ?? organisations.get(id) ?? id,
    need: (id: string) => needs.get(id) ?? id,
    option: (id: string) => options.get(id) ?? id,
    organisation: (id: string | null) => (id === null ? 'Not named (finish outcome)' : (organisations.get(id) ?? partners.get(id) ?? id)),
    programme: (id: string | null) => (id === null ? 'Not named (finish outcome)' : (programmes.get(id) ?? id)),
  };
}

function table(id: FigureId, columns: FigureColumn[], rows: FigureRow[], range: { from: string; to: string }): FigureTable {
  const def = figureDefinitions[id];
  const totals = def.columnTotals ? sumColumns(rows, columns) : null;
  fillShares(columns, rows, totals);
  const summary = summaryOf({ id, rows, totals }, range, englishSummary);
  return { id, title: def.title, meaning: def.meaning, computation: def.computation, chart: def.chart, columns, rows, totals, summary, suppressed: false };
}


/** Every dashboard figure from one range's facts, unsuppressed (the live screen). */
export function buildFigures(facts: ReportFacts, hub: HubConfig): FigureTable[] {
  const label = labelsOf(hub);
  const byDay = new Map(facts.days.map((d) => [d.day, d]));
  const totalVisits = facts.days.reduce((a, d) => a + d.first + d.returning + d.anonymous, 0);
  const figures: FigureTable[] = [];

  // Footfall per day, every day of the range (days without visits as zero).
  figures.push(
    table(
      'footfall-by-day',
      [count('visits', 'Check-ins'), count('first', 'First visits'), count('returning', 'Returning'), count('anonymous', 'Not identified')],
      daysOf(facts.from, facts.to).map((day) => {
        const d = byDay.get(day) ?? { first: 0, returning: 0, anonymous: 0 };
        return { key: day, label: day, cells: [d.first + d.returning + d.anonymous, d.first, d.returning, d.anonymous] };
      }),
      facts,
    ),
  );

  // Hour of the week, in the hub's time zone.
  const grid = weekdays.map(() => Array.from({ length: 24 }, () => 0));
  for (const h of facts.utcHours) {
    const local = localClock(new Date(`${h.hour}:30:00Z`), hub.timeZone);
    const row = weekdays.indexOf(local.weekday);
    grid[row]![Number(local.hhmm.slice(0, 2))]! += h.visits;
  }
  figures.push(
    table(
      'footfall-by-hour',
      Array.from({ length: 24 }, (_, h) => count(`h${String(h).padStart(2, '0')}`, `${String(h).padStart(2, '0')}:00`)),
      weekdays.map((d, i) => ({ key: d, label: weekdayNames[d], cells: grid[i]! })),
      facts,
    ),
  );

  const sum = (key: 'first' | 'returning' | 'anonymous') => facts.days.reduce((a, d) => a + d[key], 0);
  figures.push(
    table(
      'first-returning',
      [count('visits', 'Check-ins'), share('share', 'Share (%)', 'visits')],
      [
        { key: 'first', label: 'First visit', cells: [sum('first'), null] },
        { key: 'returning', label: 'Returning', cells: [sum('returning'), null] },
        { key: 'anonymous', label: 'Not identified', cells: [sum('anonymous'), null] },
      ],
      facts,
    ),
  );

  const heard = new Map(facts.howHeard.map((h) => [h.optionId, h.visits]));
  figures.push(
    table(
      'how-heard',
      [count('visits', 'Visits'), share('share', 'Share of those who answered (%)', 'visits', 'answered'), reference('answered', 'Visits that answered')],
      hub.howHeard.options.map((o) => ({ key: o.id, label: label.option(o.id), cells: [heard.get(o.id) ?? 0, null, facts.howHeardAnswered] })),
      facts,
    ),
  );
  figures.push(
    table(
      'word-of-mouth',
      [count('visits', 'Visits'), share('share', 'Share of those who answered (%)', 'visits', 'answered'), reference('answered', 'Visits that answered')],
      [{ key: 'word-of-mouth', label: 'Heard by word of mouth', cells: [facts.wordOfMouth, null, facts.howHeardAnswered] }],
      facts,
    ),
  );

  const needs = new Map(facts.needs.map((x) => [x.needId, x.visits]));
  figures.push(
    table(
      'needs',
      [count('visits', 'Visits'), share('share', 'Share of check-ins (%)', 'visits', 'all'), reference('all', 'Check-ins')],
      hub.triage.needs.map((x) => ({ key: x.id, label: label.need(x.id), cells: [needs.get(x.id) ?? 0, null, totalVisits] })),
      facts,
    ),
  );

  const perVisit = [0, 1, 2, 3].map((k) => facts.needCounts.filter((c) => (k === 3 ? c.needs >= 3 : c.needs === k)).reduce((a, c) => a + c.visits, 0));
  figures.push(
    table(
      'needs-per-visit',
      [count('visits', 'Visits'), share('share', 'Share (%)', 'visits')],
      ['No need recorded', 'One need', 'Two needs', 'Three or more needs'].map((l, k) => ({ key: `needs-${k}`, label: l, cells: [perVisit[k]!, null] })),
      facts,
    ),
  );

  const combos = [...facts.combinations].sort((a, b) => b.visits - a.visits || a.needs.localeCompare(b.needs)).slice(0, 10);
  figures.push(
    table(
      'need-combinations',
      [count('visits', 'Visits')],
      combos.map((c) => ({ key: c.needs, label: c.needs.split('+').map(label.need).join(' + '), cells: [c.visits] })),
      facts,
    ),
  );

  const services = new Map(facts.services.map((s) => [s.serviceId, s]));
  const allServices = servicesOf(hub);
  figures.push(
    table(
      'services-used',
      [count('stops', 'Service stops'), count('seen', 'Seen')],
      allServices.map((s) => ({ key: s.id, label: label.service(s.id), cells: [services.get(s.id)?.stops ?? 0, services.get(s.id)?.seen ?? 0] })),
      facts,
    ),
  );

  figures.push(
    table(
      'waits',
      [
        count('called', 'Called'),
        { key: 'median', label: 'Median wait (min)', kind: 'minutes', base: 'called' },
        { key: 'p90', label: '90th percentile wait (min)', kind: 'minutes', base: 'called' },
        { key: 'target', label: 'Target (min)', kind: 'setting' },
        count('within', 'Called within target'),
        share('withinShare', 'Within target (%)', 'within', 'called'),
      ],
      allServices.map((s) => {
        const bins = facts.waits.filter((w) => w.serviceId === s.id);
        const called = bins.reduce((a, b) => a + b.tickets, 0);
        const target = s.targetWaitMinutes;
        const within = bins.filter((b) => b.minutes <= target).reduce((a, b) => a + b.tickets, 0);
        return { key: s.id, label: label.service(s.id), cells: [called, histogramPercentile(bins, 50), histogramPercentile(bins, 90), target, within, null] };
      }),
      facts,
    ),
  );

  figures.push(
    table(
      'no-shows',
      [count('called', 'Called'), count('noShows', 'No-shows'), share('rate', 'No-show rate (%)', 'noShows', 'called')],
      allServices.map((s) => ({ key: s.id, label: label.service(s.id), cells: [services.get(s.id)?.called ?? 0, services.get(s.id)?.noShows ?? 0, null] })),
      facts,
    ),
  );

  const stages = ['enquiry', 'signposted', 'referred', 'registered', 'outcome'] as const;
  const stageCount = (partnerId: string | null, stage: (typeof stages)[number]) => facts.journey.find((j) => j.partnerId === partnerId && j.stage === stage)?.count ?? 0;
  figures.push(
    table(
      'journey-funnel',
      [count('count', 'Number')],
      stages.map((s) => ({ key: s, label: stageLabels[s], cells: [stageCount(null, s)] })),
      facts,
    ),
  );
  figures.push(
    table(
      'journey-by-partner',
      stages.map((s) => count(s, stageLabels[s])),
      hub.partners.map((p) => ({ key: p.id, label: label.partner(p.id), cells: stages.map((s) => stageCount(p.id, s)) })),
      facts,
    ),
  );
  figures.push(
    table(
      'referrals-by-organisation',
      [count('people', 'People referred')],
      [...facts.referralsTo].sort((a, b) => b.people - a.people).map((r) => ({ key: r.organisationId ?? '-', label: label.organisation(r.organisationId), cells: [r.people] })),
      facts,
    ),
  );
  figures.push(
    table(
      'registrations-by-programme',
      [count('people', 'People registered')],
      [...hub.programmes.map((p) => p.id), ...(facts.programmes.some((p) => p.programmeId === null) ? [null] : [])].map((id) => ({
        key: id ?? '-',
        label: label.programme(id),
        cells: [facts.programmes.find((p) => p.programmeId === id)?.people ?? 0],
      })),
      facts,
    ),
  );
  figures.push(
    table(
      'outcomes-by-kind',
      [count('people', 'People')],
      journeyOutcomeKinds.map((k) => ({ key: k, label: outcomeLabels[k], cells: [facts.outcomes.find((o) => o.kind === k)?.people ?? 0] })),
      facts,
    ),
  );
  figures.push(
    table(
      'partner-flows',
      [count('visits', 'Visits sent on')],
      [...facts.flows].sort((a, b) => b.visits - a.visits).map((f) => ({ key: `${f.fromPartner}>${f.toPartner}`, label: `${label.partner(f.fromPartner)} → ${label.partner(f.toPartner)}`, cells: [f.visits] })),
      facts,
    ),
  );

  const asked = hub.equality.questions.length > 0 ? hub.equality.questions : equalityQuestionIds;
  figures.push(
    table(
      'demographics',
      [count('people', 'People'), share('share', 'Share of people (%)', 'people', 'base'), reference('base', 'People who visited')],
      asked.flatMap((q) => {
        // In the question's own order: its answers, "prefer not to say", then those not answered.
        const order = [...(equalityQuestions[q] as readonly string[]), preferNotToSay, 'not-answered'];
        const rank = (answer: string) => (order.includes(answer) ? order.indexOf(answer) : order.length);
        const answers = facts.demographics.filter((d) => d.question === q).sort((a, b) => rank(a.answer) - rank(b.answer) || a.answer.localeCompare(b.answer));
        return answers.map((a) => ({ key: `${q}:${a.answer}`, label: `${equalityQuestionLabels[q]}: ${answerLabel(a.answer)}`, cells: [a.people, null, facts.people] }));
      }),
      facts,
    ),
  );

  figures.push(
    table(
      'events',
      [count('attendances', 'Check-ins for the event'), count('firstTime', 'First visits to the hub'), { key: 'capacity', label: 'Capacity', kind: 'setting' }, share('fill', 'Filled (%)', 'attendances', 'capacity')],
      facts.events.map((e) => ({ key: e.eventId, label: `${e.name} (${e.startsAt.slice(0, 10)})`, cells: [e.attendances, e.firstTime, e.capacity, null] })),
      facts,
    ),
  );
  return figures;
}

// ---- suppression of a whole figure (files, returns) ----------------------------------------

/** The rows suppressed together: a demographics question's answers add up to the people who visited. */
function rowGroups(figure: FigureTable): number[][] {
  if (figure.id !== 'demographics') return [figure.rows.map((_, i) => i)];
  const groups = new Map<string, number[]>();
  figure.rows.forEach((r, i) => {
    const q = r.key.split(':')[0]!;
    groups.set(q, [...(groups.get(q) ?? []), i]);
  });
  return [...groups.values()];
}

/**
 * A figure as it may leave the hub: counts suppressed and rounded with secondary suppression along
 * its published totals (row totals where a column is the sum of the others, column totals where
 * the figure has a totals row, and each demographics question against the people who visited);
 * shares recomputed from the published counts; minutes hidden where their count is; the summary
 * replaced by the figure's meaning, since it quotes true counts.
 */
export function suppressFigure(figure: FigureTable, rule: SuppressionRule): FigureTable {
  const def = figureDefinitions[figure.id];
  const cols = figure.columns;
  const totalIdx = def.rowTotal ? cols.findIndex((c) => c.key === def.rowTotal) : -1;
  const parts = cols.map((c, i) => (c.kind === 'count' && !c.reference && i !== totalIdx ? i : -1)).filter((i) => i >= 0);
  const rows: FigureRow[] = figure.rows.map((r) => ({ ...r, cells: [...r.cells] }));
  const totals: (number | null)[] | null = figure.totals ? cols.map(() => null) : null;
  const byGroup = figure.id === 'demographics';
  for (const group of rowGroups(figure)) {
    const grid = group.map((i) => parts.map((j) => figure.rows[i]!.cells[j] ?? 0));
    const s = suppressGrid(grid, rule, { rows: totalIdx >= 0, columns: def.columnTotals || byGroup });
    group.forEach((i, gi) => {
      parts.forEach((j, pj) => (rows[i]!.cells[j] = s.cells[gi]![pj]!));
      if (totalIdx >= 0) rows[i]!.cells[totalIdx] = s.rowTotals![gi]!;
    });
    if (totals && s.columnTotals) parts.forEach((j, pj) => (totals[j] = s.columnTotals![pj]!));
  }
  if (totals && totalIdx >= 0) totals[totalIdx] = publishCount(figure.rows.reduce((a, r) => a + (r.cells[totalIdx] ?? 0), 0), rule);
  cols.forEach((c, j) => {
    if (c.kind === 'count' && c.reference) for (const r of rows) r.cells[j] = r.cells[j] === null ? null : publishCount(r.cells[j]!, rule);
    if (c.kind === 'minutes') {
      const base = cols.findIndex((x) => x.key === c.base);
      rows.forEach((r, i) => {
        const raw = figure.rows[i]!.cells[base] ?? 0;
        if (raw < rule.threshold) r.cells[j] = null;
      });
    }
  });
  fillShares(cols, rows, totals);
  return { ...figure, rows, totals, summary: `${def.meaning} Small numbers suppressed: counts under ${rule.threshold} hidden, the rest rounded to the nearest ${rule.roundTo}.`, suppressed: true };
}
