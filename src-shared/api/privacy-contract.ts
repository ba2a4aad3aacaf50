import { z } from 'zod';
import { flagKinds } from '../config/schema';

/**
 * Data protection on the manager screen (administrators): the retention job run now (a dry run
 * first), subject access (find a resident, export what is held) and erasure or objection.
 */

const isoTime = z.iso.datetime({ offset: true });
const day = z.iso.date();
const entityId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);
const counts = z.record(z.string(), z.number().int());

// ---- retention ----------------------------------------------------------------------------

export const retentionVia = ['schedule', 'manager', 'command-line'] as const;

/** What a retention run removed (or, in a dry run, would remove): counts per table and column, never values. */
export const retentionReport = z.object({
  /** The hub's local day the periods count back from. */
  asOf: day,
  dryRun: z.boolean(),
  via: z.enum(retentionVia),
  /** Visits from before this day lose their personal fields. */
  personalCutoff: day,
  /** Visits from before this day are deleted (their anonymous counts kept). */
  visitCutoff: day,
  startedAt: isoTime,
  finishedAt: isoTime,
  durationMs: z.number().int(),
  /** The longest it held the database (and so a check-in) in one go, in milliseconds. */
  longestHoldMs: z.number(),
  /** The pass that longest hold was in (see phasesMs). */
  longestHoldIn: z.string().optional(),
  /** How long each pass took (clear, residents, outbox-redact, delete, outbox-delete, spent, vacuum, wal). */
  phasesMs: z.record(z.string(), z.number().int()),
  /** `visits.display_name`, `visitor_identifiers`, `outbox` (payloads redacted) … */
  cleared: counts,
  /** `visits`, `tickets`, `outbox`, `sessions` … */
  deleted: counts,
  file: z.object({ freedPages: z.number().int(), walTruncated: z.boolean(), vacuum: z.enum(['none', 'incremental', 'full']), longestHoldMs: z.number() }),
});
export type RetentionReport = z.infer<typeof retentionReport>;

export const retentionRequest = z.object({ dryRun: z.boolean() });

export const privacyStatusReply = z.object({
  personalDataRetentionDays: z.number().int(),
  visitRetentionDays: z.number().int(),
  noticeVersion: z.string(),
  running: z.boolean(),
  lastRun: retentionReport.nullable(),
  /** The versions of the privacy notice visits agreed to, with how many visits each. */
  notices: z.array(z.object({ version: z.string(), visits: z.number().int(), firstAgreedAt: isoTime, lastAgreedAt: isoTime })),
});
export type PrivacyStatusReply = z.infer<typeof privacyStatusReply>;

// ---- subject access and erasure -------------------------------------------------------------

/** How staff find a resident: a card (read or typed), a QR code (membership, booking or ticket), or a name and a visit day. */
export const subjectQuery = z.discriminatedUnion('by', [
  z.object({ by: z.literal('card'), raw: z.string().trim().min(1).max(256) }),
  z.object({ by: z.literal('qr'), raw: z.string().trim().min(1).max(1024) }),
  z.object({ by: z.literal('name'), name: z.string().trim().min(1).max(40), day }),
]);
export type SubjectQuery = z.infer<typeof subjectQuery>;

/** A resident with a record (a card or QR code), or one visit of someone without one. */
export const subjectRef = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('resident'), visitorId: entityId }),
  z.object({ kind: z.literal('visit'), visitId: entityId }),
]);
export type SubjectRef = z.infer<typeof subjectRef>;

export const subjectMatch = z.object({
  subject: subjectRef,
  displayName: z.string().nullable(),
  identifiers: z.array(z.enum(['card', 'qr'])),
  visits: z.number().int(),
  firstVisit: day.nullable(),
  lastVisit: day.nullable(),
});
export type SubjectMatch = z.infer<typeof subjectMatch>;
export const findSubjectsReply = z.object({ matches: z.array(subjectMatch) });
export type FindSubjectsReply = z.infer<typeof findSubjectsReply>;

export const requesters = ['resident', 'representative', 'authority'] as const;
export const reasonText = z
  .string()
  .trim()
  .min(3, 'say briefly why (at least 3 characters)')
  .max(200)
  .describe('Why, in a few words; no names: the audit log keeps it.');

export const subjectAccessRequest = z.object({
  subject: subjectRef,
  /** Who asked: the resident, someone acting for them, or an authority with a legal basis. */
  requestedBy: z.enum(requesters),
  reason: reasonText,
});

const exportedVisit = z.object({
  visitId: entityId,
  serviceDay: day,
  checkedInAt: isoTime,
  method: z.string(),
  displayName: z.string().nullable(),
  language: z.string().nullable(),
  interpreter: z.boolean(),
  accessibility: z.array(z.string()),
  talkToSomeone: z.boolean(),
  privacyNotice: z.object({ version: z.string(), optionalQuestions: z.boolean(), agreedAt: isoTime }).nullable(),
  howHeard: z.array(z.object({ option: z.string(), text: z.string().nullable() })),
  answers: z.array(z.object({ question: z.string(), answer: z.string().nullable(), skipped: z.boolean() })),
  needs: z.array(z.string()),
  flags: z.array(z.enum(flagKinds)),
  tickets: z.array(
    z.object({
      number: z.string(),
      service: z.string(),
      status: z.string(),
      desk: z.string().nullable(),
      queuedAt: isoTime,
      calledAt: isoTime.nullable(),
      startedAt: isoTime.nullable(),
      finishedAt: isoTime.nullable(),
    }),
  ),
  outcomes: z.array(z.object({ service: z.string(), kind: z.string(), referredTo: z.string().nullable(), note: z.string().nullable(), recordedAt: isoTime })),
  /** Journey facts staff recorded: signposted, referred (to an organisation), registered (on a programme), an outcome and its evidence. */
  journey: z.array(
    z.object({
      service: z.string(),
      stage: z.string(),
      organisation: z.string().nullable(),
      programme: z.string().nullable(),
      outcome: z.string().nullable(),
      evidence: z.string().nullable(),
      occurredOn: day,
      recordedAt: isoTime,
    }),
  ),
  /** The hub event the visit was for, if any. */
  event: z.string().nullable(),
  personalDataRemovedAt: isoTime.nullable(),
});

/** Everything the hub holds about one resident, in words a resident can read. */
export const subjectExport = z.object({
  exportedAt: isoTime,
  hub: z.object({ id: z.string(), name: z.string() }),
  subject: subjectRef,
  resident: z
    .object({
      since: isoTime,
      displayName: z.string().nullable(),
      language: z.string().nullable(),
      identifiers: z.array(z.object({ kind: z.enum(['card', 'qr']), since: isoTime })),
      demographics: z.record(z.string(), z.string().nullable()).nullable(),
    })
    .nullable(),
  visits: z.array(exportedVisit),
  /** Events about these visits waiting to be sent to the programme's collector (they carry no names). */
  outboxEvents: z.number().int(),
  retention: z.object({ personalDataRetentionDays: z.number().int(), visitRetentionDays: z.number().int() }),
});
export type SubjectExport = z.infer<typeof subjectExport>;

export const subjectAccessReply = z.object({
  export: subjectExport,
  /** The same, as a page to print or save (HTML). */
  html: z.string(),
  /** A file name for the two downloads, without extension. */
  fileName: z.string(),
});
export type SubjectAccessReply = z.infer<typeof subjectAccessReply>;

/**
 * Why the personal data goes: `objection` (public-task processing: the resident objects) or
 * `erasure` (consent-based processing: the resident asks for it to be erased).
 */
export const erasureBases = ['objection', 'erasure'] as const;
export type ErasureBasis = (typeof erasureBases)[number];

export const erasureRequest = z.object({ subject: subjectRef, basis: z.enum(erasureBases), reason: reasonText });
export const erasureReply = z.object({
  erasedAt: isoTime,
  visits: z.number().int(),
  cleared: counts,
  /** The outbox event that tells the programme's collector to remove its copy. */
  outboxEventId: z.string(),
});
export type ErasureReply = z.infer<typeof erasureReply>;

/**
 * An erasure as the erasure log keeps it, with the hub's own visitor id (made again after a restore).
 * Its outbox event (`resident.erased`, src-shared/sync/events.ts) names the resident by pseudonym instead.
 */
export const residentErasedEvent = z.object({
  visitorRef: z.string().nullable(),
  visitIds: z.array(z.string()),
  basis: z.enum(erasureBases),
  erasedAt: isoTime,
});
export type ResidentErasedEvent = z.infer<typeof residentErasedEvent>;

/** What retention and erasure count, in words (the manager screen and the command line). */
const countLabels: Record<string, string> = {
  'visits.display_name': 'names on visits',
  'visits.accessibility': 'access needs',
  'how_heard_answers.free_text': 'how-heard words',
  'triage_answers.answer': 'sensitive or free-text answers',
  'outcomes.referred_to': 'referral words',
  'outcomes.note': 'outcome notes',
  'visits.personal_data_removed_at': 'visits cleared',
  visitors: "residents' records",
  'visitors.display_name': "names on residents' records",
  visitor_identifiers: 'card and QR hashes',
  demographics: 'equality monitoring answers',
  'visits.visitor_id': 'visits unlinked from a resident',
  'report_person_days.person': 'report rows unlinked from a resident (their counts kept)',
  'demographics.consent_visit_id': 'equality answers unlinked from a deleted visit',
  journey_facts: 'journey facts',
  visit_events: 'event attendances',
  outbox: 'outbox events',
  visits: 'visits',
  tickets: 'tickets',
  ticket_events: 'ticket events',
  outcomes: 'outcomes',
  alerts: 'alerts',
  sessions: 'ended sessions',
  sign_in_failures: 'old sign-in failures',
  setup_tokens: 'setup tokens',
  kiosk_pairing_codes: 'pairing codes',
  ticket_counters: 'ticket counters',
};

/** Counts in words, leaving out the noughts. */
export function countsInWords(counts: Record<string, number>): string {
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([key, n]) => `${n} ${countLabels[key] ?? key.replace(/_/g, ' ')}`);
  return parts.length > 0 ? parts.join(', ') : 'nothing';
}
