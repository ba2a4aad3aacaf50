/**
 * The triage engine: which question comes next, whether a set of answers is acceptable, and the
 * plan of service stops they lead to. It is pure (no Node, no DOM) so the kiosk, the server and
 * the tests run the very same rules.
 *
 * Skipped questions: a skip is not an answer. The kiosk keeps the ids of the questions the
 * resident skipped in `TriageOptions.skipped` and sends them beside the answers. So `Answers`
 * holds only real answers, a condition `answered: false` treats a skip like no answer, and a
 * report can still tell "skipped" (in the list) from "never shown" (in neither).
 */
import { z } from 'zod';
import { flagKinds, servicesOf } from '../config/schema';
import type { Condition, FlagKind, HubConfig, QuestionConfig, TriageConfig } from '../config/schema';

// ---- types ------------------------------------------------------------------------------

/** single → option id, multi → option ids, yesno → boolean, text → string. */
export type AnswerValue = string | string[] | boolean;
export type Answers = Record<string, AnswerValue>;

/** The shape of answers on the wire; `sanitizeAnswers` does the real checking against a hub. */
export const answersSchema = z.record(z.string(), z.union([z.string(), z.array(z.string()), z.boolean()]));

export type TriageOptions = {
  /** The resident agreed to the optional questions; without it `sensitive` questions are never shown. */
  consentToOptional: boolean;
  /** Ids of questions the resident chose to skip (see the note at the top of this file). */
  skipped?: readonly string[];
};

export type AnswerProblemCode =
  | 'not-an-object'
  | 'unknown-question'
  | 'wrong-type'
  | 'unknown-option'
  | 'too-many-choices'
  | 'empty'
  | 'too-long'
  | 'required';

/** `questionId` is "" when the problem is with the answers as a whole. */
export type AnswerProblem = { questionId: string; code: AnswerProblemCode; message: string };

export type SanitizeResult =
  | {
      ok: true;
      /** Answers to questions that are still shown, normalised (trimmed text, options in config order). */
      answers: Answers;
      /** Skips of questions that are still shown. */
      skipped: string[];
      /** Questions whose answer or skip was dropped because they are no longer shown. */
      dropped: string[];
    }
  | { ok: false; problems: AnswerProblem[] };

export type PlannedStop = { serviceId: string; needIds: string[] };
export type Priority = 0 | 1 | 2;
export type VisitPlan = { needs: string[]; flags: FlagKind[]; stops: PlannedStop[]; priority: Priority };

export type TriageProgress = { done: number; visible: number; fraction: number };

export type TriageProblem = { path: (string | number)[]; message: string };

type Hub = Pick<HubConfig, 'partners' | 'triage'>;
type LeafCondition = Extract<Condition, { question: string }>;

// ---- conditions ---------------------------------------------------------------------------

function answerOf(answers: Answers, questionId: string): AnswerValue | undefined {
  // hasOwn, so an answer set can never reach Object.prototype through a key like "__proto__".
  return Object.hasOwn(answers, questionId) ? answers[questionId] : undefined;
}

function isAnswered(value: AnswerValue | undefined): boolean {
  if (value === undefined) return false;
  if (Array.isArray(value)) return value.length > 0;
  return typeof value !== 'string' || value.trim() !== '';
}

/**
 * `equals` on a multi-choice answer means "that was the only choice"; use `includes` for
 * "was among the choices". `includes` on a single choice is the same as `equals`.
 */
export function evaluateCondition(cond: Condition, answers: Answers): boolean {
  if ('all' in cond) return cond.all.every((c) => evaluateCondition(c, answers));
  if ('any' in cond) return cond.any.some((c) => evaluateCondition(c, answers));
  if ('not' in cond) return !evaluateCondition(cond.not, answers);
  const value = answerOf(answers, cond.question);
  if ('answered' in cond) return isAnswered(value) === cond.answered;
  if ('equals' in cond) return Array.isArray(value) ? value.length === 1 && value[0] === cond.equals : value === cond.equals;
  return Array.isArray(value) ? value.includes(cond.includes) : typeof value === 'string' && value === cond.includes;
}

function leavesOf(cond: Condition): LeafCondition[] {
  if ('all' in cond) return cond.all.flatMap(leavesOf);
  if ('any' in cond) return cond.any.flatMap(leavesOf);
  if ('not' in cond) return leavesOf(cond.not);
  return [cond];
}

// ---- walking the questions ----------------------------------------------------------------

const MAX_PROBLEMS = 50;

type Walk = {
  visible: QuestionConfig[];
  answers: Answers;
  skipped: string[];
  dropped: string[];
  problems: AnswerProblem[];
};

/**
 * One pass in config order. A question is shown when consent allows it and its showIf holds on
 * the answers to the questions shown before it, so an answer left behind after the resident went
 * Back and changed an earlier answer can never steer later questions or the plan.
 */
function walk(triage: TriageConfig, raw: unknown, opts: TriageOptions | undefined): Walk {
  const result: Walk = { visible: [], answers: {}, skipped: [], dropped: [], problems: [] };
  const problem = (questionId: string, code: AnswerProblemCode, message: string): void => {
    if (result.problems.length < MAX_PROBLEMS) result.problems.push({ questionId, code, message });
  };

  let input: Record<string, unknown> = {};
  if (isRecord(raw)) input = raw;
  else if (raw !== undefined && raw !== null) problem('', 'not-an-object', `answers must be an object of question id → answer, not ${kindOf(raw)}`);

  const consent = opts?.consentToOptional === true;
  const rawSkipped: unknown = opts?.skipped;
  const skipped = new Set(Array.isArray(rawSkipped) ? rawSkipped.filter((s): s is string => typeof s === 'string') : []);
  const known = new Set(triage.questions.map((q) => q.id));

  for (const key of Object.keys(input)) {
    if (!known.has(key)) problem(key, 'unknown-question', `there is no question ${shown(key)}`);
  }
  for (const id of skipped) {
    if (!known.has(id)) problem(id, 'unknown-question', `there is no question ${shown(id)} to skip`);
  }

  for (const q of triage.questions) {
    const value = Object.hasOwn(input, q.id) ? input[q.id] : undefined;
    const isShown = (consent || !q.sensitive) && (!q.showIf || evaluateCondition(q.showIf, result.answers));
    if (!isShown) {
      if (value !== undefined || skipped.has(q.id)) result.dropped.push(q.id);
      continue;
    }
    result.visible.push(q);
    if (value !== undefined) {
      // An answer wins over a stale skip of the same question.
      const checked = checkAnswer(q, value);
      if (checked.ok) result.answers[q.id] = checked.value;
      else problem(q.id, checked.code, checked.message);
    } else if (skipped.has(q.id)) {
      if (q.required) problem(q.id, 'required', `question "${q.id}" must be answered; it cannot be skipped`);
      else result.skipped.push(q.id);
    }
  }
  return result;
}

type Checked = { ok: true; value: AnswerValue } | { ok: false; code: AnswerProblemCode; message: string };

function checkAnswer(q: QuestionConfig, value: unknown): Checked {
  const name = `question "${q.id}"`;
  const fail = (code: AnswerProblemCode, message: string): Checked => ({ ok: false, code, message });
  switch (q.kind) {
    case 'single': {
      if (typeof value !== 'string') return fail('wrong-type', `${name} takes one option id, not ${kindOf(value)}`);
      if (!q.options.some((o) => o.id === value)) return fail('unknown-option', `${name} has no option ${shown(value)}`);
      return { ok: true, value };
    }
    case 'multi': {
      // Array.from turns holes of a sparse array into undefined, so they are caught here too.
      const items: unknown[] = Array.isArray(value) ? Array.from(value as unknown[]) : [];
      if (!Array.isArray(value) || !items.every((v) => typeof v === 'string')) {
        return fail('wrong-type', `${name} takes a list of option ids, not ${kindOf(value)}`);
      }
      const chosen = new Set(items as string[]);
      const unknown = [...chosen].find((id) => !q.options.some((o) => o.id === id));
      if (unknown !== undefined) return fail('unknown-option', `${name} has no option ${shown(unknown)}`);
      if (chosen.size === 0) return fail('empty', `${name} needs at least one choice, or skip it`);
      if (q.maxChoices !== undefined && chosen.size > q.maxChoices) {
        return fail('too-many-choices', `${name} allows at most ${q.maxChoices} choices, not ${chosen.size}`);
      }
      // Config order, so the same choices always give the same stored answer.
      return { ok: true, value: q.options.filter((o) => chosen.has(o.id)).map((o) => o.id) };
    }
    case 'yesno':
      if (typeof value !== 'boolean') return fail('wrong-type', `${name} takes yes or no (true or false), not ${kindOf(value)}`);
      return { ok: true, value };
    case 'text': {
      if (typeof value !== 'string') return fail('wrong-type', `${name} takes text, not ${kindOf(value)}`);
      const text = value.trim();
      if (text === '') return fail('empty', `${name} has an empty answer; skip it instead`);
      // Count characters, not UTF-16 units, so a limit means the same in every script; a string
      // twice the limit in units is over it anyway, so huge input is never spread.
      if (text.length > q.maxLength * 2 || [...text].length > q.maxLength) {
        return fail('too-long', `${name} takes at most ${q.maxLength} characters`);
      }
      return { ok: true, value: text };
    }
    default:
      return assertNever(q);
  }
}

// ---- the kiosk's view -------------------------------------------------------------------

const NO_CONSENT: TriageOptions = { consentToOptional: false };

/** The questions shown for these answers, in order (for Back and the progress indicator). */
export function visibleQuestions(triage: TriageConfig, answers: Answers, opts: TriageOptions = NO_CONSENT): QuestionConfig[] {
  return walk(triage, answers, opts).visible;
}

/** The next shown question that is neither answered nor skipped; null when triage is complete. */
export function nextQuestion(triage: TriageConfig, answers: Answers, opts: TriageOptions = NO_CONSENT): QuestionConfig | null {
  const w = walk(triage, answers, opts);
  return w.visible.find((q) => !Object.hasOwn(w.answers, q.id) && !w.skipped.includes(q.id)) ?? null;
}

/** Where Back goes from `currentId` (null: from the end of triage); null at the first question. */
export function previousQuestion(
  triage: TriageConfig,
  answers: Answers,
  currentId: string | null,
  opts: TriageOptions = NO_CONSENT,
): QuestionConfig | null {
  const visible = walk(triage, answers, opts).visible;
  const at = currentId === null ? triage.questions.length : triage.questions.findIndex((q) => q.id === currentId);
  const before = visible.filter((q) => triage.questions.indexOf(q) < at);
  return before.at(-1) ?? null;
}

/**
 * Answered or skipped out of the questions shown so far. The total can grow as answers open
 * follow-up questions, so a screen should show it as steps, not promise a fixed count.
 */
export function progress(triage: TriageConfig, answers: Answers, opts: TriageOptions = NO_CONSENT): TriageProgress {
  const w = walk(triage, answers, opts);
  const done = w.visible.filter((q) => Object.hasOwn(w.answers, q.id) || w.skipped.includes(q.id)).length;
  return { done, visible: w.visible.length, fraction: w.visible.length === 0 ? 1 : done / w.visible.length };
}

// ---- the server's check -----------------------------------------------------------------

/**
 * Checks a check-in's answers against the triage: stale answers (to questions no longer shown)
 * are dropped quietly, because Back-and-change makes them normal; anything malformed is a problem.
 */
export function sanitizeAnswers(triage: TriageConfig, answers: unknown, opts: TriageOptions): SanitizeResult {
  const w = walk(triage, answers, opts);
  for (const q of w.visible) {
    if (!q.required || Object.hasOwn(w.answers, q.id) || w.problems.some((p) => p.questionId === q.id)) continue;
    if (w.problems.length < MAX_PROBLEMS) {
      w.problems.push({ questionId: q.id, code: 'required', message: `question "${q.id}" must be answered` });
    }
  }
  if (w.problems.length > 0) return { ok: false, problems: w.problems };
  return { ok: true, answers: w.answers, skipped: w.skipped, dropped: w.dropped };
}

// ---- the plan ---------------------------------------------------------------------------

/**
 * Routes the answers to needs, flags and an ordered plan of stops, one per service. Malformed
 * answers are ignored here rather than reported (that is `sanitizeAnswers`' job), so any input
 * gives a usable plan. Stops sort by their rule's `order` (default 0), then by first appearance;
 * an answer marked "I'd rather talk to someone" comes first, because the resident asked for a person.
 *
 * This is the triage half of a visit's plan; `planVisit` (visit-plan.ts) adds what the resident
 * chose outside the questions, and is what the kiosk and the hub both use.
 */
export function routeAnswers(hub: Hub, answers: unknown, opts: TriageOptions): VisitPlan {
  const { triage } = hub;
  const w = walk(triage, answers, opts);
  const serviceIds = new Set(servicesOf(hub).map((s) => s.id));
  const needsById = new Map(triage.needs.map((n) => [n.id, n] as const));

  const needs: string[] = [];
  const flags = new Set<FlagKind>();
  const stops = new Map<string, PlannedStop & { order: number; seen: number }>();
  const addStop = (serviceId: string, order: number, needIds: readonly string[]): void => {
    // A dangling service id is reported by validateTriage; never plan a stop nobody can serve.
    if (!serviceIds.has(serviceId)) return;
    let stop = stops.get(serviceId);
    if (!stop) {
      stop = { serviceId, needIds: [], order, seen: stops.size };
      stops.set(serviceId, stop);
    }
    stop.order = Math.min(stop.order, order);
    for (const id of needIds) if (!stop.needIds.includes(id)) stop.needIds.push(id);
  };

  if (choseTalkToSomeone(w)) addStop(triage.talkToSomeoneService, Number.NEGATIVE_INFINITY, []);

  for (const rule of triage.rules) {
    if (!evaluateCondition(rule.when, w.answers)) continue;
    const order = rule.order ?? 0;
    const ruleNeeds = rule.needs.filter((id) => needsById.has(id));
    for (const id of ruleNeeds) {
      if (!needs.includes(id)) needs.push(id);
      const need = needsById.get(id);
      if (need) addStop(need.service, order, [id]);
    }
    // A rule's extra stops carry its needs too: that is why the visitor was sent there.
    for (const serviceId of rule.services) addStop(serviceId, order, ruleNeeds);
    for (const flag of rule.flags) flags.add(flag);
  }

  const planned = [...stops.values()]
    .sort((a, b) => (a.order === b.order ? a.seen - b.seen : a.order < b.order ? -1 : 1))
    .map(({ serviceId, needIds }) => ({ serviceId, needIds }));
  if (planned.length === 0) planned.push({ serviceId: fallbackStop(hub, serviceIds), needIds: [...needs] });

  const flagList = flagKinds.filter((f) => flags.has(f));
  const priority: Priority = flags.has('crisis') || flags.has('safeguarding') ? 2 : flags.has('urgent') ? 1 : 0;
  return { needs, flags: flagList, stops: planned, priority };
}

function choseTalkToSomeone(w: Walk): boolean {
  return w.visible.some((q) => {
    if (q.kind !== 'single' && q.kind !== 'multi') return false;
    const value = answerOf(w.answers, q.id);
    const chosen = Array.isArray(value) ? value : [value];
    return q.options.some((o) => o.talkToSomeone === true && chosen.includes(o.id));
  });
}

/** The fallback service, or (in a configuration validateTriage would reject) any service at all. */
function fallbackStop(hub: Hub, serviceIds: ReadonlySet<string>): string {
  const { fallbackService, talkToSomeoneService } = hub.triage;
  if (serviceIds.has(fallbackService)) return fallbackService;
  if (serviceIds.has(talkToSomeoneService)) return talkToSomeoneService;
  return [...serviceIds][0] ?? fallbackService;
}

// ---- load-time validation ---------------------------------------------------------------

/**
 * Checks what zod cannot: that ids point at things that exist, that conditions only look back,
 * and (by searching the answer paths) that every question can be shown and every rule can fire.
 * Each problem has a path into the hub configuration and a message naming the culprit.
 */
export function validateTriage(hub: Hub): TriageProblem[] {
  const { triage } = hub;
  const problems: TriageProblem[] = [];
  const add = (path: (string | number)[], message: string): void => {
    problems.push({ path: ['triage', ...path], message });
  };
  const serviceIds = servicesOf(hub).map((s) => s.id);
  const serviceList = `(services: ${serviceIds.join(', ')})`;
  const questionIndex = new Map(triage.questions.map((q, i) => [q.id, i] as const));
  const needIds = new Set(triage.needs.map((n) => n.id));

  const noDuplicates = (items: { id: string }[], where: (string | number)[], what: string): void => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (seen.has(item.id)) add([...where, i, 'id'], `${what} id "${item.id}" is used twice`);
      seen.add(item.id);
    });
  };
  noDuplicates(triage.questions, ['questions'], 'question');
  noDuplicates(triage.needs, ['needs'], 'need');
  noDuplicates(triage.rules, ['rules'], 'rule');
  triage.questions.forEach((q, i) => {
    if (q.kind === 'single' || q.kind === 'multi') noDuplicates(q.options, ['questions', i, 'options'], `question "${q.id}": option`);
    if (q.sensitive && q.required) add(['questions', i, 'required'], `question "${q.id}" is sensitive, so it must stay optional (required: false)`);
  });

  for (const key of ['fallbackService', 'talkToSomeoneService'] as const) {
    const id = triage[key];
    if (!serviceIds.includes(id)) add([key], `${key} "${id}" is not a service of this hub ${serviceList}`);
  }
  triage.needs.forEach((n, i) => {
    if (!serviceIds.includes(n.service)) add(['needs', i, 'service'], `need "${n.id}" goes to service "${n.service}", which does not exist ${serviceList}`);
  });

  /** Reports bad references in a condition; true when it has none (so searching it makes sense). */
  const checkCondition = (cond: Condition, path: (string | number)[], owner: string, before: number): boolean => {
    if ('all' in cond) return cond.all.map((c, k) => checkCondition(c, [...path, 'all', k], owner, before)).every(Boolean);
    if ('any' in cond) return cond.any.map((c, k) => checkCondition(c, [...path, 'any', k], owner, before)).every(Boolean);
    if ('not' in cond) return checkCondition(cond.not, [...path, 'not'], owner, before);
    const at = questionIndex.get(cond.question);
    const q = at === undefined ? undefined : triage.questions[at];
    if (at === undefined || !q) {
      add([...path, 'question'], `${owner}: condition refers to question "${cond.question}", which does not exist`);
      return false;
    }
    if (at >= before) {
      add(
        [...path, 'question'],
        at === before
          ? `${owner}: condition refers to the question itself`
          : `${owner}: condition refers to question "${q.id}", which comes later, so it is never answered in time`,
      );
      return false;
    }
    const valueProblem = literalProblem(q, cond);
    if (valueProblem) {
      add([...path, 'equals' in cond ? 'equals' : 'includes'], `${owner}: ${valueProblem}`);
      return false;
    }
    return true;
  };

  triage.questions.forEach((q, i) => {
    if (!q.showIf) return;
    const owner = `question "${q.id}"`;
    if (!checkCondition(q.showIf, ['questions', i, 'showIf'], owner, i)) return;
    if (canEverHold(triage, q.showIf, q.sensitive) === 'impossible') {
      add(['questions', i, 'showIf'], `${owner} can never be shown: no answers to the earlier questions make its showIf true`);
    }
  });

  let rulesThatNeverFire = 0;
  triage.rules.forEach((rule, i) => {
    const owner = `rule "${rule.id}"`;
    rule.needs.forEach((id, k) => {
      if (!needIds.has(id)) add(['rules', i, 'needs', k], `${owner} names need "${id}", which is not in triage.needs`);
    });
    rule.services.forEach((id, k) => {
      if (!serviceIds.includes(id)) add(['rules', i, 'services', k], `${owner} sends to service "${id}", which does not exist ${serviceList}`);
    });
    // Rules run after the last question, so they may look at any question.
    if (!checkCondition(rule.when, ['rules', i, 'when'], owner, triage.questions.length)) return;
    if (canEverHold(triage, rule.when, false) === 'impossible') {
      rulesThatNeverFire++;
      add(['rules', i, 'when'], `${owner} can never fire: no answers to the questions make its "when" true`);
    }
  });
  if (triage.rules.length > 0 && rulesThatNeverFire === triage.rules.length) {
    add(['rules'], `no rule can ever fire, so every visitor would go to the fallback service "${triage.fallbackService}"`);
  }
  return problems;
}

/** Why a condition's value can never match the question's answers, or null if it can. */
function literalProblem(q: QuestionConfig, cond: LeafCondition): string | null {
  if ('answered' in cond) return null;
  const value = 'equals' in cond ? cond.equals : cond.includes;
  switch (q.kind) {
    case 'single':
    case 'multi':
      if (typeof value !== 'string') return `question "${q.id}" is a choice question: compare it with an option id, not ${String(value)}`;
      if (!q.options.some((o) => o.id === value)) {
        return `question "${q.id}" has no option "${value}" (options: ${q.options.map((o) => o.id).join(', ')})`;
      }
      return null;
    case 'yesno':
      if ('includes' in cond) return `question "${q.id}" is a yes/no question: use equals: true or false, not includes`;
      return typeof value === 'boolean' ? null : `question "${q.id}" is a yes/no question: use equals: true or false, not "${value}"`;
    case 'text':
      if ('includes' in cond) return `question "${q.id}" is a text question: includes only works on choice questions`;
      return typeof value === 'string' ? null : `question "${q.id}" is a text question: compare it with text, not ${String(value)}`;
    default:
      return assertNever(q);
  }
}

/** Leaf evaluations one search may spend before it gives up without a verdict. */
const SEARCH_BUDGET = 50_000;
/** Options of one multi-choice question tried in every combination (2^12 subsets at most). */
const MAX_SUBSET_POOL = 12;

/**
 * Searches the answer paths for one where `target` holds. Only the questions the target depends
 * on (and, transitively, the questions their visibility depends on) are explored, and a choice is
 * tried only among the options some condition names plus one "any other" option, so the search
 * stays small; past the budget it answers 'unknown' rather than report a problem it cannot prove.
 */
function canEverHold(triage: TriageConfig, target: Condition, needsConsent: boolean): 'possible' | 'impossible' | 'unknown' {
  const { questions } = triage;
  const indexOf = new Map(questions.map((q, i) => [q.id, i] as const));
  const literals = new Map<string, Set<string | boolean>>();
  const cone = new Set<number>();
  const include = (cond: Condition): void => {
    for (const leaf of leavesOf(cond)) {
      const i = indexOf.get(leaf.question);
      if (i === undefined) continue;
      const set = literals.get(leaf.question) ?? new Set<string | boolean>();
      literals.set(leaf.question, set);
      if ('equals' in leaf) set.add(leaf.equals);
      if ('includes' in leaf) set.add(leaf.includes);
      if (cone.has(i)) continue;
      cone.add(i);
      const showIf = questions[i]?.showIf;
      if (showIf) include(showIf);
    }
  };
  include(target);
  const order = [...cone].sort((a, b) => a - b).flatMap((i) => questions[i] ?? []);

  let budget = SEARCH_BUDGET;
  const search = (k: number, answers: Answers, consent: boolean): boolean => {
    if (budget <= 0) return false;
    const q = order[k];
    if (!q) {
      budget--;
      return evaluateCondition(target, answers);
    }
    const isShown = (consent || !q.sensitive) && (!q.showIf || evaluateCondition(q.showIf, answers));
    if (!isShown) return search(k + 1, answers, consent);
    const candidates = candidateAnswers(q, literals.get(q.id));
    if (!candidates) {
      budget = 0; // too many combinations to try: no verdict rather than a wrong one
      return false;
    }
    for (const value of candidates) {
      if (search(k + 1, { ...answers, [q.id]: value }, consent)) return true;
    }
    return !q.required && search(k + 1, answers, consent);
  };
  // Consent changes which questions exist, and a hidden required question is the only way for it
  // to stay unanswered, so both are tried unless the target itself needs consent.
  const consents = needsConsent ? [true] : order.some((q) => q.sensitive) ? [true, false] : [true];
  for (const consent of consents) if (search(0, {}, consent)) return 'possible';
  return budget <= 0 ? 'unknown' : 'impossible';
}

/** Answers worth trying for a question, or null when there are too many combinations. */
function candidateAnswers(q: QuestionConfig, literals: ReadonlySet<string | boolean> | undefined): AnswerValue[] | null {
  const named = [...(literals ?? [])].filter((v): v is string => typeof v === 'string');
  switch (q.kind) {
    case 'yesno':
      return [true, false];
    case 'text': {
      let other = 'other text';
      while (named.includes(other)) other += '.';
      return [...named, other];
    }
    case 'single':
    case 'multi': {
      const pool = q.options.filter((o) => named.includes(o.id)).map((o) => o.id);
      const unnamed = q.options.find((o) => !named.includes(o.id));
      if (unnamed) pool.push(unnamed.id);
      if (q.kind === 'single') return pool;
      if (pool.length > MAX_SUBSET_POOL) return null;
      const max = Math.min(q.maxChoices ?? pool.length, pool.length);
      const subsets: string[][] = [];
      for (let mask = 1; mask < 1 << pool.length; mask++) {
        const subset = pool.filter((_, bit) => (mask & (1 << bit)) !== 0);
        if (subset.length <= max) subsets.push(subset);
      }
      return subsets;
    }
    default:
      return assertNever(q);
  }
}

// ---- small helpers ----------------------------------------------------------------------

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Describes a value without converting it (junk may have no usable toString). */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  const type = typeof value;
  return type === 'object' || type === 'undefined' ? `an ${type}` : `a ${type}`;
}

/** A quoted, shortened id for messages, so a megabyte of junk does not come back in an error. */
function shown(id: string): string {
  return id.length > 48 ? `${JSON.stringify(id.slice(0, 48))}…` : JSON.stringify(id);
}

function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
