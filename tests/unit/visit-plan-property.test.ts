import fc from 'fast-check';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { checkInRequest, type CheckInRequest } from '../../src-shared/api/contract';
import type { HubConfig, QuestionConfig } from '../../src-shared/config/schema';
import { nextQuestion, sanitizeAnswers, type AnswerValue, type Answers } from '../../src-shared/triage/engine';
import { bslLanguage, planVisit, visitRequestOf } from '../../src-shared/triage/visit-plan';
import { parseHubConfig } from '../../src-main/config/load-config';
import { DeviceManager } from '../../src-main/devices/device-manager';
import { Hub } from '../../src-main/hub';
import { openDatabase } from '../../src-main/store/database';
import { sampleHubWithTalkService } from '../helpers/hub-fixture';

/**
 * The kiosk's summary lists `planVisit(hub, visitRequestOf(request)).stops` for the very check-in
 * request its confirm button sends (src-renderer/kiosk/journey.ts, plannedStops); here the hub
 * core checks that request in for real, and its tickets must be those stops.
 */

/** A real hub core on an in-memory database. */
function hubOn(config: HubConfig): { hub: Hub; close: () => void } {
  const db = openDatabase(':memory:');
  const hub = new Hub({
    config: parseHubConfig(config, 'sample-hub.yaml'),
    db,
    identifierKey: Buffer.alloc(32, 7),
    programmeKey: Buffer.alloc(32, 8),
    devices: new DeviceManager({ printer: null, cardReader: null, qrScanner: null }),
    logger: pino({ level: 'silent' }),
  });
  return { hub, close: () => db.close() };
}

type Gen = fc.GeneratorValue;

function randomAnswer(g: Gen, q: QuestionConfig): AnswerValue {
  switch (q.kind) {
    case 'single':
      return g(fc.constantFrom, ...q.options.map((o) => o.id));
    case 'multi':
      return g(() => fc.subarray(q.options.map((o) => o.id), { minLength: 1, maxLength: q.maxChoices ?? q.options.length }));
    case 'yesno':
      return g(fc.boolean);
    case 'text':
      return g(() => fc.string({ minLength: 1, maxLength: q.maxLength }).map((s) => `a${s}`.slice(0, q.maxLength)));
  }
}

let requests = 0;

/**
 * A check-in as the kiosk sends one: triage answered or skipped question by question, and
 * "I'd rather talk to someone" pressed at any point (which ends the questions there) or not at all.
 */
function kioskCheckIn(g: Gen, hub: HubConfig): CheckInRequest {
  const consent = g(fc.boolean);
  const answers: Answers = {};
  const skipped: string[] = [];
  let talkToSomeone = false;
  for (let step = 0; step <= hub.triage.questions.length; step++) {
    if (g(fc.integer, { min: 0, max: 9 }) === 0) {
      talkToSomeone = true;
      break;
    }
    const opts = { consentToOptional: consent, skipped };
    const q = nextQuestion(hub.triage, answers, opts);
    if (!q) break;
    if (!q.required && g(fc.integer, { min: 0, max: 4 }) === 0) skipped.push(q.id);
    else answers[q.id] = randomAnswer(g, q);
  }
  // The button is on the name, language and access screens too, after the questions.
  if (!talkToSomeone) talkToSomeone = g(fc.integer, { min: 0, max: 4 }) === 0;
  const clean = sanitizeAnswers(hub.triage, answers, { consentToOptional: consent, skipped });
  if (!clean.ok) throw new Error(`the kiosk would not send these answers: ${clean.problems[0]?.message ?? ''}`);
  requests += 1;
  return {
    requestId: `visit-plan-${requests}`,
    identification: { method: 'walk-in' },
    consent: { noticeVersion: hub.privacy.noticeVersion, optionalQuestions: consent },
    howHeard: g(() => fc.subarray(hub.howHeard.options.map((o) => ({ optionId: o.id })), { maxLength: 2 })),
    answers: clean.answers,
    skipped: clean.skipped,
    talkToSomeone,
    visitor: {
      displayName: null,
      language: g(fc.constantFrom, hub.languages.default, bslLanguage, ...hub.languages.offered),
      interpreter: g(fc.boolean),
      accessibility: [],
    },
  };
}

describe('the kiosk promises the tickets the hub issues', () => {
  const config = sampleHubWithTalkService();
  const { hub, close } = hubOn(config);
  afterAll(close);

  it('is run on a hub whose talk-to-someone service is not its fallback service', () => {
    expect(config.triage.talkToSomeoneService).not.toBe(config.triage.fallbackService);
  });

  it('for any check-in the kiosk can send, the hub issues one ticket per planned stop, in order, with the planned needs and flags', async () => {
    await fc.assert(
      fc.asyncProperty(fc.gen(), async (g) => {
        const request = kioskCheckIn(g, config);
        const plan = planVisit(config, visitRequestOf(request));
        const result = await hub.checkIn(checkInRequest.parse(request));
        expect(result.tickets.map((t) => t.serviceId)).toEqual(plan.stops.map((s) => s.serviceId));
        expect(result.needs).toEqual(plan.needs);
        expect(result.flags).toEqual(plan.flags);
      }),
      { numRuns: 200 },
    );
  });

  it('gives one stop, the talk-to-someone service, when the resident asks for a person before any need', async () => {
    const request: CheckInRequest = {
      requestId: 'talk-first-0001',
      identification: { method: 'walk-in' },
      consent: { noticeVersion: config.privacy.noticeVersion, optionalQuestions: false },
      talkToSomeone: true,
    };
    expect(planVisit(config, visitRequestOf(request)).stops).toEqual([{ serviceId: 'workwell-coach', needIds: [] }]);
    const result = await hub.checkIn(checkInRequest.parse(request));
    expect(result.tickets.map((t) => t.serviceId)).toEqual(['workwell-coach']);
  });
});
