/**
 * Hub configurations for tests: the shipped sample, and a small hub built in code that a test can
 * bend with overrides (a whole field, or part of `triage`).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { hubConfig, servicesOf } from '../../src-shared/config/schema';
import type { HubConfig, HubConfigInput } from '../../src-shared/config/schema';

export const sampleHubPath = fileURLToPath(new URL('../../resources/hubs/sample-hub.yaml', import.meta.url));

export function loadSampleHub(): HubConfig {
  return hubConfig.parse(parse(readFileSync(sampleHubPath, 'utf8')));
}

/**
 * The sample hub with "I'd rather talk to someone" going to `serviceId` instead of the fallback
 * service, so a plan can tell the two apart.
 */
export function sampleHubWithTalkService(serviceId = 'workwell-coach'): HubConfig {
  const hub = loadSampleHub();
  if (!servicesOf(hub).some((s) => s.id === serviceId)) throw new Error(`the sample hub has no service "${serviceId}"`);
  if (serviceId === hub.triage.fallbackService) throw new Error(`"${serviceId}" is the fallback service already`);
  hub.triage.talkToSomeoneService = serviceId;
  return hub;
}

export type HubOverrides = Omit<Partial<HubConfigInput>, 'triage'> & { triage?: Partial<HubConfigInput['triage']> };

/**
 * Three services (welcome desk, employment, money advice) and five questions:
 *   help (multi: work, money, talk*) → looking (yesno, if work) → food-today (yesno, if money)
 *   → unsafe (yesno, sensitive) → note (text, max 40)
 * Rules: work → need work; money → need money; food-today yes → need food, urgent, plus the
 * welcome desk, order -10; unsafe yes → safeguarding, welcome desk, order -20.
 */
export function makeHub(overrides: HubOverrides = {}): HubConfig {
  const { triage, ...rest } = overrides;
  const base: HubConfigInput = {
    id: 'test-hub',
    version: 1,
    name: { en: 'Test Hub' },
    timeZone: 'Europe/London',
    openingHours: { mon: [{ open: '09:00', close: '17:00' }] },
    languages: { default: 'en', offered: ['en'] },
    partners: [
      {
        id: 'council',
        name: { en: 'Council' },
        services: [
          { id: 'welcome', name: { en: 'Welcome desk' }, colour: '#444444', ticketPrefix: 'W', desks: ['Reception'] },
          { id: 'employment', name: { en: 'Employment support' }, colour: '#1f77b4', ticketPrefix: 'E', desks: ['Desk 1', 'Desk 2'] },
        ],
      },
      {
        id: 'advice',
        name: { en: 'Advice charity' },
        services: [{ id: 'money', name: { en: 'Money advice' }, colour: '#2ca02c', ticketPrefix: 'M', desks: ['Desk 3'] }],
      },
    ],
    howHeard: {
      options: [
        { id: 'friend', label: { en: 'Friend or family' }, icon: 'people', route: 'word-of-mouth' },
        { id: 'other', label: { en: 'Other' }, icon: 'pencil', route: 'other', freeText: true },
      ],
    },
    triage: {
      questions: [
        {
          id: 'help',
          kind: 'multi',
          prompt: { en: 'What would you like help with?' },
          options: [
            { id: 'work', label: { en: 'Work' } },
            { id: 'money', label: { en: 'Money' } },
            { id: 'talk', label: { en: "I'd rather talk to someone" }, talkToSomeone: true },
          ],
        },
        { id: 'looking', kind: 'yesno', prompt: { en: 'Looking for work now?' }, showIf: { question: 'help', includes: 'work' } },
        { id: 'food-today', kind: 'yesno', prompt: { en: 'No food today?' }, showIf: { question: 'help', includes: 'money' } },
        { id: 'unsafe', kind: 'yesno', prompt: { en: 'Unsafe at home?' }, sensitive: true },
        { id: 'note', kind: 'text', prompt: { en: 'Anything else?' }, maxLength: 40 },
      ],
      needs: [
        { id: 'work', label: { en: 'Work' }, service: 'employment' },
        { id: 'money', label: { en: 'Money' }, service: 'money' },
        { id: 'food', label: { en: 'Food today' }, service: 'money' },
      ],
      rules: [
        { id: 'work', when: { question: 'help', includes: 'work' }, needs: ['work'] },
        { id: 'money', when: { question: 'help', includes: 'money' }, needs: ['money'] },
        { id: 'food', when: { question: 'food-today', equals: true }, needs: ['food'], flags: ['urgent'], services: ['welcome'], order: -10 },
        { id: 'unsafe', when: { question: 'unsafe', equals: true }, flags: ['safeguarding'], services: ['welcome'], order: -20 },
      ],
      fallbackService: 'welcome',
      talkToSomeoneService: 'welcome',
    },
    privacy: { noticeVersion: 'test-1', personalDataRetentionDays: 365, visitRetentionDays: 730 },
  };
  return hubConfig.parse({ ...base, ...rest, triage: { ...base.triage, ...triage } });
}
