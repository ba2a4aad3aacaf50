import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { hubConfig, localize, servicesOf } from '../../src-shared/config/schema';
import { routeAnswers, validateTriage } from '../../src-shared/triage/engine';
import { loadSampleHub, sampleHubPath } from '../helpers/hub-fixture';

const hub = loadSampleHub();
const offered = hub.languages.offered;

/** Every LocalizedText in the configuration, with where it is; a LocalizedText is any object with an English string. */
function localizedTexts(value: unknown, path: string[] = []): { path: string; text: Record<string, unknown> }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => localizedTexts(v, [...path, String(i)]));
  if (typeof value !== 'object' || value === null) return [];
  const record = value as Record<string, unknown>;
  if (typeof record['en'] === 'string') return [{ path: path.join('.'), text: record }];
  return Object.entries(record).flatMap(([k, v]) => localizedTexts(v, [...path, k]));
}

describe('the sample hub', () => {
  it('parses with hubConfig without problems and passes validateTriage', () => {
    const result = hubConfig.safeParse(parse(readFileSync(sampleHubPath, 'utf8')));
    expect(result.success ? [] : result.error.issues).toEqual([]);
    expect(validateTriage(hub)).toEqual([]);
    expect(hub).toMatchObject({ id: 'riverside-hub', version: 1, timeZone: 'Europe/London' });
    expect(hub.privacy).toMatchObject({ noticeVersion: '2026-11', personalDataRetentionDays: 730, visitRetentionDays: 2190 });
    // The notice's words in every offered language (the schema checks each one is there).
    expect(hub.privacy.notice?.points).toHaveLength(4);
    expect(Object.keys(hub.privacy.notice!.title).sort()).toEqual([...hub.languages.offered].sort());
  });

  it('is open Monday to Friday 09:00–16:30 and Saturday morning', () => {
    for (const day of ['mon', 'tue', 'wed', 'thu', 'fri'] as const) expect(hub.openingHours[day]).toEqual([{ open: '09:00', close: '16:30' }]);
    expect(hub.openingHours.sat).toEqual([{ open: '10:00', close: '13:00' }]);
    expect(hub.openingHours.sun).toEqual([]);
  });

  it('offers the hub languages with English as default', () => {
    expect(hub.languages).toEqual({ default: 'en', offered: ['en', 'pl', 'ar', 'ro', 'uk', 'bn', 'zh-Hans', 'ckb'] });
  });

  it('has at least 8 partner services besides the welcome desk, from several partners', () => {
    const services = servicesOf(hub);
    expect(services.filter((s) => s.id !== hub.triage.fallbackService).length).toBeGreaterThanOrEqual(8);
    expect(new Set(services.map((s) => s.partnerId)).size).toBeGreaterThanOrEqual(5);
    for (const s of services) {
      expect(s.desks.length).toBeGreaterThanOrEqual(1);
      expect(s.desks.length).toBeLessThanOrEqual(3);
    }
    expect(new Set(services.map((s) => s.colour)).size).toBe(services.length);
  });

  it('gives every text in every offered language, and in no other', () => {
    const texts = localizedTexts(hub);
    expect(texts.length).toBeGreaterThan(100);
    const gaps = texts.flatMap(({ path, text }) => [
      ...offered.filter((lang) => typeof text[lang] !== 'string' || (text[lang] as string).trim() === '').map((lang) => `${path}: missing ${lang}`),
      ...Object.keys(text).filter((lang) => !offered.includes(lang)).map((lang) => `${path}: unexpected ${lang}`),
    ]);
    expect(gaps).toEqual([]);
  });

  it('asks how people heard, with the programme routes', () => {
    const routes = Object.fromEntries(hub.howHeard.options.map((o) => [o.id, o.route]));
    expect(routes).toEqual({
      'friend-family': 'word-of-mouth',
      jobcentre: 'referral',
      'gp-nhs': 'referral',
      'council-website': 'media',
      'council-service': 'referral',
      'social-media': 'media',
      leaflet: 'media',
      'partner-referral': 'referral',
      event: 'outreach',
      'outreach-worker': 'outreach',
      'housing-provider': 'referral',
      'walked-past': 'self',
      other: 'other',
    });
    expect(hub.howHeard.options.filter((o) => o.freeText).map((o) => o.id)).toEqual(['other']);
  });

  it('shows the emergency routes with the self-harm question, which stays optional and sensitive', () => {
    const q = hub.triage.questions.find((x) => x.id === 'self-harm');
    expect(q).toMatchObject({ sensitive: true, required: false, kind: 'yesno' });
    expect(q?.help?.en).toContain('NHS 111');
    expect(q?.help?.en).toContain('option 2');
    for (const lang of offered) {
      expect(localize(q?.help, lang)).toContain('111');
      expect(localize(q?.help, lang)).toContain('999');
    }
    const plan = routeAnswers(hub, { 'help-with': ['wellbeing'], 'feeling-low': true, 'self-harm': true }, { consentToOptional: true });
    expect(plan.flags).toContain('crisis');
    expect(plan.priority).toBe(2);
    expect(plan.stops[0]?.serviceId).toBe('welcome');
  });

  it('gives one visitor several stops: work, money and housing', () => {
    const plan = routeAnswers(
      hub,
      { 'help-with': ['work', 'money', 'housing'], 'work-looking': true, 'work-at-risk': false, 'money-today': ['debt'], 'housing-risk': false, 'sleep-tonight': true, interpreter: 'spoken' },
      { consentToOptional: false },
    );
    expect(plan.stops.map((s) => s.serviceId)).toEqual(['employment-support', 'money-advice', 'housing-options']);
    expect(plan.needs).toEqual(['work', 'debt', 'housing']);
    expect(plan.flags).toEqual(['interpreter']);
    expect(plan.priority).toBe(0);
  });

  it('puts urgent housing first and reaches the Jobcentre for a benefit claim', () => {
    const plan = routeAnswers(
      hub,
      { 'help-with': ['work', 'money', 'housing'], 'work-looking': true, 'money-today': ['benefits'], 'sleep-tonight': false, interpreter: 'bsl' },
      { consentToOptional: true },
    );
    expect(plan.stops.map((s) => s.serviceId)).toEqual(['housing-options', 'employment-support', 'jobcentre-work-coach', 'money-advice']);
    expect(plan.flags).toEqual(['urgent', 'bsl']);
    expect(plan.priority).toBe(1);
  });

  it('sends "I\'d rather talk to someone" and an empty triage to the welcome desk', () => {
    expect(routeAnswers(hub, { 'help-with': ['talk'] }, { consentToOptional: false }).stops).toEqual([{ serviceId: 'welcome', needIds: [] }]);
    expect(routeAnswers(hub, {}, { consentToOptional: false }).stops).toEqual([{ serviceId: 'welcome', needIds: [] }]);
  });
});
