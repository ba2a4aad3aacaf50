import { hubConfig, type HubConfig, type HubConfigInput } from '../../src-shared/config/schema';

const t = (en: string) => ({ en });

/**
 * A small hub with known ids for queue and API tests: three services, and triage that routes
 * "money", "housing" and "work" answers to their services, with a crisis flag.
 */
export function queueTestHub(overrides: Partial<HubConfigInput> = {}): HubConfig {
  const input: HubConfigInput = {
    id: 'test-hub',
    version: 3,
    name: t('Test Hub'),
    timeZone: 'Europe/London',
    openingHours: { mon: [{ open: '09:00', close: '17:00' }] },
    languages: { default: 'en', offered: ['en'] },
    partners: [
      {
        id: 'council',
        name: t('Council'),
        services: [
          { id: 'welcome', name: t('Welcome desk'), colour: '#225588', ticketPrefix: 'W', desks: ['Reception'] },
          { id: 'housing', name: t('Housing options'), colour: '#885522', ticketPrefix: 'H', desks: ['Desk 3'] },
        ],
      },
      {
        id: 'advice',
        name: t('Advice charity'),
        services: [{ id: 'money', name: t('Money advice'), colour: '#228855', ticketPrefix: 'M', desks: ['Desk 1', 'Desk 2'], referrals: ['housing', 'work'] }],
      },
      {
        id: 'jobs',
        name: t('Employment partner'),
        services: [{ id: 'work', name: t('Employment support'), colour: '#552288', ticketPrefix: 'E', desks: ['Desk 4', 'Desk 5'] }],
      },
    ],
    howHeard: {
      options: [
        { id: 'friend-family', label: t('Friend or family'), icon: 'people', route: 'word-of-mouth' },
        { id: 'jobcentre', label: t('Jobcentre'), icon: 'briefcase', route: 'referral' },
        { id: 'other', label: t('Other'), icon: 'dots', route: 'other', freeText: true },
      ],
    },
    triage: {
      questions: [
        {
          id: 'help-with',
          kind: 'multi',
          prompt: t('What would you like help with today?'),
          options: [
            { id: 'money', label: t('Money') },
            { id: 'housing', label: t('Housing') },
            { id: 'work', label: t('Work') },
          ],
        },
        { id: 'sleep-tonight', kind: 'yesno', prompt: t('Do you have somewhere safe to sleep tonight?'), showIf: { question: 'help-with', includes: 'housing' } },
        { id: 'feeling-unsafe', kind: 'yesno', sensitive: true, prompt: t('Do you feel unsafe at home?') },
        { id: 'anything-else', kind: 'text', prompt: t('Anything else?'), maxLength: 80 },
      ],
      needs: [
        { id: 'money', label: t('Money'), service: 'money' },
        { id: 'housing', label: t('Housing'), service: 'housing' },
        { id: 'work', label: t('Work'), service: 'work' },
      ],
      rules: [
        { id: 'money', when: { question: 'help-with', includes: 'money' }, needs: ['money'] },
        { id: 'housing', when: { question: 'help-with', includes: 'housing' }, needs: ['housing'] },
        { id: 'work', when: { question: 'help-with', includes: 'work' }, needs: ['work'] },
        { id: 'no-bed', when: { question: 'sleep-tonight', equals: false }, flags: ['crisis'], needs: ['housing'] },
        { id: 'unsafe', when: { question: 'feeling-unsafe', equals: true }, flags: ['safeguarding'], services: ['welcome'] },
      ],
      fallbackService: 'welcome',
      talkToSomeoneService: 'welcome',
    },
    privacy: { noticeVersion: '2026-11', personalDataRetentionDays: 730, visitRetentionDays: 2190 },
    queue: { noShowGraceMinutes: 5, recentServiceWindow: 20 },
    ...overrides,
  };
  return hubConfig.parse(input);
}

let counter = 0;

/** A check-in body; every call gets a fresh requestId unless one is given. */
export function checkInBody(options: { help?: string[]; requestId?: string; name?: string | null; sleepTonight?: boolean; card?: string } = {}) {
  counter += 1;
  return {
    requestId: options.requestId ?? `req-${process.pid}-${Date.now()}-${counter}`,
    identification: options.card ? { method: 'card' as const, cardId: options.card } : { method: 'walk-in' as const },
    consent: { noticeVersion: '2026-11', optionalQuestions: true },
    howHeard: [{ optionId: 'friend-family' }],
    answers: {
      'help-with': options.help ?? ['money'],
      ...(options.sleepTonight === undefined ? {} : { 'sleep-tonight': options.sleepTonight }),
    },
    visitor: { displayName: options.name === undefined ? 'Sam' : options.name, language: 'en', interpreter: false, accessibility: [] },
  };
}
