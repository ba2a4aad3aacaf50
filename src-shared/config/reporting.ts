import { z } from 'zod';

/**
 * The parts of a hub's configuration that reports, exports and returns read: the programmes people
 * are registered on (the organisations they are referred to are in schema.ts), the optional
 * equality questions, small-number suppression, programme targets and funder returns. Kept apart
 * from schema.ts so the reporting vocabulary (outcome kinds, equality categories) sits in one file.
 */

const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,47}$/, 'a lower-case id of letters, digits and dashes (at most 48)');
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'a real calendar date');

// ---- organisations and programmes ---------------------------------------------------------

/** A programme a person can be registered on (a "start"): counted once per person per programme. */
export const programmeConfig = z.object({
  id,
  name: z.string().min(1).max(120),
  /** Who funds it, for the funder return's heading. */
  funder: z.string().max(120).optional(),
  /** The partner that delivers it (a partner id of this hub), if one does. */
  partner: id.optional(),
});
export type ProgrammeConfig = z.infer<typeof programmeConfig>;

// ---- the participant journey (PROGRAMMES.md §6) -------------------------------------------

/** After the enquiry (every check-in), each a separate dated fact per visit and service. */
export const journeyStages = ['signposted', 'referred', 'registered', 'outcome'] as const;
export type JourneyStage = (typeof journeyStages)[number];

/** Evidenced, dated results (DOMAIN.md "Outcome"). */
export const journeyOutcomeKinds = ['job', 'self-employment', 'education-training', 'qualification', 'in-work-support', 'referral-taken-up'] as const;
export type JourneyOutcomeKind = (typeof journeyOutcomeKinds)[number];

/** How an outcome was evidenced. */
export const outcomeEvidence = ['payslip-or-contract', 'employer-confirmation', 'proof-of-trading', 'certificate', 'provider-confirmation', 'self-declaration'] as const;

// ---- equality questions (PROGRAMMES.md §3) ------------------------------------------------

export const preferNotToSay = 'prefer-not-to-say';

export const ageBands = ['16-24', '25-34', '35-49', '50-64', '65-plus'] as const;
export const sexes = ['female', 'male'] as const;
/** The separate, voluntary 16+ question: is your gender the same as the sex registered at birth? */
export const genderIdentityAnswers = ['same', 'different'] as const;
/** GSS harmonised ethnicity, England and Wales: 19 groups in 5. */
export const ethnicGroups = [
  { group: 'White', ids: ['white-british', 'white-irish', 'white-gypsy-traveller', 'white-roma', 'white-other'] },
  { group: 'Mixed or Multiple', ids: ['mixed-white-black-caribbean', 'mixed-white-black-african', 'mixed-white-asian', 'mixed-other'] },
  { group: 'Asian or Asian British', ids: ['asian-indian', 'asian-pakistani', 'asian-bangladeshi', 'asian-chinese', 'asian-other'] },
  { group: 'Black, Black British, Caribbean or African', ids: ['black-caribbean', 'black-african', 'black-other'] },
  { group: 'Other ethnic group', ids: ['other-arab', 'other-any'] },
] as const;
export const ethnicities = ethnicGroups.flatMap((g) => g.ids);
/** GSS long-lasting health conditions: (1) a condition of 12 months or more, (2) does it reduce day-to-day activities. */
export const longTermConditionAnswers = ['yes', 'no'] as const;
export const activityLimitationAnswers = ['a-lot', 'a-little', 'not-at-all'] as const;
/** ILO economic status. */
export const economicStatuses = ['employed', 'unemployed', 'inactive'] as const;
export const inactivityReasons = ['student', 'looking-after-family', 'temporary-sick', 'long-term-sick', 'discouraged', 'retired', 'other'] as const;
export const carerHoursBands = ['none', '1-9', '10-19', '20-34', '35-49', '50-plus'] as const;
export const veteranAnswers = ['yes', 'no'] as const;

/** Each question and the answers it takes ("prefer not to say" is always allowed as well). */
export const equalityQuestions = {
  ageBand: ageBands,
  sex: sexes,
  genderIdentity: genderIdentityAnswers,
  ethnicity: ethnicities,
  longTermCondition: longTermConditionAnswers,
  activityLimitation: activityLimitationAnswers,
  economicStatus: economicStatuses,
  inactivityReason: inactivityReasons,
  carerHours: carerHoursBands,
  veteran: veteranAnswers,
} as const;
export type EqualityQuestion = keyof typeof equalityQuestions;
export const equalityQuestionIds = Object.keys(equalityQuestions) as EqualityQuestion[];

function answerOf<Q extends EqualityQuestion>(q: Q) {
  const values: [string, ...string[]] = [preferNotToSay, ...(equalityQuestions[q] as readonly string[])];
  return z.enum(values).optional();
}

/** Answers to the equality questions (each optional; "prefer not to say" always allowed). */
export const equalityAnswers = z.strictObject({
  ageBand: answerOf('ageBand'),
  sex: answerOf('sex'),
  genderIdentity: answerOf('genderIdentity'),
  ethnicity: answerOf('ethnicity'),
  longTermCondition: answerOf('longTermCondition'),
  activityLimitation: answerOf('activityLimitation'),
  economicStatus: answerOf('economicStatus'),
  inactivityReason: answerOf('inactivityReason'),
  carerHours: answerOf('carerHours'),
  veteran: answerOf('veteran'),
});
export type EqualityAnswers = z.infer<typeof equalityAnswers>;

export const equalityConfig = z.object({
  /** Ask the optional equality questions at all (only ever with consent, always skippable). */
  enabled: z.boolean().default(false),
  /** Which questions this hub asks. */
  questions: z.array(z.enum(equalityQuestionIds as [EqualityQuestion, ...EqualityQuestion[]])).default([...equalityQuestionIds]),
});
const equalityDefaults = { enabled: false, questions: [...equalityQuestionIds] };

// ---- what a named measure may be filtered by ----------------------------------------------

export const measureFilters = z
  .strictObject({
    programmes: z.array(id).optional(),
    partners: z.array(id).optional(),
    /** Receiving organisations (of a referral). */
    organisations: z.array(id).optional(),
    services: z.array(id).optional(),
    outcomeKinds: z.array(z.enum(journeyOutcomeKinds)).optional(),
    economicStatuses: z.array(z.enum(economicStatuses)).optional(),
    ageBands: z.array(z.enum(ageBands)).optional(),
    needs: z.array(id).optional(),
  })
  .default({});
export type MeasureFilters = z.infer<typeof measureFilters>;

/** Named measures of the reports module (src-shared/reports/measures.ts defines each). */
export const measureIds = [
  'footfall',
  'people-engaged',
  'people-signposted',
  'people-referred',
  'participants-registered',
  'people-with-outcome',
  'outcomes-recorded',
  'event-attendances',
  'events-held',
  'word-of-mouth-visits',
] as const;
export type MeasureId = (typeof measureIds)[number];

// ---- targets and funder returns -------------------------------------------------------------

export const targetConfig = z
  .object({
    id,
    label: z.string().min(1).max(200),
    measure: z.enum(measureIds),
    filters: measureFilters,
    target: z.number().int().positive(),
    from: isoDate,
    to: isoDate,
  })
  .refine((t) => t.from <= t.to, { message: 'to must not be before from', path: ['to'] });
export type TargetConfig = z.infer<typeof targetConfig>;

export const funderIndicatorConfig = z.object({
  id: z.string().min(1).max(48),
  label: z.string().min(1).max(300),
  definition: z.string().min(1).max(1000),
  measure: z.enum(measureIds),
  filters: measureFilters,
});

export const funderReturnConfig = z.object({
  id,
  name: z.string().min(1).max(200),
  funder: z.string().max(200).optional(),
  /** Indicator names copied from secondary sources: checked against the funder's own list before use. */
  toVerify: z.boolean().default(false),
  indicators: z.array(funderIndicatorConfig).min(1),
});
export type FunderReturnConfig = z.infer<typeof funderReturnConfig>;

/** Why a manager exports visit-level rows; only some purposes may carry names. */
export const exportPurposeConfig = z.object({ id, label: z.string().min(1).max(120), names: z.boolean().default(false) });

const suppressionDefaults = { threshold: 10, roundTo: 5, hideZeros: false };
export const reportingConfig = z.object({
  /** ONS 10-5 by default: counts under `threshold` hidden, the rest rounded to `roundTo`. */
  suppression: z
    .object({
      threshold: z.number().int().min(1).max(100).default(suppressionDefaults.threshold),
      roundTo: z.number().int().min(1).max(100).default(suppressionDefaults.roundTo),
      /** Hide zero counts too (some data services treat a zero as disclosive). */
      hideZeros: z.boolean().default(suppressionDefaults.hideZeros),
    })
    .default(suppressionDefaults),
  targets: z.array(targetConfig).default([]),
  funderReturns: z.array(funderReturnConfig).default([]),
  exportPurposes: z.array(exportPurposeConfig).min(1).default([{ id: 'monitoring', label: 'Monitoring and evaluation (no names)', names: false }]),
});
export type ReportingConfig = z.infer<typeof reportingConfig>;
export const reportingDefaults = {
  suppression: suppressionDefaults,
  targets: [],
  funderReturns: [],
  exportPurposes: [{ id: 'monitoring', label: 'Monitoring and evaluation (no names)', names: false }],
};

/** The fields hubConfig takes from this file, each with its default. */
export const reportingFields = {
  programmes: z.array(programmeConfig).default([]),
  equality: equalityConfig.default(equalityDefaults),
  reporting: reportingConfig.default(reportingDefaults),
};
