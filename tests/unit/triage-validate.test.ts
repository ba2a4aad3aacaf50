import { describe, it, expect } from 'vitest';
import { validateTriage } from '../../src-shared/triage/engine';
import type { HubConfigInput } from '../../src-shared/config/schema';
import { makeHub } from '../helpers/hub-fixture';

type TriageInput = HubConfigInput['triage'];
type Rule = TriageInput['rules'][number];
type Question = TriageInput['questions'][number];

const base = makeHub();
const rule = (r: Partial<Rule> & Pick<Rule, 'when'>): Rule => ({ id: 'extra', needs: [], flags: [], services: [], ...r });
const withRules = (...extra: Rule[]) => makeHub({ triage: { rules: [...base.triage.rules, ...extra] } });
const withQuestions = (...extra: Question[]) => makeHub({ triage: { questions: [...base.triage.questions, ...extra] } });
const messages = (hub: ReturnType<typeof makeHub>) => validateTriage(hub).map((p) => p.message);

describe('validateTriage', () => {
  it('accepts the test hub', () => {
    expect(validateTriage(base)).toEqual([]);
  });

  describe('service and need references', () => {
    it('names a need that goes to a missing service', () => {
      const hub = makeHub({ triage: { needs: [...base.triage.needs, { id: 'housing', label: { en: 'Housing' }, service: 'housing-desk' }] } });
      expect(validateTriage(hub)).toEqual([
        {
          path: ['triage', 'needs', 3, 'service'],
          message: 'need "housing" goes to service "housing-desk", which does not exist (services: welcome, employment, money)',
        },
      ]);
    });

    it('names a rule that sends to a missing service or names a missing need', () => {
      const hub = withRules(rule({ id: 'housing', when: { question: 'help', includes: 'money' }, needs: ['housing'], services: ['housing-desk'] }));
      expect(validateTriage(hub)).toEqual([
        { path: ['triage', 'rules', 4, 'needs', 0], message: 'rule "housing" names need "housing", which is not in triage.needs' },
        {
          path: ['triage', 'rules', 4, 'services', 0],
          message: 'rule "housing" sends to service "housing-desk", which does not exist (services: welcome, employment, money)',
        },
      ]);
    });

    it('names a missing fallback or talk-to-someone service', () => {
      const hub = makeHub({ triage: { fallbackService: 'front-desk', talkToSomeoneService: 'front-desk' } });
      expect(validateTriage(hub).map((p) => p.path)).toEqual([
        ['triage', 'fallbackService'],
        ['triage', 'talkToSomeoneService'],
      ]);
      expect(messages(hub)[0]).toMatch(/^fallbackService "front-desk" is not a service of this hub/);
    });
  });

  describe('conditions', () => {
    it('names a condition on a question that does not exist', () => {
      const hub = withRules(rule({ id: 'ghost', when: { all: [{ question: 'help', includes: 'work' }, { question: 'ghost', equals: true }] } }));
      expect(validateTriage(hub)).toEqual([
        { path: ['triage', 'rules', 4, 'when', 'all', 1, 'question'], message: 'rule "ghost": condition refers to question "ghost", which does not exist' },
      ]);
    });

    it('names an option the question does not have', () => {
      const hub = withRules(rule({ id: 'garden', when: { question: 'help', includes: 'gardening' } }));
      expect(validateTriage(hub)).toEqual([
        { path: ['triage', 'rules', 4, 'when', 'includes'], message: 'rule "garden": question "help" has no option "gardening" (options: work, money, talk)' },
      ]);
    });

    it('names a value of the wrong kind for the question', () => {
      const hub = withRules(
        rule({ id: 'yes-string', when: { question: 'looking', equals: 'yes' } }),
        rule({ id: 'yes-includes', when: { question: 'looking', includes: 'yes' } }),
        rule({ id: 'choice-bool', when: { question: 'help', equals: true } }),
        rule({ id: 'text-includes', when: { question: 'note', includes: 'x' } }),
      );
      expect(messages(hub)).toEqual([
        'rule "yes-string": question "looking" is a yes/no question: use equals: true or false, not "yes"',
        'rule "yes-includes": question "looking" is a yes/no question: use equals: true or false, not includes',
        'rule "choice-bool": question "help" is a choice question: compare it with an option id, not true',
        'rule "text-includes": question "note" is a text question: includes only works on choice questions',
      ]);
    });

    it('names a showIf that looks at a later question, or at itself', () => {
      const questions = base.triage.questions.map((q) =>
        q.id === 'looking' ? { ...q, showIf: { question: 'note', answered: true } } : q.id === 'note' ? { ...q, showIf: { question: 'note', answered: false } } : q,
      );
      const hub = makeHub({ triage: { questions } });
      expect(validateTriage(hub)).toEqual([
        {
          path: ['triage', 'questions', 1, 'showIf', 'question'],
          message: 'question "looking": condition refers to question "note", which comes later, so it is never answered in time',
        },
        { path: ['triage', 'questions', 4, 'showIf', 'question'], message: 'question "note": condition refers to the question itself' },
      ]);
    });
  });

  describe('reachability', () => {
    it('names a question that can never be shown', () => {
      // "looking" only appears when "work" is chosen, so "work" and "not work" can never both hold.
      const hub = withQuestions({
        id: 'never',
        kind: 'yesno',
        prompt: { en: 'Never?' },
        showIf: { all: [{ question: 'looking', answered: true }, { not: { question: 'help', includes: 'work' } }] },
      });
      expect(validateTriage(hub)).toEqual([
        {
          path: ['triage', 'questions', 5, 'showIf'],
          message: 'question "never" can never be shown: no answers to the earlier questions make its showIf true',
        },
      ]);
    });

    it('follows maxChoices and required when searching', () => {
      const help = { ...base.triage.questions[0], kind: 'multi' as const, maxChoices: 1, required: true };
      const questions = [help, ...base.triage.questions.slice(1)] as Question[];
      const both = rule({ id: 'work-and-money', when: { all: [{ question: 'help', includes: 'work' }, { question: 'help', includes: 'money' }] } });
      const skippedHelp = rule({ id: 'no-help', when: { question: 'help', answered: false } });
      const hub = makeHub({ triage: { questions, rules: [...base.triage.rules, both, skippedHelp] } });
      expect(messages(hub)).toEqual([
        'rule "work-and-money" can never fire: no answers to the questions make its "when" true',
        'rule "no-help" can never fire: no answers to the questions make its "when" true',
      ]);
    });

    it('lets a sensitive question be unanswered when consent is refused', () => {
      const hub = withRules(rule({ id: 'no-unsafe-answer', when: { question: 'unsafe', answered: false } }));
      expect(validateTriage(hub)).toEqual([]);
    });

    it('names a rule that can never fire, and a configuration where none can', () => {
      const hub = makeHub({
        triage: {
          rules: [
            rule({ id: 'looking-without-work', when: { all: [{ question: 'looking', equals: true }, { not: { question: 'help', includes: 'work' } }] }, needs: ['work'] }),
            rule({ id: 'food-without-money', when: { all: [{ question: 'food-today', equals: true }, { question: 'help', equals: 'work' }] }, needs: ['food'] }),
          ],
        },
      });
      expect(validateTriage(hub)).toEqual([
        { path: ['triage', 'rules', 0, 'when'], message: 'rule "looking-without-work" can never fire: no answers to the questions make its "when" true' },
        { path: ['triage', 'rules', 1, 'when'], message: 'rule "food-without-money" can never fire: no answers to the questions make its "when" true' },
        { path: ['triage', 'rules'], message: 'no rule can ever fire, so every visitor would go to the fallback service "welcome"' },
      ]);
    });

    it('reports nothing it cannot prove when the search is too large', () => {
      const options = Array.from({ length: 14 }, (_, i) => ({ id: `o${i}`, label: { en: `Option ${i}` } }));
      const hub = makeHub({
        triage: {
          questions: [{ id: 'many', kind: 'multi', prompt: { en: 'Many?' }, options }],
          needs: [{ id: 'work', label: { en: 'Work' }, service: 'employment' }],
          rules: [rule({ id: 'impossible-but-big', when: { all: [...options.map((o) => ({ question: 'many', includes: o.id })), { not: { question: 'many', includes: 'o0' } }] } })],
        },
      });
      expect(validateTriage(hub)).toEqual([]);
    });

    it('is quick on the test hub', () => {
      const started = performance.now();
      for (let i = 0; i < 20; i++) validateTriage(base);
      expect(performance.now() - started).toBeLessThan(1000);
    });
  });

  describe('other mistakes', () => {
    it('names duplicate ids', () => {
      const questions = [...base.triage.questions, { ...base.triage.questions[1], prompt: { en: 'Again' } }] as Question[];
      const rules = [...base.triage.rules, base.triage.rules[0] as Rule];
      const help = base.triage.questions[0];
      const dupOptionQuestions = questions.map((q) => (q === help && q.kind === 'multi' ? { ...q, options: [...q.options, { id: 'work', label: { en: 'Job' } }] } : q));
      const hub = makeHub({ triage: { questions: dupOptionQuestions, rules } });
      expect(messages(hub)).toEqual([
        'question id "looking" is used twice',
        'rule id "work" is used twice',
        'question "help": option id "work" is used twice',
      ]);
    });

    it('names a sensitive question that is required', () => {
      const questions = base.triage.questions.map((q) => (q.id === 'unsafe' ? { ...q, required: true } : q));
      expect(messages(makeHub({ triage: { questions } }))).toEqual(['question "unsafe" is sensitive, so it must stay optional (required: false)']);
    });
  });
});
