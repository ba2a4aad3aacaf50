import { describe, expect, it } from 'vitest';
import { bslLanguage, planVisit, type VisitRequest } from '../../src-shared/triage/visit-plan';
import { makeHub } from '../helpers/hub-fixture';

const consent = { consentToOptional: true };
const request = (overrides: Partial<VisitRequest> = {}): VisitRequest => ({
  answers: {},
  triage: consent,
  talkToSomeone: false,
  language: 'en',
  interpreter: false,
  ...overrides,
});

describe('planVisit', () => {
  // The small test hub, with a person to talk to at the employment desk rather than the fallback welcome desk.
  const hub = makeHub({ triage: { talkToSomeoneService: 'employment' } });

  it('is the triage route when nothing else was asked for', () => {
    expect(planVisit(hub, request({ answers: { help: ['money'] } }))).toEqual({
      needs: ['money'],
      flags: [],
      stops: [{ serviceId: 'money', needIds: ['money'] }],
      priority: 0,
      interpreter: false,
    });
  });

  it('puts the talk-to-someone service first and keeps the needs’ stops', () => {
    const plan = planVisit(hub, request({ answers: { help: ['money'] }, talkToSomeone: true }));
    expect(plan.stops.map((s) => s.serviceId)).toEqual(['employment', 'money']);
  });

  it('replaces the fallback stop when no need was found, rather than adding to it', () => {
    expect(planVisit(hub, request({ talkToSomeone: true })).stops).toEqual([{ serviceId: 'employment', needIds: [] }]);
  });

  it('moves a planned talk-to-someone stop to the front once, keeping its needs', () => {
    const talkAtMoney = makeHub({ triage: { talkToSomeoneService: 'money' } });
    expect(planVisit(talkAtMoney, request({ answers: { help: ['work', 'money'] } })).stops.map((s) => s.serviceId)).toEqual(['employment', 'money']);
    expect(planVisit(talkAtMoney, request({ answers: { help: ['work', 'money'] }, talkToSomeone: true })).stops).toEqual([
      { serviceId: 'money', needIds: ['money'] },
      { serviceId: 'employment', needIds: ['work'] },
    ]);
  });

  it('flags an interpreter and BSL chosen on the language screen, after the triage flags, once each', () => {
    const plan = planVisit(hub, request({ answers: { help: ['money'], 'food-today': true }, interpreter: true, language: bslLanguage }));
    expect(plan.flags).toEqual(['urgent', 'interpreter', 'bsl']);
    expect(plan.interpreter).toBe(true);
    expect(plan.priority).toBe(1);
    expect(planVisit(hub, request({ language: bslLanguage }))).toMatchObject({ flags: ['bsl'], interpreter: true });
    expect(planVisit(hub, request({ language: 'pl' }))).toMatchObject({ flags: [], interpreter: false });
  });

  it('does not repeat an interpreter flag triage raised already', () => {
    const asks = makeHub({
      triage: {
        rules: [...hub.triage.rules, { id: 'interpreter', when: { question: 'help', includes: 'work' }, needs: [], flags: ['interpreter'], services: [] }],
      },
    });
    const plan = planVisit(asks, request({ answers: { help: ['work'] }, interpreter: true }));
    expect(plan.flags).toEqual(['interpreter']);
    expect(plan.interpreter).toBe(true);
  });
});
