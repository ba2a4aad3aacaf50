import type { FigureRow } from './figures';

/**
 * Each report figure's one-sentence summary, worked out from the figure's own table (its rows,
 * in their labels, and totals) and the range, in words the caller supplies: the hub's English
 * (`englishSummaryWords`, for the dashboard reply and the files) or the staff screens' language
 * (`figureSummary.<key>` in resources/i18n/staff, the same keys). Sentences are templates with
 * `{{name}}` placeholders; every value is text, formatted by the caller's `number` and `date`.
 */
export type SummaryWords = {
  /** The sentence or phrase `key` with its placeholders filled. */
  words: (key: SummaryKey, values?: Record<string, string>) => string;
  /** A count as text ("1,240"); a count that is not known ("hidden"). */
  number: (value: number | null | undefined) => string;
  /** A service day (YYYY-MM-DD) in words. */
  date: (day: string) => string;
};

export const englishSummaryWords = {
  'footfall-by-day': '{{visits}} check-ins from {{from}} to {{to}}.',
  'footfall-by-day-busiest': '{{visits}} check-ins from {{from}} to {{to}}; the busiest day was {{day}} with {{dayVisits}}.',
  'footfall-by-hour': 'The busiest hour of the week was {{day}} {{from}} to {{to}}, with {{visits}} check-ins.',
  'footfall-by-hour-none': 'No check-ins in this range.',
  'first-returning': '{{first}} first visits, {{returning}} returning and {{anonymous}} not identified.',
  'how-heard': '{{answered}} visits answered how they heard about the hub.',
  'how-heard-top': '{{answered}} visits answered how they heard about the hub; the commonest answer was “{{answer}}” ({{visits}}).',
  'word-of-mouth': '{{visits}} of {{answered}} visits that answered heard by word of mouth.',
  'word-of-mouth-share': '{{visits}} of {{answered}} visits that answered heard by word of mouth ({{share}}%).',
  needs: 'The commonest needs were {{list}}.',
  'needs-item': '{{need}} ({{visits}})',
  'needs-none': 'No needs were recorded in this range.',
  'needs-per-visit': '{{visits}} visits brought two or more needs at once.',
  'need-combinations': 'The commonest combination was {{combination}} ({{visits}} visits).',
  'need-combinations-none': 'No visit brought two or more needs in this range.',
  'services-used': '{{stops}} service stops, {{seen}} of them seen.',
  waits: 'Median wait over target at {{list}}.',
  'waits-item': '{{service}} ({{median}} min against {{target}})',
  'waits-within': 'Every service’s median wait was within its target.',
  'no-shows': '{{noShows}} no-shows out of {{calls}} calls.',
  'journey-funnel': '{{enquiries}} enquiries; {{signposted}} people signposted, {{referred}} referred, {{registered}} registrations and {{outcome}} people with an outcome.',
  'journey-by-partner': '{{partner}} referred the most people ({{people}}).',
  'referrals-none': 'No referrals recorded in this range.',
  'referrals-by-organisation': 'Most referrals went to {{organisation}} ({{people}} people).',
  'registrations-by-programme': '{{list}}.',
  'registrations-by-programme-item': '{{people}} on {{programme}}',
  'registrations-by-programme-none': 'No programmes configured.',
  'outcomes-by-kind': '{{list}}.',
  'outcomes-by-kind-item': '{{kind}}: {{people}}',
  'outcomes-by-kind-none': 'No outcomes recorded in this range.',
  'partner-flows': 'The commonest handover was {{handover}} ({{visits}} visits).',
  'partner-flows-none': 'No visitor was sent on between partners in this range.',
  demographics: '{{people}} people visited in this range; most equality questions are optional and often skipped.',
  events: '{{events}} events; the one that drew most first-time visitors was {{event}} ({{firstTime}}).',
  'events-none': 'No events started in this range.',
  hidden: 'hidden',
} as const;

export type SummaryKey = keyof typeof englishSummaryWords;

/** Fills `{{name}}` placeholders (the hub's English; the screens use their translations). */
export function fillTemplate(template: string, values: Record<string, string> = {}): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => values[name] ?? whole);
}

/** The hub's English words: counts and dates as the hub has always written them. */
export const englishSummary: SummaryWords = {
  words: (key, values) => fillTemplate(englishSummaryWords[key], values),
  number: (value) => (value === null || value === undefined ? englishSummaryWords.hidden : value.toLocaleString('en-GB')),
  date: (day) => new Date(`${day}T12:00:00Z`).toLocaleDateString('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
};

type SummaryInput = { id: string; rows: readonly FigureRow[]; totals: readonly (number | null)[] | null };

const first = (r: FigureRow | undefined, i: number): number | null => r?.cells[i] ?? null;
const byCell = (i: number) => (a: FigureRow, b: FigureRow) => (b.cells[i] ?? 0) - (a.cells[i] ?? 0);
const hour = (h: number) => `${String(h).padStart(2, '0')}:00`;

/** The figure's summary sentence, from its table and range, in `w`'s words. */
export function summaryOf(figure: SummaryInput, range: { from: string; to: string }, w: SummaryWords): string {
  const { rows, totals } = figure;
  const n = w.number;
  const list = (items: string[], separator: string) => items.join(separator);
  switch (figure.id) {
    case 'footfall-by-day': {
      const busiest = rows.reduce<FigureRow | null>((best, r) => (best === null || (r.cells[0] ?? 0) > (best.cells[0] ?? 0) ? r : best), null);
      const values = { visits: n(totals?.[0]), from: w.date(range.from), to: w.date(range.to) };
      return busiest && (busiest.cells[0] ?? 0) > 0
        ? w.words('footfall-by-day-busiest', { ...values, day: w.date(busiest.key), dayVisits: n(busiest.cells[0]) })
        : w.words('footfall-by-day', values);
    }
    case 'footfall-by-hour': {
      let best = { day: '', hour: 0, v: 0 };
      rows.forEach((r) => r.cells.forEach((v, h) => ((v ?? 0) > best.v ? (best = { day: r.label, hour: h, v: v ?? 0 }) : null)));
      return best.v > 0 ? w.words('footfall-by-hour', { day: best.day, from: hour(best.hour), to: hour(best.hour + 1), visits: n(best.v) }) : w.words('footfall-by-hour-none');
    }
    case 'first-returning':
      return w.words('first-returning', { first: n(first(rows[0], 0)), returning: n(first(rows[1], 0)), anonymous: n(first(rows[2], 0)) });
    case 'how-heard': {
      // Every row carries the visits that answered (its reference column); none when no option is offered.
      const answered = n(first(rows[0], 2) ?? 0);
      const top = [...rows].sort(byCell(0))[0];
      return top && (top.cells[0] ?? 0) > 0 ? w.words('how-heard-top', { answered, answer: top.label, visits: n(top.cells[0]) }) : w.words('how-heard', { answered });
    }
    case 'word-of-mouth': {
      const row = rows[0];
      const values = { visits: n(first(row, 0)), answered: n(first(row, 2) ?? 0) };
      return row && row.cells[1] !== null && row.cells[1] !== undefined ? w.words('word-of-mouth-share', { ...values, share: String(row.cells[1]) }) : w.words('word-of-mouth', values);
    }
    case 'needs': {
      const top = [...rows].sort(byCell(0)).slice(0, 3).filter((r) => (r.cells[0] ?? 0) > 0);
      return top.length ? w.words('needs', { list: list(top.map((r) => w.words('needs-item', { need: r.label, visits: n(r.cells[0]) })), ', ') }) : w.words('needs-none');
    }
    case 'needs-per-visit':
      return w.words('needs-per-visit', { visits: n((first(rows[2], 0) ?? 0) + (first(rows[3], 0) ?? 0)) });
    case 'need-combinations':
      return rows[0] ? w.words('need-combinations', { combination: rows[0].label, visits: n(rows[0].cells[0]) }) : w.words('need-combinations-none');
    case 'services-used':
      return w.words('services-used', { stops: n(totals?.[0]), seen: n(totals?.[1]) });
    case 'waits': {
      const over = rows.filter((r) => r.cells[1] !== null && r.cells[3] !== null && r.cells[1]! > r.cells[3]!);
      return over.length
        ? w.words('waits', { list: list(over.map((r) => w.words('waits-item', { service: r.label, median: String(r.cells[1]), target: String(r.cells[3]) })), ', ') })
        : w.words('waits-within');
    }
    case 'no-shows':
      return w.words('no-shows', { noShows: n(totals?.[1]), calls: n(totals?.[0]) });
    case 'journey-funnel':
      return w.words('journey-funnel', {
        enquiries: n(first(rows[0], 0)),
        signposted: n(first(rows[1], 0)),
        referred: n(first(rows[2], 0)),
        registered: n(first(rows[3], 0)),
        outcome: n(first(rows[4], 0)),
      });
    case 'journey-by-partner': {
      const top = [...rows].sort(byCell(2))[0];
      return top && (top.cells[2] ?? 0) > 0 ? w.words('journey-by-partner', { partner: top.label, people: n(top.cells[2]) }) : w.words('referrals-none');
    }
    case 'referrals-by-organisation':
      return rows[0] ? w.words('referrals-by-organisation', { organisation: rows[0].label, people: n(rows[0].cells[0]) }) : w.words('referrals-none');
    case 'registrations-by-programme':
      return rows.length
        ? w.words('registrations-by-programme', { list: list(rows.map((r) => w.words('registrations-by-programme-item', { people: n(r.cells[0]), programme: r.label })), '; ') })
        : w.words('registrations-by-programme-none');
    case 'outcomes-by-kind': {
      const some = rows.filter((r) => (r.cells[0] ?? 0) > 0);
      return some.length ? w.words('outcomes-by-kind', { list: list(some.map((r) => w.words('outcomes-by-kind-item', { kind: r.label, people: n(r.cells[0]) })), '; ') }) : w.words('outcomes-by-kind-none');
    }
    case 'partner-flows':
      return rows[0] ? w.words('partner-flows', { handover: rows[0].label, visits: n(rows[0].cells[0]) }) : w.words('partner-flows-none');
    case 'demographics':
      // Every row carries the people who visited (its reference column).
      return w.words('demographics', { people: n(first(rows[0], 2) ?? 0) });
    case 'events': {
      const top = [...rows].sort(byCell(1))[0];
      return top ? w.words('events', { events: String(rows.length), event: top.label, firstTime: n(top.cells[1]) }) : w.words('events-none');
    }
    default:
      return '';
  }
}
