import { z } from 'zod';
import { identificationMethods, outcomeKinds, queueEventTypes, type QueueEventType } from '../api/contract';
import { journeyOutcomeKinds, journeyStages, outcomeEvidence } from '../config/reporting';
import { flagKinds } from '../config/schema';
import { hubEventKinds } from '../reports/contract';
import { compileCheck } from './compiled-check';

/**
 * What a hub sends its programme's collector: one discriminated union of typed events, each in a
 * versioned envelope. The hub's outbox accepts only these; the collector validates every event it
 * receives against the same schemas. Payloads carry ids from the hub's configuration and random
 * ids of visits and tickets — never names, card or QR values, or free text. A visitor appears only
 * as a pseudonym keyed per programme.
 */

/** The envelope version this build writes; the collector refuses versions it does not know. */
export const syncSchemaVersion = 1;
export const knownSyncSchemaVersions: readonly number[] = [1];

const uuidV7 = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'a UUIDv7');
const randomId = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'a UUID');
/** A lower-case id from the hub's configuration (service, partner, need, option, organisation). */
export const configId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,47}$/, 'an id from the configuration');
const utc = z.iso.datetime({ offset: false });
const serviceDay = z.iso.date();
/** HMAC-SHA256 of the hub's visitor id under the programme key, first 128 bits in hex. */
export const visitorPseudonym = z.string().regex(/^[0-9a-f]{32}$/, 'a 32-character pseudonym');
const desk = z.string().min(1).max(32).nullable();
const ticketNumber = z.string().regex(/^[A-Z]{1,2}\d{3,}$/, 'a ticket number such as M001');

const envelope = {
  eventId: uuidV7,
  hubId: configId,
  /** The hub's outbox id: 1, 2, 3 … with no gaps, so the collector can see one missing. */
  seq: z.number().int().positive(),
  schemaVersion: z.literal(syncSchemaVersion),
  occurredAt: utc,
  configVersion: z.number().int().positive(),
  configHash: z.string().regex(/^[0-9a-f]{16,64}$/),
};

export const visitCheckedInPayload = z.strictObject({
  visitId: randomId,
  serviceDay,
  checkedInAt: utc,
  method: z.enum(identificationMethods),
  knownVisitor: z.boolean(),
  /** null for a walk-in without a card or member code. */
  visitor: visitorPseudonym.nullable(),
  consentVersion: z.string().min(1).max(32),
  optionalQuestions: z.boolean(),
  howHeard: z.array(configId),
  needs: z.array(configId),
  flags: z.array(z.enum(flagKinds)),
  talkToSomeone: z.boolean(),
  language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/).nullable(),
  interpreter: z.boolean(),
  stops: z.array(configId),
});

/** Why the hub itself closed something: the end of its service day (reports tell these apart from staff's). */
export const closedReasons = ['day-ended'] as const;
export type ClosedReason = (typeof closedReasons)[number];
const closedReason = z.enum(closedReasons);

/** What a ticket event adds beyond the ticket: each field belongs to one kind of event. */
export const ticketEventDetail = z.strictObject({
  /** finished */
  outcome: z.enum(outcomeKinds).optional(),
  /** transferred */
  toServiceId: configId.optional(),
  toTicketId: randomId.optional(),
  createdAt: utc.optional(),
  /** transferred into the visit's ticket already waiting there; sent on to a named desk or member of staff */
  joined: z.literal(true).optional(),
  toDesk: z.string().min(1).max(64).optional(),
  toStaffId: z.string().min(1).max(64).optional(),
  /** created by a transfer */
  transferredFrom: randomId.optional(),
  /** created when reception added a stop */
  addedBy: z.literal('staff').optional(),
  /** no-show-undone */
  noShowAt: utc.nullable().optional(),
  /** called: a chosen ticket called out of turn, past this many who were ahead of it */
  outOfTurn: z.literal(true).optional(),
  passedOver: z.number().int().min(0).optional(),
  /** prioritised */
  from: z.number().int().min(0).max(2).optional(),
  to: z.number().int().min(0).max(2).optional(),
  /** finished or cancelled by the hub at the end of the service day */
  reason: closedReason.optional(),
});
export type TicketEventDetail = z.infer<typeof ticketEventDetail>;

export const ticketPayload = ticketEventDetail.extend({
  ticketId: randomId,
  visitId: randomId,
  serviceId: configId,
  number: ticketNumber,
  desk,
});

export const ticketSyncTypes = queueEventTypes.map((t) => `ticket.${t}` as const) as unknown as readonly [`ticket.${QueueEventType}`, ...`ticket.${QueueEventType}`[]];

export const outcomeRecordedPayload = z.strictObject({
  ticketId: randomId,
  visitId: randomId,
  serviceId: configId,
  kind: z.enum(outcomeKinds),
  /** A partner's or a known outside organisation's id from the configuration; any free text stays on the hub. */
  referredTo: configId.nullable(),
  /** Set when the hub finished the visit at the end of its service day (the outcome is then no-further-action). */
  reason: closedReason.optional(),
});

export const visitClosedPayload = z.strictObject({ visitId: randomId, closedAt: utc, reason: closedReason.optional() });
export const visitReopenedPayload = z.strictObject({ visitId: randomId, reopenedAt: utc, reason: z.enum(['stop-added', 'no-show-undone']) });
export const flagsAcknowledgedPayload = z.strictObject({ visitId: randomId, flags: z.array(z.enum(flagKinds)), raisedAt: z.iso.datetime({ offset: true }), acknowledgedAt: utc });

/** The grounds an erasure is made on: an objection (public-task processing) or erasure (consent). */
export const erasureGrounds = ['objection', 'erasure'] as const;
/**
 * A resident's personal data erased at the hub: the collector takes the pseudonym off these visits
 * (and any other visit of this hub under the same pseudonym), keeping the anonymous rows.
 */
export const residentErasedPayload = z.strictObject({
  /** null for a visit without a card or member code: the visits alone are named. */
  visitor: visitorPseudonym.nullable(),
  visitIds: z.array(randomId).max(100_000),
  basis: z.enum(erasureGrounds),
  erasedAt: utc,
});

/**
 * A fact of the participant journey staff recorded for a visit and service (signposted, referred,
 * registered, an evidenced outcome). The receiving organisation and the programme are ids from the
 * configuration; who recorded it stays in the hub's audit log.
 */
export const journeyRecordedPayload = z.strictObject({
  /** The fact's id on the hub (journey_facts.id). */
  factId: z.number().int().positive(),
  visitId: randomId,
  /** null for a walk-in without a card or member code. */
  visitor: visitorPseudonym.nullable(),
  serviceId: configId,
  stage: z.enum(journeyStages),
  organisationId: configId.nullable(),
  programmeId: configId.nullable(),
  outcomeKind: z.enum(journeyOutcomeKinds).nullable(),
  evidence: z.enum(outcomeEvidence).nullable(),
  /** The hub's local date the fact is dated (an outcome is often evidenced weeks after the visit). */
  occurredOn: serviceDay,
  recordedAt: utc,
});

/** An event of the hub's programme added, changed or cancelled: its kind, times, partner and capacity (its name, typed by a manager, stays on the hub). */
export const hubEventSavedPayload = z.strictObject({
  eventId: randomId,
  kind: z.enum(hubEventKinds),
  startsAt: utc,
  endsAt: utc,
  partnerId: configId.nullable(),
  capacity: z.number().int().positive().nullable(),
  cancelled: z.boolean(),
});
export const hubEventDeletedPayload = z.strictObject({ eventId: randomId });
/** A visit attributed to an event of the hub's programme (on the kiosk or by staff), or the attribution cleared (`eventId` null). */
export const visitEventTaggedPayload = z.strictObject({ visitId: randomId, eventId: randomId.nullable(), source: z.enum(['kiosk', 'staff']) });

export const syncEvent = z.discriminatedUnion('type', [
  z.strictObject({ ...envelope, type: z.literal('visit.checked-in'), payload: visitCheckedInPayload }),
  z.strictObject({ ...envelope, type: z.enum(ticketSyncTypes), payload: ticketPayload }),
  z.strictObject({ ...envelope, type: z.literal('outcome.recorded'), payload: outcomeRecordedPayload }),
  z.strictObject({ ...envelope, type: z.literal('visit.closed'), payload: visitClosedPayload }),
  z.strictObject({ ...envelope, type: z.literal('visit.reopened'), payload: visitReopenedPayload }),
  z.strictObject({ ...envelope, type: z.literal('flags.acknowledged'), payload: flagsAcknowledgedPayload }),
  z.strictObject({ ...envelope, type: z.literal('resident.erased'), payload: residentErasedPayload }),
  z.strictObject({ ...envelope, type: z.literal('journey.recorded'), payload: journeyRecordedPayload }),
  z.strictObject({ ...envelope, type: z.literal('event.saved'), payload: hubEventSavedPayload }),
  z.strictObject({ ...envelope, type: z.literal('event.deleted'), payload: hubEventDeletedPayload }),
  z.strictObject({ ...envelope, type: z.literal('visit.event-tagged'), payload: visitEventTaggedPayload }),
]);
export type SyncEvent = z.infer<typeof syncEvent>;

/**
 * The same union as a check compiled once, for the collector's hot path: `true` only for what
 * `syncEvent` accepts unchanged; `false` means "ask `syncEvent`", which has the last word and the reason.
 */
export const isSyncEvent = compileCheck(syncEvent) as (value: unknown) => value is SyncEvent;
export type SyncEventType = SyncEvent['type'];

type Draft<E> = E extends SyncEvent ? { type: E['type']; occurredAt: string; payload: E['payload'] } : never;
/** What the hub's code hands the outbox: the envelope's other fields are the outbox's to fill. */
export type SyncEventDraft = Draft<SyncEvent>;

/** The events of the programme evidence (journey facts, the hub's events and who came for them). */
export const programmeSyncTypes = ['journey.recorded', 'event.saved', 'event.deleted', 'visit.event-tagged'] as const satisfies readonly SyncEventType[];

export const syncEventTypes: readonly SyncEventType[] = [
  'visit.checked-in',
  ...ticketSyncTypes,
  'outcome.recorded',
  'visit.closed',
  'visit.reopened',
  'flags.acknowledged',
  'resident.erased',
  ...programmeSyncTypes,
];
