import { z } from 'zod';
import { equalityAnswers } from '../config/reporting';
import { flagKinds, howHeardOption, localizedText, triageConfig } from '../config/schema';

/**
 * The one contract between the hub core and every screen: routes, bodies, replies and live
 * events. The server validates every request with these schemas; screens are typed by them.
 */

// ---- errors ------------------------------------------------------------------------------

export const errorCodes = [
  'BAD_REQUEST',
  'VALIDATION_FAILED',
  'NOT_FOUND',
  'UNKNOWN_SERVICE',
  'UNKNOWN_DESK',
  'QUEUE_EMPTY',
  'INVALID_TRANSITION',
  'NO_SHOW_TOO_EARLY',
  'TRIAGE_INVALID',
  'CONSENT_OUTDATED',
  'CARD_UNREADABLE',
  'QR_REJECTED',
  'PRINTER_UNAVAILABLE',
  'HUB_CLOSED',
  'INTERNAL',
  // Accounts and access (issue 5).
  /** No session, or it ended; `details.reason` says why (signed-out, idle, expired, disabled). */
  'UNAUTHENTICATED',
  /** Signed in, but this role (or this partner's services) may not do it. */
  'FORBIDDEN',
  /** A state-changing request without the session's x-csrf-token, or from another origin. */
  'CSRF_FAILED',
  /** Wrong username, password or PIN; `details.attemptsLeft` before tries from this device must wait. */
  'INVALID_CREDENTIALS',
  /**
   * Sign-in must wait (answered 429 with Retry-After): `details.retryAfterSeconds`, and `details.scope`
   * — `account` (wrong tries for this account from this device), `address` (from this device, any
   * account; also `minutesLeft`) or `busy` (this device's share of the password checks is full).
   */
  'TOO_MANY_ATTEMPTS',
  /** The first-run setup token is wrong, used or expired. */
  'SETUP_TOKEN_INVALID',
  /** First-run setup was already done: an administrator exists. */
  'ALREADY_SET_UP',
  /** A staff account with this username exists. */
  'ALREADY_EXISTS',
  // The hub under attack.
  /** Too many requests of this kind from this address or kiosk; `details.retryAfterSeconds`. */
  'RATE_LIMITED',
  /** A kiosk route called from neither the hub's own machine nor an enrolled kiosk. */
  'KIOSK_NOT_ENROLLED',
  /** The pairing code is wrong, used or expired. */
  'PAIRING_CODE_INVALID',
  /** The request named a host this hub does not answer to (HTTP 421). */
  'MISDIRECTED_REQUEST',
  /** This address has as many live connections open as the hub allows one address; `details.limit`. */
  'TOO_MANY_CONNECTIONS',
  /** The hub has as many live connections open as it allows in all; `details.limit`. */
  'HUB_BUSY',
  // Data protection.
  /** A job that runs one at a time (retention) is running already. */
  'ALREADY_RUNNING',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export const apiError = z.object({
  error: z.object({
    code: z.enum(errorCodes),
    message: z.string(),
    field: z.string().optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type ApiError = z.infer<typeof apiError>;

// ---- shared pieces -----------------------------------------------------------------------

const isoTime = z.iso.datetime({ offset: true });
const entityId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);
const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,47}$/);

export const ticketStatuses = ['waiting', 'called', 'serving', 'done', 'no-show', 'cancelled', 'transferred'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];
export const activeTicketStatuses: readonly TicketStatus[] = ['waiting', 'called', 'serving'];

export const identificationMethods = ['card', 'qr', 'walk-in', 'staff'] as const;

export const outcomeKinds = [
  'advice-given',
  'referred',
  'registered',
  'signposted',
  'appointment-booked',
  'no-further-action',
] as const;
export type OutcomeKind = (typeof outcomeKinds)[number];

export const ticketView = z.object({
  id: entityId,
  visitId: entityId,
  serviceId: slug,
  number: z.string(),
  status: z.enum(ticketStatuses),
  priority: z.number().int(),
  /** First name or initials for calling; null when the resident chose "number only". */
  displayName: z.string().nullable(),
  desk: z.string().nullable(),
  queuedAt: isoTime,
  calledAt: isoTime.nullable(),
  startedAt: isoTime.nullable(),
  finishedAt: isoTime.nullable(),
  recallCount: z.number().int(),
  stopOrder: z.number().int(),
  flags: z.array(z.enum(flagKinds)),
  needs: z.array(slug),
  language: z.string().nullable(),
  interpreter: z.boolean(),
  accessibility: z.array(z.string()),
  /** Being called or seen for another service of the same visit right now. */
  withAnotherService: slug.nullable(),
  /** Sent on to this desk by whoever saw the visitor before; null when any desk of the service will do. */
  sentToDesk: z.string().nullable(),
  /** Sent on to this member of staff; null when anyone may see them. */
  sentToStaff: z.object({ id: z.string(), displayName: z.string() }).nullable(),
});
export type TicketView = z.infer<typeof ticketView>;

export const serviceQueueView = z.object({
  serviceId: slug,
  waiting: z.number().int(),
  /** Minutes a new arrival would wait, from recent service times. */
  estimatedWaitMinutes: z.number().int(),
  averageServiceMinutes: z.number(),
  tickets: z.array(ticketView),
});
export type ServiceQueueView = z.infer<typeof serviceQueueView>;

export const queueSnapshot = z.object({
  serviceDay: z.string(),
  /** The sequence number of the last queue event included; subscribe from here. */
  lastSeq: z.number().int(),
  services: z.array(serviceQueueView),
});
export type QueueSnapshot = z.infer<typeof queueSnapshot>;

// ---- public hub description (what the kiosk and screens render) -------------------------

export const hubView = z.object({
  id: slug,
  name: localizedText,
  timeZone: z.string(),
  configVersion: z.number().int(),
  configHash: z.string(),
  open: z.boolean(),
  /** When the hub next opens (null while open, or with no hours in the coming week), and when this was said. */
  nextOpening: isoTime.nullable(),
  describedAt: isoTime,
  languages: z.object({ default: z.string(), offered: z.array(z.string()) }),
  services: z.array(
    z.object({
      id: slug,
      partnerId: slug,
      partnerName: localizedText,
      name: localizedText,
      description: localizedText.optional(),
      colour: z.string(),
      ticketPrefix: z.string(),
      desks: z.array(z.string()),
      targetWaitMinutes: z.number().int(),
      /** The wait estimate's starting point, before the hub has measured real service times. */
      typicalServiceMinutes: z.number().int(),
      /** Whether staff may keep a short note with the outcome. */
      notesAllowed: z.boolean(),
      /** Services a partner working here may send a visitor on to. */
      referrals: z.array(slug).default([]),
    }),
  ),
  queue: z.object({ noShowGraceMinutes: z.number().int() }),
  privacyNoticeVersion: z.string(),
  /** The notice's words from the configuration, in every offered language; null: the kiosk's built-in wording. */
  privacyNotice: z.object({ title: localizedText, points: z.array(localizedText) }).nullable(),
  kiosk: z.object({
    idleWarningSeconds: z.number(),
    idleResetSeconds: z.number(),
    askName: z.boolean(),
    /** The kiosk reads QR codes with its own camera (devices.qrScanner.kind = camera). */
    qrCamera: z.boolean(),
    /** Out of hours: refuse a check-in kindly, or take it for the next opening. */
    outOfHours: z.enum(['refuse', 'next-opening']),
  }),
  display: z.object({ showName: z.boolean(), chime: z.boolean(), speak: z.boolean(), recentCalls: z.number() }),
  /** The parts of the configuration screens need to run triage locally: questions, options, needs. */
  howHeard: z.object({ options: z.array(howHeardOption), askReturning: z.boolean() }),
  triage: triageConfig,
  /** Who an outcome may name as the receiver of a referral: partners and known outside organisations. */
  referralTargets: z.array(z.object({ id: z.string(), name: z.string() })).default([]),
  /** Where people are referred, what they register on, which equality questions are asked, how exports are made. */
  programme: z.object({
    organisations: z.array(z.object({ id: slug, name: z.string() })),
    programmes: z.array(z.object({ id: slug, name: z.string() })),
    equality: z.object({ enabled: z.boolean(), questions: z.array(z.string()) }),
    exportPurposes: z.array(z.object({ id: slug, label: z.string(), names: z.boolean() })),
    funderReturns: z.array(z.object({ id: slug, name: z.string() })),
  }),
});
export type HubView = z.infer<typeof hubView>;

// ---- check-in ----------------------------------------------------------------------------

export const triageAnswerValue = z.union([z.string().max(500), z.array(z.string().max(64)).max(32), z.boolean()]);

/**
 * A name as it is kept and shown: NFC, without control, format and bidi-override characters
 * (\p{Cc}, \p{Cf}: "Ali\u202Ecod.exe\u202C" would show as "Aliexe.doc"), with runs of spaces made one.
 */
export function cleanDisplayName(raw: string): string {
  return raw
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** A language tag as BCP 47 writes it (`en`, `zh-Hans`, `ckb`); whether the hub offers it is checked at check-in. */
export const languageTag = z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/, 'a language tag such as "en" or "zh-Hans"');

export const checkInRequest = z.object({
  /** Generated by the kiosk once per journey: a retried or double-tapped submit checks in once. */
  requestId: z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/),
  identification: z.discriminatedUnion('method', [
    z.object({ method: z.literal('card'), cardId: z.string().min(1).max(64) }),
    z.object({ method: z.literal('qr'), memberId: z.string().min(1).max(64) }),
    z.object({ method: z.literal('walk-in') }),
    z.object({ method: z.literal('staff') }),
  ]),
  consent: z.object({
    noticeVersion: z.string().min(1).max(32),
    /** Agreed to the optional (sensitive) questions. Declining still gives a ticket. */
    optionalQuestions: z.boolean(),
  }),
  howHeard: z
    .array(z.object({ optionId: slug, text: z.string().max(80).optional() }))
    .max(20)
    .default([]),
  answers: z.record(z.string().max(48), triageAnswerValue).default({}),
  skipped: z.array(slug).max(100).default([]),
  talkToSomeone: z.boolean().default(false),
  /**
   * Sent from the kiosk's crisis offer: the resident is waiting at the kiosk for someone to come to
   * them now, and answered no more questions. Only the alert's words change; nothing is stored.
   */
  comeToMe: z.boolean().default(false),
  visitor: z
    .object({
      displayName: z
        .string()
        .max(200)
        .transform(cleanDisplayName)
        .pipe(z.string().min(1, 'a name needs a letter or number that shows; leave it empty for number only').max(40))
        .nullable()
        .default(null),
      language: languageTag.nullable().default(null),
      interpreter: z.boolean().default(false),
      accessibility: z.array(z.string().max(32)).max(10).default([]),
    })
    .default({ displayName: null, language: null, interpreter: false, accessibility: [] }),
  /** The optional equality questions the resident chose to answer (only with consent to optional questions). */
  equality: equalityAnswers.optional(),
  /** The event running now that the resident came for ("I'm here for …"), if any. */
  eventId: z.string().min(1).max(64).optional(),
});
export type CheckInRequest = z.input<typeof checkInRequest>;
export type CheckInCommand = z.infer<typeof checkInRequest>;

export const printOutcome = z.object({
  ok: z.boolean(),
  code: z.string().optional(),
  message: z.string().optional(),
});

export const checkInResponse = z.object({
  visitId: entityId,
  serviceDay: z.string(),
  checkedInAt: isoTime,
  /** True when this requestId had already checked in: the same tickets, no second visit. */
  replayed: z.boolean(),
  knownVisitor: z.boolean(),
  /** A card or QR id this hub had not seen before: reception is told, to register the card. */
  unknownIdentifier: z.boolean(),
  needs: z.array(slug),
  flags: z.array(z.enum(flagKinds)),
  /** The resident asked to talk to someone rather than answer the questions. */
  talkToSomeone: z.boolean(),
  /** Checked in out of hours for the next opening: when that is. Null in opening hours. */
  forNextOpening: isoTime.nullable(),
  /** `place`: 1 for the next to be called in that service's queue; null unless waiting. */
  tickets: z.array(ticketView.extend({ estimatedWaitMinutes: z.number().int(), place: z.number().int().positive().nullable() })),
  print: printOutcome,
});
export type CheckInResponse = z.infer<typeof checkInResponse>;

export const identifyRequest = z.discriminatedUnion('method', [
  z.object({ method: z.literal('card'), raw: z.string().max(256) }),
  z.object({ method: z.literal('qr'), raw: z.string().max(1024) }),
]);
export const identifyResponse = z.object({
  known: z.boolean(),
  /** Normalised card or member id to send back with the check-in. */
  token: z.object({ method: z.enum(['card', 'qr']), id: z.string() }),
  displayName: z.string().nullable(),
  howHeardAnswered: z.boolean(),
  /**
   * A printed ticket was scanned and its visit is still open: the resident is already checked in.
   * The kiosk says so with the first open ticket's number and wait, and starts no check-in.
   */
  ticket: z
    .object({
      number: z.string(),
      serviceId: slug,
      place: z.number().int().positive().nullable(),
      estimatedWaitMinutes: z.number().int(),
    })
    .optional(),
});
export type IdentifyResponse = z.infer<typeof identifyResponse>;

// ---- staff actions -----------------------------------------------------------------------

export const callNextRequest = z.object({ desk: z.string().min(1).max(32), staffId: z.string().max(64).optional() });
export const ticketActionRequest = z.object({ desk: z.string().min(1).max(32).optional(), staffId: z.string().max(64).optional() });
export const finishRequest = ticketActionRequest.extend({
  outcome: z.enum(outcomeKinds),
  /** Free text about the referral: kept on the hub, never sent upstream. */
  referredTo: z.string().max(120).optional(),
  /** Who received the referral: a partner's or a configured organisation's id (what the collector hears). */
  referredToId: slug.optional(),
  note: z.string().max(500).optional(),
});
/** Send on: the service, and optionally the desk (one of that service's) or the member of staff to see the visitor next. */
export const transferRequest = ticketActionRequest.extend({
  toServiceId: slug,
  toDesk: z.string().min(1).max(32).optional(),
  toStaffId: z.string().min(1).max(64).optional(),
});
export const serviceStaffReply = z.object({ staff: z.array(z.object({ id: z.string(), displayName: z.string() })) });
/** Call a chosen waiting visitor to a desk, out of turn: the reason goes to the audit log. */
export const callTicketRequest = z.object({ desk: z.string().min(1).max(32), reason: z.string().trim().min(3).max(200) });
export const addStopRequest = z.object({ serviceId: slug, staffId: z.string().max(64).optional() });
export const ticketReply = z.object({ ticket: ticketView });
export type TicketReply = z.infer<typeof ticketReply>;
/**
 * What a partner is told after sending a visitor on (202): only where to, the same whether or not
 * the visitor already waited there, so no partner learns another partner's queue.
 */
export const sentOn = z.object({ serviceId: slug });
/**
 * A transfer closes the old ticket and opens one for the new service (reception: both tickets;
 * a partner: their own closed ticket and `sentOn`).
 */
export const transferReply = z.union([z.object({ ticket: ticketView, newTicket: ticketView }), z.object({ ticket: ticketView, sentOn })]);
export type TransferReply = z.infer<typeof transferReply>;
/** Another stop: reception gets the new ticket; a partner `sentOn` only. */
export const addStopReply = z.union([ticketReply, z.object({ sentOn })]);
export type AddStopReply = z.infer<typeof addStopReply>;
export type FinishRequest = z.input<typeof finishRequest>;
// The server takes the acting staff member from the session; a `staffId` in a body is ignored.

/**
 * Shown instead of another partner's service id in `withAnotherService` for a partner: they see
 * that the visitor is with someone else, never with whom.
 */
export const hiddenServiceId = 'another-service';

/** Reception's actions beyond the partners' ones (reception, manager and admin only). */
export const receptionTicketActions = ['undo-no-show', 'prioritise', 'reprint'] as const;
export type ReceptionTicketAction = (typeof receptionTicketActions)[number];
/** Minutes after a no-show during which it can be undone. */
export const undoNoShowMinutes = 15;
/** 1 = ahead of everyone without a flag; 2 = level with crisis and safeguarding. */
export const prioritiseRequest = z.object({ level: z.union([z.literal(1), z.literal(2)]).default(1) });
export const reprintReply = z.object({ ticket: ticketView, print: printOutcome });

export const visitSearchQuery = z.object({ q: z.string().trim().min(1).max(40) });
export const visitSearchResult = z.object({
  visits: z.array(
    z.object({
      visitId: entityId,
      checkedInAt: isoTime,
      displayName: z.string().nullable(),
      method: z.enum(identificationMethods),
      status: z.enum(['open', 'closed']),
      /** The privacy notice version this visit agreed to, and whether to the optional questions. */
      consent: z.object({ noticeVersion: z.string(), optionalQuestions: z.boolean() }).nullable(),
      tickets: z.array(ticketView),
    }),
  ),
});
export type VisitSearchResult = z.infer<typeof visitSearchResult>;

/** "Get a member of staff", pressed on the kiosk: reception gets an alert at once. */
export const helpRequest = z.object({
  source: z.literal('kiosk'),
  /** Which kiosk screen the resident was on, so staff know where they got stuck. */
  screen: z.string().max(64),
  language: z.string().max(16),
});
export const helpRequestReply = z.object({ alertId: z.string() });

export const alertAcknowledgedReply = z.object({
  alertId: z.string(),
  visitId: entityId.nullable(),
  at: isoTime,
  by: z.object({ id: z.string(), displayName: z.string() }),
});
export type AlertAcknowledged = z.infer<typeof alertAcknowledgedReply>;

/** Why a session ended: signed out, idled out, past its longest life, or the account disabled. */
export const sessionEndReasons = ['signed-out', 'idle', 'expired', 'disabled'] as const;
export type SessionEndReason = (typeof sessionEndReasons)[number];

// ---- live events -------------------------------------------------------------------------

export const queueEventTypes = [
  'created',
  'called',
  'recalled',
  'no-show',
  'started',
  'finished',
  'transferred',
  'cancelled',
  /** A mistaken no-show put back in the queue at its old place. */
  'no-show-undone',
  /** Moved up the queue for a priority by reception. */
  'prioritised',
  /** The ticket slip printed again on request. */
  'reprinted',
] as const;
export type QueueEventType = (typeof queueEventTypes)[number];

export const queueEvent = z.object({
  seq: z.number().int(),
  type: z.enum(queueEventTypes),
  at: isoTime,
  ticket: ticketView,
  desk: z.string().nullable(),
  staffId: z.string().nullable(),
});
export type QueueEvent = z.infer<typeof queueEvent>;

export const deviceHealthView = z.object({
  id: z.string(),
  kind: z.enum(['card-reader', 'qr-scanner', 'printer']),
  driver: z.string(),
  connected: z.boolean(),
  lastSeenAt: isoTime.nullable(),
  paper: z.enum(['ok', 'near-end', 'out', 'unknown']).optional(),
  lastError: z.string().nullable(),
});

export type DeviceHealthView = z.infer<typeof deviceHealthView>;

export const alertView = z.object({
  id: z.string(),
  kind: z.enum(['flag', 'printer', 'device', 'unknown-card', 'talk-to-someone', 'sync']),
  at: isoTime,
  visitId: entityId.nullable(),
  message: z.string(),
  flags: z.array(z.enum(flagKinds)).default([]),
  /** How many times it was raised: repeats of a device's or the kiosk's help alert fold into one. */
  count: z.number().int().min(1).default(1),
});
export type AlertView = z.infer<typeof alertView>;

export const liveReloadReasons = ['too-far-behind', 'new-day'] as const;
export type LiveReloadReason = (typeof liveReloadReasons)[number];

/**
 * Close codes of the live channel a screen acts on. After any close a screen reconnects with the
 * last seq it saw and catches up; these say why it was closed.
 */
export const liveCloseCodes = {
  /** The session ended (a `signed-out` message came first); reconnect anonymously or sign in. */
  signedOut: 4401,
  /** The screen did not read fast enough: more was waiting for it than the hub holds for one connection. */
  tooSlow: 4413,
} as const;

/** Everything the WebSocket sends, one JSON object per message. */
export const serverMessage = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('hello'), lastSeq: z.number().int(), serviceDay: z.string() }),
  z.object({ kind: z.literal('queue'), event: queueEvent }),
  z.object({ kind: z.literal('device'), health: deviceHealthView }),
  z.object({ kind: z.literal('alert'), alert: alertView }),
  /** A card or QR read by a device attached to the hub (HID, serial, simulator), for the kiosk. */
  z.object({
    kind: z.literal('reader'),
    source: z.enum(['card', 'qr']),
    at: isoTime,
    outcome: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), identity: identifyResponse }),
      z.object({ ok: z.literal(false), code: z.enum(errorCodes), message: z.string() }),
    ]),
  }),
  /** An alert was acknowledged at a console; every console drops its banner (reception, manager, admin). */
  z.object({ kind: z.literal('alert-acknowledged'), acknowledgement: alertAcknowledgedReply }),
  /**
   * For a partner: the current view of one of their tickets that changed through another service's
   * event (its visitor is now, or no longer, with another partner). `seq` is that event's.
   */
  z.object({ kind: z.literal('ticket'), seq: z.number().int(), ticket: ticketView }),
  /** The trouble behind an alert is over (the ticket printed after all, the device is back); consoles drop it. */
  z.object({ kind: z.literal('alert-resolved'), alertId: z.string() }),
  /**
   * The hub's service day changed (local midnight in its zone, or the hub started on a new day):
   * yesterday's open tickets are closed; every screen reads the queue again.
   */
  z.object({ kind: z.literal('day-changed'), serviceDay: z.string() }),
  /** The session of this connection ended; it closes next (code 4401) and may reconnect anonymously. */
  z.object({ kind: z.literal('signed-out'), reason: z.enum(sessionEndReasons) }),
  /**
   * Instead of a catch-up: the screen is further behind than the hub replays (`too-far-behind`),
   * or missed events of an earlier service day (`new-day`). It reads the snapshot again; live
   * events after `lastSeq` follow on this connection (for `new-day`, today's events first).
   */
  z.object({ kind: z.literal('reload'), reason: z.enum(liveReloadReasons), lastSeq: z.number().int() }),
]);
export type ServerMessage = z.infer<typeof serverMessage>;

/** Drives the simulated devices of a demo or test hub (refused where real devices are configured). */
export const simulateDeviceRequest = z.discriminatedUnion('device', [
  z.object({ device: z.literal('card'), raw: z.string().max(256) }),
  z.object({ device: z.literal('qr'), raw: z.string().max(1024) }),
  z.object({
    device: z.literal('printer'),
    state: z.enum(['ready', 'near-end', 'paper-out', 'cover-open', 'cutter-error', 'offline']),
  }),
]);
export type SimulateDeviceRequest = z.infer<typeof simulateDeviceRequest>;

export const ticketActions = ['recall', 'no-show', 'start', 'finish', 'transfer', 'cancel'] as const;
export type TicketAction = (typeof ticketActions)[number];
