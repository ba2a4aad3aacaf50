import { describe, it, expect } from 'vitest';
import {
  evaluateCondition,
  nextQuestion,
  routeAnswers,
  previousQuestion,
  progress,
  sanitizeAnswers,
  visibleQuestions,
} from '../../src-shared/triage/engine';
import type { Answers } from '../../src-shared/triage/engine';
import { makeHub } from '../helpers/hub-fixture';

const hub = makeHub();
const { triage } = hub;
const consent = { consentToOptional: true };
const noConsent = { consentToOptional: false };
const ids = (qs: { id: string }[]) => qs.map((q) => q.id);

describe('evaluateCondition', () => {
  const answers: Answers = { help: ['work', 'money'], looking: true, note: 'hello', one: ['talk'] };

  it('compares single values and yes/no', () => {
    expect(evaluateCondition({ question: 'looking', equals: true }, answers)).toBe(true);
    expect(evaluateCondition({ question: 'looking', equals: false }, answers)).toBe(false);
    expect(evaluateCondition({ question: 'note', equals: 'hello' }, answers)).toBe(true);
  });

  it('uses includes for multi choices and equals for "the only choice"', () => {
    expect(evaluateCondition({ question: 'help', includes: 'money' }, answers)).toBe(true);
    expect(evaluateCondition({ question: 'help', includes: 'talk' }, answers)).toBe(false);
    expect(evaluateCondition({ question: 'help', equals: 'work' }, answers)).toBe(false);
    expect(evaluateCondition({ question: 'one', equals: 'talk' }, answers)).toBe(true);
  });

  it('knows answered from not answered', () => {
    expect(evaluateCondition({ question: 'note', answered: true }, answers)).toBe(true);
    expect(evaluateCondition({ question: 'missing', answered: false }, answers)).toBe(true);
    expect(evaluateCondition({ question: 'empty', answered: true }, { empty: [] })).toBe(false);
  });

  it('combines with all, any and not', () => {
    const cond = {
      all: [{ question: 'help', includes: 'work' }, { not: { question: 'looking', equals: false } }, { any: [{ question: 'x', answered: true }, { question: 'note', answered: true }] }],
    };
    expect(evaluateCondition(cond, answers)).toBe(true);
    expect(evaluateCondition(cond, { ...answers, looking: false })).toBe(false);
  });

  it('never reads inherited properties', () => {
    expect(evaluateCondition({ question: 'constructor', answered: true }, {})).toBe(false);
    expect(evaluateCondition({ question: 'toString', answered: true }, {})).toBe(false);
  });
});

describe('nextQuestion and branching', () => {
  it('starts at the first question and follows the branch chosen', () => {
    expect(nextQuestion(triage, {}, consent)?.id).toBe('help');
    expect(nextQuestion(triage, { help: ['work'] }, consent)?.id).toBe('looking');
    expect(nextQuestion(triage, { help: ['money'] }, consent)?.id).toBe('food-today');
    expect(nextQuestion(triage, { help: ['money'], 'food-today': false }, consent)?.id).toBe('unsafe');
  });

  it('moves past skipped questions and ends with null', () => {
    const skipped = ['help', 'unsafe', 'note'];
    expect(nextQuestion(triage, {}, { ...consent, skipped })).toBeNull();
    expect(nextQuestion(triage, { help: ['work'] }, { ...consent, skipped: ['looking'] })?.id).toBe('unsafe');
  });

  it('asks a malformed answer again', () => {
    expect(nextQuestion(triage, { help: 'work' }, consent)?.id).toBe('help');
  });

  it('lists the visible questions and the progress through them', () => {
    const answers = { help: ['work', 'money'], looking: true };
    expect(ids(visibleQuestions(triage, answers, consent))).toEqual(['help', 'looking', 'food-today', 'unsafe', 'note']);
    expect(progress(triage, answers, consent)).toEqual({ done: 2, visible: 5, fraction: 0.4 });
    expect(progress(triage, answers, { ...consent, skipped: ['food-today'] }).done).toBe(3);
  });

  it('goes Back through visible questions only', () => {
    const answers = { help: ['money'], 'food-today': true };
    expect(previousQuestion(triage, answers, 'unsafe', consent)?.id).toBe('food-today');
    expect(previousQuestion(triage, answers, 'food-today', consent)?.id).toBe('help');
    expect(previousQuestion(triage, answers, 'help', consent)).toBeNull();
    expect(previousQuestion(triage, answers, null, consent)?.id).toBe('note');
  });
});

describe('sensitive questions', () => {
  it('are shown only with consent', () => {
    expect(ids(visibleQuestions(triage, {}, consent))).toContain('unsafe');
    expect(ids(visibleQuestions(triage, {}, noConsent))).not.toContain('unsafe');
    expect(nextQuestion(triage, { help: ['money'], 'food-today': false })?.id).toBe('note');
  });

  it('have their answers dropped without consent, and do not route', () => {
    const answers = { help: ['work'], unsafe: true };
    const result = sanitizeAnswers(triage, answers, noConsent);
    expect(result).toMatchObject({ ok: true, dropped: ['unsafe'] });
    expect(result.ok && result.answers).toEqual({ help: ['work'] });
    expect(routeAnswers(hub, answers, noConsent).flags).toEqual([]);
    expect(routeAnswers(hub, answers, consent).flags).toEqual(['safeguarding']);
  });
});

describe('sanitizeAnswers', () => {
  it('drops stale answers after Back and change', () => {
    // Answered "work" and its follow-up, then went Back and chose "money" instead.
    const result = sanitizeAnswers(triage, { help: ['money'], looking: true, 'food-today': false }, { ...consent, skipped: ['looking'] });
    expect(result).toEqual({ ok: true, answers: { help: ['money'], 'food-today': false }, skipped: [], dropped: ['looking'] });
  });

  it('normalises: options in config order, duplicates merged, text trimmed', () => {
    const result = sanitizeAnswers(triage, { help: ['money', 'work', 'money'], note: '  hi  ' }, consent);
    expect(result.ok && result.answers).toEqual({ help: ['work', 'money'], note: 'hi' });
  });

  it('keeps skips of visible questions', () => {
    const result = sanitizeAnswers(triage, { help: ['work'] }, { ...consent, skipped: ['looking', 'note'] });
    expect(result.ok && result.skipped).toEqual(['looking', 'note']);
  });

  it('reports each malformed answer with a code that names the question', () => {
    const result = sanitizeAnswers(triage, { help: ['work'], looking: 'yes', note: 'x'.repeat(41), nope: 1 }, { ...consent, skipped: ['ghost'] });
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems.map((p) => [p.questionId, p.code])).toEqual([
      ['nope', 'unknown-question'],
      ['ghost', 'unknown-question'],
      ['looking', 'wrong-type'],
      ['note', 'too-long'],
    ]);
    expect(problems[2]?.message).toBe('question "looking" takes yes or no (true or false), not a string');
    expect(problems[3]?.message).toBe('question "note" takes at most 40 characters');
  });

  it('names an unknown option, shortened if it is huge', () => {
    const result = sanitizeAnswers(triage, { help: ['work', 'gardening'] }, consent);
    expect(result.ok ? [] : result.problems).toEqual([
      { questionId: 'help', code: 'unknown-option', message: 'question "help" has no option "gardening"' },
    ]);
    const huge = sanitizeAnswers(triage, { help: ['y'.repeat(100_000)] }, consent);
    expect(huge.ok ? 0 : (huge.problems[0]?.message.length ?? 0)).toBeLessThan(100);
  });

  it('rejects wrong types, empty answers and text over the limit', () => {
    const codes = (answers: unknown) => {
      const r = sanitizeAnswers(triage, answers, consent);
      return r.ok ? [] : r.problems.map((p) => p.code);
    };
    expect(codes({ help: 'work' })).toEqual(['wrong-type']);
    expect(codes({ help: [] })).toEqual(['empty']);
    expect(codes({ help: ['work'], looking: 'true' })).toEqual(['wrong-type']);
    expect(codes({ note: '   ' })).toEqual(['empty']);
    expect(codes({ note: 'é'.repeat(40) })).toEqual([]);
    expect(codes({ note: 'é'.repeat(41) })).toEqual(['too-long']);
    expect(codes(['help'])).toEqual(['not-an-object']);
    expect(codes(undefined)).toEqual([]);
  });

  it('enforces maxChoices and required questions', () => {
    const strict = makeHub({
      triage: {
        questions: [
          {
            id: 'help',
            kind: 'multi',
            required: true,
            maxChoices: 1,
            prompt: { en: 'Help with?' },
            options: [
              { id: 'work', label: { en: 'Work' } },
              { id: 'money', label: { en: 'Money' } },
            ],
          },
        ],
        rules: [{ id: 'work', when: { question: 'help', includes: 'work' }, needs: ['work'] }],
      },
    });
    const codes = (answers: unknown, skipped: string[] = []) => {
      const r = sanitizeAnswers(strict.triage, answers, { consentToOptional: false, skipped });
      return r.ok ? [] : r.problems.map((p) => p.code);
    };
    expect(codes({ help: ['work', 'money'] })).toEqual(['too-many-choices']);
    expect(codes({})).toEqual(['required']);
    expect(codes({}, ['help'])).toEqual(['required']);
    expect(codes({ help: ['money'] })).toEqual([]);
  });

  it('is not fooled by prototype keys', () => {
    const answers: unknown = JSON.parse('{"__proto__": {"polluted": true}, "help": ["work"]}');
    const result = sanitizeAnswers(triage, answers, consent);
    expect(result.ok ? [] : result.problems.map((p) => [p.questionId, p.code])).toEqual([['__proto__', 'unknown-question']]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('routeAnswers', () => {
  it('routes needs to their services in rule order, one stop per service', () => {
    const plan = routeAnswers(hub, { help: ['work', 'money'] }, consent);
    expect(plan).toEqual({
      needs: ['work', 'money'],
      flags: [],
      stops: [
        { serviceId: 'employment', needIds: ['work'] },
        { serviceId: 'money', needIds: ['money'] },
      ],
      priority: 0,
    });
  });

  it('merges needs at the same service and sorts by order', () => {
    const plan = routeAnswers(hub, { help: ['work', 'money'], 'food-today': true }, consent);
    expect(plan.needs).toEqual(['work', 'money', 'food']);
    expect(plan.stops).toEqual([
      { serviceId: 'money', needIds: ['money', 'food'] },
      { serviceId: 'welcome', needIds: ['food'] },
      { serviceId: 'employment', needIds: ['work'] },
    ]);
    expect(plan.flags).toEqual(['urgent']);
    expect(plan.priority).toBe(1);
  });

  it('puts safeguarding first with the highest priority', () => {
    const plan = routeAnswers(hub, { help: ['money'], 'food-today': true, unsafe: true }, consent);
    expect(plan.stops[0]?.serviceId).toBe('welcome');
    expect(plan.flags).toEqual(['safeguarding', 'urgent']);
    expect(plan.priority).toBe(2);
  });

  it('gives crisis priority 2', () => {
    const crisisHub = makeHub({
      triage: { rules: [{ id: 'crisis', when: { question: 'unsafe', equals: true }, flags: ['crisis'], needs: [], services: [] }] },
    });
    expect(routeAnswers(crisisHub, { unsafe: true }, consent)).toMatchObject({ flags: ['crisis'], priority: 2 });
  });

  it('sends "talk to someone" to the talk-to-someone service first, keeping other needs', () => {
    expect(routeAnswers(hub, { help: ['talk'] }, consent).stops).toEqual([{ serviceId: 'welcome', needIds: [] }]);
    const plan = routeAnswers(hub, { help: ['work', 'talk'] }, consent);
    expect(plan.stops.map((s) => s.serviceId)).toEqual(['welcome', 'employment']);
    expect(plan.needs).toEqual(['work']);
  });

  it('falls back when nothing routes', () => {
    expect(routeAnswers(hub, {}, consent)).toEqual({ needs: [], flags: [], stops: [{ serviceId: 'welcome', needIds: [] }], priority: 0 });
    expect(routeAnswers(hub, { looking: true }, consent).stops).toEqual([{ serviceId: 'welcome', needIds: [] }]);
  });

  it('ignores malformed and stale answers instead of failing', () => {
    const plan = routeAnswers(hub, { help: ['money'], looking: true, 'food-today': 'yes', note: 42 }, consent);
    expect(plan.needs).toEqual(['money']);
    expect(plan.stops.map((s) => s.serviceId)).toEqual(['money']);
    expect(routeAnswers(hub, 'garbage', consent).stops).toEqual([{ serviceId: 'welcome', needIds: [] }]);
  });

  it('never plans a stop at a service that does not exist', () => {
    const broken = makeHub({
      triage: {
        needs: [{ id: 'work', label: { en: 'Work' }, service: 'gone' }],
        rules: [{ id: 'work', when: { question: 'help', includes: 'work' }, needs: ['work'], services: ['also-gone'] }],
      },
    });
    expect(routeAnswers(broken, { help: ['work'] }, consent).stops).toEqual([{ serviceId: 'welcome', needIds: ['work'] }]);
  });
});
