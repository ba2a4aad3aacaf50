import type { CheckInCommand, CheckInRequest, CheckInResponse } from '../../src-shared/api/contract';
import { equalityQuestionIds, type EqualityAnswers, type EqualityQuestion } from '../../src-shared/config/reporting';
import { nextQuestion, routeAnswers, sanitizeAnswers, type Answers, type AnswerValue, type PlannedStop, type TriageOptions } from '../../src-shared/triage/engine';
import { planVisit, visitRequestOf } from '../../src-shared/triage/visit-plan';
import type { KioskSetup } from './kiosk-setup';

/**
 * One resident's journey through the kiosk, as a pure reducer: which screen is showing, what has
 * been said so far, and the way back. The triage engine decides which question comes next; this
 * file only strings the screens together. Everything here is thrown away on reset.
 */

export type Identity =
  | { method: 'walk-in' }
  | { method: 'card' | 'qr'; id: string; known: boolean; displayName: string | null; howHeardAnswered: boolean };

export type HowHeardChoice = CheckInCommand['howHeard'][number];

/** An event running now, as the kiosk offers it ("I'm here for …"). */
export type RunningEvent = { id: string; name: string; endsAt: string };

export type Step =
  | { kind: 'attract' }
  | { kind: 'identify' }
  | { kind: 'unknown-card'; method: 'card' | 'qr' }
  | { kind: 'privacy' }
  | { kind: 'event' }
  | { kind: 'how-heard' }
  | { kind: 'question'; questionId: string }
  | { kind: 'equality-intro' }
  | { kind: 'equality'; question: EqualityQuestion }
  | { kind: 'name' }
  | { kind: 'language' }
  | { kind: 'access' }
  | { kind: 'summary' }
  /** A crisis or safeguarding answer: "someone will come to you now", offered before any more questions. */
  | { kind: 'crisis' }
  | { kind: 'ticket' };

export const accessibilityNeeds = ['hearing-loop', 'step-free', 'quiet-space', 'reading-help'] as const;
export type AccessibilityNeed = (typeof accessibilityNeeds)[number];

export type Journey = {
  step: Step;
  /** Screens behind this one, for Back. */
  history: Step[];
  /** Made once when the journey starts: a retried or double-tapped confirm checks in once. */
  requestId: string | null;
  /** The language the kiosk speaks to this resident. */
  language: string;
  identity: Identity | null;
  /** Agreed to the optional (sensitive) questions; null until the privacy screen is answered. */
  consent: boolean | null;
  howHeard: HowHeardChoice[];
  /** Events running when the journey started; the "I'm here for …" screen shows only with some. */
  events: RunningEvent[];
  /** The event the resident came for, if any. */
  eventId: string | null;
  answers: Answers;
  skipped: string[];
  talkToSomeone: boolean;
  displayName: string | null;
  /** Language to speak with staff; null means the kiosk language. */
  spokenLanguage: string | null;
  interpreter: boolean;
  accessibility: AccessibilityNeed[];
  /** The optional equality questions answered (only with consent; each may be skipped). */
  equality: EqualityAnswers;
  /** The crisis offer has been shown once this journey: it is not made again after Back-and-change. */
  crisisOffered: boolean;
  /** Checked in from the crisis offer: someone is coming to the resident now. */
  comeToMe: boolean;
  result: CheckInResponse | null;
};

export type JourneyAction =
  | { type: 'start'; requestId: string; language?: string }
  | { type: 'identified'; identity: Identity; requestId: string }
  | { type: 'walk-in' }
  | { type: 'continue' }
  | { type: 'consent'; agreed: boolean }
  | { type: 'events'; events: RunningEvent[] }
  | { type: 'event'; eventId: string | null }
  | { type: 'how-heard'; choices: HowHeardChoice[] }
  | { type: 'answer'; questionId: string; value: AnswerValue }
  | { type: 'skip-question'; questionId: string }
  | { type: 'equality-start' }
  | { type: 'equality-answer'; question: EqualityQuestion; answer: string | null }
  | { type: 'equality-skip' }
  | { type: 'name'; displayName: string | null }
  | { type: 'spoken-language'; language: string | null; interpreter: boolean }
  | { type: 'accessibility'; needs: AccessibilityNeed[] }
  | { type: 'talk-to-someone' }
  | { type: 'crisis-carry-on' }
  | { type: 'back' }
  | { type: 'checked-in'; result: CheckInResponse }
  | { type: 'set-language'; language: string }
  | { type: 'reset' };

export function initialJourney(language: string): Journey {
  return {
    step: { kind: 'attract' },
    history: [],
    requestId: null,
    language,
    identity: null,
    consent: null,
    howHeard: [],
    events: [],
    eventId: null,
    answers: {},
    skipped: [],
    talkToSomeone: false,
    displayName: null,
    spokenLanguage: null,
    interpreter: false,
    accessibility: [],
    equality: {},
    crisisOffered: false,
    comeToMe: false,
    result: null,
  };
}

/** The flags that bring someone to the resident at once rather than at the end of the journey. */
const comeNowFlags = ['crisis', 'safeguarding'] as const;

/** Whether the answers so far raise a crisis or safeguarding flag (the hub's own rules decide). */
export function raisesCrisis(setup: KioskSetup, journey: Pick<Journey, 'answers' | 'consent' | 'skipped'>): boolean {
  const plan = routeAnswers({ partners: setup.partners, triage: setup.triage }, journey.answers, triageOptionsOf(journey));
  return plan.flags.some((f) => (comeNowFlags as readonly string[]).includes(f));
}

export function triageOptionsOf(journey: Pick<Journey, 'consent' | 'skipped'>): TriageOptions {
  return { consentToOptional: journey.consent === true, skipped: journey.skipped };
}

/** The hub's own triage already asks about an interpreter or BSL (its rules raise those flags). */
export function triageAsksInterpreter(setup: KioskSetup): boolean {
  return setup.triage.rules.some((r) => r.flags.includes('interpreter') || r.flags.includes('bsl'));
}

/** The language screen has nothing to ask when there is one language and triage asked about interpreters. */
function languageStepNeeded(setup: KioskSetup): boolean {
  return setup.languages.length > 1 || !triageAsksInterpreter(setup);
}

function afterName(setup: KioskSetup): Step {
  return languageStepNeeded(setup) ? { kind: 'language' } : { kind: 'access' };
}

/** After the equality questions (or none): the optional details, then the summary. */
function afterEquality(setup: KioskSetup): Step {
  return setup.hub.kiosk.askName ? { kind: 'name' } : afterName(setup);
}

/** The equality questions this hub asks on the kiosk, in their order; none without consent. */
export function equalityQuestionsOf(setup: KioskSetup, journey: Pick<Journey, 'consent'>): EqualityQuestion[] {
  const equality = setup.hub.programme.equality;
  if (!equality.enabled || journey.consent !== true) return [];
  return equalityQuestionIds.filter((q) => equality.questions.includes(q));
}

/** A follow-up question is asked only after the answer it follows from. */
function equalityApplies(question: EqualityQuestion, answers: EqualityAnswers): boolean {
  if (question === 'activityLimitation') return answers.longTermCondition === 'yes';
  if (question === 'inactivityReason') return answers.economicStatus === 'inactive';
  return true;
}

/** The next equality question after `after` (or the first), or what follows them. */
function nextEqualityStep(setup: KioskSetup, journey: Journey, after: EqualityQuestion | null): Step {
  const questions = equalityQuestionsOf(setup, journey);
  const start = after === null ? 0 : questions.indexOf(after) + 1;
  const next = questions.slice(start).find((q) => equalityApplies(q, journey.equality));
  return next ? { kind: 'equality', question: next } : afterEquality(setup);
}

/** The screen after triage: the optional equality questions (with consent), then the details. */
function afterTriage(setup: KioskSetup, journey: Journey): Step {
  return equalityQuestionsOf(setup, journey).length > 0 ? { kind: 'equality-intro' } : afterEquality(setup);
}

function nextTriageStep(setup: KioskSetup, journey: Journey): Step {
  const question = nextQuestion(setup.triage, journey.answers, triageOptionsOf(journey));
  return question ? { kind: 'question', questionId: question.id } : afterTriage(setup, journey);
}

/** Only answers to questions still asked go to the hub (a follow-up whose lead answer changed drops out). */
export function equalityAnswersOf(setup: KioskSetup, journey: Journey): EqualityAnswers {
  const asked = equalityQuestionsOf(setup, journey);
  const out: EqualityAnswers = {};
  for (const q of asked) {
    const answer = journey.equality[q];
    if (answer !== undefined && equalityApplies(q, journey.equality)) (out as Record<string, string>)[q] = answer;
  }
  return out;
}

/** After the privacy notice: "I'm here for …" while an event runs, then how they heard. */
function afterPrivacy(setup: KioskSetup, journey: Journey): Step {
  return journey.events.length > 0 ? { kind: 'event' } : afterEvent(setup, journey);
}

/** Returning residents who already said how they heard are not asked again, unless the hub wants it. */
function afterEvent(setup: KioskSetup, journey: Journey): Step {
  const identity = journey.identity;
  const answeredBefore = identity !== null && identity.method !== 'walk-in' && identity.howHeardAnswered;
  if (answeredBefore && !setup.howHeard.askReturning) return nextTriageStep(setup, journey);
  return { kind: 'how-heard' };
}

function afterIdentify(identity: Identity): Step {
  return identity.method !== 'walk-in' && !identity.known ? { kind: 'unknown-card', method: identity.method } : { kind: 'privacy' };
}

function go(journey: Journey, step: Step): Journey {
  return { ...journey, history: [...journey.history, journey.step], step };
}

export function journeyReducer(setup: KioskSetup) {
  return (journey: Journey, action: JourneyAction): Journey => {
    switch (action.type) {
      case 'start':
        if (journey.step.kind !== 'attract') return journey;
        return go({ ...initialJourney(action.language ?? journey.language), requestId: action.requestId }, { kind: 'identify' });
      case 'identified': {
        // A card or QR read starts the journey from the attract screen, or answers the identify screen.
        const displayName = action.identity.method === 'walk-in' ? null : action.identity.displayName;
        if (journey.step.kind === 'attract') {
          const started = { ...initialJourney(journey.language), requestId: action.requestId, identity: action.identity, displayName };
          return { ...started, history: [{ kind: 'attract' }, { kind: 'identify' }], step: afterIdentify(action.identity) };
        }
        if (journey.step.kind !== 'identify') return journey;
        return go({ ...journey, identity: action.identity, displayName }, afterIdentify(action.identity));
      }
      case 'walk-in':
        if (journey.step.kind !== 'identify') return journey;
        return go({ ...journey, identity: { method: 'walk-in' } }, { kind: 'privacy' });
      case 'continue':
        if (journey.step.kind !== 'unknown-card') return journey;
        return go(journey, { kind: 'privacy' });
      case 'consent': {
        if (journey.step.kind !== 'privacy') return journey;
        const next = { ...journey, consent: action.agreed };
        return go(next, afterPrivacy(setup, next));
      }
      case 'events':
        // Known once the journey has started; a later answer (a slow hub) changes nothing already past.
        if (journey.step.kind !== 'identify' && journey.step.kind !== 'unknown-card' && journey.step.kind !== 'privacy') return journey;
        return { ...journey, events: action.events };
      case 'event': {
        if (journey.step.kind !== 'event') return journey;
        const eventId = action.eventId !== null && journey.events.some((e) => e.id === action.eventId) ? action.eventId : null;
        const next = { ...journey, eventId };
        return go(next, afterEvent(setup, next));
      }
      case 'how-heard': {
        if (journey.step.kind !== 'how-heard') return journey;
        const next = { ...journey, howHeard: action.choices };
        return go(next, nextTriageStep(setup, next));
      }
      case 'answer': {
        if (journey.step.kind !== 'question' || journey.step.questionId !== action.questionId) return journey;
        const next = {
          ...journey,
          answers: { ...journey.answers, [action.questionId]: action.value },
          skipped: journey.skipped.filter((id) => id !== action.questionId),
        };
        // Reception must not wait for the end of the journey: the offer comes before the next question.
        if (!journey.crisisOffered && raisesCrisis(setup, next)) return go({ ...next, crisisOffered: true }, { kind: 'crisis' });
        return go(next, nextTriageStep(setup, next));
      }
      case 'crisis-carry-on':
        if (journey.step.kind !== 'crisis') return journey;
        return go(journey, nextTriageStep(setup, journey));
      case 'skip-question': {
        if (journey.step.kind !== 'question' || journey.step.questionId !== action.questionId) return journey;
        const { [action.questionId]: _dropped, ...answers } = journey.answers;
        const next = { ...journey, answers, skipped: [...journey.skipped.filter((id) => id !== action.questionId), action.questionId] };
        return go(next, nextTriageStep(setup, next));
      }
      case 'equality-start':
        if (journey.step.kind !== 'equality-intro') return journey;
        return go(journey, nextEqualityStep(setup, journey, null));
      case 'equality-answer': {
        if (journey.step.kind !== 'equality' || journey.step.question !== action.question) return journey;
        const { [action.question]: _dropped, ...rest } = journey.equality;
        const next = { ...journey, equality: action.answer === null ? rest : { ...rest, [action.question]: action.answer } };
        return go(next, nextEqualityStep(setup, next, action.question));
      }
      case 'equality-skip':
        if (journey.step.kind !== 'equality-intro' && journey.step.kind !== 'equality') return journey;
        return go(journey, afterEquality(setup));
      case 'name':
        if (journey.step.kind !== 'name') return journey;
        return go({ ...journey, displayName: action.displayName }, afterName(setup));
      case 'spoken-language':
        if (journey.step.kind !== 'language') return journey;
        return go({ ...journey, spokenLanguage: action.language, interpreter: action.interpreter }, { kind: 'access' });
      case 'accessibility':
        if (journey.step.kind !== 'access') return journey;
        return go({ ...journey, accessibility: action.needs }, { kind: 'summary' });
      case 'talk-to-someone': {
        const from = journey.step.kind;
        if (from === 'attract' || from === 'summary' || from === 'crisis' || from === 'ticket') return journey;
        // Asked before the privacy screen was answered: no optional questions were agreed to.
        return go({ ...journey, talkToSomeone: true, consent: journey.consent ?? false }, { kind: 'summary' });
      }
      case 'back': {
        if (journey.step.kind === 'ticket') return journey;
        const previous = journey.history.at(-1);
        if (!previous || previous.kind === 'attract') return initialJourney(journey.language);
        // Leaving the summary takes back "talk to someone": the resident may want to carry on instead.
        const talkToSomeone = journey.step.kind === 'summary' ? false : journey.talkToSomeone;
        return { ...journey, talkToSomeone, step: previous, history: journey.history.slice(0, -1) };
      }
      case 'checked-in': {
        const from = journey.step.kind;
        if (from !== 'summary' && from !== 'crisis') return journey;
        // Nothing before the ticket can be reached again: Back on the ticket would re-open a finished visit.
        return { ...journey, comeToMe: from === 'crisis', result: action.result, step: { kind: 'ticket' }, history: [] };
      }
      case 'set-language':
        return { ...journey, language: action.language };
      case 'reset':
        return initialJourney(setup.defaultLanguage);
      default:
        return assertNever(action);
    }
  };
}

/** What the check-in says about the visit: everything but who the resident is and the request id. */
type VisitPart = Omit<CheckInRequest, 'requestId' | 'identification'>;

function visitPartOf(setup: KioskSetup, journey: Journey): VisitPart {
  const opts = triageOptionsOf(journey);
  // Only answers to questions still shown go to the hub: after Back-and-change, stale ones stay here.
  const clean = sanitizeAnswers(setup.triage, journey.answers, opts);
  return {
    consent: { noticeVersion: setup.hub.privacyNoticeVersion, optionalQuestions: journey.consent === true },
    howHeard: journey.howHeard.map((c) => (c.text?.trim() ? { optionId: c.optionId, text: c.text.trim() } : { optionId: c.optionId })),
    answers: clean.ok ? clean.answers : journey.answers,
    skipped: clean.ok ? clean.skipped : journey.skipped,
    talkToSomeone: journey.talkToSomeone,
    visitor: {
      displayName: journey.displayName?.trim() || null,
      language: journey.spokenLanguage ?? journey.language,
      interpreter: journey.interpreter,
      accessibility: journey.accessibility,
    },
  };
}

/** The stops the summary promises: planned from the fields the check-in sends, as the hub plans its tickets. */
export function plannedStops(setup: KioskSetup, journey: Journey): PlannedStop[] {
  return planVisit({ partners: setup.partners, triage: setup.triage }, visitRequestOf(visitPartOf(setup, journey))).stops;
}

/**
 * The check-in the crisis offer's "come to me now" sends: what is known so far, with "talk to
 * someone" so a person is the first stop; the rest of the questions are never asked.
 */
export function comeToMeRequestOf(setup: KioskSetup, journey: Journey): CheckInRequest {
  return { ...checkInRequestOf(setup, { ...journey, talkToSomeone: true }), comeToMe: true };
}

/** The check-in the confirm button sends; built from the journey alone, so a retry sends the same. */
export function checkInRequestOf(setup: KioskSetup, journey: Journey): CheckInRequest {
  if (!journey.requestId) throw new Error('a journey has a requestId from its first screen');
  const identity = journey.identity ?? { method: 'walk-in' };
  return {
    requestId: journey.requestId,
    identification:
      identity.method === 'walk-in'
        ? { method: 'walk-in' }
        : identity.method === 'card'
          ? { method: 'card', cardId: identity.id }
          : { method: 'qr', memberId: identity.id },
    ...visitPartOf(setup, journey),
    ...extrasOf(setup, journey),
  };
}

/** The equality answers (with consent, only those given) and the event, as the check-in carries them. */
function extrasOf(setup: KioskSetup, journey: Journey): Pick<CheckInRequest, 'equality' | 'eventId'> {
  const equality = equalityAnswersOf(setup, journey);
  return {
    ...(Object.keys(equality).length > 0 ? { equality } : {}),
    ...(journey.eventId !== null ? { eventId: journey.eventId } : {}),
  };
}

/** A request id for a new journey; falls back to getRandomValues where randomUUID is missing (plain http). */
export function newRequestId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function assertNever(value: never): never {
  throw new Error(`unhandled journey action: ${JSON.stringify(value)}`);
}
