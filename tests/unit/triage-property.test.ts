import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { nextQuestion, routeAnswers, sanitizeAnswers, visibleQuestions } from '../../src-shared/triage/engine';
import type { AnswerValue, Answers, VisitPlan } from '../../src-shared/triage/engine';
import { flagKinds, servicesOf } from '../../src-shared/config/schema';
import type { HubConfig, QuestionConfig } from '../../src-shared/config/schema';
import { loadSampleHub, makeHub } from '../helpers/hub-fixture';

const sample = loadSampleHub();

function expectValidPlan(hub: HubConfig, plan: VisitPlan): void {
  const serviceIds = new Set(servicesOf(hub).map((s) => s.id));
  const needIds = new Set(hub.triage.needs.map((n) => n.id));
  expect(plan.stops.length).toBeGreaterThanOrEqual(1);
  for (const stop of plan.stops) {
    expect(serviceIds.has(stop.serviceId)).toBe(true);
    for (const id of stop.needIds) expect(plan.needs).toContain(id);
  }
  expect(new Set(plan.stops.map((s) => s.serviceId)).size).toBe(plan.stops.length);
  expect(new Set(plan.needs).size).toBe(plan.needs.length);
  for (const id of plan.needs) expect(needIds.has(id)).toBe(true);
  expect(new Set(plan.flags).size).toBe(plan.flags.length);
  for (const flag of plan.flags) expect(flagKinds).toContain(flag);
  const expected = plan.flags.includes('crisis') || plan.flags.includes('safeguarding') ? 2 : plan.flags.includes('urgent') ? 1 : 0;
  expect(plan.priority).toBe(expected);
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

describe('triage on the sample hub, property-based', () => {
  it('every path a resident can take (with skips, consent or not, Back and change) ends in a valid plan', () => {
    fc.assert(
      fc.property(fc.gen(), fc.boolean(), (g, consentToOptional) => {
        const { triage } = sample;
        const answers: Answers = {};
        const skipped: string[] = [];
        // Each step answers or skips one question, so this bound is generous; going past it means a loop.
        for (let step = 0; step <= triage.questions.length * 3; step++) {
          const opts = { consentToOptional, skipped };
          // Now and then go Back to an earlier question and change the answer.
          const shown = visibleQuestions(triage, answers, opts).filter((q) => Object.hasOwn(answers, q.id));
          if (shown.length > 0 && g(fc.integer, { min: 0, max: 9 }) === 0) {
            const back = g(fc.constantFrom, ...shown);
            answers[back.id] = randomAnswer(g, back);
            continue;
          }
          const q = nextQuestion(triage, answers, opts);
          if (!q) {
            const clean = sanitizeAnswers(triage, answers, opts);
            expect(clean.ok).toBe(true);
            const plan = routeAnswers(sample, answers, opts);
            expectValidPlan(sample, plan);
            if (clean.ok) expect(routeAnswers(sample, clean.answers, opts)).toEqual(plan);
            return;
          }
          if (!q.required && g(fc.integer, { min: 0, max: 4 }) === 0) skipped.push(q.id);
          else answers[q.id] = randomAnswer(g, q);
        }
        throw new Error('triage did not finish');
      }),
      { numRuns: 400 },
    );
  });
});

describe('junk answers never crash the engine', () => {
  const hubs = [sample, makeHub()];
  const questionIds = [...new Set(hubs.flatMap((h) => h.triage.questions.map((q) => q.id)))];
  const optionIds = [...new Set(hubs.flatMap((h) => h.triage.questions.flatMap((q) => ('options' in q ? q.options.map((o) => o.id) : []))))];
  const dangerousKeys = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];

  const key = fc.oneof(fc.constantFrom(...questionIds), fc.constantFrom(...dangerousKeys), fc.string({ maxLength: 20 }));
  const value = fc.oneof(
    fc.constantFrom(...optionIds),
    fc.array(fc.oneof(fc.constantFrom(...optionIds), fc.string(), fc.anything()), { maxLength: 12 }),
    fc.boolean(),
    fc.string({ maxLength: 600 }),
    fc.constant('x'.repeat(200_000)),
    fc.constant(Array.from({ length: 5_000 }, () => 'work')),
    // eslint-disable-next-line no-sparse-arrays -- holes are part of the junk
    fc.constant([, 'work']),
    fc.anything({ maxDepth: 3, withNullPrototype: true, withBoxedValues: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true }),
  );
  const answers = fc.oneof(
    fc.dictionary(key, value, { maxKeys: 20 }),
    fc.anything({ maxDepth: 3, withNullPrototype: true, withObjectString: true }),
  );
  const opts = fc.record({
    consentToOptional: fc.boolean(),
    skipped: fc.oneof(fc.array(fc.oneof(fc.constantFrom(...questionIds), fc.string())), fc.anything({ maxDepth: 2 })),
  });

  it('sanitize returns clean answers or problems, and the plan is always valid', () => {
    fc.assert(
      fc.property(fc.constantFrom(...hubs), answers, opts, (hub, raw, options) => {
        // The server gets junk straight from a request body, so the types are deliberately wrong here.
        const o = options as unknown as { consentToOptional: boolean; skipped?: string[] };
        const result = sanitizeAnswers(hub.triage, raw, o);
        if (result.ok) {
          const known = new Set(hub.triage.questions.map((q) => q.id));
          for (const id of Object.keys(result.answers)) expect(known.has(id)).toBe(true);
          // Clean answers stay clean: a second pass changes nothing (and drops nothing more).
          expect(sanitizeAnswers(hub.triage, result.answers, { ...o, skipped: result.skipped })).toEqual({ ...result, dropped: [] });
        } else {
          expect(result.problems.length).toBeGreaterThan(0);
          expect(result.problems.length).toBeLessThanOrEqual(50);
          for (const p of result.problems) {
            expect(typeof p.message).toBe('string');
            expect(p.message.length).toBeLessThan(300);
          }
        }
        expectValidPlan(hub, routeAnswers(hub, raw, o));
        nextQuestion(hub.triage, raw as Answers, o);
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      }),
      { numRuns: 400 },
    );
    expect(Object.keys(Object.prototype)).toEqual([]);
  });
});
