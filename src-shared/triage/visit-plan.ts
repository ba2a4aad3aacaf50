/**
 * One visit's plan: the services in order, the needs and the flags. The kiosk's summary shows it
 * and the hub's check-in issues its tickets from it, so what the resident is promised is what
 * they get. Pure (no Node, no DOM), like the triage engine it builds on.
 */
import type { FlagKind, HubConfig } from '../config/schema';
import { routeAnswers, type PlannedStop, type TriageOptions, type VisitPlan } from './engine';

/** British Sign Language's ISO 639-3 code: what a visit records as the language to speak. */
export const bslLanguage = 'bfi';

/** What the resident said on the kiosk, or what reception entered for them. */
export type VisitRequest = {
  /** Triage answers; stale or malformed ones are ignored (see `sanitizeAnswers`). */
  answers: unknown;
  triage: TriageOptions;
  /** "I'd rather talk to someone", pressed on any kiosk screen. */
  talkToSomeone: boolean;
  /** The language to speak with staff (`bslLanguage` for BSL); null for the hub's default. */
  language: string | null;
  /** Asked for an interpreter on the language screen. */
  interpreter: boolean;
};

export type PlannedVisit = VisitPlan & {
  /** Someone must interpret: asked for on the language screen, or raised by triage (interpreter or BSL). */
  interpreter: boolean;
};

type Hub = Pick<HubConfig, 'partners' | 'triage'>;

/** The fields of a check-in (as the kiosk sends it, or as the hub parsed it) that plan the visit. */
export type CheckInChoices = {
  answers?: unknown;
  skipped?: readonly string[];
  consent: { optionalQuestions: boolean };
  talkToSomeone?: boolean;
  visitor?: { language?: string | null; interpreter?: boolean };
};

/** One reading of a check-in for both sides; the defaults are the contract's (`checkInRequest`). */
export function visitRequestOf(checkIn: CheckInChoices): VisitRequest {
  return {
    answers: checkIn.answers ?? {},
    triage: { consentToOptional: checkIn.consent.optionalQuestions, skipped: checkIn.skipped ?? [] },
    talkToSomeone: checkIn.talkToSomeone ?? false,
    language: checkIn.visitor?.language ?? null,
    interpreter: checkIn.visitor?.interpreter ?? false,
  };
}

export function planVisit(hub: Hub, request: VisitRequest): PlannedVisit {
  const route = routeAnswers(hub, request.answers, request.triage);

  // An interpreter or BSL chosen on the kiosk's language screen is a flag reception must see.
  const flags: FlagKind[] = [...route.flags];
  if (request.interpreter && !flags.includes('interpreter')) flags.push('interpreter');
  if (request.language === bslLanguage && !flags.includes('bsl')) flags.push('bsl');

  return {
    ...route,
    flags,
    stops: request.talkToSomeone ? talkFirst(hub, route) : route.stops,
    interpreter: request.interpreter || flags.includes('interpreter') || flags.includes('bsl'),
  };
}

/**
 * "I'd rather talk to someone" puts a person first. With no needs found, the fallback stop was
 * only there because nothing else was planned, so the person replaces it rather than adding to it.
 */
function talkFirst(hub: Hub, route: VisitPlan): PlannedStop[] {
  const { talkToSomeoneService: talk, fallbackService: fallback } = hub.triage;
  if (route.stops[0]?.serviceId === talk) return route.stops;
  const existing = route.stops.find((s) => s.serviceId === talk);
  const rest = route.stops.filter((s) => s.serviceId !== talk && (route.needs.length > 0 || s.serviceId !== fallback));
  return [{ serviceId: talk, needIds: existing ? existing.needIds : [] }, ...rest];
}
