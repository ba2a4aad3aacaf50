import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorCodes } from '../../src-shared/api/contract';
import { countsInWords } from '../../src-shared/api/privacy-contract';
import { englishSummaryWords, fillTemplate, summaryOf, type SummaryKey } from '../../src-shared/reports/figure-summaries';
import { buildFigures, figureIds, type ReportFacts } from '../../src-shared/reports/figures';
import { queueTestHub } from '../helpers/queue-hub';
import { parseHubConfig } from '../../src-main/config/load-config';
import { servicesOf, type HubConfig } from '../../src-shared/config/schema';

/**
 * Words the hub writes, in the staff translations (resources/i18n/staff): the report figures' and
 * the counts of what retention or an erasure removed.
 *
 * The report figures' words in the staff translations (resources/i18n/staff, `figure.<id>`): in
 * English they are the hub's own words for every figure, column and fixed row, so the English
 * screen says exactly what the exports say; Welsh has the same keys (i18n-keys.test.ts).
 */

type FigureWords = Record<string, { title: string; meaning: string; computation: string; columns?: Record<string, string>; rows?: Record<string, string> }>;
const english = (JSON.parse(readFileSync('resources/i18n/staff/en.json', 'utf8')) as { figure: FigureWords }).figure;
const welsh = (JSON.parse(readFileSync('resources/i18n/staff/cy.json', 'utf8')) as { figure: FigureWords }).figure;

/** A range with something in every fixed row (weekdays, needs per visit, stages, outcome kinds). */
const facts: ReportFacts = {
  from: '2026-03-02',
  to: '2026-03-08',
  days: [{ day: '2026-03-02', first: 1, returning: 1, anonymous: 1 }],
  utcHours: ['02', '03', '04', '05', '06', '07', '08'].map((d) => ({ hour: `2026-03-${d}T10`, visits: 1 })),
  howHeard: [],
  howHeardAnswered: 2,
  wordOfMouth: 1,
  needs: [],
  needCounts: [0, 1, 2, 3].map((needs) => ({ needs, visits: 1 })),
  combinations: [],
  services: [],
  waits: [],
  journey: [],
  programmes: [],
  outcomes: [],
  referralsTo: [],
  flows: [],
  demographics: [],
  people: 0,
  events: [],
};

describe('the report figures in the staff translations', () => {
  const hub = parseHubConfig(queueTestHub(), 'test.yaml').hub;
  const figures = buildFigures(facts, hub);

  it('has English words for every figure that are the hub’s own: title, meaning, how it is counted, columns, fixed rows', () => {
    expect(Object.keys(english).sort()).toEqual([...figureIds].sort());
    for (const figure of figures) {
      const words = english[figure.id]!;
      expect({ id: figure.id, title: words.title, meaning: words.meaning, computation: words.computation }).toEqual({
        id: figure.id,
        title: figure.title,
        meaning: figure.meaning,
        computation: figure.computation,
      });
      for (const [key, label] of Object.entries(words.columns ?? {})) expect({ figure: figure.id, key, label }).toEqual({ figure: figure.id, key, label: figure.columns.find((c) => c.key === key)?.label });
      for (const [key, label] of Object.entries(words.rows ?? {})) expect({ figure: figure.id, key, label }).toEqual({ figure: figure.id, key, label: figure.rows.find((r) => r.key === key)?.label });
    }
  });

  it('names every column in words, except the hours of the day (numbers in any language)', () => {
    for (const figure of figures) {
      if (figure.id === 'footfall-by-hour') continue;
      expect({ figure: figure.id, columns: figure.columns.map((c) => c.key).sort() }).toEqual({ figure: figure.id, columns: Object.keys(english[figure.id]!.columns ?? {}).sort() });
    }
  });

  it('has Welsh words that differ from the English (not copied across)', () => {
    for (const id of figureIds) expect({ id, title: welsh[id]!.title }).not.toEqual({ id, title: english[id]!.title });
  });
});

describe('what retention and erasure removed, in the staff translations', () => {
  const staff = (lang: string) => (JSON.parse(readFileSync(`resources/i18n/staff/${lang}.json`, 'utf8')) as { privacy: { counted: Record<string, string> } }).privacy.counted;

  it('has the hub’s own English words for every count (the command line says the same)', () => {
    const counted = staff('en');
    expect(Object.keys(counted).length).toBeGreaterThan(20);
    for (const [key, words] of Object.entries(counted)) expect(countsInWords({ [key.replace(/__/g, '.')]: 3 })).toBe(`3 ${words}`);
  });

  it('has Welsh words for each of them', () => {
    const english = staff('en');
    const welsh = staff('cy');
    expect(Object.keys(welsh).sort()).toEqual(Object.keys(english).sort());
    for (const key of Object.keys(english)) expect({ key, words: welsh[key] }).not.toEqual({ key, words: english[key] });
  });
});

/** A busy week at the test hub: a row or more in every figure, lists, a wait over target, a hidden-free table. */
function busyFacts(hub: HubConfig): ReportFacts {
  const services = servicesOf(hub).map((x) => x.id);
  const partners = hub.partners.map((x) => x.id);
  return {
    ...facts,
    days: [
      { day: '2026-03-02', first: 1200, returning: 30, anonymous: 4 },
      { day: '2026-03-03', first: 2, returning: 3, anonymous: 1 },
    ],
    utcHours: [
      { hour: '2026-03-02T10', visits: 7 },
      { hour: '2026-03-03T14', visits: 3 },
    ],
    howHeard: hub.howHeard.options.map((o, i) => ({ optionId: o.id, visits: i + 2 })),
    howHeardAnswered: 1500,
    wordOfMouth: 3,
    needs: hub.triage.needs.map((x, i) => ({ needId: x.id, visits: 10 - i })),
    needCounts: [
      { needs: 0, visits: 1 },
      { needs: 1, visits: 5 },
      { needs: 2, visits: 3 },
      { needs: 4, visits: 2 },
    ],
    combinations: [{ needs: hub.triage.needs.slice(0, 2).map((x) => x.id).join('+'), visits: 4 }],
    services: services.map((id, i) => ({ serviceId: id, stops: 10 + i, seen: 8, called: 9, noShows: i })),
    waits: services.map((id, i) => ({ serviceId: id, minutes: 30 * i, tickets: 3 })),
    journey: [
      { partnerId: null, stage: 'enquiry', count: 20 },
      { partnerId: null, stage: 'referred', count: 4 },
      ...partners.map((id, i) => ({ partnerId: id, stage: 'referred' as const, count: i + 1 })),
    ],
    programmes: hub.programmes.map((x) => ({ programmeId: x.id, people: 2 })),
    outcomes: [
      { kind: 'job', people: 2 },
      { kind: 'qualification', people: 1 },
    ],
    referralsTo: [{ organisationId: null, people: 2 }],
    flows: partners.length > 1 ? [{ fromPartner: partners[0]!, toPartner: partners[1]!, visits: 3 }] : [],
    demographics: [
      { question: 'ageBand', answer: '25-34', people: 3 },
      { question: 'ageBand', answer: 'not-answered', people: 9 },
    ],
    people: 12,
    events: [
      { eventId: 'e1', name: 'Jobs fair', startsAt: '2026-03-03T10:00:00Z', capacity: 50, attendances: 20, firstTime: 7 },
      { eventId: 'e2', name: 'CV clinic', startsAt: '2026-03-04T10:00:00Z', capacity: null, attendances: 2, firstTime: 9 },
    ],
  };
}

describe('the report figures’ summary sentences', () => {
  const hub = parseHubConfig(queueTestHub(), 'test.yaml').hub;
  const summaries = (lang: string) => (JSON.parse(readFileSync(`resources/i18n/staff/${lang}.json`, 'utf8')) as { figureSummary: Record<string, string> }).figureSummary;

  it('say in English what they said before they were worked out from the table (each figure, a busy week)', () => {
    const said = Object.fromEntries(buildFigures(busyFacts(hub), hub).map((f) => [f.id, f.summary]));
    expect(said).toEqual({
  "footfall-by-day": "1,240 check-ins from Monday, 2 March 2026 to Sunday, 8 March 2026; the busiest day was Monday, 2 March 2026 with 1,234.",
  "footfall-by-hour": "The busiest hour of the week was Monday 10:00 to 11:00, with 7 check-ins.",
  "first-returning": "1,202 first visits, 33 returning and 5 not identified.",
  "how-heard": "1,500 visits answered how they heard about the hub; the commonest answer was “Other” (4).",
  "word-of-mouth": "3 of 1,500 visits that answered heard by word of mouth (0.2%).",
  "needs": "The commonest needs were Money (10), Housing (9), Work (8).",
  "needs-per-visit": "5 visits brought two or more needs at once.",
  "need-combinations": "The commonest combination was Money + Housing (4 visits).",
  "services-used": "46 service stops, 32 of them seen.",
  "waits": "Median wait over target at Housing options (30 min against 20), Money advice (60 min against 20), Employment support (90 min against 20).",
  "no-shows": "6 no-shows out of 36 calls.",
  "journey-funnel": "20 enquiries; 0 people signposted, 4 referred, 0 registrations and 0 people with an outcome.",
  "journey-by-partner": "Employment partner referred the most people (3).",
  "referrals-by-organisation": "Most referrals went to Not named (finish outcome) (2 people).",
  "registrations-by-programme": "No programmes configured.",
  "outcomes-by-kind": "Job: 2; Qualification: 1.",
  "partner-flows": "The commonest handover was Council → Advice charity (3 visits).",
  "demographics": "12 people visited in this range; most equality questions are optional and often skipped.",
  "events": "2 events; the one that drew most first-time visitors was CV clinic (2026-03-04) (9)."
});
  });

  it('have the same words in the staff translations (English) as the hub, and Welsh for each with the same placeholders', () => {
    expect(summaries('en')).toEqual(englishSummaryWords);
    const welsh = summaries('cy');
    expect(Object.keys(welsh).sort()).toEqual(Object.keys(englishSummaryWords).sort());
    const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const [key, english] of Object.entries(englishSummaryWords)) expect({ key, placeholders: placeholders(welsh[key]!) }).toEqual({ key, placeholders: placeholders(english) });
  });

  it('are worked out in Welsh from a Welsh table, with Welsh dates', () => {
    const welsh = summaries('cy');
    const words = {
      words: (key: SummaryKey, values?: Record<string, string>) => fillTemplate(welsh[key]!, values),
      number: (value: number | null | undefined) => (value === null || value === undefined ? welsh['hidden']! : value.toLocaleString('cy')),
      date: (day: string) => new Date(`${day}T12:00:00Z`).toLocaleDateString('cy', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
    };
    const busy = busyFacts(hub);
    const figures = buildFigures(busy, hub);
    const perDay = figures.find((f) => f.id === 'footfall-by-day')!;
    expect(summaryOf(perDay, busy, words)).toBe('Cofrestriadau o Dydd Llun, 2 Mawrth 2026 i Dydd Sul, 8 Mawrth 2026: 1,240; y diwrnod prysuraf oedd Dydd Llun, 2 Mawrth 2026, gyda 1,234.');
    const funnel = figures.find((f) => f.id === 'journey-funnel')!;
    expect(summaryOf(funnel, busy, words)).toBe('Ymholiadau: 20; pobl a gyfeiriwyd: 0; a atgyfeiriwyd: 4; cofrestriadau: 0; pobl gyda chanlyniad: 0.');
  });
});

describe('the hub’s refusals in the staff translations', () => {
  it('has words for every error code the staff screens put in their own words (the rest: any 403, and a no-show too early from its details)', () => {
    for (const lang of ['en', 'cy']) {
      const errors = (JSON.parse(readFileSync(`resources/i18n/staff/${lang}.json`, 'utf8')) as { errors: Record<string, string> }).errors;
      const missing = errorCodes.filter((code) => code !== 'FORBIDDEN' && code !== 'NO_SHOW_TOO_EARLY' && !(code in errors));
      expect({ lang, missing }).toEqual({ lang, missing: [] });
      expect(Object.keys(errors)).toEqual(expect.arrayContaining(['forbidden', 'noShowMinutes']));
    }
  });
});
