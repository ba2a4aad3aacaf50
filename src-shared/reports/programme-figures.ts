import { z } from 'zod';
import { publishCount, suppressGrid, type SuppressionRule } from './suppression';

/**
 * The figures a programme's collector computes across its hubs, defined once: what each means and
 * how it is counted (src-upstream/programme-figures.ts counts them with PostgreSQL from the events
 * hubs upload). Each has a column per hub and one for the programme. Visits add up across hubs.
 * People are counted by the pseudonym hubs send: a pseudonym of the hub's own record of the
 * resident (src-main/identity/programme-key.ts), so a resident who uses two hubs is a person at
 * each, and the programme's people are the hubs' added up. The queries count distinct pseudonyms
 * across hubs all the same, so they stay right should hubs ever share one for a person.
 *
 * Everything leaves the collector suppressed (ONS 10-5 unless configured otherwise): small counts
 * hidden, the rest rounded, and, across each row's hubs, secondary suppression so no hidden hub
 * can be worked out from the programme's figure and the other hubs.
 */

export const programmeFigureIds = [
  'footfall',
  'needs',
  'needs-per-visit',
  'how-heard',
  'journey-funnel',
  'referrals-by-organisation',
  'outcomes-by-kind',
  'event-attendance',
] as const;
export type ProgrammeFigureId = (typeof programmeFigureIds)[number];

export type ProgrammeFigureDefinition = { title: string; meaning: string; computation: string; unit: 'visits' | 'people' | 'visits and people' };

export const programmeFigureDefinitions: Record<ProgrammeFigureId, ProgrammeFigureDefinition> = {
  footfall: {
    title: 'Footfall and people',
    meaning: 'Check-ins at each hub, how many were someone’s first visit and how many came back, and the people they were.',
    computation:
      'Visits by service day in the range. first: the visitor has no earlier visit; returning: a known visitor’s later visit; not-identified: an anonymous check-in, or a resident since erased. people: distinct residents plus anonymous check-ins (each its own person). A resident is known to each hub by a pseudonym of that hub’s own record, so one who uses two hubs counts at each.',
    unit: 'visits and people',
  },
  needs: {
    title: 'Needs',
    meaning: 'What people came for: visits with each need triage recorded.',
    computation: 'Visits in the range with each need id; a visit with three needs counts once under each.',
    unit: 'visits',
  },
  'needs-per-visit': {
    title: 'Needs per visit',
    meaning: 'How many visits brought several needs at once.',
    computation: 'Visits in the range by their number of recorded needs: none, one, two, three or more.',
    unit: 'visits',
  },
  'how-heard': {
    title: 'How people heard about the hub',
    meaning: 'Answers to “how did you hear about us”, per option id (several may be chosen).',
    computation: 'Visits in the range with each how-heard option id; a visit choosing two counts once under each.',
    unit: 'visits',
  },
  'journey-funnel': {
    title: 'Journey',
    meaning: 'Footfall, then the people signposted, referred, registered on a programme and with an evidenced outcome.',
    computation:
      'enquiry: visits in the range. The other stages: people with that step dated in the range — journey facts by their date, outcomes chosen when a stop finished (signposted, referred, registered) by their visit’s day. A person is a resident, or for an anonymous check-in that visit.',
    unit: 'visits and people',
  },
  'referrals-by-organisation': {
    title: 'Referrals by organisation',
    meaning: 'People referred on, by the organisation or partner they were referred to (an id from the hubs’ configuration).',
    computation: 'People with a referral dated in the range (journey facts, and outcomes chosen when a stop finished) per receiver id; "-" where none was named.',
    unit: 'people',
  },
  'outcomes-by-kind': {
    title: 'Outcomes',
    meaning: 'People with an evidenced outcome (job, self-employment, education or training, qualification, in-work support, referral taken up).',
    computation: 'People with an outcome journey fact dated in the range, per outcome kind.',
    unit: 'people',
  },
  'event-attendance': {
    title: 'Event attendance',
    meaning: 'Check-ins attributed to one of the hubs’ events (“I’m here for …” on the kiosk, or tagged by staff), by the kind of event.',
    computation: 'Visits in the range whose latest attribution names an event, by that event’s kind as the hub last saved it.',
    unit: 'visits',
  },
};

const published = z.number().nullable();
export const programmeFigure = z.object({
  id: z.enum(programmeFigureIds),
  title: z.string(),
  meaning: z.string(),
  computation: z.string(),
  /** One row per category: a cell per hub (in the reply's `hubs` order) and the programme's own figure. */
  rows: z.array(z.object({ key: z.string(), hubs: z.array(published), programme: published })),
});
export type ProgrammeFigure = z.infer<typeof programmeFigure>;

/** A category's true counts: per hub id, and for the programme (people counted once across hubs). */
export type ProgrammeCounts = { key: string; byHub: ReadonlyMap<string, number>; programme: number };

/**
 * A figure as it leaves the collector: per row, the hubs' counts suppressed together (a row whose
 * programme figure is published has no single hidden hub), and the programme's figure published
 * on its own. Rows come in the order given.
 */
export function publishProgrammeFigure(id: ProgrammeFigureId, hubs: readonly string[], counts: readonly ProgrammeCounts[], rule: SuppressionRule): ProgrammeFigure {
  const grid = counts.map((c) => hubs.map((h) => c.byHub.get(h) ?? 0));
  const cells = grid.length > 0 && hubs.length > 0 ? suppressGrid(grid, rule, { rows: true, columns: false }).cells : grid.map(() => []);
  const { title, meaning, computation } = programmeFigureDefinitions[id];
  return {
    id,
    title,
    meaning,
    computation,
    rows: counts.map((c, i) => ({ key: c.key, hubs: cells[i] ?? [], programme: publishCount(c.programme, rule) })),
  };
}
