import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { countsInWords } from '../../src-shared/api/privacy-contract';
import { buildFigures, figureIds, type ReportFacts } from '../../src-shared/reports/figures';
import { queueTestHub } from '../helpers/queue-hub';
import { parseHubConfig } from '../../src-main/config/load-config';

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
