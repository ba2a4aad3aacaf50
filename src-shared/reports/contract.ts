import { z } from 'zod';
import { equalityAnswers, journeyOutcomeKinds, measureIds, outcomeEvidence } from '../config/reporting';
import { figureTable } from './figures';
import { checkRange, reportDate } from './range';

/** Requests and replies of the reports, exports, events, journey and equality endpoints. */

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,47}$/);
const isoTime = z.iso.datetime({ offset: true });

// ---- dashboard and exports --------------------------------------------------------------

export const dashboardQuery = z.object({ from: reportDate, to: reportDate }).superRefine(checkRange);

export const targetProgressView = z.object({
  id: z.string(),
  label: z.string(),
  measure: z.enum(measureIds),
  definition: z.string(),
  target: z.number().int(),
  from: z.string(),
  to: z.string(),
  value: z.number().int(),
  percent: z.number(),
  expectedByNow: z.number().int(),
  neededPerWeek: z.number().int(),
  status: z.enum(['not-started', 'ahead', 'on-track', 'behind', 'reached', 'ended']),
});

export const dashboardReply = z.object({
  from: z.string(),
  to: z.string(),
  /** The hub's local date when the figures were made (presets are relative to it). */
  today: z.string(),
  timeZone: z.string(),
  generatedAt: isoTime,
  figures: z.array(figureTable),
  targets: z.array(targetProgressView),
});
export type DashboardReply = z.infer<typeof dashboardReply>;

export const exportFormats = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export const visitExportQuery = z
  .object({ from: reportDate, to: reportDate, format: z.enum(exportFormats), purpose: slug.optional() })
  .superRefine(checkRange);
export const footfallExportQuery = z.object({ from: reportDate, to: reportDate, format: z.enum(exportFormats) }).superRefine(checkRange);

export const funderReturnQuery = z.object({ returnId: slug, from: reportDate, to: reportDate }).superRefine(checkRange);
export const funderReturnExportQuery = z.object({ returnId: slug, from: reportDate, to: reportDate, format: z.literal('xlsx').default('xlsx') }).superRefine(checkRange);

export const funderReturnReply = z.object({
  returnId: z.string(),
  name: z.string(),
  funder: z.string().nullable(),
  toVerify: z.boolean(),
  from: z.string(),
  to: z.string(),
  suppression: z.object({ threshold: z.number().int(), roundTo: z.number().int() }),
  indicators: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      definition: z.string(),
      measure: z.enum(measureIds),
      measureMeaning: z.string(),
      filters: z.string(),
      /** The true value: for the live screen only. */
      value: z.number().int(),
      /** What the file shows: hidden (null) under the threshold, otherwise rounded. */
      published: z.number().int().nullable(),
    }),
  ),
  returns: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type FunderReturnReply = z.infer<typeof funderReturnReply>;

/** A streamed file: the reply describes nothing (the registrar sends bytes, not JSON). */
export const fileReply = z.never();

// ---- events -----------------------------------------------------------------------------

export const hubEventKinds = ['jobs-fair', 'workshop', 'drop-in', 'information-session', 'training', 'community', 'other'] as const;

const hubEventFields = {
  name: z.string().trim().min(1).max(120),
  kind: z.enum(hubEventKinds),
  startsAt: isoTime,
  endsAt: isoTime,
  partnerId: slug.nullable().default(null),
  capacity: z.number().int().positive().max(100_000).nullable().default(null),
};
const endsAfterStart = (e: { startsAt: string; endsAt: string }) => Date.parse(e.endsAt) > Date.parse(e.startsAt);
const endsAfterStartIssue = { message: 'must be after the start', path: ['endsAt'] };

export const hubEventInput = z.object(hubEventFields).refine(endsAfterStart, endsAfterStartIssue);
export const hubEventUpdate = z.object({ ...hubEventFields, cancelled: z.boolean().default(false) }).refine(endsAfterStart, endsAfterStartIssue);

export const hubEventView = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(hubEventKinds),
  startsAt: isoTime,
  endsAt: isoTime,
  partnerId: z.string().nullable(),
  capacity: z.number().int().nullable(),
  cancelled: z.boolean(),
  attendances: z.number().int(),
});
export type HubEventView = z.infer<typeof hubEventView>;
export const hubEventReply = z.object({ event: hubEventView });
export const hubEventListQuery = z.object({ from: reportDate.optional(), to: reportDate.optional() });
export const hubEventListReply = z.object({ events: z.array(hubEventView) });
/** What the kiosk may know: running events, by name, nothing of attendance. */
export const runningEventsReply = z.object({ events: z.array(z.object({ id: z.string(), name: z.string(), kind: z.enum(hubEventKinds), endsAt: isoTime })) });
export const visitEventRequest = z.object({ eventId: z.string().min(1).max(64).nullable() });
export const visitEventReply = z.object({ visitId: z.string(), eventId: z.string().nullable() });
export const deletedReply = z.object({ ok: z.literal(true) });

// ---- the journey ------------------------------------------------------------------------

const journeyBase = { serviceId: slug, occurredOn: reportDate.optional() };
export const journeyRequest = z.discriminatedUnion('stage', [
  z.object({ ...journeyBase, stage: z.literal('signposted') }),
  z.object({ ...journeyBase, stage: z.literal('referred'), organisationId: slug }),
  z.object({ ...journeyBase, stage: z.literal('registered'), programmeId: slug }),
  z.object({ ...journeyBase, stage: z.literal('outcome'), outcomeKind: z.enum(journeyOutcomeKinds), evidence: z.enum(outcomeEvidence), programmeId: slug.optional() }),
]);
export type JourneyRequest = z.infer<typeof journeyRequest>;
export const journeyFactView = z.object({
  id: z.number().int(),
  visitId: z.string(),
  serviceId: z.string(),
  stage: z.enum(['signposted', 'referred', 'registered', 'outcome']),
  organisationId: z.string().nullable(),
  programmeId: z.string().nullable(),
  outcomeKind: z.enum(journeyOutcomeKinds).nullable(),
  evidence: z.string().nullable(),
  occurredOn: z.string(),
  recordedAt: isoTime,
});
export const journeyReply = z.object({ fact: journeyFactView, facts: z.array(journeyFactView) });

// ---- equality questions -----------------------------------------------------------------

export { equalityAnswers, type EqualityAnswers } from '../config/reporting';

export const demographicsRequest = z.object({
  /** The person agreed to answer (the notice was shown); without it nothing is stored. */
  consent: z.literal(true, 'the person must agree before equality answers are recorded'),
  source: z.enum(['kiosk', 'staff']).default('staff'),
  answers: equalityAnswers,
});
export const demographicsReply = z.object({ visitId: z.string(), recorded: z.array(z.string()) });
